// A scoring worker: claims jobs from the database queue, runs them while renewing the
// job's lease, and polls when the queue is empty. `aigc worker` runs one per process;
// `aigc serve --workers N` runs N in threads beside the web server. Stops after the job
// in hand when `stop` is set.
#pragma once

#include <atomic>
#include <string>

#include "core/config.hpp"
#include "jobs/sandbox.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace aigc {

struct WorkerOptions {
  std::string name;        // unique among workers: host:pid:n
  int lease_seconds = 60;  // a job whose worker stops renewing is taken again after this
  int poll_ms = 250;       // wait between claims when the queue is empty
  int max_attempts = 3;    // a job whose workers keep dying fails after this many claims
  int pause_ms = 0;        // fault injection for tests: sleep this long inside each job
  SandboxLimits scorer_limits;  // for phases with a custom scorer
};

// The custom-scorer limits and identity the configuration sets.
SandboxLimits scorer_limits(const Config& config);

class Worker {
 public:
  Worker(Database& db, BlobStore& blobs, WorkerOptions options) : db_(db), blobs_(blobs), options_(std::move(options)) {}
  // Claims and runs one job; false when the queue had none.
  bool run_one();
  // Runs until `stop`; survives database outages (logs, waits, tries again).
  void run(const std::atomic<bool>& stop);
  // Runs jobs until the queue is empty (the demo seed and tests use it).
  int drain();
  // Tells the host page (through the database) whether this machine can run custom scorers.
  void report_scorer_host();

 private:
  Database& db_;
  BlobStore& blobs_;
  WorkerOptions options_;
};

// host:pid, the prefix of this process's worker names.
std::string worker_name_prefix();

}  // namespace aigc
