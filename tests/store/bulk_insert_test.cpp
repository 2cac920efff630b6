// insert_columns on the backend AIGC_TEST_DB names: text with the characters array
// literals and CSV care about, doubles to the last bit, and ON CONFLICT, arrive as sent.
#include <gtest/gtest.h>

#include "store/bulk_insert.hpp"
#include "support/test_database.hpp"

namespace aigc {

TEST(StoreBulkInsert, ValuesArriveExactlyAsSent) {
  auto db = test::fresh_migrated_database("bulk", 2);
  db->write([&](soci::session& sql) { sql << "CREATE TABLE bulk_rows (id BIGINT PRIMARY KEY, name TEXT NOT NULL, x DOUBLE PRECISION NOT NULL)"; });
  std::vector<long long> ids = {1, 2, 3, 4, 5};
  std::vector<std::string> names = {"plain", "quote \" and back\\slash", "{braces},commas", "中文 \t tab\nnewline", ""};
  std::vector<double> xs = {0.1, 1.0 / 3.0, -2.5e-300, 123456789.123456789, 0};
  db->write([&](soci::session& sql) {
    insert_columns(db->dialect(), sql, "INSERT INTO bulk_rows (id, name, x) VALUES (:i, :n, :x)", ids, names, xs);
    // A row already there is left alone.
    std::vector<long long> again = {3};
    std::vector<std::string> other = {"changed"};
    std::vector<double> y = {9};
    insert_columns(db->dialect(), sql, "INSERT INTO bulk_rows (id, name, x) VALUES (:i, :n, :x) ON CONFLICT (id) DO NOTHING", again, other, y);
  });
  db->with_session([&](soci::session& sql) {
    for (std::size_t i = 0; i < ids.size(); ++i) {
      std::string name;
      double x = 0;
      sql << "SELECT name, x FROM bulk_rows WHERE id = :i", soci::use(ids[i]), soci::into(name), soci::into(x);
      EXPECT_EQ(name, names[i]);
      EXPECT_EQ(x, xs[i]);
    }
    return 0;
  });
}

}  // namespace aigc
