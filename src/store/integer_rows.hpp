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
void for_each_integer(Database& db, soci::session& sql, const std::string& query, const std::string& param,
                      const std::function<bool(std::int64_t)>& on_row);

// Every value of a query's one integer column, in the query's order, through SOCI (fetched
// 4,096 at a time): for listing ids, where the rows are few enough to hold. `params` bind
// to the query's placeholders in order, as text.
std::vector<std::int64_t> select_ids(soci::session& sql, const std::string& query, std::vector<std::string> params = {});

}  // namespace aigc
