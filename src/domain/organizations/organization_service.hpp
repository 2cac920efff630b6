// Rules for organizations: who may create and edit them (organizers and admins), and what
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
};

class OrganizationService {
 public:
  explicit OrganizationService(Database& db) : db_(db) {}

  // actor == nullptr means the operator (CLI, seeding).
  Result<Organization> create(const Member* actor, const OrganizationInput& input);
  Result<Organization> update(const Member* actor, const std::string& slug, const OrganizationInput& input);
  Result<Organization> get(const std::string& slug);
  // Ordered by name. The unfiltered list (the home page's) is cached for 30 s and
  // refreshed at once when this process creates or edits an organization.
  std::vector<Organization> list(const std::string& kind = "", const std::string& country = "");

 private:
  Result<void> validate(const OrganizationInput& input);
  void invalidate();
  Database& db_;
  OrganizationRepository repo_;
  std::mutex cache_mutex_;
  std::vector<Organization> all_cache_;
  std::int64_t all_at_ = 0;
};

}  // namespace aigc
