// The rules of progression, as tables a reader can check against the published page
// (docs/talent.md): which place earns which medal in a competition of N teams (Kaggle's
// bands), how many points a result is worth (Kaggle's formula), which medals other
// contributions earn, and what each tier of each category requires. Pure: no I/O, no clock.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

namespace aigc {

enum class Medal { none = 0, bronze = 1, silver = 2, gold = 3 };
std::string_view medal_name(Medal m);  // "gold", "silver", "bronze", "" for none
std::optional<Medal> parse_medal(std::string_view s);

// A tier is earned per category; novice is where everyone starts.
enum class TalentCategory { competitions = 0, research = 1, community = 2 };
inline constexpr std::array<TalentCategory, 3> kTalentCategories = {TalentCategory::competitions, TalentCategory::research,
                                                                    TalentCategory::community};
std::string_view category_name(TalentCategory c);  // "competitions", "research", "community"
std::optional<TalentCategory> parse_category(std::string_view s);

enum class Tier { novice = 0, contributor = 1, expert = 2, master = 3, grandmaster = 4 };
std::string_view tier_name(Tier t);
std::optional<Tier> parse_tier(std::string_view s);

// Places that take a medal: `fixed` plus `per_mille` thousandths of the teams, rounded
// down ("top 10%" of 7 teams is nobody; "top 10 + 0.2%" of 1,500 teams is 13).
struct MedalCut {
  std::int64_t fixed = 0;
  std::int64_t per_mille = 0;
  std::int64_t places(std::int64_t teams) const { return fixed + teams * per_mille / 1000; }
};

struct MedalBand {
  std::int64_t min_teams, max_teams;  // inclusive
  MedalCut gold, silver, bronze;
};

// Kaggle's competition bands by the number of ranked teams (baselines not counted).
const std::vector<MedalBand>& competition_medal_bands();
// The medal of a (tie-shared) rank among `teams`; rank 1 is best.
Medal competition_medal(std::int64_t rank, std::int64_t teams);

// Kaggle's points for one result, at `days` after the competition's deadline:
// 100000 / sqrt(team size) * rank^-0.75 * log10(1 + log10(teams)) * exp(-days / 500).
double competition_points(std::int64_t team_size, std::int64_t rank, std::int64_t teams, double days_since_deadline);

// Points decay by the same factor for everyone, so a member's points are stored as a key
// that never changes with time — the sum of each result's points *at its deadline* times
// exp((deadline - epoch) / 500 days) — and shown as key * exp(-(now - epoch) / 500 days).
// Rankings by key are rankings by points at any moment: a result landing is the only thing
// that reorders them.
inline constexpr double kDecayDays = 500.0;
inline constexpr std::int64_t kDecayEpoch = 1577836800;  // 2020-01-01T00:00:00Z
double decay_key(double points_at_deadline, std::int64_t deadline);
double points_now(double key, std::int64_t now);

// Points of a medal that is not a competition result (research, community), at award time.
double contribution_points(Medal m);

// Medals for other contributions. Votes are other members' votes (authors cannot vote for
// their own work). A talk accepted into a published programme is silver; being an editor of
// a published standard is gold.
struct VoteBands {
  std::int64_t bronze, silver, gold;
};
inline constexpr VoteBands kPaperVotes{5, 20, 50};   // as Kaggle's notebooks
inline constexpr VoteBands kTopicVotes{1, 5, 10};    // as Kaggle's discussions
Medal medal_for_votes(const VoteBands& bands, std::int64_t votes);
inline constexpr Medal kTalkMedal = Medal::silver;
inline constexpr Medal kStandardEditorMedal = Medal::gold;

// What a member holds in one category, for tiers.
struct MedalCounts {
  std::int64_t gold = 0, silver = 0, bronze = 0;
  std::int64_t solo_gold = 0;  // competition golds won as a team of one
  std::int64_t entries = 0;    // finished competitions / papers and topics / talks and standard roles
};

// A tier's requirement: `gold` golds, `gold + silver` medals silver or better, and
// `gold + silver + bronze` medals of any level (so "1 gold and 2 silver" is three medals),
// `solo_gold` of the golds won alone, and `entries` contributions of any kind.
struct TierRequirement {
  Tier tier;
  std::int64_t gold = 0, silver = 0, bronze = 0, solo_gold = 0, entries = 0;
};

// Contributor, expert, master, grandmaster of a category, in order.
const std::vector<TierRequirement>& tier_requirements(TalentCategory c);
Tier tier_for(TalentCategory c, const MedalCounts& have);

// How far a member is from the next tier: one line per unmet part of its requirement.
struct TierGap {
  std::string_view what;  // "gold", "silver_or_better", "medals", "solo_gold", "entries"
  std::int64_t have = 0, need = 0;
};
struct TierProgress {
  Tier tier = Tier::novice;
  std::optional<Tier> next;
  std::vector<TierGap> gaps;  // empty when at the top
};
TierProgress tier_progress(TalentCategory c, const MedalCounts& have);

}  // namespace aigc
