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

}  // namespace aigc::test
