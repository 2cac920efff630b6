#include "support/test_server.hpp"

#include <cctype>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <thread>

#include <soci/soci.h>

#include "store/database.hpp"
#include "support/http_client.hpp"

namespace aigc::test {

std::string backend() {
  const char* b = std::getenv("AIGC_TEST_DB");
  return b && std::string(b) == "postgresql" ? "postgresql" : "sqlite";
}

std::string source_dir() { return AIGC_SOURCE_DIR; }

std::string fresh_database_url(const std::string& hint) {
  static std::mt19937_64 rng(std::random_device{}());
  std::string safe = hint;  // a PostgreSQL database name: letters, digits and '_'
  for (auto& c : safe)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  std::string name = "aigc_" + safe + "_" + std::to_string(getpid()) + "_" + std::to_string(rng() % 1000000);
  if (backend() == "sqlite") {
    auto dir = std::filesystem::temp_directory_path() / "aigc-tests";
    std::filesystem::create_directories(dir);
    return "sqlite://" + (dir / (name + ".db")).string();
  }
  const char* base = std::getenv("AIGC_TEST_PG_URL");
  if (!base || !*base)
    throw std::runtime_error("AIGC_TEST_PG_URL is not set: run the PostgreSQL tests through `make test` "
                             "(scripts/with-postgres starts a server on loopback)");
  auto admin = Database::open(base, 1);
  if (!admin) throw std::runtime_error(admin.error().message);
  admin.value()->with_session([&](soci::session& sql) {
    sql << "CREATE DATABASE " + name;  // name is ours: letters, digits and '_'
    return 0;
  });
  std::string url = base;
  return url.substr(0, url.rfind('/') + 1) + name;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

std::string test_blob_dir() { return (std::filesystem::temp_directory_path() / "aigc-tests" / "blobs").string(); }

WorkerProcess::WorkerProcess(const std::string& db_url, const std::map<std::string, std::string>& env, int count) {
  pid_ = ::fork();
  if (pid_ == 0) {
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    ::setenv("AIGC_LOG_LEVEL", "warn", 0);
    ::setenv("AIGC_BLOB_DIR", test_blob_dir().c_str(), 0);
    std::string n = std::to_string(count);
    ::execl(AIGC_BINARY, AIGC_BINARY, "worker", "--db", db_url.c_str(), "--count", n.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
}

void WorkerProcess::stop(int sig) {
  if (pid_ <= 0) return;
  ::kill(pid_, sig);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

WorkerProcess::~WorkerProcess() { stop(SIGTERM); }

ServerProcess::ServerProcess(const std::string& db_url, const std::map<std::string, std::string>& env,
                             const std::vector<std::string>& wrapper) {
  port_ = free_port();
  pid_ = ::fork();
  if (pid_ == 0) {
    for (const auto& [k, v] : env) ::setenv(k.c_str(), v.c_str(), 1);
    ::setenv("AIGC_LOG_LEVEL", "warn", 0);
    ::setenv("AIGC_BLOB_DIR", test_blob_dir().c_str(), 0);
    std::string port = std::to_string(port_), web = source_dir() + "/web";
    std::vector<std::string> args = wrapper;
    for (const char* a : {AIGC_BINARY, "serve", "--db"}) args.emplace_back(a);
    for (const std::string& a : {db_url, std::string("--port"), port, std::string("--web-root"), web}) args.push_back(a);
    args.emplace_back("--threads");
    args.emplace_back("4");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    ::_exit(127);
  }
  for (int i = 0; i < 300; ++i) {
    if (send_raw(port_, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 1000).status == 200) return;
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      throw std::runtime_error("aigc serve exited during start-up (see its output above)");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  throw std::runtime_error("aigc serve did not answer /healthz within 15 s");
}

int ServerProcess::stop(int sig) {
  if (pid_ <= 0) return -1;
  ::kill(pid_, sig);
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

ServerProcess::~ServerProcess() { stop(SIGTERM); }

int ServerProcess::run_cli(const std::string& args, std::string* output) {
  const char* blobs = std::getenv("AIGC_BLOB_DIR");
  std::string cmd = "AIGC_BLOB_DIR='" + (blobs ? std::string(blobs) : test_blob_dir()) + "' " + std::string(AIGC_BINARY) + " " + args + " --web-root " + source_dir() + "/web 2>&1";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  std::array<char, 4096> buf;
  while (auto n = std::fread(buf.data(), 1, buf.size(), p)) out.append(buf.data(), n);
  int status = ::pclose(p);
  if (output) *output = out;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace aigc::test
