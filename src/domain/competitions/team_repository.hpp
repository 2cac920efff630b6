// All SQL about participants, teams, their members and pending invitations and merges.
// Methods take the caller's session (and so run inside the caller's transaction).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/competitions/team.hpp"

namespace aigc {

class TeamRepository {
 public:
  bool is_participant(soci::session& sql, std::int64_t competition_id, std::int64_t member_id);
  // Everyone who joined the competition (to tell them what happens to it).
  std::vector<std::int64_t> participants(soci::session& sql, std::int64_t competition_id);
  void add_participant(soci::session& sql, std::int64_t competition_id, std::int64_t member_id, std::int64_t at);

  // With members. nullopt when there is no such team.
  std::optional<Team> find(soci::session& sql, std::int64_t team_id);
  std::optional<Team> find_by_name(soci::session& sql, std::int64_t competition_id, const std::string& name);
  std::optional<Team> team_of(soci::session& sql, std::int64_t competition_id, std::int64_t member_id);
  std::optional<Team> baseline_team(soci::session& sql, std::int64_t competition_id);
  std::int64_t team_count(soci::session& sql, std::int64_t competition_id);

  std::int64_t insert(soci::session& sql, const Team& t);
  void rename(soci::session& sql, std::int64_t team_id, const std::string& name);
  void set_leader(soci::session& sql, std::int64_t team_id, std::int64_t member_id);
  void add_member(soci::session& sql, std::int64_t team_id, std::int64_t competition_id, std::int64_t member_id, std::int64_t at);
  void remove_member(soci::session& sql, std::int64_t team_id, std::int64_t member_id);
  void remove(soci::session& sql, std::int64_t team_id);
  // Locks the team's row until the transaction ends (quotas and merges count under it).
  void lock(soci::session& sql, std::int64_t team_id, const char* for_update);
  // Moves every member and submission of `from` into `into`, then deletes `from`.
  void merge(soci::session& sql, std::int64_t from, std::int64_t into);
  std::int64_t submission_count(soci::session& sql, std::int64_t team_id);

  void add_request(soci::session& sql, const TeamRequest& r);
  bool remove_request(soci::session& sql, const TeamRequest& r);
  // Invitations addressed to the member, and merge requests to or from the team.
  std::vector<TeamRequest> requests_for(soci::session& sql, std::int64_t competition_id, std::int64_t member_id,
                                        std::int64_t team_id);
};

// The key that makes team names unique regardless of case.
std::string team_name_key(const std::string& name);

}  // namespace aigc
