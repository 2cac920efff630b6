#include "domain/talent/talent_service.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <set>

#include <spdlog/spdlog.h>

#include "core/countries.hpp"
#include "core/text.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/talent/learning_service.hpp"
#include "domain/talent/talent_repository.hpp"

namespace aigc {

namespace {

constexpr std::int64_t kContributionsEvery = 86400;
constexpr int kMaxRankingLimit = 100;
constexpr int kSqliteCacheKib = 1024 * 1024;

// Results and medals of one final board: every member of a team shares its place and medal.
void build_competition(const CompetitionFinal& f, const std::vector<TeamPlace>& places, std::vector<ResultRow>& results,
                       std::vector<MedalRow>& medals) {
  const auto teams = static_cast<std::int64_t>(places.size());
  for (const auto& p : places) {
    const Medal medal = competition_medal(p.rank, teams);
    const auto size = static_cast<std::int64_t>(p.members.size());
    const double points = competition_points(size, p.rank, teams, 0);
    for (auto member : p.members) {
      ResultRow r;
      r.competition_id = f.competition_id, r.member_id = member, r.team_id = p.team_id, r.team_name = p.name;
      r.rank = p.rank, r.teams = teams, r.team_size = size, r.medal = medal, r.points = points, r.deadline = f.deadline;
      r.key = decay_key(points, f.deadline);
      results.push_back(r);
      if (medal == Medal::none) continue;
      MedalRow m;
      m.member_id = member, m.source = "competition", m.source_id = f.competition_id, m.category = TalentCategory::competitions;
      m.medal = medal, m.solo = size == 1, m.awarded_at = f.revealed_at;
      medals.push_back(m);
    }
  }
}

std::optional<std::int64_t> parse_count(const std::string& s) {
  std::int64_t v = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size() || s.empty() || v < 0) return std::nullopt;
  return v;
}

// Keeps the members that may be ranked, with their country and organization (both lists
// sorted by member id: one merge).
void fill_places(const std::vector<TalentRepository::Place>& places, std::vector<Standing>& standings) {
  std::sort(standings.begin(), standings.end(), [](const Standing& a, const Standing& b) { return a.member_id < b.member_id; });
  std::size_t at = 0, kept = 0;
  for (std::size_t i = 0; i < standings.size(); ++i) {
    Standing& s = standings[i];
    while (at < places.size() && places[at].member_id < s.member_id) ++at;
    if (at == places.size() || places[at].member_id != s.member_id) continue;
    s.country = places[at].country;
    s.organization_id = places[at].organization_id;
    if (kept != i) standings[kept] = std::move(s);
    ++kept;
  }
  standings.resize(kept);
}

void add_tally(std::unordered_map<std::int64_t, MemberTally>& tallies, const ResultRow& r) {
  auto& t = tallies[r.member_id];
  t.key[0] += r.key;
  ++t.counts[0].entries;
}

void add_tally(std::unordered_map<std::int64_t, MemberTally>& tallies, const MedalRow& m) {
  auto& t = tallies[m.member_id];
  const int c = static_cast<int>(m.category);
  t.key[c] += m.key;
  auto& counts = t.counts[c];
  (m.medal == Medal::gold ? counts.gold : m.medal == Medal::silver ? counts.silver : counts.bronze) += 1;
  if (m.medal == Medal::gold && m.solo) ++counts.solo_gold;
}

std::string category_key(int c) { return c < 0 ? "overall" : std::string(category_name(static_cast<TalentCategory>(c))); }

}  // namespace

RecomputeStats TalentService::recompute_all(std::int64_t now) { return run(now, true, true); }

RecomputeStats TalentService::refresh(std::int64_t now, bool contributions) { return run(now, false, contributions); }

RecomputeStats TalentService::run(std::int64_t now, bool all, bool contributions) {
  const auto started = std::chrono::steady_clock::now();
  TalentRepository repo(db_.dialect() == Dialect::postgresql);
  RecomputeStats stats;
  double rebuild_seconds = 0, tally_seconds = 0, rank_seconds = 0;
  db_.write([&](soci::session& sql) {
    // One refresh at a time across servers: the others find nothing left to do.
    if (db_.dialect() == Dialect::postgresql) sql << "SELECT pg_advisory_xact_lock(7317001)";
    // Millions of index entries land in random order: with SQLite's default 2 MB page cache
    // the transaction spills to the WAL page by page (measured: 237 s for a full recompute
    // at a million members). A larger cache for this connection while it works: 1 GiB
    // halved the writing of 5.3M results against 256 MiB (36 s to 18 s); 2 GiB gained nothing.
    struct CacheSize {
      soci::session& sql;
      bool on;
      ~CacheSize() {
        if (on) sql << "PRAGMA cache_size = -2000";
      }
    } cache{sql, db_.dialect() == Dialect::sqlite};
    if (cache.on) sql << "PRAGMA cache_size = -" + std::to_string(kSqliteCacheKib);
    if (!contributions) contributions = now - repo.last_run_at(sql, "contributions") >= kContributionsEvery;
    bool changed = false;
    // A full recompute tallies what it writes as it goes; a refresh reads the tables back.
    std::unordered_map<std::int64_t, MemberTally> built;
    auto rebuild = [&] {
      const auto finals = repo.competition_finals(sql);
      auto every_board = all ? repo.all_final_places(sql, finals) : std::unordered_map<std::int64_t, std::vector<TeamPlace>>();
      for (const auto& f : finals) {
        if (!all && f.state == f.stored_state) continue;
        if (all && f.state.empty()) continue;
        std::vector<ResultRow> results;
        std::vector<MedalRow> medals;
        if (!f.state.empty())
          build_competition(f, all ? std::move(every_board[f.competition_id]) : repo.final_places(sql, f.competition_id, f.phase_id), results,
                            medals);
        repo.replace_competition(sql, f.competition_id, f.state, results, medals, all);
        if (all) {
          for (const auto& r : results) add_tally(built, r);
          for (const auto& m : medals) add_tally(built, m);
        }
        changed = true;
        stats.competitions += f.state.empty() ? 0 : 1;
        stats.results += static_cast<std::int64_t>(results.size());
        stats.medals += static_cast<std::int64_t>(medals.size());
      }
      if (contributions) {
        auto medals = repo.contribution_medals(sql);
        for (auto& m : medals) m.awarded_at = std::min(m.awarded_at, now), m.key = decay_key(contribution_points(m.medal), m.awarded_at);
        stats.medals += static_cast<std::int64_t>(medals.size());
        repo.replace_contribution_medals(sql, medals);
        if (all)
          for (const auto& m : medals) add_tally(built, m);
        repo.record_run(sql, "contributions", now, 0, static_cast<std::int64_t>(medals.size()));
        changed = true;
      }
    };
    if (all) {
      repo.without_indexes(sql, false, [&] {
        repo.clear_all(sql);
        rebuild();
      });
    } else {
      rebuild();
    }
    if (!changed) return;
    rebuild_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

    // Standings per category and overall, from what the results and medals tables hold.
    const auto tallies = all ? std::move(built) : repo.tallies(sql);
    std::map<std::int64_t, std::int64_t> entries[3];
    entries[1] = repo.contribution_entries(sql, TalentCategory::research);
    entries[2] = repo.contribution_entries(sql, TalentCategory::community);
    std::vector<Standing> by_category[4];  // overall, then the three categories
    for (const auto& [member, t] : tallies) {
      int best = 0;
      double total = 0;
      for (int c = 0; c < 3; ++c) {
        MedalCounts counts = t.counts[c];
        if (c > 0)
          if (auto it = entries[c].find(member); it != entries[c].end()) counts.entries = it->second;
        const int tier = static_cast<int>(tier_for(static_cast<TalentCategory>(c), counts));
        best = std::max(best, tier);
        total += t.key[c];
        if (t.key[c] > 0) by_category[c + 1].push_back({member, t.key[c], "", 0, tier});
      }
      if (total > 0) by_category[0].push_back({member, total, "", 0, best});
    }
    const auto places = repo.places(sql);
    const auto before = repo.overall_ranks(sql);
    tally_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count() - rebuild_seconds;
    for (int c = -1; c < 3; ++c) {
      fill_places(places, by_category[c + 1]);
      rank_standings(by_category[c + 1]);
    }
    repo.without_indexes(sql, true, [&] {
      repo.clear_ranks(sql);
      for (int c = -1; c < 3; ++c) repo.write_ranks(sql, category_key(c), by_category[c + 1]);
    });
    repo.write_history(sql, now / 86400 * 86400, by_category[0], before);
    // The planner's picture of the rewritten tables (a page read by cursor otherwise ran
    // as a scan: 18 ms at 20,000 members instead of an index range).
    if (db_.dialect() == Dialect::postgresql) sql << "ANALYZE talent_ranks, talent_results, talent_medals";
    stats.ranked = static_cast<std::int64_t>(by_category[0].size());
    stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    rank_seconds = stats.seconds - rebuild_seconds - tally_seconds;
    repo.record_run(sql, all ? "full" : "refresh", now, stats.seconds, stats.ranked);
  });
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  if (stats.ranked > 0)
    spdlog::info("talent {}: {} final board(s), {} result(s), {} medal(s) rebuilt in {:.1f} s; tallies {:.1f} s; {} members ranked in {:.1f} s; "
                 "{:.1f} s in all",
                 all ? "recompute" : "refresh", stats.competitions, stats.results, stats.medals, rebuild_seconds, tally_seconds, stats.ranked,
                 rank_seconds, stats.seconds);
  return stats;
}

Result<RankingPage> TalentService::rankings(const RankingQuery& q, std::int64_t now) {
  std::vector<Problem> problems;
  if (q.category != "overall" && !parse_category(q.category))
    problems.push_back({"category", "error.talent_category", "category must be overall, competitions, research or community",
                        {}, {{"value", q.category}}});
  if (!q.country.empty() && !is_country_code(q.country))
    problems.push_back({"country", "error.country", "country must be an ISO 3166-1 alpha-2 code such as CN or DE", {}, {{"value", q.country}}});
  if (!q.country.empty() && !q.organization.empty())
    problems.push_back({"organization", "error.talent_scope", "rank by a country or by an organization, not both"});
  if (q.limit < 1 || q.limit > kMaxRankingLimit)
    problems.push_back({"limit", "error.talent_limit", "limit must be between 1 and 100"});
  std::int64_t after_rank = 0, after_member = 0;
  if (!q.cursor.empty()) {
    auto parts = split(q.cursor, '.');
    auto r = parts.size() == 2 ? parse_count(parts[0]) : std::nullopt;
    auto m = parts.size() == 2 ? parse_count(parts[1]) : std::nullopt;
    if (!r || !m)
      problems.push_back({"cursor", "error.feed_cursor", "the cursor is the next_cursor of the previous page"});
    else
      after_rank = *r, after_member = *m;
  }
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  TalentRepository repo(db_.dialect() == Dialect::postgresql);
  return db_.with_session([&](soci::session& sql) -> Result<RankingPage> {
    RankingPage page;
    page.category = q.category, page.country = q.country, page.organization = q.organization;
    std::int64_t org = 0;
    std::string scope = "world";
    if (!q.organization.empty()) {
      org = repo.organization_id(sql, q.organization);
      if (!org)
        return Error::invalid("error.fix_fields", "please fix the marked fields",
                              {{"organization", "error.unknown_organization", "no organization " + q.organization, {}, {{"slug", q.organization}}}});
      scope = "organization:" + std::to_string(org);
    } else if (!q.country.empty()) {
      scope = "country:" + q.country;
    }
    page.total = repo.scope_size(sql, q.category, scope);
    page.computed_at = repo.last_run_at(sql, "full");
    page.computed_at = std::max(page.computed_at, repo.last_run_at(sql, "refresh"));
    page.entries = repo.ranking_page(sql, q.category, q.country, org, after_rank, after_member, q.limit + 1);
    if (static_cast<int>(page.entries.size()) > q.limit) {
      page.entries.pop_back();
      page.next_cursor = std::to_string(page.entries.back().rank) + "." + std::to_string(page.entries.back().member_id);
    }
    for (auto& e : page.entries) e.points = points_now(e.points, now);
    repo.fill_medal_counts(sql, q.category, page.entries);
    return page;
  });
}

Result<Achievements> TalentService::achievements(const Member* viewer, const std::string& handle, std::int64_t now) {
  TalentRepository repo(db_.dialect() == Dialect::postgresql);
  return db_.with_session([&](soci::session& sql) -> Result<Achievements> {
    auto m = MemberRepository().find_by_handle(sql, handle);
    if (!m || m->deleted()) return Error::make(ErrorCode::not_found, "error.member_not_found", "no member with handle '" + handle + "'");
    Achievements a;
    a.member_id = m->id;
    a.handle = m->handle;
    a.hidden = repo.hidden_sections(sql, m->id);
    const bool own = viewer && (viewer->id == m->id || viewer->role == Role::admin);
    auto hides = [&](const char* section) {
      return !own && std::find(a.hidden.begin(), a.hidden.end(), section) != a.hidden.end();
    };
    a.medals = repo.member_medals(sql, m->id);
    a.results = repo.member_results(sql, m->id, now);
    MedalCounts counts[3];
    for (const auto& md : a.medals) {
      auto& c = counts[static_cast<int>(md.category)];
      (md.medal == Medal::gold ? c.gold : md.medal == Medal::silver ? c.silver : c.bronze) += 1;
      if (md.medal == Medal::gold && md.solo) ++c.solo_gold;
    }
    counts[0].entries = static_cast<std::int64_t>(a.results.size());
    counts[1].entries = repo.member_entries(sql, m->id, TalentCategory::research);
    counts[2].entries = repo.member_entries(sql, m->id, TalentCategory::community);
    for (auto c : kTalentCategories) {
      CategoryStanding s;
      s.category = c;
      s.counts = counts[static_cast<int>(c)];
      s.progress = tier_progress(c, s.counts);
      std::int64_t rank = 0;
      int tier = 0;
      double key = 0;
      if (repo.member_rank(sql, std::string(category_name(c)), m->id, rank, tier, key)) {
        s.world_rank = rank;
        s.points = points_now(key, now);
      }
      s.ranked = repo.scope_size(sql, std::string(category_name(c)), "world");
      a.best_tier = std::max(a.best_tier, s.progress.tier);
      a.categories.push_back(s);
    }
    std::int64_t rank = 0;
    int tier = 0;
    double key = 0;
    if (repo.member_rank(sql, "overall", m->id, rank, tier, key)) {
      a.world_rank = rank;
      a.points = points_now(key, now);
    }
    a.ranked = repo.scope_size(sql, "overall", "world");
    a.history = repo.member_history(sql, m->id);
    if (hides("medals")) a.medals.clear();
    if (hides("results")) a.results.clear();
    if (hides("contributions"))
      a.medals.erase(std::remove_if(a.medals.begin(), a.medals.end(), [](const MedalRecord& r) { return r.source != "competition"; }),
                     a.medals.end());
    if (!hides("certificates")) a.certificates = LearningService::certificates_of(sql, m->id);
    if (!hides("contributions")) {
      a.talks = repo.member_talks(sql, m->id);
      a.roles = repo.member_roles(sql, m->id);
    }
    if (hides("history")) a.history.clear();
    if (!own) a.hidden.clear();
    return a;
  });
}

Result<void> TalentService::set_medal_eligible(const Member& actor, const std::string& slug, bool eligible) {
  if (actor.role != Role::admin)
    return Error::make(ErrorCode::forbidden, "error.medals_admin", "only admins decide which competitions award medals");
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    long long on = eligible ? 1 : 0, id = 0, playground = 0;
    std::string s = slug;
    sql << "SELECT id, playground FROM competitions WHERE slug = :s", soci::use(s), soci::into(id), soci::into(playground);
    if (!sql.got_data()) return Error::make(ErrorCode::not_found, "error.not_found", "no competition '" + slug + "'");
    if (playground && eligible)
      return Error::make(ErrorCode::conflict, "error.playground_medals", "a playground never awards medals: make it a regular competition first");
    sql << "UPDATE competitions SET medals = :m WHERE id = :i", soci::use(on), soci::use(id);
    return {};
  });
}

Result<void> TalentService::set_playground(const Member& actor, const std::string& slug, bool playground) {
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    long long on = playground ? 1 : 0, id = 0, organizer = 0;
    std::string s = slug;
    sql << "SELECT id, organizer_id FROM competitions WHERE slug = :s", soci::use(s), soci::into(id), soci::into(organizer);
    if (!sql.got_data()) return Error::make(ErrorCode::not_found, "error.not_found", "no competition '" + slug + "'");
    if (actor.role != Role::admin && actor.id != organizer)
      return Error::make(ErrorCode::forbidden, "error.forbidden", "only the competition's organizer and admins make it a playground");
    // A playground's results never count: it stops awarding medals at once.
    sql << "UPDATE competitions SET playground = :p, medals = CASE WHEN :q = 1 THEN 0 ELSE medals END WHERE id = :i", soci::use(on, "p"),
        soci::use(on, "q"), soci::use(id, "i");
    return {};
  });
}

bool TalentService::medal_eligible(const std::string& slug) {
  return db_.with_session([&](soci::session& sql) {
    long long on = 0;
    std::string s = slug;
    sql << "SELECT medals FROM competitions WHERE slug = :s", soci::use(s), soci::into(on);
    return sql.got_data() && on != 0;
  });
}

Result<void> TalentService::set_hidden(const Member& actor, const std::vector<std::string>& sections) {
  std::set<std::string> chosen;
  for (const auto& s : sections) {
    if (std::find(std::begin(kTalentSections), std::end(kTalentSections), s) == std::end(kTalentSections))
      return Error::invalid("error.fix_fields", "please fix the marked fields",
                            {{"hidden", "error.talent_section", "sections are medals, results, contributions, history and certificates", {}, {{"value", s}}}});
    chosen.insert(s);
  }
  std::string hidden;
  for (const auto& s : chosen) hidden += (hidden.empty() ? "" : ",") + s;
  TalentRepository repo(db_.dialect() == Dialect::postgresql);
  db_.write([&](soci::session& sql) { repo.set_hidden_sections(sql, actor.id, hidden); });
  return {};
}

}  // namespace aigc
