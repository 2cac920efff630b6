#include "store/bulk_insert.hpp"

#include <cstdio>
#include <stdexcept>

#include <soci/sqlite3/soci-sqlite3.h>

namespace aigc::detail {

using namespace ::sqlite_api;

namespace {

[[noreturn]] void fail(void* conn) { throw std::runtime_error(std::string("sqlite: ") + sqlite3_errmsg(static_cast<sqlite3*>(conn))); }

}  // namespace

SqliteInsert::SqliteInsert(soci::session& sql, const std::string& query) : conn_(nullptr), st_(nullptr) {
  auto* backend = static_cast<soci::sqlite3_session_backend*>(sql.get_backend());
  conn_ = backend->conn_;
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(static_cast<sqlite3*>(conn_), query.c_str(), static_cast<int>(query.size()), &raw, nullptr) != SQLITE_OK)
    fail(conn_);
  st_ = raw;
}

SqliteInsert::~SqliteInsert() { sqlite3_finalize(static_cast<sqlite3_stmt*>(st_)); }

void SqliteInsert::bind(int k, long long v) {
  if (sqlite3_bind_int64(static_cast<sqlite3_stmt*>(st_), k, v) != SQLITE_OK) fail(conn_);
}

void SqliteInsert::bind(int k, double v) {
  if (sqlite3_bind_double(static_cast<sqlite3_stmt*>(st_), k, v) != SQLITE_OK) fail(conn_);
}

void SqliteInsert::bind(int k, const std::string& v) {
  // SQLITE_STATIC: the caller's vectors outlive the step.
  if (sqlite3_bind_text(static_cast<sqlite3_stmt*>(st_), k, v.data(), static_cast<int>(v.size()), SQLITE_STATIC) != SQLITE_OK) fail(conn_);
}

void SqliteInsert::step() {
  auto* st = static_cast<sqlite3_stmt*>(st_);
  if (sqlite3_step(st) != SQLITE_DONE) fail(conn_);
  sqlite3_reset(st);
}

std::string pg_array(const std::vector<long long>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) out += (i ? "," : "") + std::to_string(v[i]);
  return out + "}";
}

std::string pg_array(const std::vector<double>& v) {
  std::string out = "{";
  char buf[32];
  for (std::size_t i = 0; i < v.size(); ++i) {
    std::snprintf(buf, sizeof buf, "%.17g", v[i]);  // round-trips exactly
    out += (i ? "," : "") + std::string(buf);
  }
  return out + "}";
}

std::string pg_array(const std::vector<std::string>& v) {
  std::string out = "{";
  for (std::size_t i = 0; i < v.size(); ++i) {
    out += i ? ",\"" : "\"";
    for (char c : v[i]) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string pg_unnest_query(const std::string& query, const std::vector<const char*>& types) {
  const auto values = query.find("VALUES (");
  const auto close = values == std::string::npos ? values : query.find(')', values);
  if (close == std::string::npos) throw std::logic_error("insert_columns: the query has no VALUES row: " + query);
  std::string select = "SELECT * FROM unnest(";
  for (std::size_t i = 0; i < types.size(); ++i)
    select += std::string(i ? ", " : "") + "CAST(:c" + std::to_string(i) + " AS " + types[i] + ")";
  return query.substr(0, values) + select + ")" + query.substr(close + 1);
}

}  // namespace aigc::detail
