#include "domain/pages/page_service.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>


#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"
#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/members/member_service.hpp"

namespace aigc {

namespace fs = std::filesystem;

namespace {

// Chinese when CJK ideographs outnumber Latin letters.
std::string detect_lang(std::string_view text) {
  std::size_t cjk = 0, latin = 0;
  for (std::size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (c < 0x80) { latin += std::isalpha(c) ? 1 : 0; ++i; continue; }
    if ((c & 0xF0) == 0xE0 && i + 2 < text.size()) {
      unsigned cp = ((c & 0x0F) << 12) | ((text[i + 1] & 0x3F) << 6) | (text[i + 2] & 0x3F);
      if (cp >= 0x4E00 && cp <= 0x9FFF) ++cjk;
      i += 3;
      continue;
    }
    ++i;
  }
  return cjk * 2 > latin ? "zh-CN" : "en";
}

// Brings the picture at `url` (as a page in `page_file` under `root` names it) into the
// media library: its /media/ URL, or why not. Never reads outside `root`, whatever links
// inside it point at: the import may run as root on a folder someone else wrote.
Result<std::string> import_picture(MediaLibrary& media, const fs::path& root, const fs::path& page_file, std::string url) {
  url = url.substr(0, url.find_first_of("?#"));
  auto decoded = url_decode(url, false);
  if (!decoded || decoded->empty()) return Error::invalid("error.image", "not a file path");
  fs::path candidate = decoded->front() == '/' ? root / decoded->substr(1) : page_file.parent_path() / *decoded;
  std::error_code ec;
  auto real = fs::weakly_canonical(candidate, ec);
  auto real_root = fs::canonical(root, ec);
  auto inside = [&] {
    auto r = real.generic_string(), base = real_root.generic_string() + "/";
    return r.compare(0, base.size(), base) == 0;
  };
  if (ec || !inside()) return Error::invalid("error.image", "outside the imported folder");
  if (!fs::is_regular_file(real, ec)) return Error::invalid("error.image", "not found (looked for " + candidate.generic_string() + ")");
  if (fs::file_size(real, ec) > 20'000'000) return Error::invalid("error.image", "larger than 20 MB");
  std::ifstream f(real, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  auto added = media.add_picture(ss.str(), "image");
  if (!added) return Error::invalid("error.image", added.error().problems.empty() ? added.error().message : added.error().problems[0].message);
  return added.value();
}

// Replaces the image addresses in markdown (as `](url` and `]: url`) with their imported ones.
void point_images_at(std::string& markdown, const std::string& from, const std::string& to) {
  for (const std::string& lead : {std::string("]("), std::string("]: "), std::string("](<")})
    for (auto pos = markdown.find(lead + from); pos != std::string::npos; pos = markdown.find(lead + from, pos + lead.size() + to.size())) {
      auto end = pos + lead.size() + from.size();
      if (end < markdown.size() && markdown[end] != ')' && markdown[end] != ' ' && markdown[end] != '>' && markdown[end] != '\n') continue;
      markdown.replace(pos + lead.size(), from.size(), to);
    }
}

bool valid_slug(const std::string& slug) {
  return !slug.empty() && slug.size() <= 120 && slug == slugify(slug);
}

}  // namespace

Result<Page> PageService::prepare(const PageInput& in) {
  std::vector<Problem> problems;
  if (!valid_slug(in.slug))
    problems.push_back({"slug", "error.slug", "slug must be lower-case letters, digits and '-' (e.g. 'introduction')"});
  if (!is_supported_lang(in.lang)) problems.push_back({"lang", "error.lang", "language must be en or zh-CN"});
  if (!is_valid_utf8(in.body_md) || !is_valid_utf8(in.title))
    problems.push_back({"body_md", "error.utf8", "text must be UTF-8"});
  if (in.body_md.size() > 2'000'000) problems.push_back({"body_md", "error.too_long", "page must be at most 2 MB"});
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);

  Page p;
  p.slug = in.slug;
  p.lang = in.lang;
  auto rendered = render_markdown(in.body_md);
  p.title = trim(in.title).empty() ? rendered.first_heading : trim(in.title);
  if (p.title.empty()) p.title = in.slug;
  p.description = trim(in.description);
  p.icon = in.icon;
  p.cover = in.cover;
  p.front_matter_json = in.front_matter_json;
  p.body_md = in.body_md;
  p.body_html = std::move(rendered.html);
  p.toc = std::move(rendered.toc);
  p.updated_at = now_utc();
  return p;
}

Result<Page> PageService::save(const Member* actor, const PageInput& input) {
  if (actor && actor->role != Role::admin)
    return Error::make(ErrorCode::forbidden, "error.forbidden", "only admins edit pages");
  auto page = prepare(input);
  if (!page) return page.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<Page> {
    repo_.upsert(sql, page.value());
    SearchIndex(db_).put(sql, search_document(page.value()));
    return page.value();
  });
}

std::optional<Page> PageService::find(const std::string& slug, const std::string& lang) {
  return db_.with_session([&](soci::session& sql) { return repo_.find(sql, slug, lang); });
}

Result<Page> PageService::get(const std::string& slug, const std::string& lang) {
  if (auto p = find(slug, lang)) return *p;
  if (auto p = find(slug, lang == "en" ? "zh-CN" : "en")) return *p;
  return Error::make(ErrorCode::not_found, "error.page_not_found", "no page '" + slug + "'");
}

std::vector<Page> PageService::list() {
  return db_.with_session([&](soci::session& sql) { return repo_.list(sql); });
}

std::vector<std::string> PageService::languages_of(const std::string& slug) {
  return db_.with_session([&](soci::session& sql) { return repo_.languages_of(sql, slug); });
}

Result<PageInput> PageService::parse_file(const std::string& contents, const std::string& file_name,
                                          const std::string& lang_hint) {
  if (!is_valid_utf8(contents))
    return Error::invalid("error.utf8", file_name + ": not UTF-8; save the file as UTF-8",
                          {{file_name, "error.utf8", "not UTF-8"}});
  auto fm = split_front_matter(contents, file_name);
  if (!fm) return fm.error();
  auto field = [&](const char* key) {
    auto it = fm->scalars.find(key);
    return it == fm->scalars.end() ? std::string() : it->second;
  };
  PageInput in;
  in.slug = field("slug").empty() ? slugify(fs::path(file_name).stem().string()) : field("slug");
  in.lang = field("lang");
  if (in.lang.empty()) in.lang = is_supported_lang(lang_hint) ? lang_hint : detect_lang(fm->body);
  in.title = field("title");
  in.description = field("description");
  in.icon = field("icon");
  in.cover = field("cover");
  in.front_matter_json = fm->json;
  in.body_md = fm->body;
  return in;
}

Result<std::vector<Page>> PageService::import_dir(const std::string& dir, MediaLibrary* media, std::vector<std::string>* warnings) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return Error::invalid("error.not_a_folder", "'" + dir + "' is not a folder; give the folder that holds the pages");
  std::vector<fs::path> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); ++it) {
    auto ext = it->path().extension().string();
    if (it->is_regular_file() && (ext == ".md" || ext == ".txt")) files.push_back(it->path());
  }
  std::sort(files.begin(), files.end());
  std::vector<Page> pages;
  std::vector<Problem> problems;
  for (const auto& path : files) {
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    auto in = parse_file(ss.str(), path.string(), path.parent_path().filename().string());
    if (!in) {
      problems.push_back({path.string(), in.error().key, in.error().message});
      continue;
    }
    if (media) {
      auto warn = [&](const std::string& what, const std::string& url, const std::string& why, const char* instead) {
        if (warnings) warnings->push_back(path.string() + ": " + what + " '" + url + "' " + why + "; " + instead);
      };
      for (const auto& url : image_urls(in->body_md)) {
        if (showable_image_url(url)) continue;
        auto imported = import_picture(*media, dir, path, url);
        if (imported) point_images_at(in->body_md, url, imported.value());
        else warn("image", url, imported.error().message, "the page shows its description instead");
      }
      if (!in->cover.empty() && !showable_image_url(in->cover)) {
        auto imported = import_picture(*media, dir, path, in->cover);
        if (!imported) warn("cover", in->cover, imported.error().message, "the page shows no cover");
        in->cover = imported ? imported.value() : "";
      }
    }
    auto page = prepare(in.value());
    if (!page) {
      for (const auto& p : page.error().problems) problems.push_back({path.string(), p.key, p.field + ": " + p.message});
      continue;
    }
    for (const auto& other : pages)
      if (other.slug == page->slug && other.lang == page->lang)
        problems.push_back({path.string(), "error.duplicate_page", "another file has slug '" + other.slug + "' in " + other.lang});
    pages.push_back(std::move(page.value()));
  }
  if (!problems.empty())
    return Error::invalid("error.import_failed", std::to_string(problems.size()) + " file(s) need fixing; nothing was imported", problems);
  return db_.in_transaction([&](soci::session& sql) -> Result<std::vector<Page>> {
    SearchIndex index(db_);
    for (auto& p : pages) {
      repo_.upsert(sql, p);
      index.put(sql, search_document(p));
    }
    return pages;
  });
}

}  // namespace aigc
