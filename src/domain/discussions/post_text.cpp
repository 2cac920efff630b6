#include "domain/discussions/post_text.hpp"

#include <algorithm>
#include <regex>

#include "core/text.hpp"
#include "domain/pages/markdown.hpp"

namespace aigc {

namespace {

bool handle_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-'; }

// Calls f(at, end, handle) for each mention in md: '@' not preceded by a handle character
// (so e-mail addresses are not mentions), then 3-30 handle characters.
template <class F>
void each_mention(std::string_view md, F&& f) {
  for_each_outside_code(md, [&](std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to; ++i) {
      if (md[i] != '@' || (i > 0 && (handle_char(md[i - 1]) || md[i - 1] == '[' || md[i - 1] == '/'))) continue;
      std::size_t j = i + 1;
      while (j < to && handle_char(md[j])) ++j;
      std::size_t end = j;
      while (end > i + 1 && (md[end - 1] == '-' || md[end - 1] == '_')) --end;  // "@ana-" ends a sentence
      if (end - i - 1 >= 3 && end - i - 1 <= 30) f(i, end, std::string(md.substr(i + 1, end - i - 1)));
      i = j;
    }
  });
}

}  // namespace

std::vector<std::string> mentioned_handles(std::string_view markdown) {
  std::vector<std::string> out;
  each_mention(markdown, [&](std::size_t, std::size_t, const std::string& h) {
    auto folded = fold_case(h);
    if (std::none_of(out.begin(), out.end(), [&](const std::string& x) { return fold_case(x) == folded; })) out.push_back(h);
  });
  return out;
}

std::string link_mentions(std::string_view markdown, const std::vector<std::string>& known) {
  std::string out;
  std::size_t last = 0;
  each_mention(markdown, [&](std::size_t at, std::size_t end, const std::string& h) {
    auto folded = fold_case(h);
    auto it = std::find_if(known.begin(), known.end(), [&](const std::string& k) { return fold_case(k) == folded; });
    if (it == known.end()) return;
    out.append(markdown.substr(last, at - last));
    out += "[@" + h + "](/members/" + *it + ")";
    last = end;
  });
  out.append(markdown.substr(last));
  return out;
}

int count_links(std::string_view markdown) {
  int n = 0;
  for_each_outside_code(markdown, [&](std::size_t from, std::size_t to) {
    auto part = markdown.substr(from, to - from);
    for (std::size_t p = part.find("http"); p != std::string_view::npos; p = part.find("http", p + 4))
      if (part.substr(p, 7) == "http://" || part.substr(p, 8) == "https://") ++n;
  });
  return n;
}

std::vector<PlatformLink> platform_links(std::string_view markdown, std::string_view public_url) {
  static const std::regex path(
      R"((^|[\s(<\]])((https?://[^/\s)>\]]+)?(/(competitions|organizations|members)/([A-Za-z0-9_-]+)|/research/papers/([0-9]+)|/discussions/t/([0-9]+))))"
      R"((?=$|[\s)>#?.,;:!]))");
  std::string base(public_url);
  while (!base.empty() && base.back() == '/') base.pop_back();
  std::vector<PlatformLink> out;
  for_each_outside_code(markdown, [&](std::size_t from, std::size_t to) {
    std::string part(markdown.substr(from, to - from));
    for (std::sregex_iterator it(part.begin(), part.end(), path), end; it != end; ++it) {
      const auto& m = *it;
      if (m[3].matched && (base.empty() || m[3].str() != base)) continue;
      PlatformLink link;
      link.path = m[4].str();
      if (m[5].matched) {
        link.kind = m[5].str() == "competitions" ? "competition" : m[5].str() == "organizations" ? "organization" : "member";
        link.key = m[6].str();
      } else if (m[7].matched) {
        link.kind = "paper";
        link.key = m[7].str();
      } else {
        link.kind = "topic";
        link.key = m[8].str();
      }
      if (std::none_of(out.begin(), out.end(), [&](const PlatformLink& l) { return l.path == link.path; })) out.push_back(link);
      if (out.size() >= 5) return;  // a preview list, not a directory
    }
  });
  return out;
}

std::string quote_post(const std::string& handle, int number, std::string_view markdown) {
  std::string out = "> @" + handle + " (#" + std::to_string(number) + "):\n";
  std::size_t cut = std::min<std::size_t>(markdown.size(), 2000);
  while (cut < markdown.size() && cut > 0 && (static_cast<unsigned char>(markdown[cut]) & 0xC0) == 0x80) --cut;  // whole characters
  std::string text(markdown.substr(0, cut));
  for (const auto& line : split(text, '\n')) out += "> " + line + "\n";
  return out + "\n";
}

}  // namespace aigc
