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
  std::vector<std::int64_t> ids(soci::session& sql);
  std::int64_t count(soci::session& sql);
  void update(soci::session& sql, const Organization& org);
  std::optional<Organization> find_by_slug(soci::session& sql, const std::string& slug);
  // Ordered by name; kind and country filter when non-empty.
  std::vector<Organization> list(soci::session& sql, const std::string& kind, const std::string& country);
  // The members who manage an organization (edit it and name other managers).
  bool is_manager(soci::session& sql, std::int64_t organization_id, std::int64_t member_id);
  void add_manager(soci::session& sql, std::int64_t organization_id, std::int64_t member_id, std::int64_t at);
  void remove_manager(soci::session& sql, std::int64_t organization_id, std::int64_t member_id);
  // (member id, handle), in the order they were added.
  std::vector<std::pair<std::int64_t, std::string>> managers(soci::session& sql, std::int64_t organization_id);
};

}  // namespace aigc
