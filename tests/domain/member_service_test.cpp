#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "core/crypto.hpp"
#include "domain/members/member_seeder.hpp"
#include "domain/members/member_service.hpp"
#include "domain/organizations/organization_service.hpp"
#include "store/migrations.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace aigc {

class MemberServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("members");
  }
  Registration reg(const std::string& handle) {
    return {handle, handle + "@example.org", "a long enough password", "", "CN", "en"};
  }
  std::unique_ptr<Database> db;
};

TEST_F(MemberServiceTest, ConcurrentRegistrationsOfOneHandleLetExactlyOneWin) {
  MemberService members(*db, 24);
  HashSlot::set_slots(8);  // all eight hash at once: the race is on the handle, not on hashing
  std::atomic<int> won{0}, conflicts{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&, i] {
      auto r = reg("racer");
      r.email = "racer" + std::to_string(i) + "@example.org";
      auto m = members.register_member(r);
      if (m) ++won;
      else if (m.error().code == ErrorCode::conflict) ++conflicts;
    });
  for (auto& t : threads) t.join();
  HashSlot::set_slots(static_cast<int>(std::thread::hardware_concurrency()));
  EXPECT_EQ(won, 1);
  EXPECT_EQ(conflicts, 7);
}

TEST_F(MemberServiceTest, HandlesAndEmailsAreUniqueIgnoringCase) {
  MemberService members(*db, 24);
  ASSERT_TRUE(members.register_member(reg("Alice")));
  auto again = members.register_member({"ALICE", "other@example.org", "a long enough password", "", "", "en"});
  ASSERT_FALSE(again);
  ASSERT_EQ(again.error().problems.size(), 1u);
  EXPECT_EQ(again.error().problems[0].field, "handle");
  auto email = members.register_member({"bob", "ALICE@example.org", "a long enough password", "", "", "en"});
  ASSERT_FALSE(email);
  EXPECT_EQ(email.error().problems[0].key, "error.email_taken");
}

TEST_F(MemberServiceTest, EveryBadFieldIsReportedAtOnce) {
  MemberService members(*db, 24);
  auto r = members.register_member({"x", "not-an-email", "short", "", "XX", "fr"});
  ASSERT_FALSE(r);
  std::set<std::string> fields;
  for (const auto& p : r.error().problems) fields.insert(p.field);
  EXPECT_EQ(fields, (std::set<std::string>{"handle", "email", "password", "country", "preferred_lang"}));
}

TEST_F(MemberServiceTest, SignInWorksByHandleOrEmailAndNotWithAWrongPassword) {
  MemberService members(*db, 24);
  ASSERT_TRUE(members.register_member(reg("carol")));
  EXPECT_TRUE(members.sign_in("carol", "a long enough password", "192.0.2.9", 10, 900));
  EXPECT_TRUE(members.sign_in("CAROL@example.org", "a long enough password", "192.0.2.9", 10, 900));
  auto bad = members.sign_in("carol", "wrong password!!", "192.0.2.9", 10, 900);
  ASSERT_FALSE(bad);
  EXPECT_EQ(bad.error().code, ErrorCode::unauthorized);
}

TEST_F(MemberServiceTest, SessionsAndTokensResolveToTheMemberUntilEndedOrRevoked) {
  MemberService members(*db, 24);
  auto m = members.register_member(reg("dave"));
  ASSERT_TRUE(m);
  auto s = members.start_session(m.value());
  EXPECT_EQ(members.member_for_session(s.token)->handle, "dave");
  members.end_session(s.token);
  EXPECT_FALSE(members.member_for_session(s.token));
  auto t = members.create_token(m.value(), "laptop");
  ASSERT_TRUE(t);
  EXPECT_EQ(members.member_for_token(t->token)->handle, "dave");
  ASSERT_TRUE(members.revoke_token(m.value(), t->info.id));
  EXPECT_FALSE(members.member_for_token(t->token));
}

TEST_F(MemberServiceTest, DirectoryPagesThroughEveryMemberOnceWithFilters) {
  OrganizationService orgs(*db);
  ASSERT_TRUE(orgs.create(nullptr, {"", "Test University", "university", "CN", "", ""}));
  ASSERT_EQ(seed_members(*db, 523, 7), 523);
  MemberService members(*db, 24);
  std::set<std::int64_t> seen;
  DirectoryQuery q;
  q.limit = 100;
  std::int64_t last = 1LL << 62;
  for (;;) {
    auto page = members.directory(q);
    ASSERT_TRUE(page);
    for (const auto& m : page->members) {
      EXPECT_LT(m.id, last);  // newest first, no repeats
      last = m.id;
      seen.insert(m.id);
    }
    if (!page->next_after_id) break;
    q.after_id = page->next_after_id;
  }
  EXPECT_EQ(seen.size(), 523u);
  DirectoryQuery cn;
  cn.country = "CN";
  cn.skill = "NLP";
  cn.limit = 100;
  auto page = members.directory(cn);
  ASSERT_TRUE(page);
  for (const auto& m : page->members) {
    EXPECT_EQ(m.country, "CN");
    EXPECT_NE(std::find(m.skills.begin(), m.skills.end(), "nlp"), m.skills.end());
  }
  EXPECT_GE(members.stats().countries, 60);
}

TEST_F(MemberServiceTest, OnlyAdminsChangeRolesAndNotTheirOwnAdminRole) {
  MemberService members(*db, 24);
  auto admin = members.register_member(reg("root-admin"), Role::admin);
  auto plain = members.register_member(reg("plain"));
  ASSERT_TRUE(admin && plain);
  EXPECT_EQ(members.set_role(&plain.value(), "plain", "admin").error().code, ErrorCode::forbidden);
  EXPECT_EQ(members.set_role(&admin.value(), "plain", "organizer")->role, Role::organizer);
  EXPECT_EQ(members.set_role(&admin.value(), "root-admin", "member").error().code, ErrorCode::conflict);
  EXPECT_EQ(members.set_role(nullptr, "plain", "boss").error().code, ErrorCode::invalid_input);
}

TEST_F(MemberServiceTest, SignInCountsAnAccountOnceWhicheverNameIsTypedAndChecksNothingPastTheLimit) {
  MemberService members(*db, 24);
  ASSERT_TRUE(members.register_member(reg("counted")));
  for (const char* login : {"counted", "counted@example.org", "COUNTED"}) {
    auto m = members.sign_in(login, "wrong password!", "192.0.2.1", 3, 900);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ErrorCode::unauthorized) << login;
  }
  // From another address too: the account's own count is full.
  auto locked = members.sign_in("counted@example.org", "a long enough password", "192.0.2.2", 3, 900);
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().code, ErrorCode::rate_limited);
}

TEST_F(MemberServiceTest, ASuccessfulSignInClearsTheAccountsCount) {
  MemberService members(*db, 24);
  ASSERT_TRUE(members.register_member(reg("clears")));
  for (int round = 0; round < 3; ++round) {
    ASSERT_FALSE(members.sign_in("clears", "wrong password!", "192.0.2.3", 3, 900));
    ASSERT_FALSE(members.sign_in("clears", "wrong password!", "192.0.2.3", 3, 900));
    ASSERT_TRUE(members.sign_in("clears", "a long enough password", "192.0.2.4", 3, 900)) << "round " << round;
  }
}

// An unknown account needs a hashing slot as a known one does: it is hashed (a dummy), so
// its answer takes as long and timing does not tell the two apart.
TEST_F(MemberServiceTest, AnUnknownAccountIsHashedLikeAKnownOne) {
  MemberService members(*db, 24);
  HashSlot::set_slots(1);
  {
    auto held = HashSlot::acquire(std::chrono::milliseconds(0));
    ASSERT_TRUE(held);
    auto m = members.sign_in("no-such-member", "a long enough password", "192.0.2.5", 10, 900);
    ASSERT_FALSE(m);
    EXPECT_EQ(m.error().code, ErrorCode::unavailable) << "it waited for a hashing slot: " << m.error().message;
  }
  auto m = members.sign_in("no-such-member", "a long enough password", "192.0.2.5", 10, 900);
  ASSERT_FALSE(m);
  EXPECT_EQ(m.error().code, ErrorCode::unauthorized);
  HashSlot::set_slots(static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace aigc
