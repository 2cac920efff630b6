#include "store/bulk_insert.hpp"

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

}  // namespace aigc::detail
