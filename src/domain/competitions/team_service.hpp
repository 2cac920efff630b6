// The rules of taking part: joining a competition (accepting its rules) makes a member a
// team of one; teams invite members, members accept or leave, and teams merge before
// the deadline (the end of the last phase) within the size limit (the smallest
// max_team_size of the phases) and the submission limits, as on Kaggle. A member is in
// exactly one team per competition. Thread-safe; each call uses its own session.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/competitions/competition_service.hpp"
#include "domain/competitions/submission_repository.hpp"
#include "domain/competitions/team.hpp"
#include "domain/competitions/team_repository.hpp"

namespace aigc {

struct Participation {
  bool joined = false;
  std::optional<Team> team;
  std::vector<TeamRequest> requests;  // invitations to the member, merges to or from the team
  int max_team_size = 0;
  bool can_change_teams = false;  // before the deadline
};

class TeamService {
 public:
  TeamService(Database& db, CompetitionService& competitions) : db_(db), competitions_(competitions) {}

  // Accepts the rules; idempotent. The member gets a team of one named after them.
  Result<Team> join(const Member& actor, const std::string& slug);
  Result<Participation> participation(const Member& actor, const std::string& slug);
  Result<Team> rename(const Member& actor, const std::string& slug, const std::string& name);
  // The team's leader invites a member by handle.
  Result<void> invite(const Member& actor, const std::string& slug, const std::string& handle);
  // Leaves the current team (a team of one with no submissions is dropped) and joins.
  Result<Team> accept_invite(const Member& actor, const std::string& slug, std::int64_t team_id);
  Result<void> decline_invite(const Member& actor, const std::string& slug, std::int64_t team_id);
  // Leaves a team of several; the member becomes a team of one again.
  Result<Team> leave(const Member& actor, const std::string& slug);
  // The leader asks that their team be merged into the team named `into`.
  Result<void> request_merge(const Member& actor, const std::string& slug, const std::string& into);
  // The leader of the absorbing team accepts: members and submissions move over.
  Result<Team> accept_merge(const Member& actor, const std::string& slug, std::int64_t from_team_id);

  // Teams in the competition (the baseline not counted); 0 for an unknown slug.
  std::int64_t team_count(const std::string& slug);
  static int max_team_size(const Competition& c);

 private:
  Result<Competition> open_competition(const Member& actor, const std::string& slug, bool for_team_change);
  // The actor's team in the competition, when the actor leads it.
  Result<Team> led_team(soci::session& sql, std::int64_t competition_id, const Member& actor);
  // A new team with `member` alone in it, named after them.
  Team team_of_one(soci::session& sql, std::int64_t competition_id, const Member& member);
  Database& db_;
  CompetitionService& competitions_;
  TeamRepository teams_;
  SubmissionRepository submissions_;
};

}  // namespace aigc
