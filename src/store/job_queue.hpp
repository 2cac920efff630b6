// The job queue, kept in the database so any number of workers on any number of machines
// share it. A claimed job carries a lease: a worker that dies stops renewing it, and once
// it lapses the job is claimed again. Claims use FOR UPDATE SKIP LOCKED on PostgreSQL
// (workers never wait on each other) and a short immediate transaction on SQLite.
// Work done under a job must be idempotent: a job may run more than once. Thread-safe.
#pragma once

#include <optional>
#include <string>

#include <soci/soci.h>

#include "core/clock.hpp"
#include "store/database.hpp"

namespace aigc {

struct Job {
  std::int64_t id = 0;
  std::string kind;     // "score"
  std::string subject;  // what the job is about (a submission id)
  int attempts = 0;     // including this one
};

struct QueueCounts {
  std::int64_t queued = 0, running = 0, done = 0, failed = 0;
};

class JobQueue {
 public:
  explicit JobQueue(Database& db) : db_(db) {}
  // Adds a job inside the caller's transaction, so it exists exactly when the caller's
  // change commits.
  static void enqueue(soci::session& sql, const std::string& kind, const std::string& subject, std::int64_t now);
  // The oldest job that is queued or whose lease has lapsed, now leased to `worker` for
  // `lease_seconds`; nullopt when there is none. `now` is the clock's (tests pass their own).
  std::optional<Job> claim(const std::string& worker, int lease_seconds, std::int64_t now = now_utc());
  // Renews the lease; false when the job is no longer this worker's.
  bool renew(const Job& job, const std::string& worker, int lease_seconds, std::int64_t now = now_utc());
  // Marks the job done inside the caller's transaction (with the work's result).
  static void finish(soci::session& sql, std::int64_t job_id, std::int64_t now);
  // Gives the job up: back to the queue, or failed for good with `error`.
  void release(const Job& job, bool give_up, const std::string& error);
  QueueCounts counts();

 private:
  Database& db_;
};

}  // namespace aigc
