// Talent: medals, tiers and the materialized rankings, earned across the platform.
//
// What earns what is in talent_rules.hpp. Results become final when a medal-eligible
// competition's last phase has its private board revealed; `refresh` (run by the mail
// sender's round every 15 s) finds the competitions whose final board changed since it last
// looked — revealed, reopened, rescored, made eligible or not — rebuilds their results and
// medals, and re-materializes the rankings. Medals for papers, topics, talks and standards
// follow votes and programmes and are rebuilt daily by `refresh`; `recompute_all`
// (`aigc talent recompute`) rebuilds everything from the sources at once.
//
// Rankings are read from talent_ranks, one indexed range per page; points shown are the
// stored keys decayed to now (see decay_key), so the table never goes stale between runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/talent/talent.hpp"
#include "store/database.hpp"

namespace aigc {

class TalentService {
 public:
  explicit TalentService(Database& db) : db_(db) {}

  RecomputeStats recompute_all(std::int64_t now);
  // Competitions whose final board changed, then the rankings if anything did; contribution
  // medals when the last rebuild of them is a day old (or `contributions`).
  RecomputeStats refresh(std::int64_t now, bool contributions = false);

  // A page of a ranking: category overall / competitions / research / community, in the
  // world, a country (ISO code) or an organization (slug), keyset-paged by `cursor`.
  Result<RankingPage> rankings(const RankingQuery& q, std::int64_t now);
  // A member's tiers, medals, results, points, ranks and rank history; sections the member
  // hides are left out for everyone else.
  Result<Achievements> achievements(const Member* viewer, const std::string& handle, std::int64_t now);
  // Medal-eligible competitions award medals and points; an admin decides (organizers would
  // otherwise mint medals). The next refresh applies a change to boards already final.
  Result<void> set_medal_eligible(const Member& actor, const std::string& slug, bool eligible);
  bool medal_eligible(const std::string& slug);
  // A playground (always open, never medals) is the organizer's choice, or an admin's.
  Result<void> set_playground(const Member& actor, const std::string& slug, bool playground);
  // Which sections of the achievements others may not see (kTalentSections).
  Result<void> set_hidden(const Member& actor, const std::vector<std::string>& sections);

 private:
  RecomputeStats run(std::int64_t now, bool all, bool contributions);
  Database& db_;
};

}  // namespace aigc
