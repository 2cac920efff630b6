// Pages: create or edit (admins), read in the viewer's language with a fallback to the
// other one, list, and import a folder of markdown files. Imports check every file first
// and then write all of them in one transaction, or none. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.hpp"
#include "domain/media/media_library.hpp"
#include "domain/members/member.hpp"
#include "domain/pages/page.hpp"
#include "domain/pages/page_repository.hpp"
#include "store/database.hpp"

namespace aigc {

class PageService {
 public:
  explicit PageService(Database& db) : db_(db) {}

  // actor == nullptr: the operator (CLI import). Others must be admins.
  Result<Page> save(const Member* actor, const PageInput& input);
  // The page in `lang`, else in the other language; not_found when neither exists.
  Result<Page> get(const std::string& slug, const std::string& lang);
  std::optional<Page> find(const std::string& slug, const std::string& lang);
  // Every page (without bodies), ordered by slug then language.
  std::vector<Page> list();
  // Languages a slug is available in.
  std::vector<std::string> languages_of(const std::string& slug);

  // Parses one file (front matter + markdown) into a page input. `lang_hint` comes from the
  // folder name ("en", "zh-CN") when there is one.
  static Result<PageInput> parse_file(const std::string& contents, const std::string& file_name,
                                      const std::string& lang_hint);
  // Imports every *.md and *.txt under dir (recursively). All or nothing for the pages.
  // With `media`, the pictures the pages use (their front matter's cover, images in the
  // text: paths relative to the page, or /assets/... from dir) come along into the media
  // library and the pages point at them; one that is missing, outside dir or not a picture
  // is a line in `warnings`, and the page shows no cover or the image's description.
  Result<std::vector<Page>> import_dir(const std::string& dir, MediaLibrary* media = nullptr,
                                       std::vector<std::string>* warnings = nullptr);

 private:
  Result<Page> prepare(const PageInput& input);
  Database& db_;
  PageRepository repo_;
};

}  // namespace aigc
