// Who a session signs in, remembered: only while the member's viewer scope is unchanged since
// the entry was read and the session has not expired; bounded.
#include <gtest/gtest.h>

#include "support/fake_versions.hpp"
#include "web/session_cache.hpp"

namespace aigc {

namespace {

using test::FakeVersions;

Member member(std::int64_t id, const std::string& handle) {
  Member m;
  m.id = id;
  m.handle = handle;
  return m;
}

}  // namespace

TEST(SessionCache, RemembersAMemberUntilTheirScopeChangesOrTheSessionEnds) {
  FakeVersions v;
  SessionCache cache(100);
  cache.store("digest-ann", member(7, "ann"), 1000, v.stamp());
  cache.store("digest-bob", member(8, "bob"), 1000, v.stamp());
  ASSERT_TRUE(cache.find("digest-ann", v, 10));
  EXPECT_EQ(cache.find("digest-ann", v, 10)->handle, "ann");
  EXPECT_FALSE(cache.find("digest-nobody", v, 10));

  v.change(viewer_scope(8));  // Bob signed out elsewhere, or was suspended
  EXPECT_FALSE(cache.find("digest-bob", v, 10));
  EXPECT_TRUE(cache.find("digest-ann", v, 10)) << "another member's change ends nothing of Ann's";
  v.change("members");
  EXPECT_TRUE(cache.find("digest-ann", v, 10)) << "only her own scope counts";

  EXPECT_FALSE(cache.find("digest-ann", v, 1000)) << "the session ended at 1000";
  EXPECT_FALSE(cache.find("digest-ann", v, 10)) << "and its entry is gone";
}

TEST(SessionCache, AnEntryReadBeforeAChangeIsNotKept) {
  FakeVersions v;
  SessionCache cache(100);
  auto stamp = v.stamp();        // taken before the database was read
  v.change(viewer_scope(7));     // a change that committed while it was read
  cache.store("digest-ann", member(7, "ann"), 1000, stamp);
  EXPECT_FALSE(cache.find("digest-ann", v, 10));
}

TEST(SessionCache, StaysWithinItsBound) {
  FakeVersions v;
  SessionCache cache(32);  // 16 shards of 3
  for (int i = 0; i < 1000; ++i) cache.store("digest-" + std::to_string(i), member(i, "m"), 1000, v.stamp());
  int kept = 0;
  for (int i = 0; i < 1000; ++i) kept += cache.find("digest-" + std::to_string(i), v, 10) ? 1 : 0;
  EXPECT_GT(kept, 0);
  EXPECT_LE(kept, 16 * 3);
}

}  // namespace aigc
