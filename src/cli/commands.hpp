// The `aigc` subcommands. Each returns the process exit code: 0 success, 1 failure of
// infrastructure, 2 bad input (with a message saying what to fix on stderr).
#pragma once

#include <string>

#include "core/config.hpp"

namespace aigc::cli {

struct SeedOptions {
  bool demo = false;
  long long members = 0;
  unsigned long long seed = 2017;
  std::string content_dir;
  std::string admin_password;
};

struct UserOptions {
  std::string handle, email, password, display_name, country, role = "member";
};

// Serves the web site with config.workers scoring workers in the same process.
int serve(Config config);
// Runs `count` scoring workers until SIGINT/SIGTERM.
int worker(const Config& config, int count);
int migrate(const Config& config);
// A consistent copy of the running site (database and blobs) into a new folder, and back.
int backup(const Config& config, const std::string& dir);
int restore(const Config& config, const std::string& dir);
int seed(const Config& config, const SeedOptions& options);
int import_pages(const Config& config, const std::string& dir);
// Rebuilds the search index from every area's tables.
int reindex_search(const Config& config);
// Rebuilds talent results, medals and rankings from the sources; prints what it did.
int recompute_talent(const Config& config);
int create_user(const Config& config, UserOptions options);
int set_role(const Config& config, const std::string& handle, const std::string& role);
int create_token(const Config& config, const std::string& handle, const std::string& name);

}  // namespace aigc::cli
