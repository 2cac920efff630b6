#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "domain/competitions/phase_reminders.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "domain/members/member_service.hpp"
#include "domain/notifications/notifications.hpp"
#include "support/test_database.hpp"

namespace aigc {

namespace {

class NotificationsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("notifications");
    MemberService members(*db, 24);
    ada = members.register_member({"ada", "ada@example.org", "a long enough password", "Ada", "GB", "en"}).value();
    li = members.register_member({"lilei", "li@example.org", "a long enough password", "李雷", "CN", "zh-CN"}).value();
  }
  void notify(const Member& m, const std::string& kind, nlohmann::json params, std::int64_t at) {
    (void)db->in_transaction([&](soci::session& sql) -> Result<void> {
      Notifications::notify(sql, m.id, kind, params, "/x", at);
      return {};
    });
  }
  std::vector<OutboxEntry> mails() { return OutboxRepository(*db).recent(100, std::nullopt); }
  std::unique_ptr<Database> db;
  Member ada, li;
};

}  // namespace

TEST_F(NotificationsTest, TitlesAreInTheReadersLanguageWithBilingualNames) {
  nlohmann::json p = {{"competition_en", "Scene Classification"}, {"competition_zh", "场景分类"}, {"phase", "final"}};
  EXPECT_EQ(notification_title("board_revealed", "en", p), "The private leaderboard of Scene Classification (final) is revealed");
  EXPECT_EQ(notification_title("board_revealed", "zh-CN", p), "「场景分类」（final）的私有排行榜已公布");
  p.erase("competition_zh");
  EXPECT_EQ(notification_title("board_revealed", "zh-CN", p), "「Scene Classification」（final）的私有排行榜已公布") << "falls back";
  EXPECT_THROW(notify(ada, "no_such_kind", {}, 1), std::logic_error);
}

TEST_F(NotificationsTest, ImmediateMailsGoOutOnceEach) {
  Notifications n(*db);
  notify(li, "board_revealed", {{"competition_en", "C"}, {"competition_zh", "竞赛"}, {"phase", "p"}}, now_utc());
  notify(ada, "submission_scored", {{"competition_en", "C"}, {"phase", "p"}, {"score", "0.5"}}, now_utc());  // in the site only
  EXPECT_EQ(n.mail_pending("https://hub.example", now_utc()), 1);
  EXPECT_EQ(n.mail_pending("https://hub.example", now_utc()), 0) << "never twice";
  auto m = mails();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].mail.to, "li@example.org");
  EXPECT_EQ(m[0].mail.subject, "「竞赛」（p）的私有排行榜已公布");
  EXPECT_NE(m[0].mail.text.find("https://hub.example/x"), std::string::npos);
  EXPECT_EQ(n.unread(li), 1);
  EXPECT_EQ(n.unread(ada), 1);
}

TEST_F(NotificationsTest, TheDailyDigestCollectsAndComesAtMostOnceADay) {
  Notifications n(*db);
  ASSERT_TRUE(n.set_preferences(ada, {{"submission_scored", "email_digest"}}));
  auto t0 = now_utc();
  notify(ada, "submission_scored", {{"competition_en", "C"}, {"phase", "p"}, {"score", "0.5"}}, t0);
  notify(ada, "submission_scored", {{"competition_en", "C"}, {"phase", "p"}, {"score", "0.7"}}, t0 + 60);
  EXPECT_EQ(n.mail_pending("https://hub.example", t0 + 3600), 0) << "the first digest waits for a day";
  EXPECT_EQ(n.mail_pending("https://hub.example", t0 + 86400 + 1), 1);
  auto m = mails();
  ASSERT_EQ(m.size(), 1u);
  EXPECT_EQ(m[0].mail.subject, "Your AIGC Hub digest: 2 new");
  EXPECT_NE(m[0].mail.text.find("- Your submission to C (p) scored 0.7"), std::string::npos) << m[0].mail.text;
  notify(ada, "submission_scored", {{"competition_en", "C"}, {"phase", "p"}, {"score", "0.9"}}, t0 + 86400 + 100);
  EXPECT_EQ(n.mail_pending("https://hub.example", t0 + 86400 + 200), 0) << "not again the same day";
  EXPECT_EQ(n.mail_pending("https://hub.example", t0 + 2 * 86400 + 2), 1);
}

TEST_F(NotificationsTest, OffMeansNothingAndBadChoicesAreRefused) {
  Notifications n(*db);
  ASSERT_TRUE(n.set_preferences(ada, {{"board_revealed", "off"}}));
  notify(ada, "board_revealed", {{"phase", "p"}}, now_utc());
  EXPECT_EQ(n.unread(ada), 0);
  EXPECT_EQ(n.preferences(ada)["board_revealed"], Delivery::off);
  EXPECT_EQ(n.preferences(ada)["team_invite"], Delivery::email_now) << "the kind's default";
  auto bad = n.set_preferences(ada, {{"board_revealed", "loudly"}, {"nope", "off"}});
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().problems.size(), 2u);
}

TEST_F(NotificationsTest, PagesAreNewestFirstAndReadMarksStayPerMember) {
  Notifications n(*db);
  for (int i = 0; i < 35; ++i) notify(ada, "submission_scored", {{"score", std::to_string(i)}}, 1000 + i);
  notify(li, "submission_scored", {{"score", "x"}}, 1000);
  auto first = n.page(ada, 0, 30);
  ASSERT_EQ(first.items.size(), 30u);
  EXPECT_EQ(first.unread, 35);
  EXPECT_EQ(first.items[0].params["score"], "34");
  auto second = n.page(ada, first.next_before_id, 30);
  EXPECT_EQ(second.items.size(), 5u);
  EXPECT_EQ(second.next_before_id, 0);
  n.mark_read(ada, 0);
  EXPECT_EQ(n.unread(ada), 0);
  EXPECT_EQ(n.unread(li), 1);
}

TEST_F(NotificationsTest, AClosingPhaseIsAnnouncedOnceToItsParticipants) {
  // A competition whose phase ends in 6 hours, with ada as its participant.
  auto now = now_utc();
  db->with_session([&](soci::session& sql) {
    long long t = now, start = now - 86400, end = now + 6 * 3600, ada_id = ada.id;
    sql << "INSERT INTO competitions (slug, title_en, title_zh, visibility, organizer_id, created_at, updated_at) "
           "VALUES ('closing', 'Closing Soon', '即将结束', 'published', :o, :t, :u)",
        soci::use(ada_id), soci::use(t), soci::use(t);
    long long cid = 0;
    sql << "SELECT id FROM competitions WHERE slug = 'closing'", soci::into(cid);
    sql << "INSERT INTO phases (competition_id, name, starts_at, ends_at, metric) VALUES (:c, 'final', :s, :e, 'accuracy')",
        soci::use(cid), soci::use(start), soci::use(end);
    sql << "INSERT INTO participants (competition_id, member_id, accepted_at) VALUES (:c, :m, :t)", soci::use(cid), soci::use(ada_id),
        soci::use(t);
    return 0;
  });
  EXPECT_EQ(remind_closing_phases(*db, now), 1);
  EXPECT_EQ(remind_closing_phases(*db, now + 60), 0) << "once per phase";
  auto page = Notifications(*db).page(ada, 0, 10);
  ASSERT_EQ(page.items.size(), 1u);
  EXPECT_EQ(notification_title(page.items[0].kind, "en", page.items[0].params), "final of Closing Soon closes in less than a day");
  EXPECT_EQ(Notifications(*db).unread(li), 0);
}

}  // namespace aigc
