// All SQL about organizations. Methods take the caller's session.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/organizations/organization.hpp"

namespace aigc {

class OrganizationRepository {
 public:
  std::int64_t insert(soci::session& sql, const Organization& org);
  void update(soci::session& sql, const Organization& org);
  std::optional<Organization> find_by_slug(soci::session& sql, const std::string& slug);
  // Ordered by name; kind and country filter when non-empty.
  std::vector<Organization> list(soci::session& sql, const std::string& kind, const std::string& country);
};

}  // namespace aigc
