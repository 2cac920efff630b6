// Talent at community scale: N members and C finished medal-eligible competitions (team
// counts log-uniform from 10 to 2,000, teams of one to three drawn from all members), then
//   - a full recompute (`aigc talent recompute`): results, medals, tiers, ranks;
//   - an incremental refresh after one more competition's board is revealed;
//   - pages of 100 of the rankings: the world's first page, a deep page (by cursor), a
//     country's and an organization's, each read R times (p50 / p99).
//   talent_bench DB_URL MEMBERS COMPETITIONS [READS]
// The generated rows go straight into the tables (the services would take hours to play
// 10,000 competitions); what is timed is the service code a server runs.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>
#include <unordered_set>
#include <vector>

#include "core/clock.hpp"
#include "domain/talent/talent_service.hpp"
#include "store/bulk_insert.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

using namespace aigc;

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

const char* kCountries[] = {"CN", "CN", "CN", "US", "IN", "DE", "GB", "FR", "JP", "KR", "SG", "CA", "BR", "RU", "IT", "ES"};

void seed_members(Dialect dialect, soci::session& sql, long long n, long long orgs, std::mt19937_64& rng) {
  for (long long o = 1; o <= orgs; ++o) {
    std::string slug = "org-" + std::to_string(o), name = "Organization " + std::to_string(o);
    sql << "INSERT INTO organizations (id, slug, name, kind, country, created_at) VALUES (:i, :s, :n, 'company', 'CN', 0)", soci::use(o),
        soci::use(slug), soci::use(name);
  }
  // Members with an organization and members without one (NULL), one statement each.
  std::vector<long long> id[2], org[2], zero[2];
  std::vector<std::string> handle[2], email[2], country[2], empty[2];
  for (long long from = 1; from <= n; from += 5000) {
    for (int k = 0; k < 2; ++k) id[k].clear(), org[k].clear(), zero[k].clear(), handle[k].clear(), email[k].clear(), country[k].clear(), empty[k].clear();
    for (long long i = from; i < from + 5000 && i <= n; ++i) {
      const int k = rng() % 4 == 0 ? 1 : 0;
      id[k].push_back(i);
      handle[k].push_back("m" + std::to_string(i));
      email[k].push_back("m" + std::to_string(i) + "@bench.example.org");
      country[k].push_back(kCountries[rng() % std::size(kCountries)]);
      org[k].push_back(1 + static_cast<long long>(rng() % static_cast<unsigned long long>(orgs)));
      empty[k].push_back("");
      zero[k].push_back(0);
    }
    insert_columns(dialect, sql,
                   "INSERT INTO members (id, handle, handle_key, email, email_key, password_hash, display_name, country, created_at) "
                   "VALUES (:i, :h, :hk, :e, :ek, :p, :d, :c, :t)",
                   id[0], handle[0], handle[0], email[0], email[0], empty[0], handle[0], country[0], zero[0]);
    insert_columns(dialect, sql,
                   "INSERT INTO members (id, handle, handle_key, email, email_key, password_hash, display_name, country, "
                   "organization_id, created_at) VALUES (:i, :h, :hk, :e, :ek, :p, :d, :c, :o, :t)",
                   id[1], handle[1], handle[1], email[1], email[1], empty[1], handle[1], country[1], org[1], zero[1]);
  }
}

struct Counts {
  long long teams = 0, members = 0;
};

// One finished competition: its phase revealed, its teams and board.
Counts seed_competition(Dialect dialect, soci::session& sql, long long c, long long members, std::int64_t now, std::mt19937_64& rng, long long& next_team) {
  Counts out;
  const long long ends = now - static_cast<long long>(rng() % (3 * 365)) * 86400;
  std::string slug = "c" + std::to_string(c);
  sql << "INSERT INTO competitions (id, slug, title_en, visibility, organizer_id, created_at, updated_at, medals) "
         "VALUES (:i, :s, :t, 'published', 1, 0, 0, 1)",
      soci::use(c), soci::use(slug), soci::use(slug);
  const long long starts = ends - 60 * 86400LL, revealed = ends + 3600;  // bound by reference: variables, not temporaries
  sql << "INSERT INTO phases (id, competition_id, name, starts_at, ends_at, metric, revealed_at) VALUES (:i, :c, 'final', :s, :e, "
         "'accuracy', :r)",
      soci::use(c), soci::use(c), soci::use(starts), soci::use(ends), soci::use(revealed);
  const double u = std::uniform_real_distribution<double>(0, 1)(rng);
  // Teams of up to three distinct members: at most a third of the members can enter.
  const long long teams = std::min(members / 3, static_cast<long long>(std::exp(std::log(10.0) + u * (std::log(2000.0) - std::log(10.0)))));
  std::vector<long long> team_id, comp, t_member, t_team, t_comp, seq;
  std::vector<std::string> name, sub;
  std::vector<double> score;
  std::unordered_set<long long> taken;
  for (long long t = 0; t < teams; ++t) {
    const long long id = next_team++;
    team_id.push_back(id), comp.push_back(c), name.push_back("t" + std::to_string(id));
    const int size = rng() % 10 < 7 ? 1 : rng() % 3 < 2 ? 2 : 3;
    for (int k = 0; k < size; ++k) {
      long long m = 0;
      do m = 1 + static_cast<long long>(rng() % static_cast<unsigned long long>(members));
      while (!taken.insert(m).second);
      t_member.push_back(m), t_team.push_back(id), t_comp.push_back(c);
    }
    // Scores on a coarse grid, so ties happen as they do on real boards.
    score.push_back(std::round(std::uniform_real_distribution<double>(0.5, 0.99)(rng) * 1000) / 1000);
    sub.push_back("s" + std::to_string(id));
    seq.push_back(t);
  }
  std::vector<long long> zeros(team_id.size(), 0), ones(team_id.size(), 1), phase(team_id.size(), c), member_zeros(t_member.size(), 0);
  insert_columns(dialect, sql, "INSERT INTO teams (id, competition_id, name, name_key, created_at) VALUES (:i, :c, :n, :k, :a)", team_id,
                 comp, name, name, zeros);
  insert_columns(dialect, sql, "INSERT INTO team_members (team_id, competition_id, member_id, joined_at) VALUES (:t, :c, :m, :a)", t_team,
                 t_comp, t_member, member_zeros);
  insert_columns(dialect, sql,
                 "INSERT INTO leaderboard (phase_id, team_id, submission_id, score, rank_key, submitted_seq, submitted_at, "
                 "private_submission_id, private_score, private_rank_key, private_seq, entries, last_at) "
                 "VALUES (:p, :t, :s, :sc, :rk, :q, :a, :ps, :psc, :prk, :pq, :e, :l)",
                 phase, team_id, sub, score, score, seq, zeros, sub, score, score, seq, ones, zeros);
  out.teams = teams;
  out.members = static_cast<long long>(t_member.size());
  return out;
}

struct Timing {
  double p50 = 0, p99 = 0;
};

template <class F>
Timing time_reads(int n, F f) {
  std::vector<double> ms;
  for (int i = 0; i < n; ++i) {
    auto t = Clock::now();
    f();
    ms.push_back(seconds_since(t) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return {ms[ms.size() / 2], ms[std::min(ms.size() - 1, ms.size() * 99 / 100)]};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: talent_bench DB_URL MEMBERS COMPETITIONS [READS]\n");
    return 2;
  }
  const std::string url = argv[1];
  const long long members = std::stoll(argv[2]), competitions = std::stoll(argv[3]);
  const int reads = argc > 4 ? std::stoi(argv[4]) : 200;
  auto opened = Database::open(url, 4);
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().message.c_str());
    return 1;
  }
  auto& db = *opened.value();
  if (!migrate(db)) return 1;
  const std::int64_t now = now_utc();
  std::mt19937_64 rng(2017);

  auto t = Clock::now();
  Counts total;
  long long next_team = 1;
  long long existing = 0;
  db.with_session([&](soci::session& sql) {
    sql << "SELECT COUNT(*) FROM competitions", soci::into(existing);
    sql << "SELECT COALESCE(MAX(id), 0) + 1 FROM teams", soci::into(next_team);
    return 0;
  });
  // A database generated before (kept with KEEP=1 in bench/talent/run) is used as it is.
  if (existing == 0) db.write([&](soci::session& sql) {
    seed_members(db.dialect(), sql, members, 500, rng);
    for (long long c = 1; c <= competitions; ++c) {
      auto n = seed_competition(db.dialect(), sql, c, members, now, rng, next_team);
      total.teams += n.teams;
      total.members += n.members;
    }
  });
  if (existing == 0) db.with_session([&](soci::session& sql) {
    db.sync_id_sequence(sql, "members");
    db.sync_id_sequence(sql, "organizations");
    db.sync_id_sequence(sql, "competitions");
    db.sync_id_sequence(sql, "phases");
    db.sync_id_sequence(sql, "teams");
    if (db.dialect() == Dialect::postgresql) sql << "ANALYZE";
    return 0;
  });
  std::printf("generated %lld members, %lld competitions, %lld teams, %lld team places in %.1f s\n", members, competitions, total.teams,
              total.members, seconds_since(t));

  TalentService talent(db);
  auto full = talent.recompute_all(now);
  std::printf("| full recompute | %.1f s | %lld results, %lld medals, %lld members ranked |\n", full.seconds,
              static_cast<long long>(full.results), static_cast<long long>(full.medals), static_cast<long long>(full.ranked));

  // One more board becomes final: the refresh rebuilds it and re-materializes the ranks.
  db.write([&](soci::session& sql) { seed_competition(db.dialect(), sql, std::max(competitions, existing) + 1, members, now, rng, next_team); });
  auto inc = talent.refresh(now);
  std::printf("| refresh after one more final board | %.1f s | %lld results |\n", inc.seconds, static_cast<long long>(inc.results));

  auto page = [&](RankingQuery q) {
    auto r = talent.rankings(q, now);
    if (!r || r->entries.empty()) {
      std::fprintf(stderr, "empty ranking page\n");
      std::exit(1);
    }
  };
  RankingQuery world;
  world.limit = 100;
  RankingQuery deep = world;
  {
    // The cursor of a page half-way down the world ranking.
    long long rank = 0, member = 0;
    db.with_session([&](soci::session& sql) {
      long long half = full.ranked / 2;
      sql << "SELECT world_rank, member_id FROM talent_ranks WHERE category = 'overall' AND world_rank >= :h ORDER BY world_rank, member_id LIMIT 1",
          soci::use(half), soci::into(rank), soci::into(member);
      return 0;
    });
    deep.cursor = std::to_string(rank) + "." + std::to_string(member);
  }
  RankingQuery country = world;
  country.country = "DE";
  RankingQuery org = world;
  org.organization = "org-7";
  RankingQuery category = world;
  category.category = "competitions";
  category.country = "CN";
  for (auto& [label, q] : std::vector<std::pair<const char*, RankingQuery>>{
           {"world, first page", world}, {"world, page at the median", deep}, {"one country (DE)", country},
           {"one organization", org}, {"competitions in CN", category}}) {
    auto timing = time_reads(reads, [&] { page(q); });
    std::printf("| page of 100: %s | p50 %.2f ms | p99 %.2f ms |\n", label, timing.p50, timing.p99);
  }
  return 0;
}
