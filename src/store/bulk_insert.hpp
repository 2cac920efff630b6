// Inserts many rows given as columns (one vector per placeholder, all of one length). On
// SQLite through SQLite's own API on the session's connection, values bound natively: SOCI
// turns every value into text and back and allocates per row, which cost more than the
// inserts themselves when a recompute writes millions of rows (see docs/PERFORMANCE.md,
// Talent). On PostgreSQL in one round trip: each column is sent as one array and the
// VALUES row becomes `SELECT * FROM unnest(...)` (SOCI's vector binding would send the rows
// one by one). `query` is "INSERT INTO t (columns) VALUES (:a, :b, ...) [ON CONFLICT ...]"
// with its placeholders in the order of the columns.
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

// PostgreSQL array literals of a column, and the element type to cast them to.
std::string pg_array(const std::vector<long long>& v);
std::string pg_array(const std::vector<double>& v);
std::string pg_array(const std::vector<std::string>& v);
inline const char* pg_array_type(const std::vector<long long>&) { return "bigint[]"; }
inline const char* pg_array_type(const std::vector<double>&) { return "double precision[]"; }
inline const char* pg_array_type(const std::vector<std::string>&) { return "text[]"; }
// The query with its VALUES row replaced by unnest over the casts, in order.
std::string pg_unnest_query(const std::string& query, const std::vector<const char*>& types);

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
  const std::string unnest = detail::pg_unnest_query(query, {detail::pg_array_type(columns)...});
  std::vector<std::string> arrays = {detail::pg_array(columns)...};
  soci::statement st(sql);
  for (auto& a : arrays) st.exchange(soci::use(a));
  st.alloc();
  st.prepare(unnest);
  st.define_and_bind();
  st.execute(true);
}

}  // namespace aigc
