#include "domain/pages/markdown.hpp"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <set>

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/text.hpp"
#include "domain/media/media_library.hpp"

namespace aigc {

namespace {

nlohmann::json yaml_to_json(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Map: {
      auto obj = nlohmann::json::object();
      for (const auto& kv : node) obj[kv.first.as<std::string>()] = yaml_to_json(kv.second);
      return obj;
    }
    case YAML::NodeType::Sequence: {
      auto arr = nlohmann::json::array();
      for (const auto& item : node) arr.push_back(yaml_to_json(item));
      return arr;
    }
    case YAML::NodeType::Scalar: return node.as<std::string>();
    default: return nullptr;
  }
}

std::string node_text(cmark_node* node) {
  std::string out;
  cmark_iter* it = cmark_iter_new(node);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER) continue;
    auto type = cmark_node_get_type(n);
    if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE) {
      if (const char* lit = cmark_node_get_literal(n)) out += lit;
    } else if (type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK) {
      out += ' ';
    }
  }
  cmark_iter_free(it);
  return trim(out);
}

bool is_chinese_section_line(const std::string& text) {
  static const std::string numerals = "一二三四五六七八九十";
  const std::string mark = "、";
  auto pos = text.find(mark);
  if (pos == std::string::npos || pos == 0 || pos > 4 * 3 || utf8_length(text) > 40) return false;
  for (std::size_t i = 0; i < pos; i += 3)
    if (numerals.find(text.substr(i, 3)) == std::string::npos) return false;
  return true;
}

// 1..99 in Chinese numerals, as section numbers are written: 四, 十, 十二, 二十一.
std::string chinese_number(int n) {
  static const char* digits[] = {"", "一", "二", "三", "四", "五", "六", "七", "八", "九"};
  if (n < 1 || n > 99) return std::to_string(n);
  if (n < 10) return digits[n];
  return std::string(n >= 20 ? digits[n / 10] : "") + "十" + digits[n % 10];
}

// A section heading's number: "四、结论" → 4 (Chinese), "2. Strengths" → 2; else 0.
struct SectionNumber {
  int value = 0;
  bool chinese = false;
  std::string rest;
};

SectionNumber section_number(const std::string& text) {
  SectionNumber out;
  static const std::string numerals = "一二三四五六七八九";
  const std::string mark = "、";
  if (auto pos = text.find(mark); pos != std::string::npos && pos > 0 && pos <= 9 && pos % 3 == 0) {
    int value = 0, pending = 0;
    for (std::size_t i = 0; i < pos; i += 3) {
      auto ch = text.substr(i, 3);
      if (ch == "十") {
        value += (pending ? pending : 1) * 10;
        pending = 0;
      } else if (auto at = numerals.find(ch); at != std::string::npos && at % 3 == 0) {
        if (pending) return out;  // two digits in a row is not how sections are numbered
        pending = static_cast<int>(at / 3) + 1;
      } else {
        return out;
      }
    }
    out.value = value + pending;
    out.chinese = true;
    out.rest = trim(text.substr(pos + mark.size()));
    return out;
  }
  std::size_t digits = 0;
  while (digits < text.size() && digits < 3 && std::isdigit(static_cast<unsigned char>(text[digits]))) ++digits;
  if (digits == 0 || digits >= text.size() || (text[digits] != '.' && text[digits] != ')')) return out;
  if (digits + 1 < text.size() && text[digits + 1] != ' ') return out;  // "2.5 GHz" is not a section number
  out.value = std::atoi(text.substr(0, digits).c_str());
  out.rest = trim(text.substr(digits + 1));
  return out;
}

void promote_section_lines(cmark_node* doc) {
  std::vector<cmark_node*> promote;
  for (cmark_node* n = cmark_node_first_child(doc); n; n = cmark_node_next(n)) {
    if (cmark_node_get_type(n) != CMARK_NODE_PARAGRAPH) continue;
    cmark_node* child = cmark_node_first_child(n);
    if (child && !cmark_node_next(child) && cmark_node_get_type(child) == CMARK_NODE_TEXT &&
        is_chinese_section_line(node_text(n)))
      promote.push_back(n);
  }
  for (cmark_node* para : promote) {
    cmark_node* heading = cmark_node_new(CMARK_NODE_HEADING);
    cmark_node_set_heading_level(heading, 2);
    while (cmark_node* child = cmark_node_first_child(para)) cmark_node_append_child(heading, child);
    cmark_node_replace(para, heading);
    cmark_node_free(para);
  }
}

// cmark-gfm cannot emit heading ids, so we add them in document order. Safe because every
// literal "<hN>" from the author was escaped, so only real headings match.
std::string add_heading_ids(const std::string& html, const std::vector<TocEntry>& toc) {
  std::string out;
  out.reserve(html.size() + toc.size() * 24);
  std::size_t pos = 0, next = 0;
  while (next < toc.size()) {
    std::string open = "<h" + std::to_string(toc[next].level) + ">";
    auto at = html.find(open, pos);
    if (at == std::string::npos) break;
    out.append(html, pos, at - pos);
    out += "<h" + std::to_string(toc[next].level) + " id=\"" + html_escape(toc[next].id) + "\">";
    pos = at + open.size();
    ++next;
  }
  out.append(html, pos, std::string::npos);
  return out;
}

void replace_unshowable_images(cmark_node* doc) {
  std::vector<cmark_node*> missing;
  cmark_iter* it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev == CMARK_EVENT_ENTER && cmark_node_get_type(n) == CMARK_NODE_IMAGE) {
      const char* url = cmark_node_get_url(n);
      if (!showable_image_url(url ? url : "")) missing.push_back(n);
    }
  }
  cmark_iter_free(it);
  for (cmark_node* image : missing) {
    // A custom inline is written as given: only our own fixed markup goes here, the
    // description inside stays ordinary (escaped) text.
    cmark_node* span = cmark_node_new(CMARK_NODE_CUSTOM_INLINE);
    cmark_node_set_on_enter(span, "<span class=\"missing-image\" role=\"img\">");
    cmark_node_set_on_exit(span, "</span>");
    if (!cmark_node_first_child(image)) {
      cmark_node* text = cmark_node_new(CMARK_NODE_TEXT);
      cmark_node_set_literal(text, "image");
      cmark_node_append_child(span, text);
    }
    while (cmark_node* child = cmark_node_first_child(image)) cmark_node_append_child(span, child);
    cmark_node_replace(image, span);
    cmark_node_free(image);
  }
}

void ensure_extensions() {
  static std::once_flag once;
  std::call_once(once, [] { cmark_gfm_core_extensions_ensure_registered(); });
}

}  // namespace

Result<FrontMatter> split_front_matter(std::string_view text, const std::string& source_name) {
  FrontMatter fm;
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  auto starts = text.substr(0, 4) == "---\n" || text.substr(0, 5) == "---\r\n";
  if (!starts) {
    fm.body = std::string(text);
    return fm;
  }
  auto first_nl = text.find('\n');
  std::size_t end = std::string_view::npos, search = first_nl + 1;
  while (search < text.size()) {
    auto nl = text.find('\n', search);
    auto line = text.substr(search, (nl == std::string_view::npos ? text.size() : nl) - search);
    if (line == "---" || line == "---\r") { end = search; break; }
    if (nl == std::string_view::npos) break;
    search = nl + 1;
  }
  if (end == std::string_view::npos)
    return Error::invalid("error.front_matter", source_name + ": front matter starts with '---' on line 1 but never ends; add a closing '---' line",
                          {{source_name + ":1", "error.front_matter", "unterminated front matter"}});
  std::string yaml(text.substr(first_nl + 1, end - first_nl - 1));
  auto after = text.find('\n', end);
  fm.body = after == std::string_view::npos ? "" : std::string(text.substr(after + 1));
  try {
    YAML::Node root = YAML::Load(yaml);
    if (root.IsNull()) return fm;
    if (!root.IsMap())
      return Error::invalid("error.front_matter", source_name + ": front matter must be a mapping such as 'title: ...'",
                            {{source_name + ":2", "error.front_matter", "front matter is not a mapping"}});
    for (const auto& kv : root)
      if (kv.second.IsScalar()) fm.scalars[kv.first.as<std::string>()] = kv.second.as<std::string>();
    fm.json = yaml_to_json(root).dump();
  } catch (const YAML::Exception& e) {
    auto line = std::to_string(e.mark.line + 2);  // +1 for 1-based, +1 for the opening '---'
    return Error::invalid("error.front_matter", source_name + " line " + line + ": front matter is not valid YAML: " + e.msg,
                          {{source_name + ":" + line, "error.front_matter", e.msg}});
  }
  return fm;
}

namespace {

// Math spans replaced by placeholders that markdown leaves alone (letters and digits), and
// put back, escaped, once the HTML is made.
struct ProtectedMath {
  std::string text;
  std::vector<std::string> spans;  // with their delimiters
};

std::string math_token(std::size_t i) { return "aigcmath" + std::to_string(i) + "x"; }

ProtectedMath protect_math(std::string_view md) {
  ProtectedMath out;
  std::size_t last = 0;
  for_each_outside_code(md, [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      if (md[i] != '$' || (i > 0 && md[i - 1] == '\\')) continue;
      std::size_t end = std::string_view::npos;
      if (i + 1 < to && md[i + 1] == '$') {
        auto close = md.find("$$", i + 2);
        if (close != std::string_view::npos && close + 2 <= to && close > i + 2) end = close + 2;
        else ++i;  // an unclosed $$ is text, both signs of it
      } else if (i + 1 < to && md[i + 1] != ' ' && md[i + 1] != '\n') {
        for (std::size_t j = i + 1; j < to && md[j] != '\n'; ++j) {
          if (md[j] != '$' || md[j - 1] == '\\') continue;
          if (md[j - 1] != ' ' && !(j + 1 < md.size() && std::isdigit(static_cast<unsigned char>(md[j + 1])))) end = j + 1;
          break;
        }
      }
      if (end == std::string_view::npos) continue;
      out.text.append(md.substr(last, i - last));
      out.text += math_token(out.spans.size());
      out.spans.emplace_back(md.substr(i, end - i));
      last = end;
      i = end - 1;
    }
  });
  out.text.append(md.substr(last));
  return out;
}

std::string restore_math(std::string html, const std::vector<std::string>& spans) {
  for (std::size_t i = spans.size(); i-- > 0;) {  // from the last: "aigcmath1x" is not inside "aigcmath11x"
    const std::string token = math_token(i);
    const bool display = spans[i].rfind("$$", 0) == 0;
    const std::string span = std::string("<span class=\"math") + (display ? " display" : "") + "\">" + html_escape(spans[i]) + "</span>";
    for (auto pos = html.find(token); pos != std::string::npos; pos = html.find(token, pos + span.size())) html.replace(pos, token.size(), span);
  }
  return html;
}

}  // namespace

void for_each_outside_code(std::string_view md, const std::function<void(std::size_t, std::size_t)>& f) {
  std::size_t i = 0, start = 0;
  bool line_start = true;
  auto flush = [&](std::size_t end) {
    if (end > start) f(start, end);
  };
  while (i < md.size()) {
    if (line_start && (md.substr(i, 3) == "```" || md.substr(i, 3) == "~~~")) {
      flush(i);
      auto close = md.find(std::string("\n") + std::string(md.substr(i, 3)), i + 3);
      if (close == std::string_view::npos) return;
      i = md.find('\n', close + 4);
      if (i == std::string_view::npos) return;
      start = i;
      continue;
    }
    if (md[i] == '`') {
      std::size_t ticks = 0;
      while (i + ticks < md.size() && md[i + ticks] == '`') ++ticks;
      auto close = md.find(std::string(ticks, '`'), i + ticks);
      if (close != std::string_view::npos) {
        flush(i);
        i = close + ticks;
        start = i;
        line_start = false;
        continue;
      }
      i += ticks;  // an unclosed run of backticks is text
      line_start = false;
      continue;
    }
    line_start = md[i] == '\n';
    ++i;
  }
  flush(md.size());
}

RenderedMarkdown render_markdown(std::string_view source) {
  ensure_extensions();
  const ProtectedMath math = protect_math(source);
  const std::string_view markdown = math.text;
  const int options = CMARK_OPT_DEFAULT | CMARK_OPT_STRIKETHROUGH_DOUBLE_TILDE;
  cmark_parser* parser = cmark_parser_new(options);
  for (const char* name : {"table", "autolink", "strikethrough", "tasklist"})
    if (auto* ext = cmark_find_syntax_extension(name)) cmark_parser_attach_syntax_extension(parser, ext);
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  promote_section_lines(doc);
  replace_unshowable_images(doc);

  RenderedMarkdown out;
  std::set<std::string> used;
  int part = 0, sections_in_part = 0;
  cmark_iter* it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_HEADING) continue;
    TocEntry e;
    e.level = cmark_node_get_heading_level(n);
    e.text = node_text(n);
    std::string base = slugify(e.text);
    if (base.empty()) base = "section";
    e.id = base;
    for (int k = 1; used.count(e.id); ++k) e.id = base + "-" + std::to_string(k);
    used.insert(e.id);
    if (e.level == 1 && out.first_heading.empty()) out.first_heading = e.text;
    if (e.level == 2) {
      auto number = section_number(e.text);
      if (number.value > 0 && !number.rest.empty()) {
        if (number.value == 1 && sections_in_part > 0) {
          ++part;
          sections_in_part = 0;
        }
        ++sections_in_part;
        e.label = number.chinese ? chinese_number(sections_in_part) : std::to_string(sections_in_part);
        e.text = number.rest;
      }
    }
    e.part = part;
    out.toc.push_back(std::move(e));
  }
  cmark_iter_free(it);

  char* html = cmark_render_html(doc, options, cmark_parser_get_syntax_extensions(parser));
  out.html = restore_math(add_heading_ids(html, out.toc), math.spans);
  cmark_get_default_mem_allocator()->free(html);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

bool showable_image_url(std::string_view url) {
  return url.substr(0, 8) == "https://" || url.substr(0, 7) == "http://" || MediaLibrary::is_media_url(url);
}

std::string markdown_plain_text(std::string_view markdown) {
  ensure_extensions();
  const int options = CMARK_OPT_DEFAULT;
  cmark_parser* parser = cmark_parser_new(options);
  if (auto* ext = cmark_find_syntax_extension("table")) cmark_parser_attach_syntax_extension(parser, ext);
  cmark_parser_feed(parser, markdown.data(), markdown.size());
  cmark_node* doc = cmark_parser_finish(parser);
  // Width 0: no re-wrapping; the text keeps its own lines.
  char* text = cmark_render_plaintext(doc, options, 0);
  std::string out = text ? text : "";
  cmark_get_default_mem_allocator()->free(text);
  cmark_node_free(doc);
  cmark_parser_free(parser);
  return out;
}

std::vector<std::string> image_urls(std::string_view markdown) {
  ensure_extensions();
  cmark_node* doc = cmark_parse_document(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT);
  std::vector<std::string> out;
  cmark_iter* it = cmark_iter_new(doc);
  cmark_event_type ev;
  while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
    cmark_node* n = cmark_iter_get_node(it);
    if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_IMAGE) continue;
    std::string url = cmark_node_get_url(n) ? cmark_node_get_url(n) : "";
    if (!url.empty() && std::find(out.begin(), out.end(), url) == out.end()) out.push_back(url);
  }
  cmark_iter_free(it);
  cmark_node_free(doc);
  return out;
}

}  // namespace aigc
