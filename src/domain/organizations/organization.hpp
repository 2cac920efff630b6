// Partner organizations: companies, universities, institutes, governments, non-profits.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aigc {

struct Organization {
  std::int64_t id = 0;
  std::string slug;
  std::string name;     // as the organization writes it (often English)
  std::string name_zh;  // Chinese name; empty when it has none
  std::string kind;  // one of organization_kinds()
  std::string country;
  std::string website;
  std::string description_md;  // English (or the only language)
  std::string description_zh;
  std::int64_t created_at = 0;
  std::int64_t member_count = 0;  // filled by list and detail reads
};

const std::vector<std::string>& organization_kinds();

}  // namespace aigc
