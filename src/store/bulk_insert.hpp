// Inserts many rows given as columns (one vector per placeholder, all of one length). On
// SQLite through SQLite's own API on the session's connection, values bound natively: SOCI
// turns every value into text and back and allocates per row, which cost more than the
// inserts themselves when a recompute writes millions of rows (see docs/PERFORMANCE.md,
// Talent). On PostgreSQL through SOCI's vector binding, one statement per call. `query`
// names its placeholders (:a, :b, ...) in the order of the columns.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/database.hpp"

namespace aigc {

namespace detail {

class SqliteInsert {
 public:
  SqliteInsert(soci::session& sql, const std::string& query);
  ~SqliteInsert();
  SqliteInsert(const SqliteInsert&) = delete;
  SqliteInsert& operator=(const SqliteInsert&) = delete;
  void bind(int k, long long v);
  void bind(int k, double v);
  void bind(int k, const std::string& v);
  void step();  // runs the row and resets for the next

 private:
  void* conn_;
  void* st_;
};

}  // namespace detail

template <class... Columns>
void insert_columns(Dialect dialect, soci::session& sql, const std::string& query, const Columns&... columns) {
  const std::size_t n = std::min({columns.size()...});
  if (n == 0) return;
  if (dialect == Dialect::sqlite) {
    detail::SqliteInsert insert(sql, query);
    for (std::size_t i = 0; i < n; ++i) {
      int k = 0;
      (insert.bind(++k, columns[i]), ...);
      insert.step();
    }
    return;
  }
  ((sql << query), ..., soci::use(columns));
}

}  // namespace aigc
