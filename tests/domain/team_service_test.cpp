// The rules of teams in-process, on SQLite and (unit_postgresql) PostgreSQL: merges within
// the submission limits, the team deadline, one team per member.
#include <gtest/gtest.h>

#include <filesystem>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "domain/competitions/submission_service.hpp"
#include "domain/competitions/team_service.hpp"
#include "domain/members/member_service.hpp"
#include "store/migrations.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace aigc {

class TeamServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("teams", 4);
    blobs = std::make_unique<BlobStore>((std::filesystem::temp_directory_path() / ("aigc-blobs-" + std::to_string(::getpid()))).string());
    competitions = std::make_unique<CompetitionService>(*db, *blobs);
    teams = std::make_unique<TeamService>(*db, *competitions);
    submissions = std::make_unique<SubmissionService>(*db, *blobs, *competitions);
    MemberService members(*db, 24);
    host = members.register_member({"host", "host@example.org", "a long enough password", "", "CN", "en"}, Role::organizer).value();
    for (const char* h : {"ana", "bob", "chen", "dara"})
      players.push_back(members.register_member({h, std::string(h) + "@example.org", "a long enough password", "", "CN", "en"}).value());
  }

  // A published challenge with one phase [starts, ends) (seconds from now) and its truth.
  void challenge(std::int64_t starts, std::int64_t ends, int total_limit) {
    CompetitionInput in;
    in.slug = "teams";
    in.title_en = "Teams";
    in.visibility = "published";
    ASSERT_TRUE(competitions->create(host, in));
    PhaseInput p;
    p.name = "dev";
    p.starts_at = now_utc() + starts;
    p.ends_at = now_utc() + ends;
    p.metric = "accuracy";
    p.daily_limit = 0;
    p.total_limit = total_limit;
    p.max_team_size = 3;
    ASSERT_TRUE(competitions->save_phase(host, "teams", p));
    ASSERT_TRUE(competitions->add_file(host, "teams", "truth", "dev", "truth.csv", "id,label\na,x\nb,y\n"));
  }

  void submit(const Member& m) {
    auto s = submissions->submit(m, "teams", {"dev", "p.csv", "", "id,label\na,x\nb,x\n"});
    ASSERT_TRUE(s) << s.error().message;
  }

  std::unique_ptr<Database> db;
  std::unique_ptr<BlobStore> blobs;
  std::unique_ptr<CompetitionService> competitions;
  std::unique_ptr<TeamService> teams;
  std::unique_ptr<SubmissionService> submissions;
  Member host;
  std::vector<Member> players;
};

TEST_F(TeamServiceTest, AMergeThatWouldExceedTheTotalLimitIsRefusedAndChangesNothing) {
  challenge(-3600, 86400, 3);
  auto a = teams->join(players[0], "teams").value();
  auto b = teams->join(players[1], "teams").value();
  submit(players[0]);
  submit(players[0]);
  submit(players[1]);
  submit(players[1]);
  ASSERT_TRUE(teams->request_merge(players[1], "teams", a.name));
  auto merged = teams->accept_merge(players[0], "teams", b.id);
  ASSERT_FALSE(merged);
  EXPECT_EQ(merged.error().code, ErrorCode::conflict);
  EXPECT_NE(merged.error().message.find("limit is 3"), std::string::npos) << merged.error().message;
  EXPECT_EQ(teams->participation(players[1], "teams")->team->id, b.id) << "still in their own team";
}

TEST_F(TeamServiceTest, WithinTheLimitsTheMergedTeamKeepsEverySubmission) {
  challenge(-3600, 86400, 5);
  auto a = teams->join(players[0], "teams").value();
  auto b = teams->join(players[1], "teams").value();
  submit(players[0]);
  submit(players[1]);
  ASSERT_TRUE(teams->request_merge(players[1], "teams", a.name));
  auto merged = teams->accept_merge(players[0], "teams", b.id);
  ASSERT_TRUE(merged) << merged.error().message;
  EXPECT_EQ(merged->members.size(), 2u);
  auto standing = submissions->standing(players[1], "teams", "dev");
  ASSERT_TRUE(standing);
  EXPECT_EQ(standing->counts.total, 2);
}

TEST_F(TeamServiceTest, TeamsAreFixedAfterTheDeadline) {
  challenge(-7200, -3600, 0);  // the only phase has ended
  auto a = teams->join(players[0], "teams").value();
  teams->join(players[1], "teams").value();
  auto invite = teams->invite(players[0], "teams", "bob");
  ASSERT_FALSE(invite);
  EXPECT_EQ(invite.error().key, "error.team_deadline");
  EXPECT_FALSE(teams->request_merge(players[1], "teams", a.name));
  EXPECT_FALSE(teams->rename(players[0], "teams", "new name"));
}

TEST_F(TeamServiceTest, AMemberIsInOneTeamHoweverOftenTheyJoin) {
  challenge(-3600, 86400, 0);
  auto first = teams->join(players[2], "teams").value();
  auto again = teams->join(players[2], "teams").value();
  EXPECT_EQ(first.id, again.id);
  auto a = teams->join(players[0], "teams").value();
  ASSERT_TRUE(teams->invite(players[0], "teams", "chen"));
  ASSERT_TRUE(teams->accept_invite(players[2], "teams", a.id));
  EXPECT_EQ(teams->participation(players[2], "teams")->team->id, a.id);
  EXPECT_FALSE(teams->accept_invite(players[2], "teams", a.id)) << "the invitation was used";
  auto left = teams->leave(players[2], "teams");
  ASSERT_TRUE(left);
  EXPECT_NE(left->id, a.id);
  EXPECT_EQ(teams->participation(players[0], "teams")->team->members.size(), 1u);
}

}  // namespace aigc
