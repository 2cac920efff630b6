// The SQL of talent: reading the sources that earn medals (final private boards, votes on
// papers and topics, accepted talks, standards editors), writing results and medals, and
// the materialized rankings. Bulk reads and writes go through vectors, a batch at a time,
// because a full recompute moves millions of rows.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <unordered_map>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/talent/talent.hpp"
#include "domain/talent/talent_ranking.hpp"
#include "store/database.hpp"

namespace aigc {

// A competition as the talent refresh sees it: its final phase and whether that phase's
// private board is final, and what the last refresh saw of it.
struct CompetitionFinal {
  std::int64_t competition_id = 0;
  std::int64_t phase_id = 0;
  std::int64_t deadline = 0, revealed_at = 0;
  std::string state;         // "" when it awards nothing (not eligible, not revealed)
  std::string stored_state;  // what talent_competitions holds
};

struct TeamPlace {
  std::int64_t team_id = 0;
  std::string name;
  std::int64_t rank = 0;  // shared by ties
  std::vector<std::int64_t> members;
};

struct ResultRow {
  std::int64_t competition_id = 0, member_id = 0, team_id = 0;
  std::string team_name;
  std::int64_t rank = 0, teams = 0, team_size = 0;
  Medal medal = Medal::none;
  double points = 0, key = 0;
  std::int64_t deadline = 0;
};

struct MedalRow {
  std::int64_t member_id = 0;
  std::string source;
  std::int64_t source_id = 0;
  TalentCategory category = TalentCategory::competitions;
  Medal medal = Medal::none;
  bool solo = false;
  std::int64_t awarded_at = 0;
  double key = 0;  // points decayed to the epoch (competition medals: 0, their result holds the points)
};

// Per member: keys and medal counts by category, and where they are ranked.
struct MemberTally {
  double key[3] = {0, 0, 0};
  MedalCounts counts[3];
};

class TalentRepository {
 public:
  explicit TalentRepository(bool postgresql) : postgresql_(postgresql) {}

  std::vector<CompetitionFinal> competition_finals(soci::session& sql);
  // The ranked teams of a final private board (baselines left out), best first, with members.
  std::vector<TeamPlace> final_places(soci::session& sql, std::int64_t competition_id, std::int64_t phase_id);
  // The same for every final board at once (a full recompute): three scans in table order
  // instead of two indexed queries per competition. Keyed by competition.
  std::unordered_map<std::int64_t, std::vector<TeamPlace>> all_final_places(soci::session& sql, const std::vector<CompetitionFinal>& finals);
  // `fresh`: the tables were emptied first (a full recompute), nothing to delete.
  void replace_competition(soci::session& sql, std::int64_t competition_id, const std::string& state,
                           const std::vector<ResultRow>& results, const std::vector<MedalRow>& medals, bool fresh = false);
  // Empties results, medals and what the refresh saw: a full recompute writes them anew.
  // Call inside without_indexes (on SQLite the tables are made anew, without their indexes).
  void clear_all(soci::session& sql);
  // Runs `write` with the secondary indexes of results and medals (`ranks`: of the rankings)
  // dropped on SQLite, and builds them again after (store/talent_schema.hpp says why).
  void without_indexes(soci::session& sql, bool ranks, const std::function<void()>& write);
  // Every medal earned outside competitions, computed from its source's current state.
  std::vector<MedalRow> contribution_medals(soci::session& sql);
  void replace_contribution_medals(soci::session& sql, const std::vector<MedalRow>& medals);
  // Papers and topics, talks and standards roles per member (the "contributor" tiers).
  std::map<std::int64_t, std::int64_t> contribution_entries(soci::session& sql, TalentCategory c, std::int64_t only_member = 0);
  std::int64_t member_entries(soci::session& sql, std::int64_t member_id, TalentCategory c);

  // Everything the ranking needs, per member, from the results and medals tables.
  std::unordered_map<std::int64_t, MemberTally> tallies(soci::session& sql);
  // Country and organization of every member that may be ranked (not deleted or
  // suspended), by member id.
  struct Place {
    std::int64_t member_id = 0;
    std::string country;
    std::int64_t organization_id = 0;
  };
  std::vector<Place> places(soci::session& sql);
  // The overall world rank of every ranked member, before the rankings are replaced.
  std::unordered_map<std::int64_t, std::int64_t> overall_ranks(soci::session& sql);
  void clear_ranks(soci::session& sql);  // inside without_indexes(ranks), as clear_all
  void empty_table(soci::session& sql, const std::string& table);
  // Writes one category's rankings (after clear_ranks) and the sizes of its scopes.
  void write_ranks(soci::session& sql, const std::string& category, const std::vector<Standing>& ranked);
  void write_history(soci::session& sql, std::int64_t day, const std::vector<Standing>& overall,
                     const std::unordered_map<std::int64_t, std::int64_t>& before);
  void record_run(soci::session& sql, const std::string& kind, std::int64_t started_at, double seconds, std::int64_t members);
  std::int64_t last_run_at(soci::session& sql, const std::string& kind);

  // Reads.
  std::int64_t organization_id(soci::session& sql, const std::string& slug);
  std::int64_t scope_size(soci::session& sql, const std::string& category, const std::string& scope);
  std::vector<RankingEntry> ranking_page(soci::session& sql, const std::string& category, const std::string& country,
                                         std::int64_t organization_id, std::int64_t after_rank, std::int64_t after_member,
                                         int limit);
  void fill_medal_counts(soci::session& sql, const std::string& category, std::vector<RankingEntry>& entries);
  // A member's rank row in a category: world rank, tier, key; false when not ranked.
  bool member_rank(soci::session& sql, const std::string& category, std::int64_t member_id, std::int64_t& rank, int& tier,
                   double& key);
  std::vector<MedalRecord> member_medals(soci::session& sql, std::int64_t member_id);
  std::vector<TalkRecord> member_talks(soci::session& sql, std::int64_t member_id);
  std::vector<StandardsRole> member_roles(soci::session& sql, std::int64_t member_id);
  std::vector<ResultRecord> member_results(soci::session& sql, std::int64_t member_id, std::int64_t now);
  std::vector<RankPoint> member_history(soci::session& sql, std::int64_t member_id);
  std::vector<std::string> hidden_sections(soci::session& sql, std::int64_t member_id);
  void set_hidden_sections(soci::session& sql, std::int64_t member_id, const std::string& hidden);

 private:
  Dialect dialect() const { return postgresql_ ? Dialect::postgresql : Dialect::sqlite; }
  bool postgresql_;
};

}  // namespace aigc
