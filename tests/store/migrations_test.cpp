#include <gtest/gtest.h>

#include <thread>

#include "store/migrations.hpp"
#include "support/test_server.hpp"

namespace aigc {

TEST(StoreMigrations, ApplyOnceAndRerunIsANoOp) {
  auto db = Database::open(test::fresh_database_url("migrate"), 2);
  ASSERT_TRUE(db) << db.error().message;
  auto first = migrate(*db.value());
  ASSERT_TRUE(first);
  EXPECT_EQ(first->from_version, 0);
  EXPECT_EQ(first->to_version, latest_schema_version());
  auto again = migrate(*db.value());
  ASSERT_TRUE(again);
  EXPECT_EQ(again->from_version, again->to_version);
}

TEST(StoreMigrations, TwoProcessesStartingTogetherMigrateOnce) {
  auto url = test::fresh_database_url("race");
  auto a = Database::open(url, 1);
  auto b = Database::open(url, 1);
  ASSERT_TRUE(a && b);
  bool ok_a = false, ok_b = false;
  std::thread ta([&] { ok_a = migrate(*a.value()).ok(); });
  std::thread tb([&] { ok_b = migrate(*b.value()).ok(); });
  ta.join();
  tb.join();
  EXPECT_TRUE(ok_a && ok_b);
  long long rows = 0;
  a.value()->with_session([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM schema_version", soci::into(rows); return 0; });
  EXPECT_EQ(rows, latest_schema_version());
}

TEST(StoreDatabase, UnknownUrlSchemeSaysWhatToUse) {
  auto db = Database::open("mysql://localhost/x", 1);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("sqlite:///"), std::string::npos);
}

TEST(StoreDatabase, RelativeSqlitePathIsRefused) {
  auto db = Database::open("sqlite://relative.db", 1);
  ASSERT_FALSE(db);
  EXPECT_NE(db.error().message.find("absolute"), std::string::npos);
}

}  // namespace aigc

namespace aigc {

// Operators paste their database URL with the password in it: percent-escapes are decoded
// (a password may hold '@', ':' and '%'), a raw '@' or ':' in the password still works, and
// quotes and backslashes reach libpq escaped.
TEST(StoreDatabase, PostgresUrlsWithAwkwardPasswordsBecomeTheRightKeywords) {
  EXPECT_EQ(postgres_conninfo("postgresql://app:p%40ss%3Aw%25rd@db.example.org:5433/aigc"),
            "user='app' password='p@ss:w%rd' host='db.example.org' port='5433' dbname='aigc' ");
  EXPECT_EQ(postgres_conninfo("postgresql://app:pa:ss@word@127.0.0.1/aigc"),
            "user='app' password='pa:ss@word' host='127.0.0.1' dbname='aigc' ");
  EXPECT_EQ(postgres_conninfo("postgresql://app:50%off@localhost/aigc"), "user='app' password='50%off' host='localhost' dbname='aigc' ")
      << "a '%' that escapes nothing is itself";
  EXPECT_EQ(postgres_conninfo("postgresql://app:it's\\x@localhost/aigc?sslmode=require"),
            "user='app' password='it\\'s\\\\x' host='localhost' dbname='aigc' sslmode='require' ");
  EXPECT_EQ(postgres_conninfo("postgresql://[::1]:5432/aigc"), "host='::1' port='5432' dbname='aigc' ");
  EXPECT_EQ(postgres_conninfo("postgresql://[::1]/aigc"), "host='::1' dbname='aigc' ");
}

}  // namespace aigc
