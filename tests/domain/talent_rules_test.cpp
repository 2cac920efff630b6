#include "domain/talent/talent_rules.hpp"

#include <gtest/gtest.h>

namespace aigc {
namespace {

struct Edge {
  std::int64_t teams;
  std::int64_t last_gold, last_silver, last_bronze;  // 0: no place takes that medal
};

// Every band at both of its edges, and the places where each medal stops.
TEST(MedalBands, EachBandAtItsEdges) {
  const Edge edges[] = {
      {99, 9, 19, 39},       // 0-99: top 10%, 20%, 40%, rounded down
      {100, 10, 20, 40},     // 100-249: top 10, 20%, 40%
      {249, 10, 49, 99},
      {250, 10, 50, 100},    // 250-999: top 10 + 0.2%, 50, 100
      {999, 11, 50, 100},    // 10 + 1.998 -> 11
      {1000, 12, 50, 100},   // 1000+: top 10 + 0.2%, 5%, 10%
      {5000, 20, 250, 500},
  };
  for (const auto& e : edges) {
    SCOPED_TRACE("teams " + std::to_string(e.teams));
    EXPECT_EQ(competition_medal(1, e.teams), Medal::gold);
    EXPECT_EQ(competition_medal(e.last_gold, e.teams), Medal::gold);
    EXPECT_EQ(competition_medal(e.last_gold + 1, e.teams), Medal::silver);
    EXPECT_EQ(competition_medal(e.last_silver, e.teams), Medal::silver);
    EXPECT_EQ(competition_medal(e.last_silver + 1, e.teams), Medal::bronze);
    EXPECT_EQ(competition_medal(e.last_bronze, e.teams), Medal::bronze);
    EXPECT_EQ(competition_medal(e.last_bronze + 1, e.teams), Medal::none);
  }
}

TEST(MedalBands, SmallCompetitionsAndNonsense) {
  // Ten teams: one gold, one silver, two bronze.
  EXPECT_EQ(competition_medal(1, 10), Medal::gold);
  EXPECT_EQ(competition_medal(2, 10), Medal::silver);
  EXPECT_EQ(competition_medal(4, 10), Medal::bronze);
  EXPECT_EQ(competition_medal(5, 10), Medal::none);
  // "Top 10%" of seven teams is nobody; the winner is inside the top 20%.
  EXPECT_EQ(competition_medal(1, 7), Medal::silver);
  EXPECT_EQ(competition_medal(1, 2), Medal::none);
  EXPECT_EQ(competition_medal(0, 100), Medal::none);
  EXPECT_EQ(competition_medal(101, 100), Medal::none);
  EXPECT_EQ(competition_medal(1, 0), Medal::none);
}

TEST(MedalBands, TheTableCoversEveryCountOnce) {
  const auto& bands = competition_medal_bands();
  ASSERT_FALSE(bands.empty());
  EXPECT_EQ(bands.front().min_teams, 0);
  for (std::size_t i = 1; i < bands.size(); ++i) EXPECT_EQ(bands[i].min_teams, bands[i - 1].max_teams + 1);
  EXPECT_EQ(bands.back().max_teams, INT64_MAX);
}

// Hand-worked: 100000 / sqrt(size) * rank^-0.75 * log10(1 + log10(teams)) * exp(-days / 500).
TEST(CompetitionPoints, KagglesFormulaByHand) {
  // Solo winner of 100 teams on the deadline: 100000 * 1 * log10(3).
  EXPECT_NEAR(competition_points(1, 1, 100, 0), 47712.12547196625, 1e-6);
  // Team of 4, 16th of 1000, 500 days on: 50000 * 1/8 * log10(4) * e^-1.
  EXPECT_NEAR(competition_points(4, 16, 1000, 500), 1384.284332258839, 1e-6);
  EXPECT_NEAR(competition_points(3, 7, 250, 30), 6711.646611906782, 1e-6);
  // One team: log10(1 + log10(1)) = 0.
  EXPECT_EQ(competition_points(1, 1, 1, 0), 0);
  EXPECT_EQ(competition_points(0, 1, 100, 0), 0);
}

TEST(CompetitionPoints, TheStoredKeyDecaysLikeThePoints) {
  const std::int64_t deadline = 1700000000, later = deadline + 123 * 86400;
  const double at_deadline = competition_points(2, 3, 400, 0);
  EXPECT_NEAR(points_now(decay_key(at_deadline, deadline), later), competition_points(2, 3, 400, 123), 1e-6);
  // Order by key is order by points at any moment.
  const double a = decay_key(1000, deadline), b = decay_key(900, deadline + 86400 * 100);
  EXPECT_LT(a, b);
  EXPECT_LT(points_now(a, later), points_now(b, later));
}

TEST(ContributionMedals, VotesBands) {
  EXPECT_EQ(medal_for_votes(kTopicVotes, 0), Medal::none);
  EXPECT_EQ(medal_for_votes(kTopicVotes, 1), Medal::bronze);
  EXPECT_EQ(medal_for_votes(kTopicVotes, 5), Medal::silver);
  EXPECT_EQ(medal_for_votes(kTopicVotes, 10), Medal::gold);
  EXPECT_EQ(medal_for_votes(kPaperVotes, 4), Medal::none);
  EXPECT_EQ(medal_for_votes(kPaperVotes, 19), Medal::bronze);
  EXPECT_EQ(medal_for_votes(kPaperVotes, 20), Medal::silver);
  EXPECT_EQ(medal_for_votes(kPaperVotes, 50), Medal::gold);
}

TEST(Tiers, CompetitionsPromotion) {
  const auto c = TalentCategory::competitions;
  EXPECT_EQ(tier_for(c, {}), Tier::novice);
  EXPECT_EQ(tier_for(c, {.entries = 1}), Tier::contributor);
  EXPECT_EQ(tier_for(c, {.bronze = 1, .entries = 3}), Tier::contributor);
  EXPECT_EQ(tier_for(c, {.bronze = 2, .entries = 2}), Tier::expert);
  EXPECT_EQ(tier_for(c, {.silver = 2, .entries = 2}), Tier::expert);  // better medals count as bronze
  // Master: one gold and two silver, i.e. three medals silver or better.
  EXPECT_EQ(tier_for(c, {.gold = 1, .silver = 1, .entries = 2}), Tier::expert);
  EXPECT_EQ(tier_for(c, {.gold = 1, .silver = 2, .entries = 3}), Tier::master);
  EXPECT_EQ(tier_for(c, {.gold = 3, .entries = 3}), Tier::master);
  // Grandmaster needs a solo gold among five.
  EXPECT_EQ(tier_for(c, {.gold = 5, .entries = 5}), Tier::master);
  EXPECT_EQ(tier_for(c, {.gold = 5, .solo_gold = 1, .entries = 5}), Tier::grandmaster);
}

TEST(Tiers, ProgressNamesWhatIsMissing) {
  auto p = tier_progress(TalentCategory::competitions, {.gold = 1, .silver = 1, .bronze = 4, .entries = 9});
  EXPECT_EQ(p.tier, Tier::expert);
  ASSERT_TRUE(p.next);
  EXPECT_EQ(*p.next, Tier::master);
  ASSERT_EQ(p.gaps.size(), 1u);
  EXPECT_EQ(p.gaps[0].what, "silver_or_better");
  EXPECT_EQ(p.gaps[0].have, 2);
  EXPECT_EQ(p.gaps[0].need, 3);

  // Towards grandmaster only the golds are listed: medals silver or better follow from them.
  auto gm = tier_progress(TalentCategory::competitions, {.gold = 2, .silver = 1, .entries = 3});
  ASSERT_EQ(gm.gaps.size(), 2u);
  EXPECT_EQ(gm.gaps[0].what, "gold");
  EXPECT_EQ(gm.gaps[1].what, "solo_gold");

  auto top = tier_progress(TalentCategory::community, {.gold = 3, .entries = 3});
  EXPECT_EQ(top.tier, Tier::grandmaster);
  EXPECT_FALSE(top.next);
  EXPECT_TRUE(top.gaps.empty());

  auto research = tier_progress(TalentCategory::research, {.bronze = 4, .entries = 6});
  EXPECT_EQ(research.tier, Tier::contributor);
  ASSERT_EQ(research.gaps.size(), 1u);
  EXPECT_EQ(research.gaps[0].what, "medals");
  EXPECT_EQ(research.gaps[0].need, 5);
}

TEST(Names, RoundTrip) {
  for (auto c : kTalentCategories) EXPECT_EQ(parse_category(category_name(c)), c);
  for (auto t : {Tier::novice, Tier::contributor, Tier::expert, Tier::master, Tier::grandmaster}) EXPECT_EQ(parse_tier(tier_name(t)), t);
  for (auto m : {Medal::gold, Medal::silver, Medal::bronze}) EXPECT_EQ(parse_medal(medal_name(m)), m);
  EXPECT_FALSE(parse_category("overall"));
  EXPECT_FALSE(parse_medal(""));
}

}  // namespace
}  // namespace aigc
