// Where custom scorers can run. Each scoring worker reports, when it starts and then once a
// minute, whether its machine can sandbox an organizer's scorer and within which limits;
// the host page reads it from here. So the page tells what the workers (which may run on
// other machines) can do, not what the web server's own machine could. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace aigc {

struct ScorerHost {
  std::string name;             // the worker's: host:pid:n
  std::int64_t seen_at = 0;
  std::string sandbox_problem;  // why custom scorers cannot run there; empty when they can
  std::string enforcement;      // how the limits are held ("cgroup v2 ...", "rlimits and a watchdog")
  int cpu_seconds = 0, memory_mb = 0, wall_seconds = 0, processes = 0, tmp_mb = 0;
};

class ScorerHosts {
 public:
  // A worker unheard of for this long is taken to be gone.
  static constexpr std::int64_t kFreshSeconds = 180;
  explicit ScorerHosts(Database& db) : db_(db) {}
  // Records (or refreshes) a worker's report; forgets workers gone for a day.
  void report(const ScorerHost& host);
  // The workers heard from within kFreshSeconds of `now`, able ones first, then newest.
  std::vector<ScorerHost> current(std::int64_t now);

 private:
  Database& db_;
};

}  // namespace aigc
