// Message catalogs for every visible string: web/i18n/en.yaml and zh-CN.yaml, nested
// keys such as nav.members. Loaded once; immutable and thread-safe afterwards.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"

namespace aigc {

class Catalogs {
 public:
  // Loads both languages; fails when a file is missing, malformed, or the two disagree on
  // which keys exist (a string missing in one language is a bug we refuse to serve).
  static Result<Catalogs> load_dir(const std::string& dir);
  // The text for key in lang with {name} placeholders filled; the key itself if missing.
  std::string t(const std::string& lang, const std::string& key,
                const std::map<std::string, std::string>& args = {}) const;
  // The whole catalog of one language, for templates ({{t.nav.members}}).
  const nlohmann::json& tree(const std::string& lang) const;
  // Picks "zh-CN" or "en" from an Accept-Language header, honouring q-values.
  static std::string negotiate(const std::string& accept_language);

 private:
  std::map<std::string, nlohmann::json> trees_;
  std::map<std::string, std::map<std::string, std::string>> flat_;
};

}  // namespace aigc
