// Real things for tests: a fresh database (a SQLite file, or a new database on the
// PostgreSQL server that scripts/with-postgres started) and a real `aigc serve` process
// on a free loopback port.
#pragma once

#include <sys/types.h>

#include <map>
#include <string>
#include <vector>

namespace aigc::test {

// "sqlite" unless AIGC_TEST_DB=postgresql.
std::string backend();
// A new, empty database for the current backend; throws when PostgreSQL is wanted but
// AIGC_TEST_PG_URL is not set (run the tests through `make test`).
std::string fresh_database_url(const std::string& name_hint);
int free_port();
std::string source_dir();

// The blob folder every process of a test run shares.
std::string test_blob_dir();

class ServerProcess {
 public:
  // `wrapper`: a command that runs `aigc serve ...` as its arguments (and execs it, keeping the pid).
  ServerProcess(const std::string& db_url, const std::map<std::string, std::string>& env = {},
                const std::vector<std::string>& wrapper = {});
  ~ServerProcess();
  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends sig and waits; returns the exit status.
  int stop(int sig = 15);
  // Runs `aigc ARGS --db URL` to completion; returns exit code and output.
  static int run_cli(const std::string& args, std::string* output = nullptr);

 private:
  pid_t pid_ = -1;
  int port_ = 0;
};

// A separate `aigc worker` process on the same database and blob folder.
class WorkerProcess {
 public:
  // count 0: a process that only sends mail.
  WorkerProcess(const std::string& db_url, const std::map<std::string, std::string>& env = {}, int count = 1);
  ~WorkerProcess();
  // Sends sig (SIGKILL: dies mid-job) and waits.
  void stop(int sig = 15);

 private:
  pid_t pid_ = -1;
};

}  // namespace aigc::test
