// What changed in the database, known in this process without a query per read. Triggers
// on every table bump the table's scope (and a competition's own rows, with its phases,
// also bump "competition:<id>") inside the writer's transaction, whichever process, worker
// or command wrote; so a cache keyed by these versions is never stale after a commit.
// SQLite: a read-only connection asks `PRAGMA data_version` (shared memory, no I/O) and reads
// only the scopes whose version grew. PostgreSQL: the triggers NOTIFY at commit and one
// listening connection per process receives them (while it is down, nothing counts as fresh).
// Thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/database.hpp"

namespace aigc {

class TableVersions {
 public:
  // Opens the watcher's own connection (SQLite) or starts the listener (PostgreSQL).
  static std::unique_ptr<TableVersions> open(Database& db);
  virtual ~TableVersions() = default;

  // Brings this process's view up to date. False when the view cannot be trusted now (the
  // PostgreSQL listener is reconnecting): callers then read the database instead.
  virtual bool sync() = 0;
  // A point in the order of changes: take it (after sync) before reading what a cached
  // value is built from, and keep the value while unchanged_since(its scopes, the stamp).
  virtual std::uint64_t stamp() const = 0;
  virtual bool unchanged_since(const std::vector<std::string>& scopes, std::uint64_t stamp) const = 0;
  // Called with each changed scope as this process learns of it (on the thread that learns
  // it: a sync() caller on SQLite, the listener on PostgreSQL). For pushing live updates.
  virtual void on_change(std::function<void(const std::string& scope)> listener) = 0;
};

// The scope a competition's own rows (and its phases, boards included) bump.
inline std::string competition_scope(std::int64_t id) { return "competition:" + std::to_string(id); }

// The scope of what a signed-in member's own pages show of them: their row, their votes,
// follows, teams, registrations, notifications... Every row with a member column (member_id,
// author_id, ... and members.id) bumps it for that member, and so do their notifications and
// sessions (who a session signs in is cached too: web/session_cache.hpp). Members share 4,096 buckets, so
// the versions kept stay bounded however many members act; a bucket's change only ends
// pages cached for the members in it.
constexpr std::int64_t kViewerBuckets = 4096;
inline std::string viewer_scope(std::int64_t member_id) { return "viewer:" + std::to_string(member_id % kViewerBuckets); }

// Creates the triggers on every table that lacks them (idempotent; migrate() runs it, and a
// bulk writer that recreated a table runs it again). Tables of sessions, counters, mail,
// jobs, notifications and the search index have none: no shared page shows them (a
// notification still bumps its member's viewer scope: the bell shows it).
void install_version_triggers(soci::session& sql, Dialect dialect);
// Marks scopes changed, for writers that bypass the triggers.
void touch_scopes(soci::session& sql, Dialect dialect, const std::vector<std::string>& scopes);

}  // namespace aigc
