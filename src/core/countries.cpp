#include "core/countries.hpp"

#include <algorithm>
#include <unordered_map>

#include <unicode/locid.h>
#include <unicode/unistr.h>

namespace aigc {

namespace {

std::string display_name(const char* code, const icu::Locale& in) {
  icu::Locale region("", code);
  icu::UnicodeString name;
  region.getDisplayCountry(in, name);
  std::string out;
  name.toUTF8String(out);
  return out;
}

struct Table {
  std::vector<Country> list;
  std::unordered_map<std::string, std::size_t> index;
  Table() {
    icu::Locale en("en"), zh("zh_CN");
    for (const char* const* c = icu::Locale::getISOCountries(); *c; ++c) {
      list.push_back({*c, display_name(*c, en), display_name(*c, zh)});
    }
    std::sort(list.begin(), list.end(), [](const Country& a, const Country& b) { return a.name_en < b.name_en; });
    for (std::size_t i = 0; i < list.size(); ++i) index[list[i].code] = i;
  }
};

const Table& table() {
  static const Table t;
  return t;
}

}  // namespace

const std::vector<Country>& all_countries() { return table().list; }

bool is_country_code(const std::string& code) { return table().index.count(code) > 0; }

std::string country_name(const std::string& code, const std::string& lang) {
  auto it = table().index.find(code);
  if (it == table().index.end()) return code;
  const auto& c = table().list[it->second];
  return lang == "zh-CN" ? c.name_zh : c.name_en;
}

}  // namespace aigc
