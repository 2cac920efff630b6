#include "jobs/sandbox.hpp"

#include <fcntl.h>
#include <grp.h>
#include <linux/close_range.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <memory>
#include <mutex>

#include "jobs/sandbox_usage.hpp"
#include "jobs/seccomp_filter.hpp"

namespace aigc {

namespace {

const char* kBwrap = "/usr/bin/bwrap";
constexpr auto kMeasureEvery = std::chrono::milliseconds(50);

// Closes on scope exit.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

std::vector<std::string> bwrap_args(const std::vector<std::pair<int, std::string>>& copies, int program_fd, int seccomp_fd,
                                    const std::vector<std::string>& args, const SandboxLimits& limits) {
  auto uid = std::to_string(limits.unprivileged_uid);
  auto tmp_bytes = std::to_string(static_cast<long long>(limits.tmp_mb) << 20);
  std::vector<std::string> a = {
      kBwrap, "--unshare-all", "--unshare-user", "--disable-userns", "--die-with-parent", "--new-session", "--cap-drop", "ALL",
      "--uid", uid, "--gid", uid, "--clearenv", "--setenv", "PATH", "/usr/bin:/bin", "--setenv", "HOME", "/tmp",
      "--setenv", "LANG", "C.UTF-8", "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64",
      "/lib64", "--symlink", "usr/bin", "/bin", "--symlink", "usr/sbin", "/sbin", "--proc", "/proc", "--dev", "/dev",
      "--size", tmp_bytes, "--tmpfs", "/dev/shm", "--size", tmp_bytes, "--tmpfs", "/tmp"};
  // Copies, not binds: bubblewrap reads each descriptor into the sandbox's own memory.
  for (const auto& [fd, inside] : copies) a.insert(a.end(), {"--perms", "0444", "--ro-bind-data", std::to_string(fd), inside});
  a.insert(a.end(), {"--perms", "0555", "--ro-bind-data", std::to_string(program_fd), "/scorer/program"});
  a.insert(a.end(), {"--remount-ro", "/dev", "--remount-ro", "/", "--seccomp", std::to_string(seccomp_fd), "--chdir", "/tmp",
                     "--", "/scorer/program"});
  a.insert(a.end(), args.begin(), args.end());
  return a;
}

void read_into(int fd, std::string& out, std::size_t cap, bool& open) {
  char buf[8192];
  auto n = ::read(fd, buf, sizeof buf);
  if (n < 0 && (errno == EINTR || errno == EAGAIN)) return;
  if (n <= 0) {
    open = false;
    return;
  }
  if (out.size() < cap) out.append(buf, std::min<std::size_t>(static_cast<std::size_t>(n), cap - out.size()));
}

// What the child does between fork and exec: only async-signal-safe calls.
struct ChildPlan {
  int out = -1, err = -1;
  std::vector<int> keep_fds;
  std::vector<std::string> cgroup_procs;
  std::vector<std::pair<int, rlimit>> rlimits;
  bool drop_root = false;
  uid_t uid = 0;
  std::vector<char*> argv;
};

[[noreturn]] void child_fail(const char* what) {
  // bubblewrap's own failures read "bwrap: ..."; ours read the same, so they are told apart from the scorer's.
  const char prefix[] = "bwrap: sandbox set-up failed: ";
  (void)!::write(STDERR_FILENO, prefix, sizeof prefix - 1);
  (void)!::write(STDERR_FILENO, what, std::strlen(what));
  (void)!::write(STDERR_FILENO, "\n", 1);
  ::_exit(1);
}

[[noreturn]] void run_child(const ChildPlan& plan) {
  ::setpgid(0, 0);
  ::dup2(plan.out, STDOUT_FILENO);
  ::dup2(plan.err, STDERR_FILENO);
  int devnull = ::open("/dev/null", O_RDONLY);
  if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
  // Nothing of the worker's (database connections, sockets, blobs) reaches the sandbox.
  ::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC);
  for (int fd : plan.keep_fds) ::fcntl(fd, F_SETFD, 0);
  char pid[24];
  int n = 0;
  for (long v = ::getpid(); v > 0; v /= 10) pid[n++] = static_cast<char>('0' + v % 10);
  for (int i = 0; i < n / 2; ++i) std::swap(pid[i], pid[n - 1 - i]);
  for (const auto& procs : plan.cgroup_procs) {
    int fd = ::open(procs.c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::write(fd, pid, static_cast<std::size_t>(n)) != n) child_fail("cannot enter the sandbox's cgroup");
    ::close(fd);
  }
  for (const auto& [resource, limit] : plan.rlimits)
    if (::setrlimit(resource, &limit) != 0) child_fail("cannot set a resource limit");
  if (plan.drop_root) {
    if (::setgroups(0, nullptr) != 0 || ::setgid(plan.uid) != 0 || ::setuid(plan.uid) != 0) child_fail("cannot drop root");
    if (::setuid(0) == 0) child_fail("root could be regained");
  }
  if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) child_fail("cannot set no_new_privs");
  ::execv(kBwrap, plan.argv.data());
  child_fail("cannot run /usr/bin/bwrap");
}

void kill_sandbox(pid_t pid, const SandboxCgroup* cgroup) {
  if (cgroup) cgroup->kill_all();
  std::vector<pid_t> members;
  process_tree_usage(pid, &members);
  for (pid_t p : members) ::kill(p, SIGKILL);
  ::kill(-pid, SIGKILL);
}

std::string enforcement_name(const SandboxCgroup* cgroup) { return cgroup ? cgroup->kind() : "rlimits and watchdog"; }

}  // namespace

std::string describe_limit(SandboxLimit limit, const SandboxLimits& limits) {
  switch (limit) {
    case SandboxLimit::cpu: return "used more than " + std::to_string(limits.cpu_seconds) + " s of CPU";
    case SandboxLimit::memory: return "used more than " + std::to_string(limits.memory_mb) + " MiB of memory";
    case SandboxLimit::processes: return "started more than " + std::to_string(limits.processes) + " processes or threads";
    case SandboxLimit::wall: return "did not finish within " + std::to_string(limits.wall_seconds) + " s";
    case SandboxLimit::none: break;
  }
  return "";
}

SandboxResult run_sandboxed(const std::string& program, const std::vector<SandboxInput>& inputs,
                            const std::vector<std::string>& args, const SandboxLimits& limits) {
  SandboxResult r;
  if (::access(kBwrap, X_OK) != 0) {
    r.problem = "bubblewrap (/usr/bin/bwrap) is not installed on this worker";
    return r;
  }
  Fd program_fd(::open(program.c_str(), O_RDONLY | O_CLOEXEC));
  if (program_fd.fd < 0) {
    r.problem = "cannot read the scorer program: " + std::string(std::strerror(errno));
    return r;
  }
  std::vector<std::unique_ptr<Fd>> input_fds;
  std::vector<std::pair<int, std::string>> copies;
  for (const auto& in : inputs) {
    input_fds.push_back(std::make_unique<Fd>(::open(in.host_path.c_str(), O_RDONLY | O_CLOEXEC)));
    if (input_fds.back()->fd < 0) {
      r.problem = "cannot read the scorer's input " + in.sandbox_path + ": " + std::strerror(errno);
      return r;
    }
    copies.emplace_back(input_fds.back()->fd, in.sandbox_path);
  }
  Fd seccomp(seccomp_filter_fd(r.problem));
  if (seccomp.fd < 0) return r;

  bool root = ::geteuid() == 0;
  const auto memory_bytes = static_cast<std::int64_t>(limits.memory_mb) << 20;
  std::unique_ptr<SandboxCgroup> cgroup;
  std::string no_cgroup;
  // bubblewrap's own two processes (outside, and init inside) count too.
  constexpr int kBwrapTasks = 2;
  if (limits.use_cgroups)
    cgroup = SandboxCgroup::create(memory_bytes, limits.processes + kBwrapTasks, limits.delegated_cgroup, no_cgroup);
  r.enforcement = enforcement_name(cgroup.get());

  ChildPlan plan;
  plan.keep_fds = {program_fd.fd, seccomp.fd};
  for (const auto& [fd, inside] : copies) plan.keep_fds.push_back(fd);
  if (cgroup) plan.cgroup_procs = cgroup->procs_files();
  plan.drop_root = root;
  plan.uid = root ? limits.unprivileged_uid : ::getuid();
  // Hard and soft alike, so the scorer cannot raise them. The CPU limit is a second late:
  // the watchdog, which counts every process, normally stops it first.
  auto cpu = static_cast<rlim_t>(limits.cpu_seconds) + 1;
  auto tmp = static_cast<rlim_t>(limits.tmp_mb) << 20;
  plan.rlimits = {{RLIMIT_CPU, {cpu, cpu}}, {RLIMIT_FSIZE, {tmp, tmp}}, {RLIMIT_CORE, {0, 0}}};
  if (!cgroup) {
    // Without a cgroup: address space per process, and a task count for the sandbox's user
    // (RLIMIT_NPROC counts all of that user's tasks, so those it has now are added).
    auto mem = static_cast<rlim_t>(memory_bytes);
    auto tasks = static_cast<rlim_t>(tasks_of_user(plan.uid) + limits.processes + kBwrapTasks);
    plan.rlimits.push_back({RLIMIT_AS, {mem, mem}});
    plan.rlimits.push_back({RLIMIT_NPROC, {tasks, tasks}});
  }
  auto argv_strings = bwrap_args(copies, program_fd.fd, seccomp.fd, args, limits);
  for (auto& s : argv_strings) plan.argv.push_back(s.data());
  plan.argv.push_back(nullptr);

  int out[2], err[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    r.problem = std::string("cannot create pipes: ") + std::strerror(errno);
    return r;
  }
  if (::pipe2(err, O_CLOEXEC) != 0) {
    ::close(out[0]);
    ::close(out[1]);
    r.problem = std::string("cannot create pipes: ") + std::strerror(errno);
    return r;
  }
  plan.out = out[1];
  plan.err = err[1];
  pid_t pid = ::fork();
  if (pid == 0) run_child(plan);
  ::close(out[1]);
  ::close(err[1]);
  Fd out_r(out[0]), err_r(err[0]);
  if (pid < 0) {
    r.problem = std::string("cannot start a process: ") + std::strerror(errno);
    return r;
  }
  r.started = true;

  using clock = std::chrono::steady_clock;
  const auto deadline = clock::now() + std::chrono::seconds(limits.wall_seconds);
  auto next_measure = clock::now();
  std::optional<clock::time_point> reaped_at;
  bool out_open = true, err_open = true, killed = false;
  int status = 0, peak_tasks = 0;
  SandboxUsage last;
  auto stop = [&](SandboxLimit why) {
    if (!killed) r.limit = why;
    killed = true;
    kill_sandbox(pid, cgroup.get());
  };
  for (;;) {
    if (!reaped_at && ::waitpid(pid, &status, WNOHANG) == pid) reaped_at = clock::now();
    auto now = clock::now();
    // Once the sandbox is gone its pipes close; a second is enough to read what is left.
    if (reaped_at && ((!out_open && !err_open) || now - *reaped_at > std::chrono::seconds(1))) break;
    if (!reaped_at && now >= deadline) stop(SandboxLimit::wall);
    if (!reaped_at && now >= next_measure) {
      next_measure = now + kMeasureEvery;
      last = cgroup ? cgroup->usage() : process_tree_usage(pid);
      r.cpu_seconds = last.cpu_seconds;
      r.peak_memory_bytes = std::max<long long>(r.peak_memory_bytes, last.memory_bytes);
      peak_tasks = std::max(peak_tasks, last.tasks - kBwrapTasks);
      // A limit hit stops the whole sandbox, as the watchdog does without a cgroup: the
      // kernel's OOM killer or pids.max alone would stop only the one process.
      if (last.cpu_seconds > limits.cpu_seconds) stop(SandboxLimit::cpu);
      else if (cgroup ? cgroup->memory_exhausted() : last.memory_bytes > memory_bytes) stop(SandboxLimit::memory);
      else if (cgroup ? cgroup->pids_exhausted() : peak_tasks > limits.processes) stop(SandboxLimit::processes);
    }
    pollfd fds[2] = {{out_open ? out_r.fd : -1, POLLIN, 0}, {err_open ? err_r.fd : -1, POLLIN, 0}};
    int n = ::poll(fds, 2, static_cast<int>(kMeasureEvery.count()));
    if (n < 0 && errno != EINTR) break;
    if (out_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) read_into(out_r.fd, r.out, limits.max_output, out_open);
    if (err_open && (fds[1].revents & (POLLIN | POLLHUP | POLLERR))) read_into(err_r.fd, r.err, limits.max_output, err_open);
  }
  if (!reaped_at) {
    kill_sandbox(pid, cgroup.get());
    ::waitpid(pid, &status, 0);
  }
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) r.signal = WTERMSIG(status);
  // bubblewrap reports a program killed by signal N as exit status 128 + N.
  if (r.exit_code > 128 && r.exit_code <= 128 + 64) r.signal = r.exit_code - 128;
  // A limit the kernel held counts even when the scorer went on and exited 0: what it
  // printed may rest on a child that was killed or never started.
  if (r.limit == SandboxLimit::none) {
    if (cgroup && cgroup->memory_exhausted()) r.limit = SandboxLimit::memory;
    else if (r.signal == SIGXCPU || (r.signal == SIGKILL && r.cpu_seconds >= limits.cpu_seconds)) r.limit = SandboxLimit::cpu;
    else if (cgroup ? cgroup->pids_exhausted() : peak_tasks >= limits.processes) r.limit = SandboxLimit::processes;
  }
  // bubblewrap failing to set up reports on stderr with exit 1 before the program runs.
  if (r.limit == SandboxLimit::none && r.exit_code == 1 && r.out.empty() && r.err.rfind("bwrap:", 0) == 0) {
    r.started = false;
    r.problem = "the sandbox cannot start here: " + r.err.substr(0, r.err.find('\n'));
  }
  return r;
}

std::optional<std::string> sandbox_unavailable() {
  static std::once_flag once;
  static std::optional<std::string> problem;
  std::call_once(once, [] {
    SandboxLimits probe;
    probe.cpu_seconds = 5;
    probe.memory_mb = 256;
    probe.wall_seconds = 10;
    auto r = run_sandboxed("/usr/bin/true", {}, {}, probe);
    if (!r.started) problem = r.problem;
    else if (r.exit_code != 0) problem = "the sandbox cannot start here: " + (r.err.empty() ? "bwrap exit " + std::to_string(r.exit_code) : r.err.substr(0, 200));
  });
  return problem;
}

std::string sandbox_enforcement(const SandboxLimits& limits) {
  if (!limits.use_cgroups) return enforcement_name(nullptr);
  static std::once_flag once;
  static std::string kind;
  std::call_once(once, [&] {
    std::string why;
    auto cg = SandboxCgroup::create(64 << 20, 8, limits.delegated_cgroup, why);
    kind = enforcement_name(cg.get());
  });
  return kind;
}

}  // namespace aigc
