// Ballots on a standard's version. A group chair opens one (a committee ballot on a
// committee draft; a final ballot, which moves the standard to "ballot"), naming the
// electorate (the group's active members, or one vote per participating organization,
// cast by any of its members), the dates and the rule (ballot_rule.hpp). Votes may change
// until the close; a disapproval must give reasons; every vote and change is kept in the
// ballot's history. close_due() closes ballots on time (run by the mail sender's round,
// in any number of processes): the result is computed once, recorded, and never changes.
// Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/standards/standard.hpp"
#include "store/database.hpp"

namespace aigc {

struct BallotInput {
  int version = 0;  // 0: the latest
  std::string stage = "committee", electorate = "members";
  std::int64_t opens_at = 0, closes_at = 0;
  std::string approve_share = "2/3", disapprove_share = "1/4";
};

class BallotService {
 public:
  explicit BallotService(Database& db) : db_(db) {}

  Result<Ballot> open(const Member& chair, std::int64_t standard_id, const BallotInput& input, std::int64_t now);
  Result<BallotVote> vote(const Member& voter, std::int64_t ballot_id, const std::string& position, const std::string& reasons,
                          std::int64_t now);
  // An open ballot's tally is counted live; a closed one's is the recorded result.
  Result<Ballot> get(std::int64_t ballot_id);
  std::vector<Ballot> ballots(std::int64_t standard_id);
  std::vector<BallotVote> votes(std::int64_t ballot_id);
  std::vector<BallotVote> history(std::int64_t ballot_id);
  // Whether the member may vote, and as whom ("m12", or "o3" for their organization).
  Result<std::string> voter_key(const Member& m, std::int64_t ballot_id);
  // Closes every open ballot whose closing time has come; returns how many.
  int close_due(std::int64_t now);

 private:
  Database& db_;
};

}  // namespace aigc
