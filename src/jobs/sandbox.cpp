#include "jobs/sandbox.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <thread>

namespace aigc {

namespace {

const char* kBwrap = "/usr/bin/bwrap";

std::vector<std::string> bwrap_args(const std::vector<std::pair<std::string, std::string>>& files, const std::string& program,
                                    const std::vector<std::string>& args) {
  std::vector<std::string> a = {kBwrap, "--unshare-all", "--die-with-parent", "--new-session", "--clearenv",
                                "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp", "--setenv", "LANG", "C.UTF-8",
                                "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64",
                                "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin", "--proc", "/proc", "--dev", "/dev",
                                "--tmpfs", "/tmp", "--chdir", "/tmp"};
  for (const auto& [host, inside] : files) {
    a.insert(a.end(), {"--ro-bind", host, inside});
  }
  a.insert(a.end(), {"--ro-bind", program, "/scorer/program", "--", "/scorer/program"});
  a.insert(a.end(), args.begin(), args.end());
  return a;
}

void read_into(int fd, std::string& out, std::size_t cap, bool& open) {
  char buf[8192];
  auto n = ::read(fd, buf, sizeof buf);
  if (n <= 0) {
    open = false;
    return;
  }
  if (out.size() < cap) out.append(buf, std::min<std::size_t>(static_cast<std::size_t>(n), cap - out.size()));
}

}  // namespace

SandboxResult run_sandboxed(const std::string& program, const std::vector<std::pair<std::string, std::string>>& files,
                            const std::vector<std::string>& args, const SandboxLimits& limits) {
  SandboxResult r;
  if (::access(kBwrap, X_OK) != 0) {
    r.problem = "bubblewrap (/usr/bin/bwrap) is not installed on this worker";
    return r;
  }
  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0) {
    r.problem = std::string("cannot create pipes: ") + std::strerror(errno);
    return r;
  }
  auto argv_strings = bwrap_args(files, program, args);
  std::vector<char*> argv;
  for (auto& s : argv_strings) argv.push_back(s.data());
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    ::dup2(out[1], STDOUT_FILENO);
    ::dup2(err[1], STDERR_FILENO);
    int devnull = ::open("/dev/null", O_RDONLY);
    if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
    rlimit cpu{static_cast<rlim_t>(limits.cpu_seconds), static_cast<rlim_t>(limits.cpu_seconds) + 1};
    rlimit mem{static_cast<rlim_t>(limits.memory_mb) << 20, static_cast<rlim_t>(limits.memory_mb) << 20};
    rlimit fsize{64u << 20, 64u << 20};
    ::setrlimit(RLIMIT_CPU, &cpu);
    ::setrlimit(RLIMIT_AS, &mem);
    ::setrlimit(RLIMIT_FSIZE, &fsize);
    ::execv(kBwrap, argv.data());
    ::_exit(126);
  }
  ::close(out[1]);
  ::close(err[1]);
  if (pid < 0) {
    ::close(out[0]);
    ::close(err[0]);
    r.problem = std::string("cannot start a process: ") + std::strerror(errno);
    return r;
  }
  r.started = true;
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(limits.wall_seconds);
  bool out_open = true, err_open = true;
  while (out_open || err_open) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) {
      r.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      break;
    }
    pollfd fds[2] = {{out[0], POLLIN, 0}, {err[0], POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(std::min<long long>(left, 200)));
    if (n < 0 && errno != EINTR) break;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP))) read_into(out[0], r.out, limits.max_output, out_open);
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP))) read_into(err[0], r.err, limits.max_output, err_open);
  }
  ::close(out[0]);
  ::close(err[0]);
  int status = 0;
  // The pipes closed: the program is ending (or was killed); reap it, still within the limit.
  while (::waitpid(pid, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      r.timed_out = true;
      ::kill(-pid, SIGKILL);
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  // bwrap itself failing to set up reports on stderr with exit 1 before the program runs.
  if (!r.timed_out && r.exit_code == 1 && r.out.empty() && r.err.rfind("bwrap:", 0) == 0) {
    r.started = false;
    r.problem = "the sandbox cannot start here: " + r.err.substr(0, r.err.find('\n'));
  }
  return r;
}

std::optional<std::string> sandbox_unavailable() {
  static std::once_flag once;
  static std::optional<std::string> problem;
  std::call_once(once, [] {
    auto r = run_sandboxed("/usr/bin/true", {}, {}, SandboxLimits{5, 256, 10});
    if (!r.started) problem = r.problem;
    else if (r.exit_code != 0) problem = "the sandbox cannot start here: " + (r.err.empty() ? "bwrap exit " + std::to_string(r.exit_code) : r.err.substr(0, 200));
  });
  return problem;
}

}  // namespace aigc
