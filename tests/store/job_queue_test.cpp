#include <gtest/gtest.h>

#include <atomic>
#include <set>
#include <thread>

#include "core/clock.hpp"
#include "store/job_queue.hpp"
#include "store/migrations.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace aigc {

namespace {

std::unique_ptr<Database> queue_db(int pool) { return test::fresh_migrated_database("jobs", pool); }

void add_jobs(Database& db, int n) {
  auto r = db.in_transaction([&](soci::session& sql) -> Result<void> {
    for (int i = 0; i < n; ++i) JobQueue::enqueue(sql, "score", "s" + std::to_string(i), now_utc());
    return {};
  });
  ASSERT_TRUE(r);
}

}  // namespace

TEST(JobQueue, AClaimedJobIsNotClaimedAgainUntilItsLeaseLapses) {
  auto db = queue_db(2);
  add_jobs(*db, 1);
  JobQueue q(*db);
  const std::int64_t t = now_utc();  // the test's own clock: no waiting for leases to lapse
  auto first = q.claim("a", 1, t);
  ASSERT_TRUE(first);
  EXPECT_EQ(first->attempts, 1);
  EXPECT_FALSE(q.claim("b", 1, t + 1)) << "leased to a until t + 1";
  auto again = q.claim("b", 60, t + 2);
  ASSERT_TRUE(again) << "a stopped renewing: the job is b's now";
  EXPECT_EQ(again->id, first->id);
  EXPECT_EQ(again->attempts, 2);
  EXPECT_FALSE(q.renew(*first, "a", 60, t + 2)) << "a no longer holds it";
  EXPECT_TRUE(q.renew(*again, "b", 60, t + 2));
}

TEST(JobQueue, ConcurrentWorkersNeverGetTheSameJob) {
  auto db = queue_db(6);
  add_jobs(*db, 60);
  JobQueue q(*db);
  std::mutex mu;
  std::multiset<std::int64_t> claimed;
  std::vector<std::thread> workers;
  for (int w = 0; w < 4; ++w)
    workers.emplace_back([&, w] {
      while (auto job = q.claim("w" + std::to_string(w), 60)) {
        std::lock_guard lock(mu);
        claimed.insert(job->id);
      }
    });
  for (auto& t : workers) t.join();
  EXPECT_EQ(claimed.size(), 60u);
  EXPECT_EQ(std::set<std::int64_t>(claimed.begin(), claimed.end()).size(), 60u) << "a job was handed out twice";
}

TEST(JobQueue, ReleasedJobsGoBackOrFailForGood) {
  auto db = queue_db(2);
  add_jobs(*db, 2);
  JobQueue q(*db);
  auto a = q.claim("w", 60);
  auto b = q.claim("w", 60);
  ASSERT_TRUE(a && b);
  q.release(*a, false, "disk busy");
  q.release(*b, true, "gave up");
  auto counts = q.counts();
  EXPECT_EQ(counts.queued, 1);
  EXPECT_EQ(counts.failed, 1);
  auto again = q.claim("w", 60);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->id, a->id);
}

}  // namespace aigc
