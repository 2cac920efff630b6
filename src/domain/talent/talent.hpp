// Talent: plain values shared by the repository, the service and the web layer — medals
// and where they came from, a member's achievements, and pages of the rankings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/talent/learning.hpp"
#include "domain/talent/talent_rules.hpp"

namespace aigc {

// A medal and its source: a competition (with the place and the team), a paper, a topic,
// a talk or a standard.
struct MedalRecord {
  Medal medal = Medal::none;
  TalentCategory category = TalentCategory::competitions;
  std::string source;  // competition, paper, topic, talk, standard
  std::int64_t source_id = 0;
  std::string title_en, title_zh;
  std::string url;
  bool solo = false;
  std::int64_t awarded_at = 0;
  // For competitions:
  std::int64_t rank = 0, teams = 0;
  std::string team_name;
};

// A member's finished medal-eligible competition.
struct ResultRecord {
  std::int64_t competition_id = 0;
  std::string slug, title_en, title_zh;
  std::string team_name;
  std::int64_t rank = 0, teams = 0, team_size = 0;
  Medal medal = Medal::none;
  double points_now = 0;
  std::int64_t deadline = 0;
};

// A talk the member gives in a published programme.
struct TalkRecord {
  std::int64_t id = 0;
  std::string event_slug, event_title_en, event_title_zh, title_en, title_zh;
  std::int64_t starts_at = 0;
};

// A member's role in a standards working group (chair, editor, member).
struct StandardsRole {
  std::string group_slug, group_name_en, group_name_zh, role;
  std::int64_t since = 0;
};

struct CategoryStanding {
  TalentCategory category = TalentCategory::competitions;
  MedalCounts counts;
  TierProgress progress;
  double points = 0;  // now
  std::int64_t world_rank = 0;  // 0: not ranked
  std::int64_t ranked = 0;      // members ranked in the category
};

struct RankPoint {
  std::int64_t day = 0;  // seconds, midnight UTC
  std::int64_t rank = 0;
};

// Sections a member may hide from others.
inline constexpr const char* kTalentSections[] = {"medals", "results", "contributions", "history", "certificates"};

struct Achievements {
  std::int64_t member_id = 0;
  std::string handle;
  std::vector<CategoryStanding> categories;  // competitions, research, community
  Tier best_tier = Tier::novice;
  double points = 0;            // overall, now
  std::int64_t world_rank = 0;  // overall; 0: not ranked
  std::int64_t ranked = 0;
  std::vector<MedalRecord> medals;    // newest first
  std::vector<ResultRecord> results;  // newest first
  std::vector<RankPoint> history;     // oldest first
  std::vector<Certificate> certificates;  // completed learning paths, newest first
  std::vector<TalkRecord> talks;          // newest first
  std::vector<StandardsRole> roles;       // active working group roles
  std::vector<std::string> hidden;    // sections the member hides (already applied for others)
};

// Rankings: overall or one category; in the world, one country or one organization.
struct RankingQuery {
  std::string category = "overall";
  std::string country;       // ISO code
  std::string organization;  // slug
  int limit = 100;
  std::string cursor;  // opaque: the last rank and member id of the previous page
};

struct RankingEntry {
  std::int64_t rank = 0;
  std::int64_t member_id = 0;
  std::string handle, display_name, country, organization_slug, organization_name, avatar_blob;
  double points = 0;
  Tier tier = Tier::novice;
  std::int64_t gold = 0, silver = 0, bronze = 0;
};

struct RankingPage {
  std::string category, country, organization;
  std::vector<RankingEntry> entries;
  std::int64_t total = 0;   // members in this ranking
  std::string next_cursor;  // empty on the last page
  std::int64_t computed_at = 0;
};

struct RecomputeStats {
  std::int64_t competitions = 0, results = 0, medals = 0, ranked = 0;
  double seconds = 0;
};

}  // namespace aigc
