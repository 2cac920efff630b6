// ISO 3166-1 alpha-2 countries and regions with names localized by ICU's CLDR data.
// The list is computed once and is safe to read from any thread.
#pragma once

#include <string>
#include <vector>

namespace aigc {

struct Country {
  std::string code;     // "CN"
  std::string name_en;  // "China"
  std::string name_zh;  // "中国"
};

const std::vector<Country>& all_countries();
bool is_country_code(const std::string& code);
// Localized name, or the code itself when unknown.
std::string country_name(const std::string& code, const std::string& lang);

}  // namespace aigc
