// Learning paths on the backend AIGC_TEST_DB names: an organizer builds a path from a page,
// a paper and a playground; a member enrols, passes reading steps by marking them and the
// playground step when a score reaches the target (in the metric's direction, even without
// looking again), and receives a certificate anyone can verify, shown on the profile unless
// hidden. Drafts stay private; changed steps take their passes back.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "domain/competitions/submission_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/members/member_seeder.hpp"
#include "domain/talent/learning_service.hpp"
#include "domain/talent/talent_service.hpp"
#include "support/test_database.hpp"

namespace aigc {

class LearningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("learning", 4);
    seed_members(*db, 12, 5);
    db->with_session([&](soci::session& sql) { people = MemberRepository().active_after(sql, 0, 12); });
    organizer = people[0];
    organizer.role = Role::organizer;
    db->write([&](soci::session& sql) {
      long long o = organizer.id, t = now;
      sql << "UPDATE members SET role = 'organizer' WHERE id = :i", soci::use(o);
      sql << "INSERT INTO pages (slug, lang, title, body_md, body_html, updated_at) VALUES ('cv-basics', 'en', 'CV basics', 'x', '<p>x</p>', :t)",
          soci::use(t);
      sql << "INSERT INTO papers (submitter_id, title_en, title_zh, abstract_en, abstract_zh, year, venue, arxiv_id, doi, code_url, data_url, "
             "project_url, fields, tags, created_at, updated_at) VALUES (:o, 'Residual nets, revisited', '', 'a', '', 2026, '', '', '', '', '', '', "
             "'', '', :t, :u) RETURNING id",
          soci::use(o), soci::use(t), soci::use(t), soci::into(paper);
    });
    digits = playground("digits", "accuracy");
    housing = playground("housing", "rmse");
  }

  // A published competition with an open 'practice' phase (ended yesterday: playgrounds
  // ignore the end), made a playground by its organizer.
  std::int64_t playground(const std::string& slug, const std::string& metric, bool make_playground = true) {
    long long c = 0, p = 0, o = organizer.id, starts = now - 30 * 86400LL, ends = now - 86400LL;
    db->write([&](soci::session& sql) {
      std::string title = "Playground " + slug;
      sql << "INSERT INTO competitions (slug, title_en, title_zh, visibility, organizer_id, created_at, updated_at) "
             "VALUES (:s, :t, '', 'published', :o, :c, :u) RETURNING id",
          soci::use(slug), soci::use(title), soci::use(o), soci::use(starts), soci::use(starts), soci::into(c);
      sql << "INSERT INTO phases (competition_id, name, starts_at, ends_at, metric) VALUES (:c, 'practice', :s, :e, :m) RETURNING id",
          soci::use(c), soci::use(starts), soci::use(ends), soci::use(metric), soci::into(p);
    });
    if (make_playground) {
      EXPECT_TRUE(TalentService(*db).set_playground(organizer, slug, true).ok());
    }
    phase_of[slug] = p;
    return c;
  }

  // A scored submission by `member` (alone in a team) to the playground's practice phase.
  void scored(const std::string& slug, const Member& member, double score) {
    db->write([&](soci::session& sql) {
      long long c = 0, team = 0, m = member.id, p = phase_of[slug], t = now, seq = ++submissions;
      sql << "SELECT id FROM competitions WHERE slug = :s", soci::use(slug), soci::into(c);
      sql << "SELECT team_id FROM team_members WHERE competition_id = :c AND member_id = :m", soci::use(c), soci::use(m), soci::into(team);
      if (!sql.got_data()) {  // a team of one, made on the first submission
        std::string name = member.handle;
        sql << "INSERT INTO teams (competition_id, name, name_key, leader_id, created_at) VALUES (:c, :n, :k, :l, :t) RETURNING id", soci::use(c),
            soci::use(name), soci::use(name), soci::use(m), soci::use(t), soci::into(team);
        sql << "INSERT INTO team_members (team_id, competition_id, member_id, joined_at) VALUES (:t, :c, :m, :a)", soci::use(team), soci::use(c),
            soci::use(m), soci::use(t);
      }
      std::string id = "sub-" + std::to_string(seq);
      sql << "INSERT INTO submissions (id, competition_id, phase_id, team_id, member_id, blob, size, filename, status, public_score, created_at) "
             "VALUES (:i, :c, :p, :t, :m, 'b', 1, 'pred.csv', 'scored', :s, :a)",
          soci::use(id), soci::use(c), soci::use(p), soci::use(team), soci::use(m), soci::use(score), soci::use(t);
    });
  }

  LearningPathInput path_input(double digits_target = 0.9) {
    LearningPathInput in;
    in.title_en = "Computer vision from scratch";
    in.title_zh = "从零开始学计算机视觉";
    in.summary_en = "Read, then practise.";
    in.published = true;
    in.steps = {{"page", "cv-basics", "", 0, "Read the basics", "阅读基础"},
                {"paper", std::to_string(paper), "", 0, "", ""},
                {"competition", "digits", "practice", digits_target, "Reach 90%", "准确率达到 90%"}};
    return in;
  }

  std::int64_t count(const std::string& query) { return test::count(*db, query); }

  std::unique_ptr<Database> db;
  std::vector<Member> people;
  Member organizer;
  long long paper = 0, submissions = 0;
  std::int64_t digits = 0, housing = 0;
  std::map<std::string, long long> phase_of;
  std::int64_t now = now_utc();
};

TEST_F(LearningTest, StepsParseFromLinesAndErrorsNameTheLine) {
  auto steps = LearningService::parse_steps("page cv-basics | Read | 阅读\n\npaper 12\ncompetition digits practice 0.85 | Reach | 达到\n");
  ASSERT_TRUE(steps.ok());
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ(steps.value()[0].title_zh, "阅读");
  EXPECT_EQ(steps.value()[2].phase, "practice");
  EXPECT_DOUBLE_EQ(steps.value()[2].target_score, 0.85);
  auto bad = LearningService::parse_steps("page a\nvideo x\ncompetition digits practice lots");
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().problems.size(), 2u);
  EXPECT_EQ(bad.error().problems[0].args.at("line"), "2");
  EXPECT_EQ(bad.error().problems[1].args.at("line"), "3");
  EXPECT_NE(bad.error().problems[1].message.find("number"), std::string::npos);
}

TEST_F(LearningTest, OnlyOrganizersBuildPathsAndEveryStepMustPointAtSomethingReal) {
  LearningService learning(*db);
  EXPECT_EQ(learning.save(people[3], "", path_input(), now).error().code, ErrorCode::forbidden);
  auto in = path_input();
  in.steps.push_back({"page", "no-such-page", "", 0, "", ""});
  in.steps.push_back({"competition", "digits", "final", 0.5, "", ""});
  auto r = learning.save(organizer, "", in, now);
  ASSERT_FALSE(r.ok());
  ASSERT_EQ(r.error().problems.size(), 2u);
  EXPECT_EQ(r.error().problems[0].args.at("step"), "4");
  EXPECT_EQ(r.error().problems[1].args.at("step"), "5");
  // A competition that is not a playground cannot be a step (it closes, and awards medals).
  playground("vision-cup", "accuracy", false);
  in = path_input();
  in.steps[2].target = "vision-cup";
  r = learning.save(organizer, "", in, now);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().problems[0].message.find("playground"), std::string::npos);
  EXPECT_EQ(count("SELECT COUNT(*) FROM learning_paths"), 0);  // nothing half-written
  auto ok = learning.save(organizer, "", path_input(), now);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->slug, "computer-vision-from-scratch");
  EXPECT_EQ(ok->steps[1].target_title, "Residual nets, revisited");
  EXPECT_EQ(learning.save(organizer, "", path_input(), now).error().code, ErrorCode::conflict);  // slug taken
}

TEST_F(LearningTest, AMemberPassesEveryStepAndReceivesAVerifiableCertificate) {
  LearningService learning(*db);
  auto path = learning.save(organizer, "", path_input(), now).value();
  const Member& learner = people[4];
  EXPECT_EQ(learning.mark_read(learner, path.slug, 1, now).error().key, "error.learning_enrol_first");
  auto p = learning.enrol(learner, path.slug, now).value();
  EXPECT_NE(p.enrolled_at, 0);
  p = learning.mark_read(learner, path.slug, 1, now).value();
  p = learning.mark_read(learner, path.slug, 2, now).value();
  EXPECT_NE(p.steps[0].passed_at, 0);
  EXPECT_NE(p.steps[1].passed_at, 0);
  EXPECT_EQ(p.steps[2].passed_at, 0);
  EXPECT_EQ(learning.mark_read(learner, path.slug, 3, now).error().key, "error.learning_by_score");
  // Below the target: nothing. Someone else's score does not count for the learner.
  scored("digits", learner, 0.7);
  scored("digits", people[5], 0.99);
  EXPECT_EQ(learning.advance(now), 0);
  EXPECT_TRUE(learning.get(&learner, path.slug, now)->certificate.empty());
  // The target reached, passed by the background round without the learner looking.
  scored("digits", learner, 0.92);
  EXPECT_EQ(learning.advance(now), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE kind = 'learning_completed'"), 1);
  p = learning.get(&learner, path.slug, now).value();
  EXPECT_NE(p.completed_at, 0);
  EXPECT_EQ(p.steps[2].evidence, "0.92");
  ASSERT_FALSE(p.certificate.empty());
  auto cert = learning.certificate(p.certificate);
  ASSERT_TRUE(cert.ok());
  EXPECT_EQ(cert->handle, learner.handle);
  EXPECT_EQ(cert->path_title_zh, "从零开始学计算机视觉");
  EXPECT_EQ(cert->steps, 3);
  EXPECT_EQ(learning.certificate(p.certificate + "x").error().code, ErrorCode::not_found);
  EXPECT_EQ(learning.certificate("").error().code, ErrorCode::not_found);

  // On the profile, unless the learner hides it from others.
  auto seen = TalentService(*db).achievements(nullptr, learner.handle, now).value();
  ASSERT_EQ(seen.certificates.size(), 1u);
  EXPECT_EQ(seen.certificates[0].code, p.certificate);
  ASSERT_TRUE(TalentService(*db).set_hidden(learner, {"certificates"}).ok());
  EXPECT_TRUE(TalentService(*db).achievements(nullptr, learner.handle, now)->certificates.empty());
  EXPECT_EQ(TalentService(*db).achievements(&learner, learner.handle, now)->certificates.size(), 1u);
}

TEST_F(LearningTest, TheTargetFollowsTheMetricsDirection) {
  LearningService learning(*db);
  auto in = path_input();
  in.steps = {{"competition", "housing", "practice", 0.3, "RMSE under 0.3", ""}};
  auto path = learning.save(organizer, "", in, now).value();
  EXPECT_FALSE(path.steps[0].higher_is_better);
  ASSERT_TRUE(learning.enrol(people[6], path.slug, now).ok());
  ASSERT_TRUE(learning.enrol(people[7], path.slug, now).ok());
  scored("housing", people[6], 0.35);  // an error above the target fails
  scored("housing", people[7], 0.25);
  EXPECT_EQ(learning.advance(now), 1);
  EXPECT_TRUE(learning.get(&people[6], path.slug, now)->certificate.empty());
  EXPECT_FALSE(learning.get(&people[7], path.slug, now)->certificate.empty());
  EXPECT_EQ(learning.certificates_of(people[7].id).size(), 1u);
}

TEST_F(LearningTest, ChangedStepsTakeTheirPassesBackButCertificatesStay) {
  LearningService learning(*db);
  auto path = learning.save(organizer, "", path_input(0.9), now).value();
  const Member& done = people[4];
  const Member& halfway = people[5];
  for (const auto* m : {&done, &halfway}) {
    ASSERT_TRUE(learning.enrol(*m, path.slug, now).ok());
    ASSERT_TRUE(learning.mark_read(*m, path.slug, 1, now).ok());
    ASSERT_TRUE(learning.mark_read(*m, path.slug, 2, now).ok());
  }
  scored("digits", done, 0.95);
  scored("digits", halfway, 0.92);
  learning.advance(now, done.id);  // only the first learner's round
  const auto code = learning.get(&done, path.slug, now)->certificate;
  ASSERT_FALSE(code.empty());
  // Raising the bar to 0.94: the halfway learner's 0.92 no longer passes; the reading steps stand.
  auto raised = learning.save(organizer, path.slug, path_input(0.94), now);
  ASSERT_TRUE(raised.ok());
  auto p = learning.get(&halfway, path.slug, now).value();
  EXPECT_NE(p.steps[0].passed_at, 0);
  EXPECT_EQ(p.steps[2].passed_at, 0);
  EXPECT_TRUE(p.certificate.empty());
  EXPECT_EQ(learning.get(&done, path.slug, now)->certificate, code);
  EXPECT_TRUE(learning.certificate(code).ok());
  // Another organizer cannot edit it.
  Member other = people[8];
  other.role = Role::organizer;
  EXPECT_EQ(learning.save(other, path.slug, path_input(), now).error().code, ErrorCode::forbidden);
}

TEST_F(LearningTest, DraftsStayWithTheirOrganizer) {
  LearningService learning(*db);
  auto in = path_input();
  in.published = false;
  auto path = learning.save(organizer, "", in, now).value();
  EXPECT_EQ(learning.get(&people[3], path.slug, now).error().code, ErrorCode::not_found);
  EXPECT_EQ(learning.get(nullptr, path.slug, now).error().code, ErrorCode::not_found);
  EXPECT_EQ(learning.enrol(people[3], path.slug, now).error().key, "error.learning_draft");
  EXPECT_TRUE(learning.list(&people[3]).empty());
  EXPECT_EQ(learning.list(&organizer).size(), 1u);
}

TEST_F(LearningTest, APlaygroundTakesSubmissionsPastItsEndAndNeverAwardsMedals) {
  Member admin = people[1];
  admin.role = Role::admin;
  EXPECT_EQ(TalentService(*db).set_medal_eligible(admin, "digits", true).error().key, "error.playground_medals");
  EXPECT_EQ(TalentService(*db).set_playground(people[3], "digits", false).error().code, ErrorCode::forbidden);
  Competition c;
  c.playground = true;
  Phase p;
  p.name = "practice";
  p.starts_at = now - 10 * 86400;
  p.ends_at = now - 86400;
  c.phases = {p};
  ASSERT_NE(SubmissionService::pick_phase(c, ""), nullptr);
  EXPECT_EQ(SubmissionService::pick_phase(c, "")->name, "practice");
  // Turning a medal-eligible competition into a playground stops its medals.
  playground("cup", "accuracy", false);
  ASSERT_TRUE(TalentService(*db).set_medal_eligible(admin, "cup", true).ok());
  ASSERT_TRUE(TalentService(*db).set_playground(organizer, "cup", true).ok());
  EXPECT_FALSE(TalentService(*db).medal_eligible("cup"));
}

}  // namespace aigc
