#include <gtest/gtest.h>

#include "domain/competitions/scorer_hosts.hpp"
#include "support/test_database.hpp"

namespace aigc {

// The host page asks which workers can run custom scorers: those heard from lately, able
// ones first; a worker that stopped reporting drops out, and a report refreshes in place.
TEST(ScorerHosts, CurrentWorkersAreThoseHeardFromLatelyAbleOnesFirst) {
  auto db = test::fresh_migrated_database("scorer_hosts");
  ScorerHosts hosts(*db);
  const std::int64_t now = 1'800'000'000;
  hosts.report({"a:1:0", now - 10, "bubblewrap cannot create namespaces here", "rlimits and a watchdog", 60, 2048, 120, 64, 256});
  hosts.report({"b:2:0", now - 20, "", "cgroup v2", 30, 1024, 60, 32, 128});
  hosts.report({"c:3:0", now - ScorerHosts::kFreshSeconds - 1, "", "cgroup v2", 1, 1, 1, 1, 1});
  auto current = hosts.current(now);
  ASSERT_EQ(current.size(), 2u) << "c has not reported for too long";
  EXPECT_EQ(current[0].name, "b:2:0") << "the one that can run scorers first";
  EXPECT_EQ(current[0].wall_seconds, 60);
  EXPECT_EQ(current[1].sandbox_problem, "bubblewrap cannot create namespaces here");
  hosts.report({"b:2:0", now, "no user namespaces", "", 30, 1024, 60, 32, 128});
  current = hosts.current(now);
  ASSERT_EQ(current.size(), 2u) << "a report replaces the worker's last one";
  EXPECT_EQ(current[0].name, "b:2:0") << "newest first when neither can";
  EXPECT_EQ(current[0].sandbox_problem, "no user namespaces");
  hosts.report({"d:4:0", now + 2 * 86400, "", "cgroup v2", 1, 1, 1, 1, 1});
  EXPECT_EQ(hosts.current(now + 2 * 86400).size(), 1u) << "workers gone for a day are forgotten";
}

}  // namespace aigc
