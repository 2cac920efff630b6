// Owns the SOCI connection pool for SQLite (WAL, foreign keys, busy timeout) or PostgreSQL.
// Thread-safe: any thread may lease a session. Dialect differences live here and in
// migrations.cpp only. Lost connections surface as exceptions (infrastructure, not input).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <soci/soci.h>

#include "core/result.hpp"

namespace aigc {

enum class Dialect { sqlite, postgresql };

class Database {
 public:
  // url: "sqlite:///abs/path.db" or "postgresql://..." (libpq URI). Creates the SQLite
  // file's folder when missing. Fails with a clear error for an unknown scheme or a
  // server that cannot be reached.
  static Result<std::unique_ptr<Database>> open(const std::string& url, int pool_size);
  ~Database();

  Dialect dialect() const { return dialect_; }
  const std::string& url() const { return url_; }
  soci::connection_pool& pool() { return *pool_; }

  // Runs f(session) on a leased session.
  template <class F>
  auto with_session(F&& f) {
    soci::session sql(*pool_);
    try {
      return f(sql);
    } catch (...) {
      heal(sql);
      throw;
    }
  }

  // Runs f(session) inside one write transaction: SQLite takes the write lock up front
  // (BEGIN IMMEDIATE) so concurrent writers queue instead of failing to upgrade. If f
  // returns a failed Result or throws, everything is rolled back.
  template <class F>
  auto in_transaction(F&& f) {
    soci::session sql(*pool_);
    begin(sql);  // heals the session itself when it fails
    try {
      auto r = f(sql);
      if (r.ok()) commit(sql);
      else rollback(sql);
      return r;
    } catch (...) {
      rollback(sql);
      heal(sql);
      throw;
    }
  }

  // Runs f(session) inside one write transaction, for writes that cannot fail on input
  // (recording an outcome, counting): f returns nothing; an exception rolls back and
  // propagates. Saves callers from discarding an always-ok Result.
  template <class F>
  void write(F&& f) {
    soci::session sql(*pool_);
    begin(sql);  // heals the session itself when it fails
    try {
      f(sql);
      commit(sql);
    } catch (...) {
      rollback(sql);
      heal(sql);
      throw;
    }
  }

  // The clause that locks the selected rows until the transaction ends: " FOR UPDATE" on
  // PostgreSQL; empty on SQLite, where BEGIN IMMEDIATE already serializes writers.
  const char* for_update() const { return dialect_ == Dialect::postgresql ? " FOR UPDATE" : ""; }
  // The same for a queue: rows another transaction holds are skipped, not waited for.
  const char* for_update_skip_locked() const { return dialect_ == Dialect::postgresql ? " FOR UPDATE SKIP LOCKED" : ""; }

  // After rows were inserted with explicit ids (bulk seeding), the next generated id of
  // `table` follows the largest: PostgreSQL's identity sequence is set; SQLite needs nothing.
  void sync_id_sequence(soci::session& sql, const std::string& table) const {
    if (dialect_ == Dialect::postgresql)
      sql << "SELECT setval(pg_get_serial_sequence('" + table + "', 'id'), (SELECT MAX(id) FROM " + table + "))";
  }

  // nullopt when the database can serve: its file is there (SQLite) and its real tables
  // read back; otherwise what is wrong. For readiness probes.
  std::optional<std::string> not_ready();

 private:
  Database() = default;
  static std::optional<std::string> read_real_tables(soci::session& sql);
  void begin(soci::session& sql);
  void commit(soci::session& sql);
  void rollback(soci::session& sql) noexcept;
  // After a statement failed: a PostgreSQL session whose server went away (restarted,
  // failed over) connects again before it goes back to the pool, so a site recovers
  // without a restart; the request that met the outage still fails (nothing is replayed).
  void heal(soci::session& sql) noexcept;

  Dialect dialect_ = Dialect::sqlite;
  std::string url_;
  std::unique_ptr<soci::connection_pool> pool_;
  int pool_size_ = 0;
};

// libpq keyword form of a postgresql:// URL (SOCI does not take URIs).
std::string postgres_conninfo(const std::string& url);

// True when a SOCI error means a unique constraint was violated (both dialects).
bool is_unique_violation(const std::exception& e);

}  // namespace aigc
