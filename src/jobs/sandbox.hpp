// Runs a host-supplied program (a custom scorer) under bubblewrap: no network, no view of
// the host's files but a read-only /usr and the files given (bound read-only at the paths
// asked for), a private /tmp, rlimits on CPU time and memory, and a wall-clock timeout
// after which the whole process group is killed. When bubblewrap cannot start, nothing
// runs: the result says why. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace aigc {

struct SandboxLimits {
  int cpu_seconds = 60;
  int memory_mb = 2048;
  int wall_seconds = 120;
  std::size_t max_output = 1 << 16;  // bytes kept of stdout and of stderr each
};

struct SandboxResult {
  bool started = false;      // false: the sandbox could not start (see `problem`)
  bool timed_out = false;    // killed at the wall-clock limit
  int exit_code = -1;        // when it exited
  int signal = 0;            // when a signal ended it (SIGXCPU: CPU limit)
  std::string out, err;      // capped at max_output
  std::string problem;       // why it did not start
};

// nullopt when bubblewrap can start a sandbox on this machine; otherwise the reason.
// Probed once per process.
std::optional<std::string> sandbox_unavailable();

// Runs `program` (bound executable at /scorer/program) with `args`; `files` are
// (host path, sandbox path) pairs bound read-only.
SandboxResult run_sandboxed(const std::string& program, const std::vector<std::pair<std::string, std::string>>& files,
                            const std::vector<std::string>& args, const SandboxLimits& limits);

}  // namespace aigc
