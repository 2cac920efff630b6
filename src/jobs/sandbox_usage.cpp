#include "jobs/sandbox_usage.hpp"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <thread>

namespace aigc {

namespace fs = std::filesystem;

namespace {

struct ProcStat {
  pid_t pid = 0, ppid = 0;
  double cpu_seconds = 0;  // utime + stime + cutime + cstime
  std::int64_t rss_bytes = 0;
  int threads = 0;
};

bool read_stat(pid_t pid, ProcStat& s) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return false;
  // The command name may hold spaces and parentheses: fields resume after the last ')'.
  auto close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream rest(line.substr(close + 2));
  std::vector<std::string> f;  // f[0] is field 3 (state)
  for (std::string x; rest >> x && f.size() < 22;) f.push_back(x);
  if (f.size() < 22) return false;
  static const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  static const std::int64_t page = ::sysconf(_SC_PAGESIZE);
  s.pid = pid;
  s.ppid = std::stoi(f[1]);
  s.cpu_seconds = (std::stod(f[11]) + std::stod(f[12]) + std::stod(f[13]) + std::stod(f[14])) / tick;
  s.threads = std::stoi(f[17]);
  s.rss_bytes = std::stoll(f[21]) * page;
  return true;
}

std::vector<ProcStat> all_processes() {
  std::vector<ProcStat> list;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const auto name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    ProcStat s;
    if (read_stat(std::stoi(name), s)) list.push_back(s);
  }
  return list;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool write_file(const std::string& path, const std::string& value) {
  std::ofstream out(path);
  out << value;
  out.flush();
  return static_cast<bool>(out);
}

// The value after `key` in a "key value" line file (memory.events, pids.events, cpu.stat).
std::int64_t keyed_value(const std::string& text, const std::string& key) {
  std::istringstream in(text);
  for (std::string k, v; in >> k >> v;)
    if (k == key) return std::stoll(v);
  return 0;
}

// This process's cgroup path in a hierarchy: the v1 line naming `controller`, or v2's "0::".
std::string own_cgroup(const std::string& controller) {
  std::istringstream in(read_file("/proc/self/cgroup"));
  for (std::string line; std::getline(in, line);) {
    auto a = line.find(':'), b = line.find(':', a + 1);
    if (a == std::string::npos || b == std::string::npos) continue;
    auto controllers = line.substr(a + 1, b - a - 1);
    std::istringstream names(controllers);
    bool match = controller.empty() ? controllers.empty() : false;
    for (std::string n; !match && std::getline(names, n, ',');) match = n == controller;
    if (match) return line.substr(b + 1);
  }
  return "";
}

std::string random_name() {
  std::random_device rd;
  std::ostringstream s;
  s << "aigc-sandbox-" << std::hex << rd() << rd();
  return s.str();
}

bool has_word(const std::string& text, const std::string& word) {
  std::istringstream in(text);
  for (std::string w; in >> w;)
    if (w == word) return true;
  return false;
}

}  // namespace

SandboxUsage process_tree_usage(pid_t root, std::vector<pid_t>* members) {
  std::multimap<pid_t, const ProcStat*> children;
  auto all = all_processes();
  const ProcStat* top = nullptr;
  for (const auto& p : all) {
    children.emplace(p.ppid, &p);
    if (p.pid == root) top = &p;
  }
  SandboxUsage u;
  if (!top) return u;
  std::vector<const ProcStat*> stack = {top};
  while (!stack.empty()) {
    const auto* p = stack.back();
    stack.pop_back();
    u.cpu_seconds += p->cpu_seconds;
    u.memory_bytes += p->rss_bytes;
    u.tasks += p->threads;
    if (members) members->push_back(p->pid);
    auto [b, e] = children.equal_range(p->pid);
    for (auto it = b; it != e; ++it) stack.push_back(it->second);
  }
  return u;
}

int tasks_of_user(uid_t uid) {
  int tasks = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator("/proc", ec)) {
    const auto name = e.path().filename().string();
    if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
    std::istringstream in(read_file(e.path().string() + "/status"));
    uid_t real = static_cast<uid_t>(-1);
    int threads = 0;
    for (std::string line; std::getline(in, line);) {
      if (line.rfind("Uid:", 0) == 0) real = static_cast<uid_t>(std::stoul(line.substr(4)));
      else if (line.rfind("Threads:", 0) == 0) threads = std::stoi(line.substr(8));
    }
    if (real == uid) tasks += threads;
  }
  return tasks;
}

std::unique_ptr<SandboxCgroup> SandboxCgroup::create(std::int64_t memory_bytes, int pids, const std::string& delegated_v2,
                                                     std::string& why_not) {
  std::unique_ptr<SandboxCgroup> cg(new SandboxCgroup);
  auto name = random_name();
  auto make = [&](const std::string& parent) -> std::string {
    auto dir = parent + "/" + name;
    std::error_code ec;
    if (!fs::create_directory(dir, ec)) return "";
    cg->dirs_.push_back(dir);
    cg->procs_files_.push_back(dir + "/cgroup.procs");
    return dir;
  };
  // cgroup v2: a delegated folder, or this process's own cgroup when it may give children
  // the memory and pids controllers.
  std::string v2_parent = delegated_v2;
  if (v2_parent.empty() && fs::exists("/sys/fs/cgroup/cgroup.controllers")) v2_parent = "/sys/fs/cgroup" + own_cgroup("");
  if (!v2_parent.empty() && fs::exists(v2_parent + "/cgroup.subtree_control")) {
    auto enabled = read_file(v2_parent + "/cgroup.subtree_control");
    if (has_word(enabled, "memory") && has_word(enabled, "pids")) {
      auto dir = make(v2_parent);
      if (!dir.empty() && write_file(dir + "/memory.max", std::to_string(memory_bytes)) &&
          write_file(dir + "/pids.max", std::to_string(pids))) {
        write_file(dir + "/memory.swap.max", "0");
        cg->kind_ = "cgroup v2";
        cg->memory_dir_ = cg->pids_dir_ = cg->cpu_dir_ = dir;
        return cg;
      }
      why_not = "cannot create a cgroup in " + v2_parent;
      return nullptr;
    }
    why_not = "the cgroup " + v2_parent + " does not delegate the memory and pids controllers";
  }
  // cgroup v1: one folder in each of the memory, pids and cpuacct hierarchies.
  const std::string v1 = "/sys/fs/cgroup/";
  if (fs::exists(v1 + "memory/cgroup.procs") && fs::exists(v1 + "pids/cgroup.procs") && fs::exists(v1 + "cpuacct/cgroup.procs")) {
    cg->memory_dir_ = make(v1 + "memory" + own_cgroup("memory"));
    cg->pids_dir_ = cg->memory_dir_.empty() ? "" : make(v1 + "pids" + own_cgroup("pids"));
    cg->cpu_dir_ = cg->pids_dir_.empty() ? "" : make(v1 + "cpuacct" + own_cgroup("cpuacct"));
    if (!cg->cpu_dir_.empty() && write_file(cg->memory_dir_ + "/memory.limit_in_bytes", std::to_string(memory_bytes)) &&
        write_file(cg->pids_dir_ + "/pids.max", std::to_string(pids))) {
      if (fs::exists(cg->memory_dir_ + "/memory.memsw.limit_in_bytes"))
        write_file(cg->memory_dir_ + "/memory.memsw.limit_in_bytes", std::to_string(memory_bytes));
      cg->kind_ = "cgroup v1";
      return cg;
    }
    why_not = "this process may not create cgroups (it needs root or a delegated cgroup)";
    return nullptr;  // the destructor removes what was made
  }
  if (why_not.empty()) why_not = "no cgroup hierarchy with memory and pids controllers is mounted";
  return nullptr;
}

SandboxUsage SandboxCgroup::usage() const {
  SandboxUsage u;
  if (kind_ == "cgroup v2") {
    auto stat = read_file(cpu_dir_ + "/cpu.stat");
    u.cpu_seconds = static_cast<double>(keyed_value(stat, "usage_usec")) / 1e6;
    auto mem = read_file(memory_dir_ + "/memory.current");
    u.memory_bytes = mem.empty() ? 0 : std::stoll(mem);
  } else {
    auto ns = read_file(cpu_dir_ + "/cpuacct.usage");
    u.cpu_seconds = ns.empty() ? 0 : static_cast<double>(std::stoll(ns)) / 1e9;
    auto mem = read_file(memory_dir_ + "/memory.usage_in_bytes");
    u.memory_bytes = mem.empty() ? 0 : std::stoll(mem);
  }
  auto current = read_file(pids_dir_ + "/pids.current");
  u.tasks = current.empty() ? 0 : std::stoi(current);
  return u;
}

bool SandboxCgroup::memory_exhausted() const {
  if (kind_ == "cgroup v2") return keyed_value(read_file(memory_dir_ + "/memory.events"), "oom_kill") > 0;
  return keyed_value(read_file(memory_dir_ + "/memory.oom_control"), "oom_kill") > 0;
}

bool SandboxCgroup::pids_exhausted() const { return keyed_value(read_file(pids_dir_ + "/pids.events"), "max") > 0; }

void SandboxCgroup::kill_all() const {
  if (kind_ == "cgroup v2" && write_file(memory_dir_ + "/cgroup.kill", "1")) return;
  for (const auto& procs : procs_files_) {
    std::istringstream in(read_file(procs));
    for (pid_t pid; in >> pid;) ::kill(pid, SIGKILL);
  }
}

SandboxCgroup::~SandboxCgroup() {
  // A cgroup can only be removed empty; killed processes leave within milliseconds.
  for (int attempt = 0; attempt < 100; ++attempt) {
    bool left = false;
    for (auto it = dirs_.begin(); it != dirs_.end();) {
      if (::rmdir(it->c_str()) == 0 || errno == ENOENT) {
        it = dirs_.erase(it);
      } else {
        left = true;
        ++it;
      }
    }
    if (!left) return;
    kill_all();
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace aigc
