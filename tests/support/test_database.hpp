// A fresh, migrated database for in-process tests, on the backend AIGC_TEST_DB names.
#pragma once

#include <gtest/gtest.h>

#include <memory>

#include "core/crypto.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"
#include "support/test_server.hpp"

namespace aigc::test {

inline std::unique_ptr<Database> fresh_migrated_database(const std::string& name_hint, int pool_size = 8) {
  init_crypto();
  auto opened = Database::open(fresh_database_url(name_hint), pool_size);
  if (!opened) throw std::runtime_error(opened.error().message);
  auto db = std::move(opened.value());
  if (!migrate(*db)) throw std::runtime_error("migration failed");
  return db;
}

// The single number a query such as "SELECT COUNT(*) FROM ..." returns.
inline std::int64_t count(Database& db, const std::string& query) {
  long long n = 0;
  db.with_session([&](soci::session& sql) { sql << query, soci::into(n); });
  return n;
}

}  // namespace aigc::test
