#include "domain/talent/talent_rules.hpp"

#include <algorithm>
#include <cmath>

namespace aigc {

std::string_view medal_name(Medal m) {
  switch (m) {
    case Medal::gold: return "gold";
    case Medal::silver: return "silver";
    case Medal::bronze: return "bronze";
    case Medal::none: break;
  }
  return "";
}

std::optional<Medal> parse_medal(std::string_view s) {
  for (Medal m : {Medal::gold, Medal::silver, Medal::bronze})
    if (s == medal_name(m)) return m;
  return std::nullopt;
}

std::string_view category_name(TalentCategory c) {
  switch (c) {
    case TalentCategory::competitions: return "competitions";
    case TalentCategory::research: return "research";
    case TalentCategory::community: return "community";
  }
  return "";
}

std::optional<TalentCategory> parse_category(std::string_view s) {
  for (TalentCategory c : kTalentCategories)
    if (s == category_name(c)) return c;
  return std::nullopt;
}

std::string_view tier_name(Tier t) {
  switch (t) {
    case Tier::novice: return "novice";
    case Tier::contributor: return "contributor";
    case Tier::expert: return "expert";
    case Tier::master: return "master";
    case Tier::grandmaster: return "grandmaster";
  }
  return "";
}

std::optional<Tier> parse_tier(std::string_view s) {
  for (Tier t : {Tier::novice, Tier::contributor, Tier::expert, Tier::master, Tier::grandmaster})
    if (s == tier_name(t)) return t;
  return std::nullopt;
}

const std::vector<MedalBand>& competition_medal_bands() {
  // clang-format off
  static const std::vector<MedalBand> bands = {
      //  teams            gold          silver        bronze
      {0,    99,          {0, 100},     {0, 200},     {0, 400}},   // top 10%, 20%, 40%
      {100,  249,         {10, 0},      {0, 200},     {0, 400}},   // top 10, 20%, 40%
      {250,  999,         {10, 2},      {50, 0},      {100, 0}},   // top 10 + 0.2%, 50, 100
      {1000, INT64_MAX,   {10, 2},      {0, 50},      {0, 100}},   // top 10 + 0.2%, 5%, 10%
  };
  // clang-format on
  return bands;
}

Medal competition_medal(std::int64_t rank, std::int64_t teams) {
  if (rank < 1 || teams < 1 || rank > teams) return Medal::none;
  for (const auto& b : competition_medal_bands()) {
    if (teams < b.min_teams || teams > b.max_teams) continue;
    if (rank <= b.gold.places(teams)) return Medal::gold;
    if (rank <= b.silver.places(teams)) return Medal::silver;
    if (rank <= b.bronze.places(teams)) return Medal::bronze;
    return Medal::none;
  }
  return Medal::none;
}

double competition_points(std::int64_t team_size, std::int64_t rank, std::int64_t teams, double days_since_deadline) {
  if (team_size < 1 || rank < 1 || teams < 1) return 0;
  return 100000.0 / std::sqrt(static_cast<double>(team_size)) * std::pow(static_cast<double>(rank), -0.75) *
         std::log10(1.0 + std::log10(static_cast<double>(teams))) * std::exp(-std::max(0.0, days_since_deadline) / kDecayDays);
}

double decay_key(double points_at_deadline, std::int64_t deadline) {
  return points_at_deadline * std::exp(static_cast<double>(deadline - kDecayEpoch) / 86400.0 / kDecayDays);
}

double points_now(double key, std::int64_t now) {
  return key * std::exp(-static_cast<double>(now - kDecayEpoch) / 86400.0 / kDecayDays);
}

double contribution_points(Medal m) {
  switch (m) {
    case Medal::gold: return 2000;
    case Medal::silver: return 1000;
    case Medal::bronze: return 500;
    case Medal::none: break;
  }
  return 0;
}

Medal medal_for_votes(const VoteBands& bands, std::int64_t votes) {
  if (votes >= bands.gold) return Medal::gold;
  if (votes >= bands.silver) return Medal::silver;
  if (votes >= bands.bronze) return Medal::bronze;
  return Medal::none;
}

const std::vector<TierRequirement>& tier_requirements(TalentCategory c) {
  using T = Tier;
  // clang-format off
  static const std::vector<TierRequirement> competitions = {
      {T::contributor, 0, 0, 0, 0, 1},   // finished one competition
      {T::expert,      0, 0, 2, 0, 0},   // 2 bronze (or better)
      {T::master,      1, 2, 0, 0, 0},   // 1 gold and 2 silver
      {T::grandmaster, 5, 0, 0, 1, 0},   // 5 gold, 1 of them solo
  };
  static const std::vector<TierRequirement> research = {
      {T::contributor, 0, 0, 0, 0, 1},   // one paper or topic
      {T::expert,      0, 0, 5, 0, 0},
      {T::master,      0, 10, 0, 0, 0},
      {T::grandmaster, 15, 0, 0, 0, 0},
  };
  static const std::vector<TierRequirement> community = {
      {T::contributor, 0, 0, 0, 0, 1},   // one accepted talk or standards role
      {T::expert,      0, 0, 2, 0, 0},
      {T::master,      1, 2, 0, 0, 0},
      {T::grandmaster, 3, 0, 0, 0, 0},
  };
  // clang-format on
  switch (c) {
    case TalentCategory::research: return research;
    case TalentCategory::community: return community;
    case TalentCategory::competitions: break;
  }
  return competitions;
}

namespace {

std::vector<TierGap> gaps(const TierRequirement& r, const MedalCounts& h) {
  std::vector<TierGap> out;
  auto need = [&](std::string_view what, std::int64_t have, std::int64_t want) {
    if (want > 0 && have < want) out.push_back({what, have, want});
  };
  // A count that the tier does not add to is implied by the ones before it: not listed.
  need("gold", h.gold, r.gold);
  if (r.silver > 0) need("silver_or_better", h.gold + h.silver, r.gold + r.silver);
  if (r.bronze > 0) need("medals", h.gold + h.silver + h.bronze, r.gold + r.silver + r.bronze);
  need("solo_gold", h.solo_gold, r.solo_gold);
  need("entries", h.entries, r.entries);
  return out;
}

}  // namespace

Tier tier_for(TalentCategory c, const MedalCounts& have) { return tier_progress(c, have).tier; }

TierProgress tier_progress(TalentCategory c, const MedalCounts& have) {
  TierProgress p;
  for (const auto& r : tier_requirements(c)) {
    auto missing = gaps(r, have);
    if (!missing.empty()) {
      p.next = r.tier;
      p.gaps = std::move(missing);
      return p;
    }
    p.tier = r.tier;
  }
  return p;
}

}  // namespace aigc
