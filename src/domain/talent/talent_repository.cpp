#include "domain/talent/talent_repository.hpp"

#include "store/table_versions.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "store/bulk_insert.hpp"
#include "store/row_scan.hpp"
#include "store/table_versions.hpp"
#include "store/talent_schema.hpp"

namespace aigc {

namespace {

constexpr std::size_t kBatch = 4096;

const char* kCategoryNames[] = {"competitions", "research", "community"};

// Sends `n` rows in batches: `fill(from, to)` fills the vectors, `run()` executes a statement
// made for that batch (SOCI's PostgreSQL backend sizes its buffers when a statement is
// prepared: vectors bound empty and filled afterwards overflow them).
template <class Fill, class Run>
void in_batches(std::size_t n, Fill fill, Run run) {
  for (std::size_t from = 0; from < n; from += kBatch) {
    fill(from, std::min(n, from + kBatch));
    run();
  }
}

void insert_medals(Dialect dialect, soci::session& sql, const std::vector<MedalRow>& rows) {
  std::vector<long long> member, source_id, solo, at;
  std::vector<std::string> source, category, medal;
  std::vector<double> key;
  in_batches(
      rows.size(),
      [&](std::size_t from, std::size_t to) {
        for (auto* v : {&member, &source_id, &solo, &at}) v->clear();
        source.clear(), category.clear(), medal.clear(), key.clear();
        for (std::size_t i = from; i < to; ++i) {
          const auto& r = rows[i];
          member.push_back(r.member_id), source.push_back(r.source), source_id.push_back(r.source_id);
          category.push_back(kCategoryNames[static_cast<int>(r.category)]), medal.push_back(std::string(medal_name(r.medal)));
          solo.push_back(r.solo ? 1 : 0), at.push_back(r.awarded_at), key.push_back(r.key);
        }
      },
      [&] {
        insert_columns(dialect, sql,
                       "INSERT INTO talent_medals (member_id, source, source_id, category, medal, solo, awarded_at, score_key) "
                       "VALUES (:m, :s, :i, :c, :md, :so, :a, :k) ON CONFLICT (member_id, source, source_id) DO NOTHING",
                       member, source, source_id, category, medal, solo, at, key);
      });
}

}  // namespace

std::vector<CompetitionFinal> TalentRepository::competition_finals(soci::session& sql) {
  std::vector<CompetitionFinal> out;
  long long id = 0, medals = 0, phase = 0, ends = 0, revealed = 0, version = 0;
  std::string visibility, stored;
  soci::indicator stored_ind = soci::i_ok;
  soci::statement st =
      (sql.prepare << "SELECT c.id, c.medals, c.visibility, p.id, p.ends_at, p.revealed_at, p.board_version, t.state "
                      "FROM competitions c JOIN phases p ON p.id = (SELECT x.id FROM phases x WHERE x.competition_id = c.id "
                      "ORDER BY x.starts_at DESC, x.id DESC LIMIT 1) "
                      "LEFT JOIN talent_competitions t ON t.competition_id = c.id ORDER BY c.id",
       soci::into(id), soci::into(medals), soci::into(visibility), soci::into(phase), soci::into(ends), soci::into(revealed),
       soci::into(version), soci::into(stored, stored_ind));
  st.execute();
  while (st.fetch()) {
    CompetitionFinal f;
    f.competition_id = id;
    f.phase_id = phase;
    f.deadline = ends;
    f.revealed_at = revealed;
    // Final: eligible, public, and the last phase's private board revealed after its end
    // (a board revealed and then reopened is hidden again). A rescore after the reveal
    // changes the board's version, and so the state.
    if (medals != 0 && visibility != "draft" && revealed > 0 && revealed >= ends)
      f.state = "final:" + std::to_string(phase) + ":" + std::to_string(revealed) + ":" + std::to_string(version);
    f.stored_state = stored_ind == soci::i_ok ? stored : "";
    out.push_back(f);
  }
  return out;
}

std::vector<TeamPlace> TalentRepository::final_places(soci::session& sql, std::int64_t competition_id, std::int64_t phase_id) {
  std::vector<TeamPlace> out;
  std::vector<double> keys;
  {
    long long p = phase_id;
    std::vector<long long> team(kBatch);
    std::vector<std::string> name(kBatch);
    std::vector<double> key(kBatch);
    soci::statement st = (sql.prepare << "SELECT l.team_id, t.name, l.private_rank_key FROM leaderboard l JOIN teams t ON t.id = l.team_id "
                                         "WHERE l.phase_id = :p AND l.private_score IS NOT NULL AND t.is_baseline = 0 "
                                         "ORDER BY l.private_rank_key DESC, l.private_seq",
                          soci::use(p), soci::into(team), soci::into(name), soci::into(key));
    st.execute();
    while (st.fetch()) {
      for (std::size_t i = 0; i < team.size(); ++i) {
        out.push_back({team[i], std::move(name[i]), 0, {}});
        keys.push_back(key[i]);
      }
      team.resize(kBatch);
      name.resize(kBatch);
      key.resize(kBatch);
    }
  }
  const auto ranks = tie_ranks(keys);
  std::map<std::int64_t, std::size_t> at;
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[i].rank = ranks[i];
    at[out[i].team_id] = i;
  }
  long long c = competition_id;
  std::vector<long long> teams(kBatch), members(kBatch);
  soci::statement st = (sql.prepare << "SELECT team_id, member_id FROM team_members WHERE competition_id = :c ORDER BY team_id, member_id",
                        soci::use(c), soci::into(teams), soci::into(members));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < teams.size(); ++i)
      if (auto it = at.find(teams[i]); it != at.end()) out[it->second].members.push_back(members[i]);
    teams.resize(kBatch);
    members.resize(kBatch);
  }
  return out;
}

std::unordered_map<std::int64_t, std::vector<TeamPlace>> TalentRepository::all_final_places(soci::session& sql,
                                                                                            const std::vector<CompetitionFinal>& finals) {
  std::unordered_map<std::int64_t, std::int64_t> competition_of;  // final phase -> competition
  for (const auto& f : finals)
    if (!f.state.empty()) competition_of[f.phase_id] = f.competition_id;
  struct Entry {
    std::int64_t team;
    double key;
    std::int64_t seq;
  };
  std::unordered_map<std::int64_t, std::vector<Entry>> boards;
  for_each_row(dialect(), sql, "SELECT phase_id, team_id, private_rank_key, private_seq FROM leaderboard WHERE private_score IS NOT NULL",
               [&](const RowView& r) {
                 auto it = competition_of.find(r.integer(0));
                 if (it != competition_of.end()) boards[it->second].push_back({r.integer(1), r.real(2), r.integer(3)});
               });
  // Where each team on a final board stands: its competition and its place (-1: a baseline).
  struct Slot {
    std::int64_t competition;
    std::int64_t place;
    std::string name;
  };
  std::unordered_map<std::int64_t, Slot> slots;
  std::size_t total = 0;
  for (const auto& [c, entries] : boards) total += entries.size();
  slots.reserve(total);
  for (const auto& [c, entries] : boards)
    for (const auto& e : entries) slots[e.team] = {c, 0, {}};
  for_each_row(dialect(), sql, "SELECT id, name, is_baseline FROM teams", [&](const RowView& r) {
    auto it = slots.find(r.integer(0));
    if (it == slots.end()) return;
    it->second.name = std::string(r.text(1));
    if (r.integer(2) != 0) it->second.place = -1;
  });
  // Each board in the order final_places reads it, ranked the same way.
  std::unordered_map<std::int64_t, std::vector<TeamPlace>> out;
  for (auto& [c, entries] : boards) {
    entries.erase(std::remove_if(entries.begin(), entries.end(), [&](const Entry& e) { return slots[e.team].place < 0; }), entries.end());
    std::sort(entries.begin(), entries.end(), [](const Entry& a, const Entry& b) { return a.key != b.key ? a.key > b.key : a.seq < b.seq; });
    std::vector<double> keys;
    keys.reserve(entries.size());
    for (const auto& e : entries) keys.push_back(e.key);
    const auto ranks = tie_ranks(keys);
    auto& places = out[c];
    places.reserve(entries.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
      auto& slot = slots[entries[i].team];
      slot.place = static_cast<std::int64_t>(i);
      places.push_back({entries[i].team, std::move(slot.name), ranks[i], {}});
    }
  }
  for_each_row(dialect(), sql, "SELECT team_id, member_id FROM team_members ORDER BY team_id, member_id", [&](const RowView& r) {
    auto it = slots.find(r.integer(0));
    if (it == slots.end() || it->second.place < 0) return;
    out[it->second.competition][static_cast<std::size_t>(it->second.place)].members.push_back(r.integer(1));
  });
  return out;
}

void TalentRepository::empty_table(soci::session& sql, const std::string& table) {
  if (postgresql_) {
    sql << "DELETE FROM " + table;
    return;
  }
  // SQLite deletes a table's rows one by one when foreign keys are on and the table has any
  // (its truncation shortcut is off then). The table is made again from its own definition
  // instead; its indexes are the caller's to make again (without_indexes).
  std::string ddl;
  sql << "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :t", soci::use(table), soci::into(ddl);
  sql << "DROP TABLE " + table;
  sql << ddl;
}

void TalentRepository::clear_all(soci::session& sql) {
  empty_table(sql, "talent_results");
  empty_table(sql, "talent_medals");
  sql << "DELETE FROM talent_competitions";
}

void TalentRepository::without_indexes(soci::session& sql, bool ranks, const std::function<void()>& write) {
  if (postgresql_) return write();  // MVCC: readers of the old rows must not wait on a dropped index
  std::vector<std::string> ddl;
  if (ranks) {
    for (const char* d : kTalentRankIndexes) ddl.push_back(d);
  } else {
    for (const char* d : kTalentResultIndexes) ddl.push_back(d);
    for (const char* d : kTalentMedalIndexes) ddl.push_back(d);
  }
  for (const auto& d : ddl) sql << "DROP INDEX IF EXISTS " + split(d, ' ')[2];  // CREATE INDEX <name> ON ...
  write();
  for (const auto& d : ddl) sql << d;
  // A table made again lost its triggers; made again after the bulk write, so it pays none.
  install_version_triggers(sql, Dialect::sqlite);
}

void TalentRepository::replace_competition(soci::session& sql, std::int64_t competition_id, const std::string& state,
                                           const std::vector<ResultRow>& results, const std::vector<MedalRow>& medals, bool fresh) {
  long long c = competition_id;
  if (!fresh) {
    sql << "DELETE FROM talent_results WHERE competition_id = :c", soci::use(c);
    sql << "DELETE FROM talent_medals WHERE source = 'competition' AND source_id = :c", soci::use(c);
  }
  {
    std::vector<long long> comp, member, team, rank, teams, size, deadline;
    std::vector<std::string> name, medal;
    std::vector<double> points, key;
    // In primary-key order: the table (its key's b-tree on SQLite) grows at its end.
    std::vector<const ResultRow*> sorted(results.size());
    for (std::size_t i = 0; i < results.size(); ++i) sorted[i] = &results[i];
    std::sort(sorted.begin(), sorted.end(), [](const ResultRow* a, const ResultRow* b) { return a->member_id < b->member_id; });
    in_batches(
        results.size(),
        [&](std::size_t from, std::size_t to) {
          for (auto* v : {&comp, &member, &team, &rank, &teams, &size, &deadline}) v->clear();
          name.clear(), medal.clear(), points.clear(), key.clear();
          for (std::size_t i = from; i < to; ++i) {
            const auto& r = *sorted[i];
            comp.push_back(r.competition_id), member.push_back(r.member_id), team.push_back(r.team_id);
            name.push_back(r.team_name), rank.push_back(r.rank), teams.push_back(r.teams), size.push_back(r.team_size);
            medal.push_back(std::string(medal_name(r.medal))), points.push_back(r.points), deadline.push_back(r.deadline);
            key.push_back(r.key);
          }
        },
        [&] {
          insert_columns(dialect(), sql,
                         "INSERT INTO talent_results (competition_id, member_id, team_id, team_name, rank, teams, team_size, medal, "
                         "points, deadline, score_key) VALUES (:c, :m, :t, :n, :r, :ts, :s, :md, :p, :d, :k)",
                         comp, member, team, name, rank, teams, size, medal, points, deadline, key);
        });
  }
  insert_medals(dialect(), sql, medals);
  std::string s = state;
  sql << "INSERT INTO talent_competitions (competition_id, state) VALUES (:c, :s) "
         "ON CONFLICT (competition_id) DO UPDATE SET state = excluded.state",
      soci::use(c), soci::use(s);
}

std::vector<MedalRow> TalentRepository::contribution_medals(soci::session& sql) {
  std::vector<MedalRow> out;
  long long id = 0, votes = 0, at = 0, member = 0;
  long long paper_min = kPaperVotes.bronze, paper_min2 = kPaperVotes.bronze, topic_min = kTopicVotes.bronze;
  auto add = [&](const char* source, TalentCategory c, Medal m) {
    if (m == Medal::none || member <= 0) return;
    MedalRow r;
    r.member_id = member, r.source = source, r.source_id = id, r.category = c, r.medal = m, r.awarded_at = at;
    r.key = decay_key(contribution_points(m), at);
    out.push_back(r);
  };
  {
    // A paper's medal goes to whoever submitted it and to the members who confirmed they wrote it.
    soci::statement st = (sql.prepare << "SELECT p.id, p.votes, p.created_at, p.submitter_id FROM papers p WHERE p.votes >= :v "
                                         "UNION SELECT p.id, p.votes, p.created_at, a.member_id FROM papers p JOIN paper_authors a "
                                         "ON a.paper_id = p.id WHERE p.votes >= :v2 AND a.member_id IS NOT NULL AND a.confirmed_at > 0",
                          soci::use(paper_min), soci::use(paper_min2),
                          soci::into(id), soci::into(votes), soci::into(at), soci::into(member));
    st.execute();
    while (st.fetch()) add("paper", TalentCategory::research, medal_for_votes(kPaperVotes, votes));
  }
  {
    soci::statement st = (sql.prepare << "SELECT id, votes, created_at, author_id FROM topics WHERE votes >= :v AND hidden_at = 0 "
                                         "AND merged_into = 0",
                          soci::use(topic_min), soci::into(id), soci::into(votes), soci::into(at),
                          soci::into(member));
    st.execute();
    while (st.fetch()) add("topic", TalentCategory::research, medal_for_votes(kTopicVotes, votes));
  }
  {
    // A talk in a published programme (placed in time; breaks are not talks), to each member who gives it.
    soci::statement st = (sql.prepare << "SELECT t.id, t.starts_at, s.member_id FROM talks t JOIN events e ON e.id = t.event_id "
                                         "JOIN talk_speakers ts ON ts.talk_id = t.id JOIN event_speakers s ON s.id = ts.speaker_id "
                                         "WHERE e.status = 'published' AND t.kind <> 'break' AND t.starts_at > 0 AND s.member_id > 0",
                          soci::into(id), soci::into(at), soci::into(member));
    st.execute();
    while (st.fetch()) add("talk", TalentCategory::community, kTalkMedal);
  }
  {
    // The chair and the editors of a working group when one of its standards is published.
    soci::indicator ind = soci::i_ok;
    soci::statement st =
        (sql.prepare << "SELECT s.id, (SELECT MAX(x.created_at) FROM standard_transitions x WHERE x.standard_id = s.id "
                        "AND x.to_status = 'published'), w.member_id FROM standards s JOIN working_group_members w "
                        "ON w.group_id = s.group_id WHERE s.status IN ('published', 'amended') AND w.role IN ('chair', 'editor') "
                        "AND w.state = 'active'",
         soci::into(id), soci::into(at, ind), soci::into(member));
    st.execute();
    while (st.fetch()) {
      if (ind != soci::i_ok) continue;
      add("standard", TalentCategory::community, kStandardEditorMedal);
    }
  }
  return out;
}

void TalentRepository::replace_contribution_medals(soci::session& sql, const std::vector<MedalRow>& medals) {
  sql << "DELETE FROM talent_medals WHERE source <> 'competition'";
  insert_medals(dialect(), sql, medals);
}

std::map<std::int64_t, std::int64_t> TalentRepository::contribution_entries(soci::session& sql, TalentCategory c,
                                                                           std::int64_t only_member) {
  std::map<std::int64_t, std::int64_t> out;
  long long member = 0, n = 0;
  // (who, from-and-where): the member column is also the one a single member filters on.
  std::vector<std::pair<std::string, std::string>> queries;
  if (c == TalentCategory::research) {
    queries = {{"submitter_id", "papers WHERE 1 = 1"},
               {"author_id", "topics WHERE hidden_at = 0 AND merged_into = 0"}};
  } else if (c == TalentCategory::community) {
    queries = {{"s.member_id", "talks t JOIN events e ON e.id = t.event_id JOIN talk_speakers ts ON ts.talk_id = t.id "
                               "JOIN event_speakers s ON s.id = ts.speaker_id WHERE e.status = 'published' AND t.kind <> 'break' "
                               "AND t.starts_at > 0 AND s.member_id > 0"},
               {"member_id", "working_group_members WHERE role IN ('chair', 'editor') AND state = 'active'"}};
  }
  for (const auto& [who, from] : queries) {
    const std::string filter = only_member ? " AND " + who + " = " + std::to_string(only_member) : "";
    soci::statement st = (sql.prepare << "SELECT " + who + ", COUNT(*) FROM " + from + filter + " GROUP BY " + who, soci::into(member),
                          soci::into(n));
    st.execute();
    while (st.fetch()) out[member] += n;
  }
  return out;
}

std::int64_t TalentRepository::member_entries(soci::session& sql, std::int64_t member_id, TalentCategory c) {
  auto m = contribution_entries(sql, c, member_id);
  auto it = m.find(member_id);
  return it == m.end() ? 0 : it->second;
}

std::unordered_map<std::int64_t, MemberTally> TalentRepository::tallies(soci::session& sql) {
  std::unordered_map<std::int64_t, MemberTally> out;
  {
    std::vector<long long> member(kBatch), n(kBatch);
    std::vector<double> key(kBatch);
    soci::statement st = (sql.prepare << "SELECT member_id, SUM(score_key), COUNT(*) FROM talent_results GROUP BY member_id",
                          soci::into(member), soci::into(key), soci::into(n));
    st.execute();
    while (st.fetch()) {
      for (std::size_t i = 0; i < member.size(); ++i) {
        auto& t = out[member[i]];
        t.key[0] += key[i];
        t.counts[0].entries += n[i];
      }
      for (auto* v : {&member, &n}) v->resize(kBatch);
      key.resize(kBatch);
    }
  }
  long long member = 0, solo = 0, n = 0;
  double key = 0;
  std::string category, medal;
  soci::statement st = (sql.prepare << "SELECT member_id, category, medal, solo, COUNT(*), SUM(score_key) FROM talent_medals "
                                       "GROUP BY member_id, category, medal, solo",
                        soci::into(member), soci::into(category), soci::into(medal), soci::into(solo), soci::into(n), soci::into(key));
  st.execute();
  while (st.fetch()) {
    const auto c = parse_category(category);
    const auto m = parse_medal(medal);
    if (!c || !m) continue;
    auto& t = out[member];
    const int i = static_cast<int>(*c);
    t.key[i] += key;
    auto& counts = t.counts[i];
    (*m == Medal::gold ? counts.gold : *m == Medal::silver ? counts.silver : counts.bronze) += n;
    if (*m == Medal::gold && solo) counts.solo_gold += n;
  }
  return out;
}

std::vector<TalentRepository::Place> TalentRepository::places(soci::session& sql) {
  std::vector<Place> out;
  std::vector<long long> id(kBatch), org(kBatch);
  std::vector<std::string> country(kBatch);
  std::vector<soci::indicator> org_ind(kBatch);
  soci::statement st = (sql.prepare << "SELECT id, country, organization_id FROM members WHERE deleted_at = 0 AND suspended_at = 0 "
                                       "ORDER BY id",
                        soci::into(id), soci::into(country), soci::into(org, org_ind));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < id.size(); ++i) out.push_back({id[i], country[i], org_ind[i] == soci::i_ok ? org[i] : 0});
    for (auto* v : {&id, &org}) v->resize(kBatch);
    country.resize(kBatch);
    org_ind.resize(kBatch);
  }
  return out;
}

std::unordered_map<std::int64_t, std::int64_t> TalentRepository::overall_ranks(soci::session& sql) {
  std::unordered_map<std::int64_t, std::int64_t> out;
  std::vector<long long> member(kBatch), rank(kBatch);
  soci::statement st = (sql.prepare << "SELECT member_id, world_rank FROM talent_ranks WHERE category = 'overall'", soci::into(member),
                        soci::into(rank));
  st.execute();
  while (st.fetch()) {
    for (std::size_t i = 0; i < member.size(); ++i) out[member[i]] = rank[i];
    member.resize(kBatch);
    rank.resize(kBatch);
  }
  return out;
}

void TalentRepository::clear_ranks(soci::session& sql) {
  empty_table(sql, "talent_ranks");
  sql << "DELETE FROM talent_scopes";
}

void TalentRepository::write_ranks(soci::session& sql, const std::string& category, const std::vector<Standing>& ranked) {
  std::string c = category;
  // By member id: the primary key (category, member) then grows at its end.
  std::vector<const Standing*> s(ranked.size());
  for (std::size_t i = 0; i < ranked.size(); ++i) s[i] = &ranked[i];
  std::sort(s.begin(), s.end(), [](const Standing* a, const Standing* b) { return a->member_id < b->member_id; });
  {
    std::vector<std::string> cat, country;
    std::vector<long long> member, org, tier, world, in_country, in_org;
    std::vector<double> key;
    in_batches(
        s.size(),
        [&](std::size_t from, std::size_t to) {
          for (auto* v : {&member, &org, &tier, &world, &in_country, &in_org}) v->clear();
          cat.clear(), country.clear(), key.clear();
          for (std::size_t i = from; i < to; ++i) {
            cat.push_back(c), member.push_back(s[i]->member_id), key.push_back(s[i]->key), country.push_back(s[i]->country);
            org.push_back(s[i]->organization_id), tier.push_back(s[i]->tier), world.push_back(s[i]->world_rank);
            in_country.push_back(s[i]->country_rank), in_org.push_back(s[i]->organization_rank);
          }
        },
        [&] {
          insert_columns(dialect(), sql,
                         "INSERT INTO talent_ranks (category, member_id, score_key, country, organization_id, tier, world_rank, "
                         "country_rank, organization_rank) VALUES (:c, :m, :k, :co, :o, :t, :w, :cr, :or)",
                         cat, member, key, country, org, tier, world, in_country, in_org);
        });
  }
  std::map<std::string, long long> sizes;
  sizes["world"] = static_cast<long long>(s.size());
  for (const auto* x : s) {
    ++sizes["country:" + x->country];
    if (x->organization_id) ++sizes["organization:" + std::to_string(x->organization_id)];
  }
  std::string scope;
  long long n = 0;
  soci::statement st = (sql.prepare << "INSERT INTO talent_scopes (category, scope, members) VALUES (:c, :s, :n)", soci::use(c),
                        soci::use(scope), soci::use(n));
  for (const auto& [k, v] : sizes) {
    scope = k;
    n = v;
    st.execute(true);
  }
}

void TalentRepository::write_history(soci::session& sql, std::int64_t day, const std::vector<Standing>& overall,
                                     const std::unordered_map<std::int64_t, std::int64_t>& before) {
  std::vector<long long> member, days, rank;
  std::vector<double> key;
  std::vector<const Standing*> changed;
  for (const auto& s : overall) {
    auto it = before.find(s.member_id);
    if (it == before.end() || it->second != s.world_rank) changed.push_back(&s);
  }
  in_batches(
      changed.size(),
      [&](std::size_t from, std::size_t to) {
        member.clear(), days.clear(), rank.clear(), key.clear();
        for (std::size_t i = from; i < to; ++i) {
          member.push_back(changed[i]->member_id), days.push_back(day), rank.push_back(changed[i]->world_rank);
          key.push_back(changed[i]->key);
        }
      },
      [&] {
        insert_columns(dialect(), sql,
                       "INSERT INTO talent_rank_history (member_id, day, world_rank, score_key) VALUES (:m, :d, :r, :k) "
                       "ON CONFLICT (member_id, day) DO UPDATE SET world_rank = excluded.world_rank, score_key = excluded.score_key",
                       member, days, rank, key);
      });
}

void TalentRepository::record_run(soci::session& sql, const std::string& kind, std::int64_t started_at, double seconds,
                                  std::int64_t members) {
  std::string k = kind;
  long long at = started_at, n = members;
  sql << "INSERT INTO talent_runs (kind, started_at, seconds, members) VALUES (:k, :a, :s, :n)", soci::use(k), soci::use(at),
      soci::use(seconds), soci::use(n);
}

std::int64_t TalentRepository::last_run_at(soci::session& sql, const std::string& kind) {
  long long at = 0;
  soci::indicator ind = soci::i_ok;
  std::string k = kind;
  sql << "SELECT MAX(started_at) FROM talent_runs WHERE kind = :k", soci::use(k), soci::into(at, ind);
  return ind == soci::i_ok ? at : 0;
}

std::int64_t TalentRepository::organization_id(soci::session& sql, const std::string& slug) {
  long long id = 0;
  std::string s = slug;
  sql << "SELECT id FROM organizations WHERE slug = :s", soci::use(s), soci::into(id);
  return sql.got_data() ? id : 0;
}

std::int64_t TalentRepository::scope_size(soci::session& sql, const std::string& category, const std::string& scope) {
  long long n = 0;
  std::string c = category, s = scope;
  sql << "SELECT members FROM talent_scopes WHERE category = :c AND scope = :s", soci::use(c), soci::use(s), soci::into(n);
  return sql.got_data() ? n : 0;
}

std::vector<RankingEntry> TalentRepository::ranking_page(soci::session& sql, const std::string& category, const std::string& country,
                                                         std::int64_t organization_id, std::int64_t after_rank,
                                                         std::int64_t after_member, int limit) {
  // Each scope reads its own index: (category, [country | organization,] rank, member).
  // The country (two capital letters) and the organization (an id) are written into the
  // query so that the planner sees which index applies.
  if (!country.empty() && (country.size() != 2 || !std::all_of(country.begin(), country.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; })))
    return {};
  const std::string rank = !country.empty() ? "r.country_rank" : organization_id ? "r.organization_rank" : "r.world_rank";
  std::string where = "r.category = :c";
  if (!country.empty()) where += " AND r.country = '" + country + "'";
  if (organization_id) where += " AND r.organization_id = " + std::to_string(organization_id);
  std::string c = category;
  long long ar = after_rank, am = after_member, lim = limit;
  std::vector<RankingEntry> out;
  RankingEntry e;
  long long r = 0, member = 0, tier = 0;
  double key = 0;
  soci::indicator slug_ind = soci::i_ok, name_ind = soci::i_ok;
  std::string slug, name;
  soci::statement st =
      (sql.prepare << "SELECT " + rank + ", r.member_id, m.handle, m.display_name, m.country, o.slug, o.name, m.avatar_blob, "
                      "r.score_key, r.tier FROM talent_ranks r JOIN members m ON m.id = r.member_id "
                      "LEFT JOIN organizations o ON o.id = m.organization_id WHERE " + where + " AND (" + rank +
                      ", r.member_id) > (:ar, :am) ORDER BY " + rank + ", r.member_id LIMIT :l",
       soci::use(c), soci::use(ar), soci::use(am), soci::use(lim), soci::into(r), soci::into(member), soci::into(e.handle),
       soci::into(e.display_name), soci::into(e.country), soci::into(slug, slug_ind), soci::into(name, name_ind),
       soci::into(e.avatar_blob), soci::into(key), soci::into(tier));
  st.execute();
  while (st.fetch()) {
    e.rank = r;
    e.member_id = member;
    e.organization_slug = slug_ind == soci::i_ok ? slug : "";
    e.organization_name = name_ind == soci::i_ok ? name : "";
    e.points = key;  // the service turns keys into points now
    e.tier = static_cast<Tier>(std::clamp<long long>(tier, 0, 4));
    out.push_back(e);
  }
  return out;
}

void TalentRepository::fill_medal_counts(soci::session& sql, const std::string& category, std::vector<RankingEntry>& entries) {
  if (entries.empty()) return;
  std::map<std::int64_t, std::size_t> at;
  std::string ids;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    at[entries[i].member_id] = i;
    ids += (ids.empty() ? "" : ",") + std::to_string(entries[i].member_id);  // integers we read
  }
  std::string c = category;
  long long member = 0, n = 0;
  std::string medal;
  soci::statement st = (sql.prepare << "SELECT member_id, medal, COUNT(*) FROM talent_medals WHERE member_id IN (" + ids + ")" +
                                           (category == "overall" ? std::string(" AND category <> :c") : " AND category = :c") +
                                           " GROUP BY member_id, medal",
                        soci::use(c), soci::into(member), soci::into(medal), soci::into(n));
  st.execute();
  while (st.fetch()) {
    auto& e = entries[at[member]];
    (medal == "gold" ? e.gold : medal == "silver" ? e.silver : e.bronze) += n;
  }
}

bool TalentRepository::member_rank(soci::session& sql, const std::string& category, std::int64_t member_id, std::int64_t& rank,
                                   int& tier, double& key) {
  std::string c = category;
  long long m = member_id, r = 0, t = 0;
  sql << "SELECT world_rank, tier, score_key FROM talent_ranks WHERE category = :c AND member_id = :m", soci::use(c), soci::use(m),
      soci::into(r), soci::into(t), soci::into(key);
  if (!sql.got_data()) return false;
  rank = r;
  tier = static_cast<int>(t);
  return true;
}

std::vector<TalkRecord> TalentRepository::member_talks(soci::session& sql, std::int64_t member_id) {
  std::vector<TalkRecord> out;
  TalkRecord t;
  long long member = member_id, id = 0, at = 0;
  // The talks that count as contributions: in a published programme, placed in time.
  soci::statement st = (sql.prepare << "SELECT t.id, e.slug, e.title_en, e.title_zh, t.title_en, t.title_zh, t.starts_at FROM talks t "
                                       "JOIN events e ON e.id = t.event_id JOIN talk_speakers ts ON ts.talk_id = t.id "
                                       "JOIN event_speakers s ON s.id = ts.speaker_id WHERE s.member_id = :m AND e.status = 'published' "
                                       "AND t.kind <> 'break' AND t.starts_at > 0 ORDER BY t.starts_at DESC LIMIT 100",
                        soci::use(member), soci::into(id), soci::into(t.event_slug), soci::into(t.event_title_en), soci::into(t.event_title_zh),
                        soci::into(t.title_en), soci::into(t.title_zh), soci::into(at));
  st.execute();
  while (st.fetch()) {
    t.id = id;
    t.starts_at = at;
    out.push_back(t);
  }
  return out;
}

std::vector<StandardsRole> TalentRepository::member_roles(soci::session& sql, std::int64_t member_id) {
  std::vector<StandardsRole> out;
  StandardsRole r;
  long long member = member_id, since = 0;
  soci::statement st = (sql.prepare << "SELECT g.slug, g.name_en, g.name_zh, w.role, w.since FROM working_group_members w "
                                       "JOIN working_groups g ON g.id = w.group_id WHERE w.member_id = :m AND w.state = 'active' ORDER BY w.since",
                        soci::use(member), soci::into(r.group_slug), soci::into(r.group_name_en), soci::into(r.group_name_zh), soci::into(r.role),
                        soci::into(since));
  st.execute();
  while (st.fetch()) {
    r.since = since;
    out.push_back(r);
  }
  return out;
}

std::vector<MedalRecord> TalentRepository::member_medals(soci::session& sql, std::int64_t member_id) {
  std::vector<MedalRecord> out;
  long long m = member_id, id = 0, solo = 0, at = 0, rank = 0, teams = 0;
  std::string medal, category, source, title_en, title_zh, key, team;
  soci::indicator i1, i2, i3, i4, i5, i6;
  // One row per medal, with its source's titles and what its URL needs.
  soci::statement st =
      (sql.prepare << "SELECT d.medal, d.category, d.source, d.source_id, d.solo, d.awarded_at, "
                      "COALESCE(c.title_en, p.title_en, t.title, k.title_en, s.title_en), "
                      "COALESCE(c.title_zh, p.title_zh, t.title, k.title_zh, s.title_zh), COALESCE(c.slug, e.slug), "
                      "r.rank, r.teams, r.team_name FROM talent_medals d "
                      "LEFT JOIN competitions c ON d.source = 'competition' AND c.id = d.source_id "
                      "LEFT JOIN talent_results r ON d.source = 'competition' AND r.competition_id = d.source_id AND r.member_id = d.member_id "
                      "LEFT JOIN papers p ON d.source = 'paper' AND p.id = d.source_id "
                      "LEFT JOIN topics t ON d.source = 'topic' AND t.id = d.source_id "
                      "LEFT JOIN talks k ON d.source = 'talk' AND k.id = d.source_id "
                      "LEFT JOIN events e ON e.id = k.event_id "
                      "LEFT JOIN standards s ON d.source = 'standard' AND s.id = d.source_id "
                      "WHERE d.member_id = :m ORDER BY d.awarded_at DESC, d.source, d.source_id",
       soci::use(m), soci::into(medal), soci::into(category), soci::into(source), soci::into(id), soci::into(solo), soci::into(at),
       soci::into(title_en, i1), soci::into(title_zh, i2), soci::into(key, i3), soci::into(rank, i4), soci::into(teams, i5),
       soci::into(team, i6));
  st.execute();
  while (st.fetch()) {
    MedalRecord r;
    r.medal = parse_medal(medal).value_or(Medal::none);
    r.category = parse_category(category).value_or(TalentCategory::competitions);
    r.source = source;
    r.source_id = id;
    r.solo = solo != 0;
    r.awarded_at = at;
    r.title_en = i1 == soci::i_ok ? title_en : "";
    r.title_zh = i2 == soci::i_ok ? title_zh : "";
    const std::string slug = i3 == soci::i_ok ? key : "";
    if (source == "competition") r.url = "/competitions/" + slug;
    else if (source == "paper") r.url = "/research/papers/" + std::to_string(id);
    else if (source == "topic") r.url = "/discussions/t/" + std::to_string(id);
    else if (source == "talk") r.url = "/events/" + slug + "/talks/" + std::to_string(id);
    else if (source == "standard") r.url = "/standards/" + std::to_string(id);
    r.rank = i4 == soci::i_ok ? rank : 0;
    r.teams = i5 == soci::i_ok ? teams : 0;
    r.team_name = i6 == soci::i_ok ? team : "";
    out.push_back(r);
  }
  return out;
}

std::vector<ResultRecord> TalentRepository::member_results(soci::session& sql, std::int64_t member_id, std::int64_t now) {
  std::vector<ResultRecord> out;
  ResultRecord r;
  long long m = member_id, id = 0, rank = 0, teams = 0, size = 0, deadline = 0;
  std::string medal;
  double key = 0;
  soci::statement st = (sql.prepare << "SELECT r.competition_id, c.slug, c.title_en, c.title_zh, r.team_name, r.rank, r.teams, "
                                       "r.team_size, r.medal, r.score_key, r.deadline FROM talent_results r "
                                       "JOIN competitions c ON c.id = r.competition_id WHERE r.member_id = :m ORDER BY r.deadline DESC",
                        soci::use(m), soci::into(id), soci::into(r.slug), soci::into(r.title_en), soci::into(r.title_zh),
                        soci::into(r.team_name), soci::into(rank), soci::into(teams), soci::into(size), soci::into(medal),
                        soci::into(key), soci::into(deadline));
  st.execute();
  while (st.fetch()) {
    r.competition_id = id, r.rank = rank, r.teams = teams, r.team_size = size, r.deadline = deadline;
    r.medal = parse_medal(medal).value_or(Medal::none);
    r.points_now = points_now(key, now);
    out.push_back(r);
  }
  return out;
}

std::vector<RankPoint> TalentRepository::member_history(soci::session& sql, std::int64_t member_id) {
  std::vector<RankPoint> out;
  long long m = member_id, day = 0, rank = 0;
  soci::statement st = (sql.prepare << "SELECT day, world_rank FROM talent_rank_history WHERE member_id = :m ORDER BY day",
                        soci::use(m), soci::into(day), soci::into(rank));
  st.execute();
  while (st.fetch()) out.push_back({day, rank});
  return out;
}

std::vector<std::string> TalentRepository::hidden_sections(soci::session& sql, std::int64_t member_id) {
  long long m = member_id;
  std::string hidden;
  sql << "SELECT hidden FROM talent_profiles WHERE member_id = :m", soci::use(m), soci::into(hidden);
  std::vector<std::string> out;
  if (!sql.got_data()) return out;
  for (auto& s : split(hidden, ','))
    if (!s.empty()) out.push_back(s);
  return out;
}

void TalentRepository::set_hidden_sections(soci::session& sql, std::int64_t member_id, const std::string& hidden) {
  long long m = member_id;
  std::string h = hidden;
  sql << "INSERT INTO talent_profiles (member_id, hidden) VALUES (:m, :h) ON CONFLICT (member_id) DO UPDATE SET hidden = excluded.hidden",
      soci::use(m), soci::use(h);
}

}  // namespace aigc
