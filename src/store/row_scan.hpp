// Reads every row of a query (no parameters) and hands each to `on_row` as typed columns.
// On SQLite through SQLite's own API on the session's connection (same transaction): SOCI
// turns each value into text and back and allocates per row, which costs more than the scan
// itself over millions of rows (docs/PERFORMANCE.md, Talent). On PostgreSQL through SOCI.
// A text view is valid only during the call.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include <soci/soci.h>

#include "store/database.hpp"

namespace aigc {

class RowView {
 public:
  virtual ~RowView() = default;
  virtual std::int64_t integer(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string_view text(int column) const = 0;
};

void for_each_row(Dialect dialect, soci::session& sql, const std::string& query, const std::function<void(const RowView&)>& on_row);

// The SQLite side of both scanners (this one and store/integer_rows): `param`, when given, is
// bound as the query's one text parameter; `on_row` returns false to stop early.
void sqlite_rows(soci::session& sql, const std::string& query, const std::string* param, const std::function<bool(const RowView&)>& on_row);

}  // namespace aigc
