#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "domain/members/account_service.hpp"
#include "support/test_database.hpp"
#include "support/smtp_sink.hpp"

namespace aigc {

namespace {

class AccountServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("accounts");
    HashSlot::set_slots(4);
  }
  Registration reg(const std::string& handle, const std::string& email = "") {
    return {handle, email.empty() ? handle + "@example.org" : email, "a long enough password", "", "KE", "en"};
  }
  // The token of the newest mailed link under `prefix` to `to`.
  std::string mailed_token(const std::string& to, const std::string& prefix) {
    for (const auto& e : OutboxRepository(*db).recent(50, std::nullopt)) {
      if (e.mail.to != to) continue;
      auto path = test::link_path(e.mail.text, prefix);
      if (!path.empty()) return path.substr(prefix.size());
    }
    return "";
  }
  int mails_to(const std::string& to) {
    int n = 0;
    for (const auto& e : OutboxRepository(*db).recent(200, std::nullopt)) n += e.mail.to == to;
    return n;
  }
  std::unique_ptr<Database> db;
};

}  // namespace

TEST_F(AccountServiceTest, TheAccountExistsOnlyOnceTheLinkIsFollowedAndOnlyOnce) {
  MemberService members(*db, 24);
  AccountService accounts(*db, "https://hub.example");
  ASSERT_TRUE(accounts.register_by_mail(reg("amani"), "/competitions/demo"));
  EXPECT_FALSE(members.get("amani"));
  auto token = mailed_token("amani@example.org", "/verify/");
  ASSERT_FALSE(token.empty());
  auto preview = accounts.preview(token);
  ASSERT_TRUE(preview);
  EXPECT_EQ(preview->handle, "amani");
  auto f = accounts.follow(token);
  ASSERT_TRUE(f) << f.error().message;
  EXPECT_EQ(f->next, "/competitions/demo");
  EXPECT_EQ(f->member.country, "KE");
  EXPECT_TRUE(members.get("amani"));
  EXPECT_TRUE(members.sign_in("amani", "a long enough password", "10.0.0.1", 10, 900));
  auto again = accounts.follow(token);
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code, ErrorCode::not_found);
}

TEST_F(AccountServiceTest, AnExpiredLinkIsRefused) {
  AccountService accounts(*db, "https://hub.example");
  ASSERT_TRUE(accounts.register_by_mail(reg("late"), ""));
  auto token = mailed_token("late@example.org", "/verify/");
  db->with_session([](soci::session& sql) { sql << "UPDATE email_links SET expires_at = 1"; return 0; });
  EXPECT_EQ(accounts.follow(token).error().key, "error.link_gone");
}

TEST_F(AccountServiceTest, ATakenAddressGetsANoticeAndAStrangerLearnsNothing) {
  MemberService members(*db, 24);
  AccountService accounts(*db, "https://hub.example");
  ASSERT_TRUE(members.register_member(reg("owner")));
  auto r = accounts.register_by_mail(reg("intruder", "OWNER@example.org"), "");
  EXPECT_TRUE(r) << "the same answer as for a free address";
  EXPECT_FALSE(members.get("intruder"));
  auto entries = OutboxRepository(*db).recent(10, std::nullopt);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].mail.kind, "registration_exists");
  EXPECT_EQ(entries[0].mail.to, "owner@example.org");
}

TEST_F(AccountServiceTest, OneAddressGetsAtMostThreeMailsOfAKindAnHour) {
  AccountService accounts(*db, "https://hub.example");
  for (int i = 0; i < 6; ++i) EXPECT_TRUE(accounts.register_by_mail(reg("spam" + std::to_string(i), "victim@example.org"), ""));
  EXPECT_EQ(mails_to("victim@example.org"), 3);
}

TEST_F(AccountServiceTest, AResetSetsThePasswordEndsSessionsAndRevokesOtherResetLinks) {
  MemberService members(*db, 24);
  AccountService accounts(*db, "https://hub.example");
  auto m = members.register_member(reg("rosa"));
  ASSERT_TRUE(m);
  auto s = members.start_session(m.value());
  ASSERT_TRUE(accounts.request_password_reset("rosa@example.org"));
  auto first = mailed_token("rosa@example.org", "/password/reset/");
  ASSERT_TRUE(accounts.request_password_reset("ROSA@example.org"));
  auto second = mailed_token("rosa@example.org", "/password/reset/");
  ASSERT_NE(first, second);
  EXPECT_TRUE(accounts.request_password_reset("nobody@example.org")) << "ok whether or not the address has an account";
  EXPECT_EQ(mails_to("nobody@example.org"), 0);
  EXPECT_FALSE(accounts.reset_password(second, "short"));
  ASSERT_TRUE(accounts.reset_password(second, "a completely new passphrase"));
  EXPECT_FALSE(members.member_for_session(s.token));
  EXPECT_FALSE(accounts.reset_password(first, "another new passphrase here")) << "the earlier link died with the reset";
  EXPECT_TRUE(members.sign_in("rosa", "a completely new passphrase", "10.0.0.2", 10, 900));
}

TEST_F(AccountServiceTest, DeletionRemovesPersonalDataButTheLastAdminStays) {
  MemberService members(*db, 24);
  AccountService accounts(*db, "https://hub.example");
  auto admin = members.register_member(reg("root-admin"), Role::admin);
  auto m = members.register_member(reg("leaving"));
  ASSERT_TRUE(admin && m);
  EXPECT_EQ(accounts.delete_account(admin.value(), "a long enough password", "root-admin").error().key, "error.last_admin");
  EXPECT_EQ(accounts.delete_account(m.value(), "wrong password!!", "leaving").error().problems[0].field, "password");
  ASSERT_TRUE(accounts.delete_account(m.value(), "a long enough password", "leaving"));
  EXPECT_FALSE(members.get("leaving"));
  auto row = members.get("deleted-" + std::to_string(m->id));
  ASSERT_TRUE(row);
  EXPECT_TRUE(row->deleted());
  EXPECT_EQ(row->email, "deleted-" + std::to_string(m->id) + "@deleted.invalid");
  EXPECT_TRUE(row->country.empty());
  EXPECT_FALSE(members.sign_in("leaving@example.org", "a long enough password", "10.0.0.3", 10, 900));
}

}  // namespace aigc
