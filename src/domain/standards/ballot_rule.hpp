// When a ballot passes: the rule is set per ballot and shown to voters. A rule says what
// share of the votes cast must approve (at least) and may disapprove (at most); votes cast
// are approvals (with or without comments) and disapprovals: abstentions are not counted,
// as in ISO's rule (at least two thirds approve, at most one quarter disapprove). A ballot
// with no vote cast is not approved. Integer arithmetic: a share exactly at the limit
// passes. Pure.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace aigc {

struct BallotRule {
  int approve_num = 2, approve_den = 3;     // approvals / cast >= this
  int disapprove_num = 1, disapprove_den = 4;  // disapprovals / cast <= this
};

struct BallotTally {
  std::int64_t approve = 0, approve_with_comments = 0, disapprove = 0, abstain = 0;
  std::int64_t cast() const { return approve + approve_with_comments + disapprove; }
};

enum class BallotPosition { approve, approve_with_comments, disapprove, abstain };
std::string_view ballot_position_name(BallotPosition p);
std::optional<BallotPosition> parse_ballot_position(std::string_view s);

// "2/3" -> {2, 3}; nullopt unless 0 <= num <= den, 1 <= den <= 1000.
std::optional<std::pair<int, int>> parse_share(std::string_view s);

bool ballot_approved(const BallotRule& rule, const BallotTally& tally);

// "approved when at least 2/3 of the votes cast approve and at most 1/4 disapprove;
// abstentions are not counted" (en) or its Chinese.
std::string describe_rule(const BallotRule& rule, bool zh);

}  // namespace aigc
