#include "domain/standards/ballot_rule.hpp"

#include <gtest/gtest.h>

namespace aigc {
namespace {

BallotTally tally(std::int64_t yes, std::int64_t yes_comments, std::int64_t no, std::int64_t abstain) {
  return {yes, yes_comments, no, abstain};
}

TEST(BallotRule, IsoRuleWorkedByHand) {
  const BallotRule iso;  // at least 2/3 approve, at most 1/4 disapprove
  // 8 approve, 4 disapprove: 8/12 = 2/3 exactly approves, but 4/12 = 1/3 > 1/4 disapprove.
  EXPECT_FALSE(ballot_approved(iso, tally(8, 0, 4, 0)));
  // 9 approve, 3 disapprove: 3/4 approve, 3/12 = 1/4 exactly disapprove: passes at the limit.
  EXPECT_TRUE(ballot_approved(iso, tally(9, 0, 3, 0)));
  // Approvals with comments count as approvals.
  EXPECT_TRUE(ballot_approved(iso, tally(5, 4, 3, 0)));
  // Abstentions are not counted, however many.
  EXPECT_TRUE(ballot_approved(iso, tally(3, 0, 1, 100)));
  EXPECT_FALSE(ballot_approved(iso, tally(2, 0, 1, 0)));   // 2/3 approve but 1/3 disapprove
  EXPECT_TRUE(ballot_approved(iso, tally(2, 0, 0, 0)));
  // Nobody voted, or everyone abstained: not approved.
  EXPECT_FALSE(ballot_approved(iso, tally(0, 0, 0, 0)));
  EXPECT_FALSE(ballot_approved(iso, tally(0, 0, 0, 7)));
  // A tie under a simple majority rule (more than half? no: at least half).
  const BallotRule half{1, 2, 1, 2};
  EXPECT_TRUE(ballot_approved(half, tally(5, 0, 5, 0)));
  const BallotRule two_thirds_only{2, 3, 1, 1};
  EXPECT_FALSE(ballot_approved(two_thirds_only, tally(5, 0, 5, 0)));
  EXPECT_TRUE(ballot_approved(two_thirds_only, tally(2, 0, 1, 0)));
}

TEST(BallotRule, SharesAndPositionsParseStrictly) {
  EXPECT_EQ(parse_share("2/3"), (std::pair<int, int>{2, 3}));
  EXPECT_EQ(parse_share(" 1 / 4 "), (std::pair<int, int>{1, 4}));
  EXPECT_FALSE(parse_share("3/2"));
  EXPECT_FALSE(parse_share("1/0"));
  EXPECT_FALSE(parse_share("-1/3"));
  EXPECT_FALSE(parse_share("two thirds"));
  EXPECT_EQ(parse_ballot_position("approve_with_comments"), BallotPosition::approve_with_comments);
  EXPECT_FALSE(parse_ballot_position("yes"));
  EXPECT_NE(describe_rule(BallotRule{}, false).find("at least 2/3"), std::string::npos);
  EXPECT_NE(describe_rule(BallotRule{}, true).find("弃权"), std::string::npos);
}

}  // namespace
}  // namespace aigc
