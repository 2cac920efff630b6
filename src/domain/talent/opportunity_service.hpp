// Opportunities partners post (jobs, internships, research positions): managers of an
// organization post and edit them; anyone browses the open ones (closed ones leave the list
// on their close date but stay readable); members save them for later. Thread-safe.
#pragma once

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/talent/talent_pool.hpp"
#include "store/database.hpp"

namespace aigc {

class OpportunityService {
 public:
  explicit OpportunityService(Database& db) : db_(db) {}

  Result<Opportunity> post(const Member& actor, const OpportunityInput& input, std::int64_t now);
  Result<Opportunity> update(const Member& actor, std::int64_t id, const OpportunityInput& input, std::int64_t now);
  // Open ones by close date (soonest first); the viewer's saved flag filled in.
  Result<std::vector<Opportunity>> list(const Member* viewer, const OpportunityQuery& query, std::int64_t now);
  Result<Opportunity> get(const Member* viewer, std::int64_t id);
  bool can_edit(const Member* actor, const Opportunity& o);
  // Saving a closed opportunity is refused; unsaving always works.
  Result<void> save(const Member& actor, std::int64_t id, bool saved, std::int64_t now);

 private:
  Result<std::int64_t> validate(soci::session& sql, const Member& actor, const OpportunityInput& input, std::int64_t now);
  Database& db_;
};

}  // namespace aigc
