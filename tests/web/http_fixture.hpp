// One real server per test binary run, on a fresh database (SQLite or PostgreSQL, per
// AIGC_TEST_DB) with the demo content loaded, shared by the HTTP tests.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <random>

#include "support/http_client.hpp"
#include "support/test_server.hpp"

namespace aigc::test {

constexpr const char* kAdminPassword = "admin-password-for-tests";

struct SharedServer {
  std::string db_url;
  std::unique_ptr<ServerProcess> server;
  static SharedServer& get() {
    static SharedServer s = [] {
      SharedServer s;
      s.db_url = fresh_database_url("http");
      std::string out;
      int code = ServerProcess::run_cli("seed --demo --db " + s.db_url + " --admin-password " + kAdminPassword +
                                            " --content " + source_dir() + "/content/pages",
                                        &out);
      if (code != 0) throw std::runtime_error("seeding failed: " + out);
      s.server = std::make_unique<ServerProcess>(s.db_url);
      return s;
    }();
    return s;
  }
};

inline int port() { return SharedServer::get().server->port(); }

inline std::string unique(const std::string& prefix) {
  static std::mt19937 rng(std::random_device{}());
  return prefix + std::to_string(rng() % 100000000);
}

// Registers and signs in a new member in `b`; returns the handle.
inline std::string register_member(Browser& b, const std::string& prefix = "m") {
  auto handle = unique(prefix);
  auto r = b.post("/register", {{"handle", handle}, {"email", handle + "@example.org"},
                                {"password", "a long enough password"}, {"country", "CN"}});
  EXPECT_EQ(r.status, 303) << r.body;
  return handle;
}

inline void sign_in_admin(Browser& b) {
  auto r = b.post("/login", {{"login", "aigc-admin"}, {"password", kAdminPassword}});
  ASSERT_EQ(r.status, 303) << r.body;
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace aigc::test
