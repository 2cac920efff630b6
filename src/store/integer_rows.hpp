// Reads a query's one integer column row by row, fast. Through SOCI, SQLite turns every
// value into text and back and locks its mutex per call, which costs more than the query
// itself when a search matches a few hundred thousand documents; on SQLite this runs on
// SQLite's own API instead (same connection, same transaction). On PostgreSQL, SOCI.
// `on_row` returns false to stop early.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "store/database.hpp"

namespace aigc {

// `query` takes one text parameter (:p on PostgreSQL, ?1 on SQLite: the caller writes the
// dialect's query).
// Every value of a query's one integer column (the query takes no parameters), through
// SOCI: for listing ids of a table, where the rows are few enough to hold.
std::vector<std::int64_t> select_ids(soci::session& sql, const std::string& query);

void for_each_integer(Database& db, soci::session& sql, const std::string& query, const std::string& param,
                      const std::function<bool(std::int64_t)>& on_row);

}  // namespace aigc
