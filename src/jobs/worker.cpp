#include "jobs/worker.hpp"

#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "domain/competitions/scorer_hosts.hpp"
#include "jobs/scoring_job.hpp"
#include "store/job_queue.hpp"

namespace aigc {

SandboxLimits scorer_limits(const Config& config) {
  SandboxLimits l;
  l.cpu_seconds = config.scorer_cpu_seconds;
  l.memory_mb = config.scorer_memory_mb;
  l.wall_seconds = config.scorer_wall_seconds;
  l.processes = config.scorer_processes;
  l.tmp_mb = config.scorer_tmp_mb;
  l.use_cgroups = config.scorer_cgroups;
  l.delegated_cgroup = config.scorer_cgroup;
  l.unprivileged_uid = static_cast<unsigned>(config.scorer_uid);
  return l;
}

std::string worker_name_prefix() {
  char host[256] = {0};
  gethostname(host, sizeof host - 1);
  return std::string(host) + ":" + std::to_string(getpid());
}

bool Worker::run_one() {
  JobQueue queue(db_);
  auto job = queue.claim(options_.name, options_.lease_seconds);
  if (!job) return false;
  if (job->attempts > options_.max_attempts) {
    // Its workers died this many times: give up on it rather than loop forever.
    spdlog::warn("job {} ({} {}) failed {} times; giving up", job->id, job->kind, job->subject, job->attempts - 1);
    auto reason = "scoring stopped " + std::to_string(job->attempts - 1) + " times (the worker was lost); ask the organizer to re-score";
    fail_submission(db_, job->subject, reason);
    queue.release(*job, true, reason);
    return true;
  }
  // Renew the lease while the job runs, so only a dead worker loses it.
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread renewer([&] {
    std::unique_lock lock(mu);
    auto every = std::chrono::milliseconds(std::max(500, options_.lease_seconds * 1000 / 3));
    while (!cv.wait_for(lock, every, [&] { return done; })) {
      try {
        queue.renew(*job, options_.name, options_.lease_seconds);
      } catch (const std::exception& e) {
        spdlog::warn("renewing the lease of job {}: {}", job->id, e.what());
      }
    }
  });
  try {
    if (options_.pause_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(options_.pause_ms));
    if (job->kind == "score") run_scoring_job(db_, blobs_, *job, options_.scorer_limits);
    else queue.release(*job, true, "unknown job kind '" + job->kind + "'");
  } catch (...) {
    {
      std::lock_guard lock(mu);
      done = true;
    }
    cv.notify_all();
    renewer.join();
    throw;
  }
  {
    std::lock_guard lock(mu);
    done = true;
  }
  cv.notify_all();
  renewer.join();
  return true;
}

void Worker::report_scorer_host() {
  ScorerHost host;
  host.name = options_.name;
  host.seen_at = now_utc();
  if (auto problem = sandbox_unavailable()) host.sandbox_problem = *problem;
  const auto& l = options_.scorer_limits;
  host.enforcement = sandbox_enforcement(l);
  host.cpu_seconds = l.cpu_seconds;
  host.memory_mb = l.memory_mb;
  host.wall_seconds = l.wall_seconds;
  host.processes = l.processes;
  host.tmp_mb = l.tmp_mb;
  ScorerHosts(db_).report(host);
}

void Worker::run(const std::atomic<bool>& stop) {
  spdlog::info("worker {} started (lease {} s)", options_.name, options_.lease_seconds);
  std::int64_t reported_at = 0;
  while (!stop) {
    bool worked = false;
    try {
      // Whether this machine can run organizers' scorers, for the host page; once a minute
      // tells the page this worker is still there.
      if (now_utc() - reported_at >= 60) {
        report_scorer_host();
        reported_at = now_utc();
      }
      worked = run_one();
    } catch (const std::exception& e) {
      // The database or the disk went away: the job's lease lapses and it is retried.
      spdlog::error("worker {}: {}", options_.name, e.what());
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    if (!worked)
      for (int waited = 0; waited < options_.poll_ms && !stop; waited += 50) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  spdlog::info("worker {} stopped", options_.name);
}

int Worker::drain() {
  int n = 0;
  while (run_one()) ++n;
  return n;
}

}  // namespace aigc
