// Rules for organizations: organizers and admins create them; an organization is edited by
// its own managers (its creator first, then whom the managers name) and by admins; and what
// a valid one looks like. Thread-safe; every call uses its own database session.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/organizations/organization.hpp"
#include "domain/organizations/organization_repository.hpp"
#include "store/database.hpp"

namespace aigc {

struct OrganizationInput {
  std::string slug;  // empty: derived from the name
  std::string name;
  std::string kind;
  std::string country;
  std::string website;
  std::string description_md;
  std::string name_zh = {};
  std::string description_zh = {};
};

class OrganizationService {
 public:
  explicit OrganizationService(Database& db) : db_(db) {}

  // actor == nullptr means the operator (CLI, seeding).
  Result<Organization> create(const Member* actor, const OrganizationInput& input);
  Result<Organization> update(const Member* actor, const std::string& slug, const OrganizationInput& input);
  Result<Organization> get(const std::string& slug);
  // Whether `actor` may edit the organization and name its managers: an admin or one of its
  // managers (nullptr, the operator, always may).
  bool can_manage(const Member* actor, const Organization& org);
  // Handles of its managers, in the order they were named.
  std::vector<std::string> managers(const Organization& org);
  // Names a member a manager, or removes one (not the last: someone must keep it).
  Result<void> add_manager(const Member& actor, const std::string& slug, const std::string& handle);
  Result<void> remove_manager(const Member& actor, const std::string& slug, const std::string& handle);
  // Ordered by name. The unfiltered list (the home page's) is cached for 30 s and
  // refreshed at once when this process creates or edits an organization.
  std::vector<Organization> list(const std::string& kind = "", const std::string& country = "");

 private:
  Result<void> validate(const OrganizationInput& input);
  Result<Organization> managed(soci::session& sql, const Member& actor, const std::string& slug);
  void invalidate();
  Database& db_;
  OrganizationRepository repo_;
  std::mutex cache_mutex_;
  std::vector<Organization> all_cache_;
  std::int64_t all_at_ = 0;
};

}  // namespace aigc
