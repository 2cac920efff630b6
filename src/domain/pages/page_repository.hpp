// The pages table: one row per page and language, with its rendered HTML and table of
// contents kept beside the markdown. Callers bring the session (and the transaction).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/pages/page.hpp"

namespace aigc {

class PageRepository {
 public:
  // Inserts the page or replaces the one with its slug and language; sets page.id.
  void upsert(soci::session& sql, Page& page);
  std::optional<Page> find(soci::session& sql, const std::string& slug, const std::string& lang);
  // Every page without its bodies, by slug then language.
  std::vector<Page> list(soci::session& sql);
  std::vector<std::string> languages_of(soci::session& sql, const std::string& slug);
};

}  // namespace aigc
