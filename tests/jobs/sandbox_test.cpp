// The custom-scorer sandbox under attack: a scorer that tries to escape is refused at every
// step and leaves the host as it was, and a scorer that spreads over many processes is held
// to one set of limits. Every test runs as the user running the suite; when that is root,
// SandboxAsAPlainUser runs them all again as an unprivileged user (both cases in `make test`).
#include <fcntl.h>
#include <grp.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <random>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "jobs/sandbox.hpp"

namespace aigc {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A private folder of the test's files, removed afterwards.
struct Scratch {
  fs::path dir;
  Scratch() {
    char tmpl[] = "/tmp/aigc-sandbox-test-XXXXXX";
    dir = ::mkdtemp(tmpl);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  std::string write(const std::string& name, const std::string& text, mode_t mode = 0600) const {
    auto p = (dir / name).string();
    std::ofstream(p) << text;
    ::chmod(p.c_str(), mode);
    return p;
  }
};

std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string marker() {
  std::random_device rd;
  return "aigc-escape-" + std::to_string(rd()) + std::to_string(rd());
}

bool sandbox_works() { return !sandbox_unavailable().has_value(); }

#define REQUIRE_SANDBOX()                                                                                     \
  if (!sandbox_works()) GTEST_SKIP() << "bubblewrap cannot start here: " << *sandbox_unavailable()

SandboxLimits small_limits(bool cgroups) {
  SandboxLimits l;
  l.cpu_seconds = 2;
  l.memory_mb = 256;
  l.wall_seconds = 20;
  l.processes = 16;
  l.tmp_mb = 32;
  l.use_cgroups = cgroups;
  return l;
}

// Every way out a scorer might try; each prints "refused: why" or "ESCAPED: what".
const char* kAttacks = R"PY(#!/usr/bin/python3
import ctypes, json, os, resource, sys
libc = ctypes.CDLL(None, use_errno=True)
marker, host_paths = sys.argv[1], sys.argv[2:]
results = {}
def attempt(name, fn):
    try:
        what = fn()
        results[name] = "ESCAPED: " + str(what) if what else "refused"
    except Exception as e:
        results[name] = "refused: " + type(e).__name__ + " " + str(e)
def call(rc):
    if rc != 0:
        raise OSError(ctypes.get_errno(), os.strerror(ctypes.get_errno()))
    return "system call succeeded"
MS_REMOUNT, MS_BIND = 32, 4096
attempt("remount /usr read-write", lambda: call(libc.mount(None, b"/usr", None, MS_REMOUNT | MS_BIND, None)))
attempt("remount the input read-write", lambda: call(libc.mount(None, b"/data/truth", None, MS_REMOUNT | MS_BIND, None)))
attempt("mount a tmpfs", lambda: call(libc.mount(b"none", b"/tmp", b"tmpfs", 0, None)))
attempt("bind-mount over /usr", lambda: call(libc.mount(b"/tmp", b"/usr", None, MS_BIND, None)))
def write(path, mode):
    with open(path, mode) as f:
        f.write("changed")
    return "wrote " + path
attempt("write /usr", lambda: write("/usr/" + marker, "w"))
attempt("write the input", lambda: write("/data/truth", "a"))
attempt("write the program", lambda: write("/scorer/program", "a"))
attempt("write /", lambda: write("/" + marker, "w"))
attempt("write /dev", lambda: write("/dev/" + marker, "w"))
attempt("chmod the input", lambda: os.chmod("/data/truth", 0o666) or "chmod succeeded")
attempt("ptrace attach", lambda: call(libc.ptrace(16, 1, 0, 0)))
attempt("ptrace traceme", lambda: call(libc.ptrace(0, 0, 0, 0)))
attempt("unshare a user namespace", lambda: call(libc.unshare(0x10000000)))
attempt("unshare a mount namespace", lambda: call(libc.unshare(0x00020000)))
attempt("become root", lambda: os.setuid(0) or "setuid(0) succeeded")
attempt("chroot", lambda: call(libc.chroot(b"/tmp")))
def raise_limit(which):
    soft, hard = resource.getrlimit(which)
    resource.setrlimit(which, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
    return "raised from %s" % hard
attempt("raise the CPU limit", lambda: raise_limit(resource.RLIMIT_CPU))
attempt("raise the file size limit", lambda: raise_limit(resource.RLIMIT_FSIZE))
def mountinfo():
    text = open("/proc/self/mountinfo").read()
    found = [p for p in host_paths if p in text]
    return "host paths visible: " + ", ".join(found) if found else None
attempt("find host paths in mountinfo", mountinfo)
status = open("/proc/self/status").read()
caps = [l for l in status.splitlines() if l.startswith(("CapEff", "CapPrm", "CapBnd", "NoNewPrivs", "Seccomp:"))]
results["identity"] = {"uid": os.getuid(), "status": caps}
print(json.dumps(results))
)PY";

TEST(SandboxAttacks, EveryEscapeIsRefusedAndTheHostIsUnchanged) {
  REQUIRE_SANDBOX();
  Scratch s;
  auto mark = marker();
  const std::string truth_text = "id,label\nr1,cat\n";
  auto truth = s.write("truth-blob", truth_text, 0444);
  auto program = s.write("attacks.py", kAttacks, 0400);
  auto r = run_sandboxed(program, {{truth, "/data/truth"}}, {mark, s.dir.string(), fs::read_symlink("/proc/self/exe").parent_path().string()}, small_limits(true));
  ASSERT_TRUE(r.started) << r.problem;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto out = json::parse(r.out);
  for (const auto& [name, outcome] : out.items()) {
    if (name == "identity") continue;
    EXPECT_EQ(outcome.get<std::string>().rfind("refused", 0), 0u) << name << ": " << outcome;
  }
  std::string status;
  for (const auto& line : out["identity"]["status"]) status += line.get<std::string>() + "\n";
  EXPECT_NE(status.find("CapEff:\t0000000000000000"), std::string::npos) << status;
  EXPECT_NE(status.find("CapBnd:\t0000000000000000"), std::string::npos) << status;
  EXPECT_NE(status.find("NoNewPrivs:\t1"), std::string::npos) << status;
  EXPECT_NE(status.find("Seccomp:\t2"), std::string::npos) << "a seccomp filter is on: " << status;
  EXPECT_NE(out["identity"]["uid"], 0);
  // The host is as it was.
  EXPECT_FALSE(fs::exists("/usr/" + mark));
  EXPECT_FALSE(fs::exists("/" + mark));
  EXPECT_EQ(slurp(truth), truth_text);
  EXPECT_EQ(fs::status(truth).permissions(), fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
}

// Seen from the host, the scorer's processes belong to an unprivileged user.
TEST(SandboxAttacks, TheScorerRunsAsAnUnprivilegedHostUser) {
  REQUIRE_SANDBOX();
  Scratch s;
  auto mark = marker();
  auto program = s.write("sleep.sh", "#!/bin/sh\nsleep 3\n", 0400);
  auto run = std::async(std::launch::async, [&] { return run_sandboxed(program, {}, {mark}, small_limits(true)); });
  std::optional<uid_t> seen;
  for (int i = 0; i < 100 && !seen; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    for (const auto& e : fs::directory_iterator("/proc")) {
      auto cmdline = slurp(e.path().string() + "/cmdline");
      if (cmdline.find(mark) == std::string::npos || cmdline.find("bwrap") != std::string::npos) continue;
      auto status = slurp(e.path().string() + "/status");
      auto at = status.find("Uid:");
      if (at != std::string::npos) seen = static_cast<uid_t>(std::stoul(status.substr(at + 4)));
    }
  }
  auto r = run.get();
  ASSERT_TRUE(r.started) << r.problem;
  ASSERT_TRUE(seen.has_value()) << "the scorer's process was not found";
  EXPECT_NE(*seen, 0u);
  EXPECT_EQ(*seen, ::geteuid() == 0 ? SandboxLimits{}.unprivileged_uid : ::getuid());
}

TEST(SandboxAttacks, NothingOfTheWorkerIsInheritedButStandardStreams) {
  REQUIRE_SANDBOX();
  Scratch s;
  int leaked = ::open(s.write("worker-secret", "db password").c_str(), O_RDONLY);  // not close-on-exec
  auto program = s.write("fds.sh", "#!/bin/sh\nls /proc/self/fd\nenv\n", 0400);
  ::setenv("AIGC_TEST_SECRET", "hunter2", 1);
  auto r = run_sandboxed(program, {}, {}, small_limits(true));
  ::close(leaked);
  ::unsetenv("AIGC_TEST_SECRET");
  ASSERT_TRUE(r.started) << r.problem;
  EXPECT_EQ(r.out.find("hunter2"), std::string::npos) << r.out;
  std::istringstream fds(r.out.substr(0, r.out.find("PATH=")));
  std::vector<int> open;
  for (int fd; fds >> fd;) open.push_back(fd);
  // 0, 1, 2 and ls's own directory handle.
  EXPECT_LE(open.size(), 4u) << r.out;
  for (int fd : open) EXPECT_LE(fd, 3) << r.out;
}

class SandboxLimits_ : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    if (!sandbox_works()) GTEST_SKIP() << "bubblewrap cannot start here: " << *sandbox_unavailable();
    limits = small_limits(GetParam());
    if (GetParam() && sandbox_enforcement(limits).rfind("cgroup", 0) != 0)
      GTEST_SKIP() << "this machine gives this process no cgroup; the watchdog case covers it";
  }
  SandboxResult run(const std::string& script) {
    auto program = scratch.write("scorer.py", script, 0400);
    return run_sandboxed(program, {}, {}, limits);
  }
  Scratch scratch;
  SandboxLimits limits;
};

TEST_P(SandboxLimits_, ChildrenShareOneCpuLimit) {
  auto start = std::chrono::steady_clock::now();
  auto r = run("#!/usr/bin/python3\nimport os\nfor i in range(6):\n    if os.fork() == 0:\n        while True: pass\n"
               "while True: pass\n");
  double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_TRUE(r.started) << r.problem;
  EXPECT_EQ(r.limit, SandboxLimit::cpu) << r.enforcement << " exit " << r.exit_code << " signal " << r.signal << " cpu " << r.cpu_seconds;
  EXPECT_EQ(describe_limit(r.limit, limits), "used more than 2 s of CPU");
  EXPECT_LT(r.cpu_seconds, 4.0) << "7 busy processes held to about 2 s of CPU in all";
  EXPECT_LT(wall, 10.0);
}

TEST_P(SandboxLimits_, ChildrenShareOneMemoryLimit) {
  auto r = run("#!/usr/bin/python3\nimport os, time\nfor i in range(6):\n    if os.fork() == 0:\n"
               "        block = b'x' * (100 << 20)\n        time.sleep(15)\n        os._exit(0)\n"
               "for i in range(6): os.wait()\n");
  ASSERT_TRUE(r.started) << r.problem;
  EXPECT_EQ(r.limit, SandboxLimit::memory) << r.enforcement << " exit " << r.exit_code << " peak " << r.peak_memory_bytes;
  EXPECT_EQ(describe_limit(r.limit, limits), "used more than 256 MiB of memory");
}

TEST_P(SandboxLimits_, AForkBombIsHeldAtTheProcessLimit) {
  auto r = run("#!/usr/bin/python3\nimport os, time\nn = 0\ntry:\n    for i in range(200):\n        if os.fork() == 0:\n"
               "            time.sleep(5)\n            os._exit(0)\n        n += 1\nexcept OSError:\n    pass\nprint(n)\ntime.sleep(0.5)\n");
  ASSERT_TRUE(r.started) << r.problem;
  EXPECT_EQ(r.limit, SandboxLimit::processes) << r.enforcement << " out " << r.out << " err " << r.err;
  if (!r.out.empty()) {
    // RLIMIT_NPROC counts the sandbox user's other tasks too, which come and go: a few more
    // forks may pass before the watchdog stops it.
    EXPECT_LT(std::stoi(r.out), limits.processes + 4) << "forks that succeeded";
  }
}

TEST_P(SandboxLimits_, TmpAndShmAreSizeCapped) {
  auto r = run("#!/usr/bin/python3\nimport json\nout = {}\nfor d in ('/tmp', '/dev/shm'):\n    n = 0\n    try:\n"
               "        with open(d + '/fill', 'wb') as f:\n            for i in range(400):\n                f.write(b'x' * (1 << 20))\n"
               "                f.flush()\n                n += 1\n    except OSError as e:\n        pass\n    out[d] = n\n"
               "print(json.dumps(out))\n");
  ASSERT_TRUE(r.started) << r.problem;
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto out = json::parse(r.out);
  EXPECT_LE(out["/tmp"].get<int>(), limits.tmp_mb) << r.out;
  EXPECT_LE(out["/dev/shm"].get<int>(), limits.tmp_mb) << r.out;
}

TEST_P(SandboxLimits_, AScorerThatHangsIsStoppedAtTheWallClockLimit) {
  limits.wall_seconds = 1;
  auto r = run("#!/usr/bin/python3\nimport time\ntime.sleep(30)\n");
  ASSERT_TRUE(r.started) << r.problem;
  EXPECT_EQ(r.limit, SandboxLimit::wall);
  EXPECT_EQ(describe_limit(r.limit, limits), "did not finish within 1 s");
}

TEST_P(SandboxLimits_, AWellBehavedScorerIsNotStopped) {
  auto r = run("#!/usr/bin/python3\nimport os\nif os.fork() == 0:\n    os._exit(0)\nos.wait()\nprint('{\"score\": 1}')\n");
  ASSERT_TRUE(r.started) << r.problem;
  EXPECT_EQ(r.limit, SandboxLimit::none);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "{\"score\": 1}\n");
}

INSTANTIATE_TEST_SUITE_P(Enforcement, SandboxLimits_, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? std::string("Cgroup") : std::string("Watchdog"); });

// Root's run of the suite runs it all again as an unprivileged user (uid 65534), from a
// world-readable copy of this binary.
TEST(SandboxAsAPlainUser, EveryTestPassesForAnUnprivilegedWorkerToo) {
  if (::geteuid() != 0) GTEST_SKIP() << "already running as a plain user";
  Scratch s;
  ::chmod(s.dir.c_str(), 0755);
  auto copy = s.dir / "sandbox_tests";
  fs::copy_file("/proc/self/exe", copy);
  ::chmod(copy.c_str(), 0755);
  int out[2];
  ASSERT_EQ(::pipe(out), 0);
  pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], 1);
    ::dup2(out[1], 2);
    ::chdir("/tmp");
    const uid_t nobody = 65534;
    if (::setgroups(0, nullptr) != 0 || ::setgid(nobody) != 0 || ::setuid(nobody) != 0) ::_exit(99);
    ::execl(copy.c_str(), copy.c_str(), "--gtest_filter=-SandboxAsAPlainUser.*", static_cast<char*>(nullptr));
    ::_exit(98);
  }
  ::close(out[1]);
  std::string log;
  char buf[4096];
  for (ssize_t n; (n = ::read(out[0], buf, sizeof buf)) > 0;) log.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << log;
  EXPECT_EQ(WEXITSTATUS(status), 0) << log;
  EXPECT_NE(log.find("PASSED"), std::string::npos) << log;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);)
    if (line.find("[  SKIPPED ]") != std::string::npos && line.find("tests, listed below") == std::string::npos) {
      EXPECT_NE(line.find("/Cgroup"), std::string::npos) << "only the cgroup cases may skip for a plain user: " << log;
    }
}

}  // namespace
}  // namespace aigc
