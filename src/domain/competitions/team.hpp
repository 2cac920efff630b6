// Teams of a competition. Every participant is in exactly one team per competition (a
// team of one when they join); invitations and merges change that, as on Kaggle.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aigc {

struct TeamMember {
  std::int64_t member_id = 0;
  std::string handle;
  std::string display_name;
};

struct Team {
  std::int64_t id = 0;
  std::int64_t competition_id = 0;
  std::string name;
  std::int64_t leader_id = 0;
  bool is_baseline = false;
  std::int64_t created_at = 0;
  std::vector<TeamMember> members;  // by join time
};

// A pending invitation of a member into a team, or a request to merge one team into another.
struct TeamRequest {
  std::string kind;  // "invite" or "merge"
  std::int64_t team_id = 0;       // the inviting team, or the team asking to be merged in
  std::string team_name;
  std::int64_t target_member_id = 0;  // invite: who is invited
  std::string target_handle;
  std::int64_t target_team_id = 0;    // merge: the team that would absorb the requester
  std::string target_team_name;
  std::int64_t created_at = 0;
};

}  // namespace aigc
