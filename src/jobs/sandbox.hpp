// Runs a host-supplied program (a custom scorer) under bubblewrap, so that it can read its
// inputs and write its answer and nothing else:
// - it runs as an unprivileged uid that owns nothing (when the worker is root it switches
//   to `unprivileged_uid` before bubblewrap starts), in its own user, PID, network, IPC and
//   mount namespaces, with every capability dropped, no_new_privs and a seccomp filter
//   (seccomp_filter.hpp);
// - it sees a read-only /usr, copies of its inputs (read-only, in the sandbox's own memory:
//   never a bind of the host's files, so nothing it does reaches them and no host path shows),
//   a size-capped /tmp and /dev/shm, and no network;
// - its limits hold for the whole sandbox, however many processes it starts: a cgroup where
//   the machine gives one, otherwise a process-count rlimit, per-process rlimits and a
//   watchdog that totals CPU and memory over the process tree (sandbox_enforcement() says
//   which); a limit hit is reported as that limit.
// When bubblewrap cannot start, nothing runs: the result says why. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace aigc {

struct SandboxLimits {
  int cpu_seconds = 60;       // CPU time of all its processes together
  int memory_mb = 2048;       // memory of all its processes together (and its tmpfs, under a cgroup)
  int wall_seconds = 120;     // then everything inside is killed
  int processes = 64;         // processes and threads at once
  int tmp_mb = 256;           // size of /tmp (and, separately, of /dev/shm)
  std::size_t max_output = 1 << 16;  // bytes kept of stdout and of stderr each
  bool use_cgroups = true;    // false: the rlimit-and-watchdog enforcement even where a cgroup is possible
  std::string delegated_cgroup;      // a cgroup v2 folder delegated to the workers ("" to look for one)
  unsigned unprivileged_uid = 65534;  // the uid and gid a root worker runs scorers as (nobody)
};

enum class SandboxLimit { none, cpu, memory, processes, wall };

struct SandboxInput {
  std::string host_path;     // read by the worker
  std::string sandbox_path;  // where the scorer finds its read-only copy
};

struct SandboxResult {
  bool started = false;      // false: the sandbox could not start (see `problem`)
  SandboxLimit limit = SandboxLimit::none;  // the limit it was stopped at, if any
  int exit_code = -1;        // when it exited
  int signal = 0;            // when a signal ended it
  std::string out, err;      // capped at max_output
  std::string problem;       // why it did not start
  std::string enforcement;   // how its limits were held (sandbox_enforcement's words)
  double cpu_seconds = 0;    // CPU its processes used, as last measured
  long long peak_memory_bytes = 0;
};

// What a limit hit means, in words for the submitter: "used more than 3 s of CPU".
std::string describe_limit(SandboxLimit limit, const SandboxLimits& limits);

// nullopt when bubblewrap can start a sandbox on this machine; otherwise the reason.
// Probed once per process.
std::optional<std::string> sandbox_unavailable();

// How whole-sandbox limits are enforced on this machine for `limits`: "cgroup v2",
// "cgroup v1" or "rlimits and watchdog". Probed once per process.
std::string sandbox_enforcement(const SandboxLimits& limits);

// Runs `program` (its copy is executable at /scorer/program) with `args`; each input's copy
// is readable at its sandbox path.
SandboxResult run_sandboxed(const std::string& program, const std::vector<SandboxInput>& inputs,
                            const std::vector<std::string>& args, const SandboxLimits& limits);

}  // namespace aigc
