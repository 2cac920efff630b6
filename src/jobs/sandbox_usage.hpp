// What a running sandbox uses, measured from outside it, and the whole-sandbox limits.
// A cgroup (v2, or v1's memory/pids/cpuacct hierarchies) holds the limits where the machine
// lets this process make one (as root, or in a cgroup delegated to it); otherwise the
// process tree under the sandbox's first process is read from /proc, and the caller's
// watchdog enforces the totals. Not thread-safe: one object per sandbox run.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace aigc {

struct SandboxUsage {
  double cpu_seconds = 0;       // user + system time of every process, living or reaped
  std::int64_t memory_bytes = 0;  // resident memory (cgroup: charged memory, tmpfs included)
  int tasks = 0;                // processes and threads now
};

// The usage of `root` and all its descendants, from /proc. With an unshared PID namespace
// the descendants are the whole sandbox: orphans are adopted by its init, inside the tree.
SandboxUsage process_tree_usage(pid_t root, std::vector<pid_t>* members = nullptr);

// Tasks (processes and threads) that real user `uid` has on this machine now: the count
// RLIMIT_NPROC is checked against.
int tasks_of_user(uid_t uid);

class SandboxCgroup {
 public:
  // A new cgroup limited to `memory_bytes` (no swap) and `pids` tasks, or nullptr when this
  // machine gives none to this process; `why_not` says why. `delegated_v2` is a cgroup v2
  // folder the operator delegated to the workers ("" to look for one).
  static std::unique_ptr<SandboxCgroup> create(std::int64_t memory_bytes, int pids, const std::string& delegated_v2,
                                               std::string& why_not);
  ~SandboxCgroup();  // kills anything left inside and removes the cgroup

  // "cgroup v2" or "cgroup v1".
  const std::string& kind() const { return kind_; }
  // The cgroup.procs files a new process writes its pid to (before it drops privileges).
  const std::vector<std::string>& procs_files() const { return procs_files_; }
  SandboxUsage usage() const;
  bool memory_exhausted() const;  // the kernel's OOM killer acted inside
  bool pids_exhausted() const;    // a fork was refused at the process limit
  void kill_all() const;

 private:
  SandboxCgroup() = default;
  std::string kind_;
  std::vector<std::string> dirs_;         // one per hierarchy (v1) or one (v2)
  std::vector<std::string> procs_files_;
  std::string memory_dir_, pids_dir_, cpu_dir_;
};

}  // namespace aigc
