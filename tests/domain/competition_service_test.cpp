#include <gtest/gtest.h>

#include <filesystem>

#include "core/crypto.hpp"
#include "domain/competitions/competition_service.hpp"
#include "domain/members/member_service.hpp"
#include "store/migrations.hpp"
#include "domain/competitions/demo_challenge.hpp"
#include "domain/members/member_seeder.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace aigc {

class CompetitionServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("competitions", 4);
    blobs = std::make_unique<BlobStore>((std::filesystem::temp_directory_path() / ("aigc-blobs-" + std::to_string(::getpid()))).string());
    MemberService members(*db, 24);
    organizer = members.register_member({"host", "host@example.org", "a long enough password", "", "CN", "en"}, Role::organizer).value();
    other = members.register_member({"other-host", "o@example.org", "a long enough password", "", "CN", "en"}, Role::organizer).value();
    member = members.register_member({"player", "p@example.org", "a long enough password", "", "CN", "en"}).value();
  }
  CompetitionInput input(const std::string& slug, const std::string& visibility = "draft") {
    CompetitionInput in;
    in.slug = slug;
    in.title_en = "Keypoints 2026";
    in.title_zh = "人体关键点 2026";
    in.tags = "Vision, pose, vision";
    in.visibility = visibility;
    return in;
  }
  PhaseInput phase(const std::string& name, const std::string& metric = "coco_keypoints_map", const std::string& params = "{}") {
    PhaseInput p;
    p.name = name;
    p.starts_at = 1800000000;
    p.ends_at = 1800000000 + 86400 * 30;
    p.metric = metric;
    p.params_json = params;
    return p;
  }
  std::unique_ptr<Database> db;
  std::unique_ptr<BlobStore> blobs;
  Member organizer, other, member;
};

TEST_F(CompetitionServiceTest, OnlyOrganizersAndAdminsHost) {
  CompetitionService s(*db, *blobs);
  auto denied = s.create(member, input("nope"));
  ASSERT_FALSE(denied);
  EXPECT_EQ(denied.error().code, ErrorCode::forbidden);
  auto c = s.create(organizer, input("keypoints-2026"));
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->tags, (std::vector<std::string>{"vision", "pose"}));
  EXPECT_EQ(s.create(organizer, input("keypoints-2026")).error().code, ErrorCode::conflict);
  EXPECT_EQ(s.create(organizer, input("Not A Slug")).error().problems[0].field, "slug");
}

TEST_F(CompetitionServiceTest, DraftsAreVisibleOnlyToTheirOrganizerAndAdmins) {
  CompetitionService s(*db, *blobs);
  ASSERT_TRUE(s.create(organizer, input("secret")));
  EXPECT_TRUE(s.get(&organizer, "secret"));
  EXPECT_EQ(s.get(&member, "secret").error().code, ErrorCode::not_found);
  EXPECT_EQ(s.get(nullptr, "secret").error().code, ErrorCode::not_found);
  EXPECT_EQ(s.get(&other, "secret").error().code, ErrorCode::not_found);
  EXPECT_TRUE(s.list(nullptr).empty());
  EXPECT_EQ(s.list(&organizer).size(), 1u);
  auto published = input("secret", "published");
  ASSERT_TRUE(s.update(organizer, "secret", published));
  EXPECT_TRUE(s.get(nullptr, "secret"));
  EXPECT_EQ(s.update(other, "secret", published).error().code, ErrorCode::forbidden);
}

TEST_F(CompetitionServiceTest, PhasesTakeOnlyMetricsAndParametersTheEngineAccepts) {
  CompetitionService s(*db, *blobs);
  ASSERT_TRUE(s.create(organizer, input("phased")));
  auto bad_metric = s.save_phase(organizer, "phased", phase("dev", "auc"));
  ASSERT_FALSE(bad_metric);
  EXPECT_EQ(bad_metric.error().problems[0].field, "metric");
  auto bad_params = s.save_phase(organizer, "phased", phase("dev", "f1", R"({"avg": "macro"})"));
  ASSERT_FALSE(bad_params);
  EXPECT_EQ(bad_params.error().problems[0].field, "params");
  auto window = phase("dev", "f1");
  window.ends_at = window.starts_at;
  EXPECT_EQ(s.save_phase(organizer, "phased", window).error().problems[0].field, "ends_at");
  auto ok = s.save_phase(organizer, "phased", phase("dev", "f1", R"({"average": "macro"})"));
  ASSERT_TRUE(ok) << ok.error().message;
  ASSERT_TRUE(s.save_phase(organizer, "phased", phase("final", "f1")));
  auto again = phase("dev", "f1", R"({"average": "weighted"})");
  again.daily_limit = 3;
  auto updated = s.save_phase(organizer, "phased", again);  // same name: updated in place
  ASSERT_TRUE(updated);
  ASSERT_EQ(updated->phases.size(), 2u);
  EXPECT_EQ(updated->phases[0].daily_limit, 3);
  EXPECT_NE(updated->phases[0].params_json.find("weighted"), std::string::npos);
  EXPECT_EQ(s.save_phase(member, "phased", phase("x", "f1")).error().code, ErrorCode::not_found);  // a draft, unseen
}

TEST_F(CompetitionServiceTest, TheTruthIsStoredButNeverHandedOut) {
  CompetitionService s(*db, *blobs);
  ASSERT_TRUE(s.create(organizer, input("data", "published")));
  ASSERT_TRUE(s.save_phase(organizer, "data", phase("dev", "accuracy")));
  auto train = s.add_file(organizer, "data", "public", "", "train.csv", "id,label\n1,a\n");
  ASSERT_TRUE(train) << train.error().message;
  EXPECT_EQ(train->blob, sha256_hex("id,label\n1,a\n"));
  ASSERT_TRUE(s.add_file(organizer, "data", "truth", "dev", "truth.csv", "id,label\n1,b\n"));
  EXPECT_EQ(s.public_file(&member, "data", "train.csv").value(), "id,label\n1,a\n");
  EXPECT_EQ(s.public_file(&organizer, "data", "truth.csv").error().code, ErrorCode::not_found);
  EXPECT_EQ(s.add_file(member, "data", "public", "", "x.csv", "x").error().code, ErrorCode::forbidden);
  EXPECT_EQ(s.add_file(organizer, "data", "truth", "final", "t.csv", "x").error().problems[0].field, "phase");
  EXPECT_EQ(s.add_file(organizer, "data", "public", "", "../etc/passwd", "x").error().problems[0].field, "file");
  // Replacing a file keeps one entry that points at the new bytes.
  ASSERT_TRUE(s.add_file(organizer, "data", "public", "", "train.csv", "id,label\n1,c\n"));
  EXPECT_EQ(s.public_file(nullptr, "data", "train.csv").value(), "id,label\n1,c\n");
  EXPECT_EQ(s.get(nullptr, "data")->files.size(), 2u);
}

}  // namespace aigc

namespace aigc {

TEST(DemoContent, SeededMembersHandlesMatchTheirNamesAndEntriesFallInTheirPhase) {
  auto db = test::fresh_migrated_database("demo");
  ASSERT_EQ(seed_members(*db, 50, 7), 50);
  db->with_session([&](soci::session& sql) {
    std::string handle, name;
    soci::statement st = (sql.prepare << "SELECT handle, display_name FROM members", soci::into(handle), soci::into(name));
    st.execute();
    int n = 0;
    while (st.fetch()) {
      auto given = name.substr(0, name.find(' '));
      for (auto& c : given) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      EXPECT_EQ(handle.rfind(given + "-", 0), 0u) << handle << " for " << name;
      ++n;
    }
    EXPECT_EQ(n, 50);
    return 0;
  });
  BlobStore blobs(test::test_blob_dir());
  MediaLibrary media(*db, blobs);
  std::vector<std::string> warnings;
  ASSERT_TRUE(seed_demo(*db, media, test::source_dir() + "/content/pages", "a long demo password", warnings));
  EXPECT_TRUE(warnings.empty()) << "every picture the demo pages use is there: " << (warnings.empty() ? "" : warnings[0]);
  ASSERT_TRUE(seed_demo_challenge(*db, blobs, "aigc-admin"));
  db->with_session([&](soci::session& sql) {
    int outside = 0, total = 0;
    sql << "SELECT COUNT(*) FROM submissions", soci::into(total);
    sql << "SELECT COUNT(*) FROM submissions s JOIN phases p ON p.id = s.phase_id "
           "WHERE s.created_at < p.starts_at OR s.created_at > p.ends_at",
        soci::into(outside);
    EXPECT_GT(total, 5);
    EXPECT_EQ(outside, 0) << "every seeded entry falls inside its phase's window";
    return 0;
  });
}

}  // namespace aigc
