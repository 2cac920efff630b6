// Talent on the backend AIGC_TEST_DB names: a final private board of a medal-eligible
// competition gives every team member the team's place, medal and points (ties share,
// baselines never take one); a board reopened takes them back; rankings page by cursor in
// the world, a country and an organization; tiers rise with medals; votes earn medals;
// hidden sections stay hidden from others.
#include <gtest/gtest.h>

#include <cmath>

#include "core/clock.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/members/member_seeder.hpp"
#include "domain/talent/talent_service.hpp"
#include "support/test_database.hpp"

namespace aigc {

class TalentTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("talent", 4);
    seed_members(*db, 40, 11);
    db->with_session([&](soci::session& sql) { people = MemberRepository().active_after(sql, 0, 40); });
  }

  // A competition whose last phase ended `days_ago` and whose private board is revealed:
  // teams[i] (member indexes into people) scored scores[i]; baseline: a team with no members.
  std::int64_t finished(const std::string& slug, const std::vector<std::vector<int>>& teams, const std::vector<double>& scores,
                        bool eligible = true, int days_ago = 10, bool with_baseline = false) {
    std::int64_t comp = 0, phase = 0;
    const long long ends = now - days_ago * 86400LL;
    db->write([&](soci::session& sql) {
      // Bound values live in variables: a one-shot statement runs after its temporaries are gone.
      long long c = 0, p = 0, organizer = people[0].id, created = ends - 90 * 86400LL, starts = ends - 30 * 86400LL,
                revealed = ends + 3600, medals = eligible ? 1 : 0;
      const std::string title = "Challenge " + slug, title_zh = "挑战 " + slug;
      sql << "INSERT INTO competitions (slug, title_en, title_zh, visibility, organizer_id, created_at, updated_at, medals) "
             "VALUES (:s, :t, :z, 'published', :o, :c, :u, :m) RETURNING id",
          soci::use(slug), soci::use(title), soci::use(title_zh), soci::use(organizer), soci::use(created), soci::use(ends),
          soci::use(medals), soci::into(c);
      sql << "INSERT INTO phases (competition_id, name, starts_at, ends_at, metric, revealed_at) VALUES (:c, 'final', :s, :e, 'accuracy', :r) "
             "RETURNING id",
          soci::use(c), soci::use(starts), soci::use(ends), soci::use(revealed), soci::into(p);
      auto add_team = [&](const std::string& name, double score, const std::vector<int>& members, bool baseline, long long seq) {
        long long t = 0, is_baseline = baseline ? 1 : 0;
        std::string key = name;
        sql << "INSERT INTO teams (competition_id, name, name_key, is_baseline, created_at) VALUES (:c, :n, :k, :b, :a) RETURNING id",
            soci::use(c), soci::use(name), soci::use(key), soci::use(is_baseline), soci::use(ends), soci::into(t);
        for (int m : members) {
          long long member = people[static_cast<std::size_t>(m)].id;
          sql << "INSERT INTO team_members (team_id, competition_id, member_id, joined_at) VALUES (:t, :c, :m, :a)", soci::use(t),
              soci::use(c), soci::use(member), soci::use(ends);
        }
        std::string sub = slug + "-" + name;
        sql << "INSERT INTO leaderboard (phase_id, team_id, submission_id, score, rank_key, submitted_seq, submitted_at, "
               "private_submission_id, private_score, private_rank_key, private_seq, entries, last_at) "
               "VALUES (:p, :t, :s, :sc, :rk, :q, :a, :ps, :psc, :prk, :pq, 1, :l)",
            soci::use(p), soci::use(t), soci::use(sub), soci::use(score), soci::use(score), soci::use(seq), soci::use(ends), soci::use(sub),
            soci::use(score), soci::use(score), soci::use(seq), soci::use(ends);
      };
      for (std::size_t i = 0; i < teams.size(); ++i) add_team("team" + std::to_string(i), scores[i], teams[i], false, static_cast<long long>(i));
      if (with_baseline) add_team("baseline", 2.0, {}, true, 999);
      comp = c;
      phase = p;
    });
    phases[slug] = phase;
    return comp;
  }

  std::int64_t count(const std::string& query) { return test::count(*db, query); }

  std::unique_ptr<Database> db;
  std::vector<Member> people;
  std::map<std::string, std::int64_t> phases;
  std::int64_t now = now_utc();
};

TEST_F(TalentTest, AFinalBoardGivesEveryTeamMemberThePlaceAndTheMedal) {
  // Ten teams: one gold, one silver, two bronze (10%, 20%, 40%). Teams 2 and 3 tie for 3rd.
  std::vector<std::vector<int>> teams = {{1, 2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}, {11}};
  finished("vision", teams, {0.99, 0.95, 0.90, 0.90, 0.85, 0.80, 0.70, 0.60, 0.50, 0.40}, true, 0, true);
  auto stats = TalentService(*db).refresh(now);
  EXPECT_EQ(stats.competitions, 1);
  EXPECT_EQ(stats.results, 11);  // every member of every ranked team; the baseline has none

  auto winner = TalentService(*db).achievements(nullptr, people[1].handle, now).value();
  ASSERT_EQ(winner.results.size(), 1u);
  EXPECT_EQ(winner.results[0].rank, 1);
  EXPECT_EQ(winner.results[0].teams, 10);  // the baseline is not a team that ranks
  EXPECT_EQ(winner.results[0].medal, Medal::gold);
  EXPECT_EQ(winner.results[0].team_size, 2);
  // Both members of the winning team hold the gold, and it was not won alone.
  auto partner = TalentService(*db).achievements(nullptr, people[2].handle, now).value();
  ASSERT_EQ(partner.medals.size(), 1u);
  EXPECT_EQ(partner.medals[0].medal, Medal::gold);
  EXPECT_FALSE(partner.medals[0].solo);
  EXPECT_EQ(partner.medals[0].url, "/competitions/vision");
  // Points: 100000 / sqrt(2) * 1 * log10(1 + log10(10)) on the deadline, a day at most later.
  EXPECT_NEAR(winner.points, 100000 / std::sqrt(2.0) * std::log10(2.0), 100000 / std::sqrt(2.0) * std::log10(2.0) * 0.003);

  // The tie for third shares the place and the bronze; fifth place takes nothing.
  auto third_a = TalentService(*db).achievements(nullptr, people[4].handle, now).value();
  auto third_b = TalentService(*db).achievements(nullptr, people[5].handle, now).value();
  EXPECT_EQ(third_a.results[0].rank, 3);
  EXPECT_EQ(third_b.results[0].rank, 3);
  EXPECT_EQ(third_a.results[0].medal, Medal::bronze);
  EXPECT_EQ(third_b.results[0].medal, Medal::bronze);
  auto fifth = TalentService(*db).achievements(nullptr, people[6].handle, now).value();
  EXPECT_EQ(fifth.results[0].rank, 5);
  EXPECT_EQ(fifth.results[0].medal, Medal::none);
  EXPECT_TRUE(fifth.medals.empty());
  EXPECT_EQ(fifth.categories[0].progress.tier, Tier::contributor);

  // A second refresh with nothing changed does nothing.
  EXPECT_EQ(TalentService(*db).refresh(now).competitions, 0);
}

TEST_F(TalentTest, OnlyEligibleFinalBoardsCountAndAReopenedBoardTakesItsMedalsBack) {
  finished("playground", {{1}, {2}, {3}}, {0.9, 0.8, 0.7}, false);
  TalentService(*db).refresh(now);
  EXPECT_EQ(count("SELECT COUNT(*) FROM talent_results"), 0);

  auto id = finished("speech", {{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}}, {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
  TalentService(*db).refresh(now);
  EXPECT_EQ(count("SELECT COUNT(*) FROM talent_results"), 10);
  EXPECT_EQ(count("SELECT COUNT(*) FROM talent_medals"), 4);
  // Solo winner: the gold is solo.
  EXPECT_EQ(count("SELECT COUNT(*) FROM talent_medals WHERE solo = 1 AND medal = 'gold'"), 1);

  // The organizer reopens the phase: its end moves past the reveal, the board is hidden again.
  db->write([&](soci::session& sql) {
    long long ends = now + 86400, c = id;
    sql << "UPDATE phases SET ends_at = :e WHERE competition_id = :c", soci::use(ends), soci::use(c);
  });
  TalentService(*db).refresh(now);
  EXPECT_EQ(count("SELECT COUNT(*) FROM talent_results"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM talent_medals"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM talent_ranks"), 0);
}

TEST_F(TalentTest, RankingsPageByCursorInTheWorldACountryAndAnOrganization) {
  std::vector<std::vector<int>> teams;
  std::vector<double> scores;
  for (int i = 1; i <= 30; ++i) teams.push_back({i}), scores.push_back(100 - i);
  finished("nlp", teams, scores);
  auto stats = TalentService(*db).recompute_all(now);
  EXPECT_EQ(stats.ranked, 30);

  TalentService talent(*db);
  RankingQuery q;
  q.limit = 12;
  std::vector<std::string> seen;
  std::int64_t last_rank = 0;
  double last_points = 1e18;
  for (int page = 0; page < 5; ++page) {
    auto r = talent.rankings(q, now);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->total, 30);
    for (const auto& e : r->entries) {
      seen.push_back(e.handle);
      EXPECT_GE(e.rank, last_rank);
      EXPECT_LE(e.points, last_points);
      last_rank = e.rank, last_points = e.points;
    }
    if (r->next_cursor.empty()) break;
    q.cursor = r->next_cursor;
  }
  ASSERT_EQ(seen.size(), 30u);
  EXPECT_EQ(seen[0], people[1].handle);
  EXPECT_EQ(std::set<std::string>(seen.begin(), seen.end()).size(), 30u);

  // Per country: ranks restart at 1 and count only that country's members.
  const std::string country = people[1].country;
  RankingQuery by_country;
  by_country.country = country;
  auto c = talent.rankings(by_country, now).value();
  ASSERT_FALSE(c.entries.empty());
  EXPECT_EQ(c.entries[0].rank, 1);
  EXPECT_EQ(c.entries[0].handle, people[1].handle);
  for (const auto& e : c.entries) EXPECT_EQ(e.country, country);
  EXPECT_EQ(c.total, static_cast<std::int64_t>(c.entries.size()));

  // Bad input names the field.
  RankingQuery bad;
  bad.category = "chess";
  bad.limit = 500;
  bad.cursor = "x";
  auto e = talent.rankings(bad, now);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().problems.size(), 3u);
  RankingQuery both;
  both.country = "CN";
  both.organization = "nobody";
  EXPECT_FALSE(talent.rankings(both, now));
}

TEST_F(TalentTest, TiersRiseWithMedalsAndTheRankHistoryIsKept) {
  // Member 1 wins bronze twice (third of ten) and becomes a competitions expert.
  std::vector<std::vector<int>> teams = {{20}, {21}, {1}, {22}, {23}, {24}, {25}, {26}, {27}, {28}};
  std::vector<double> scores = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
  finished("a", teams, scores, true, 40);
  TalentService(*db).refresh(now);
  auto one = TalentService(*db).achievements(nullptr, people[1].handle, now).value();
  EXPECT_EQ(one.categories[0].progress.tier, Tier::contributor);
  ASSERT_TRUE(one.categories[0].progress.next);
  EXPECT_EQ(*one.categories[0].progress.next, Tier::expert);
  finished("b", teams, scores, true, 20);
  TalentService(*db).refresh(now + 86400);
  auto two = TalentService(*db).achievements(nullptr, people[1].handle, now).value();
  EXPECT_EQ(two.categories[0].progress.tier, Tier::expert);
  EXPECT_EQ(two.best_tier, Tier::expert);
  EXPECT_EQ(two.categories[0].counts.bronze, 2);
  EXPECT_GT(two.points, one.points);
  EXPECT_EQ(two.world_rank, 3);
  ASSERT_FALSE(two.history.empty());
  EXPECT_EQ(two.history.back().rank, 3);
}

TEST_F(TalentTest, VotesOnTopicsEarnResearchMedals) {
  db->write([&](soci::session& sql) {
    long long author = people[5].id, at = now - 86400, last = now - 86400;
    sql << "INSERT INTO topics (category, field, author_id, title, lang, tags, votes, created_at, last_posted_at) "
           "VALUES ('general', '', :a, 'Data augmentation for small sets', 'en', '', 10, :c, :l)",
        soci::use(author), soci::use(at), soci::use(last);
  });
  TalentService(*db).refresh(now, true);
  auto a = TalentService(*db).achievements(nullptr, people[5].handle, now).value();
  ASSERT_EQ(a.medals.size(), 1u);
  EXPECT_EQ(a.medals[0].medal, Medal::gold);
  EXPECT_EQ(a.medals[0].source, "topic");
  EXPECT_EQ(a.medals[0].category, TalentCategory::research);
  EXPECT_EQ(a.categories[1].counts.entries, 1);
  EXPECT_EQ(a.categories[1].progress.tier, Tier::contributor);
  EXPECT_GT(a.categories[1].points, 0);
  auto page = TalentService(*db).rankings({.category = "research"}, now).value();
  ASSERT_EQ(page.entries.size(), 1u);
  EXPECT_EQ(page.entries[0].gold, 1);
}

TEST_F(TalentTest, HiddenSectionsAreHiddenFromOthersOnly) {
  finished("hide", {{1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10}}, {10, 9, 8, 7, 6, 5, 4, 3, 2, 1});
  TalentService(*db).refresh(now);
  TalentService talent(*db);
  ASSERT_TRUE(talent.set_hidden(people[1], {"medals", "results"}));
  EXPECT_FALSE(talent.set_hidden(people[1], {"passwords"}));
  auto others = talent.achievements(&people[2], people[1].handle, now).value();
  EXPECT_TRUE(others.medals.empty());
  EXPECT_TRUE(others.results.empty());
  EXPECT_TRUE(others.hidden.empty());  // which sections are hidden is the member's business
  auto own = talent.achievements(&people[1], people[1].handle, now).value();
  EXPECT_EQ(own.medals.size(), 1u);
  EXPECT_EQ(own.hidden.size(), 2u);
  EXPECT_FALSE(talent.achievements(nullptr, "no-such-member", now));
}

}  // namespace aigc

namespace aigc {

// The full recompute reads every board in three scans; the refresh reads board by board.
// Both must write the same rows: places with ties, baselines left out, every team member.
TEST_F(TalentTest, AFullRecomputeWritesWhatTheRefreshesWrote) {
  finished("speech", {{1, 2}, {3}, {4, 5, 6}, {7}, {8}}, {0.9, 0.8, 0.8, 0.7, 0.1}, true, 30, true);
  finished("vision", {{2}, {9, 10}, {11}, {1}}, {0.5, 0.6, 0.6, 0.2}, true, 5);
  finished("draft", {{12}, {13}}, {0.4, 0.3}, false, 2);
  TalentService(*db).refresh(now);
  const std::string rows =
      "SELECT competition_id || ':' || member_id || ':' || team_id || ':' || team_name || ':' || rank || ':' || teams || ':' || "
      "team_size || ':' || medal FROM talent_results ORDER BY competition_id, member_id";
  auto read = [&](const std::string& query) {
    std::vector<std::string> out;
    db->with_session([&](soci::session& sql) {
      std::string row;
      soci::statement st = (sql.prepare << query, soci::into(row));
      st.execute();
      while (st.fetch()) out.push_back(row);
    });
    return out;
  };
  const auto refreshed = read(rows);
  const auto ranks = read("SELECT category || ':' || member_id || ':' || world_rank || ':' || tier FROM talent_ranks ORDER BY category, member_id");
  ASSERT_EQ(refreshed.size(), 13u);
  const bool sqlite = db->dialect() == Dialect::sqlite;
  const std::string indexes = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND tbl_name LIKE 'talent_%'";
  const auto indexes_before = sqlite ? count(indexes) : 0;
  TalentService(*db).recompute_all(now);
  EXPECT_EQ(read(rows), refreshed);
  EXPECT_EQ(read("SELECT category || ':' || member_id || ':' || world_rank || ':' || tier FROM talent_ranks ORDER BY category, member_id"), ranks);
  // The tables were made anew on SQLite: their indexes are back.
  if (sqlite) {
    EXPECT_EQ(count(indexes), indexes_before);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM talent_results WHERE member_id = " + std::to_string(people[2].id)), 2);
}

}  // namespace aigc
