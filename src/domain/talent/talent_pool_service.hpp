// The talent pool: members opt in and out (out takes them off every search and shortlist at
// once and withdraws pending requests); managers of a partner organization search it,
// shortlist people and ask to contact them; the member accepts or declines, and only an
// accepted request shows the organization the member's address. Both sides are notified.
// Thread-safe; every call uses its own session.
#pragma once

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/talent/talent_pool.hpp"
#include "store/database.hpp"

namespace aigc {

class TalentPoolService {
 public:
  explicit TalentPoolService(Database& db) : db_(db) {}

  PoolProfile profile(std::int64_t member_id);
  Result<PoolProfile> set_profile(const Member& actor, const PoolProfileInput& input, std::int64_t now);

  // Organizations `actor` may search for (those they manage; every one for admins).
  std::vector<std::pair<std::string, std::string>> searchable_organizations(const Member& actor);
  Result<PoolPage> search(const Member& actor, const PoolQuery& query);
  Result<void> shortlist(const Member& actor, const std::string& organization, const std::string& handle, bool add,
                         const std::string& note, std::int64_t now);
  Result<std::vector<PoolCandidate>> shortlisted(const Member& actor, const std::string& organization);

  Result<ContactRequest> request_contact(const Member& actor, const std::string& organization, const std::string& handle,
                                         const std::string& message, std::int64_t now);
  // The member's answer to a request addressed to them.
  Result<ContactRequest> answer(const Member& actor, std::int64_t id, bool accept, std::int64_t now);
  std::vector<ContactRequest> requests_to(const Member& actor);
  Result<std::vector<ContactRequest>> requests_from(const Member& actor, const std::string& organization);

 private:
  Result<std::int64_t> managed_organization(soci::session& sql, const Member& actor, const std::string& slug);
  Database& db_;
};

}  // namespace aigc
