#include "store/table_versions.hpp"

#include "store/change_barrier.hpp"
#include "store/libpq.hpp"

#include <poll.h>
#include <unistd.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <shared_mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include <spdlog/spdlog.h>

namespace aigc {

namespace {

// Per-process or per-visitor bookkeeping, written on every request or job: a version per
// write there would only empty caches of pages that never show these rows.
bool unversioned(const std::string& table) {
  static const std::set<std::string> skip = {
      "sessions",      "login_counters",     "mail_outbox",       "jobs",         "email_links",
      "api_tokens",    "calendar_tokens",    "notifications",     "notification_marks",
      "notification_prefs", "site_keys",     "schema_version",    "cache_versions", "talent_runs"};
  return skip.count(table) > 0 || table.rfind("search_", 0) == 0 || table.rfind("sqlite_", 0) == 0;
}

// Tables whose rows also bump their competition's own scope: its page and boards key on it.
const char* competition_column(const std::string& table) {
  if (table == "competitions") return "id";
  if (table == "phases") return "competition_id";
  return nullptr;
}

// Columns naming the member a row is by or about (their viewer scope); members.id for a
// member's own row. Notifications have no table scope but do bump their member's: the bell.
bool is_member_column(const std::string& table, const std::string& column) {
  static const std::set<std::string> names = {"member_id",   "author_id",    "speaker_id", "target_member_id",
                                              "reviewer_id", "moderator_id", "created_by"};
  return table == "members" ? column == "id" : names.count(column) > 0;
}
// Sessions too: a sign-out or a session ended elsewhere ends who the session cache says it is.
// Not the rankings the talent recompute derives and writes for every member at once: what
// they show is the same to every viewer, so each page showing them is keyed on their tables
// already, and a trigger per row would cost the recompute a plpgsql call per member.
bool bumps_viewers(const std::string& table) {
  static const std::set<std::string> derived = {"talent_results", "talent_medals", "talent_ranks", "talent_rank_history"};
  if (derived.count(table)) return false;
  return !unversioned(table) || table == "notifications" || table == "sessions";
}

// Each table's member columns, in one query on PostgreSQL (its catalogue is slow to ask
// table by table) and from SQLite's in-memory schema.
std::map<std::string, std::vector<std::string>> member_columns(soci::session& sql, Dialect dialect,
                                                               const std::vector<std::string>& tables) {
  std::map<std::string, std::vector<std::string>> out;
  std::string table, column;
  if (dialect == Dialect::postgresql) {
    soci::statement st = (sql.prepare << "SELECT table_name, column_name FROM information_schema.columns "
                                         "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position",
                          soci::into(table), soci::into(column));
    st.execute();
    while (st.fetch())
      if (is_member_column(table, column)) out[table].push_back(column);
    return out;
  }
  for (const auto& t : tables) {
    table = t;
    soci::statement st = (sql.prepare << "SELECT name FROM pragma_table_info(:t)", soci::use(table), soci::into(column));
    st.execute();
    while (st.fetch())
      if (is_member_column(t, column)) out[t].push_back(column);
  }
  return out;
}

constexpr const char* kChannel = "aigc_versions";

// The SQL that tells every listening server `payload` (an SQL expression) changed.
std::string notify_sql(const std::string& payload) { return std::string("pg_notify('") + kChannel + "', " + payload + ")"; }

// The highest version plus one: SQLite serializes writers, so this orders every change. Not
// INSERT OR REPLACE: inside a trigger the outer statement's conflict clause (an upsert's)
// overrides the trigger's, and the REPLACE would fail as a unique violation.
std::string sqlite_bump(const std::string& scope) {
  return "UPDATE cache_versions SET version = (SELECT MAX(version) FROM cache_versions) + 1 WHERE scope = " + scope +
         "; INSERT INTO cache_versions (scope, version) SELECT " + scope +
         ", COALESCE((SELECT MAX(version) FROM cache_versions), 0) + 1 WHERE NOT EXISTS (SELECT 1 FROM cache_versions WHERE scope = " +
         scope + ");";
}

// A row's member (before and after an update that moves it) sees their pages change.
void install_sqlite_viewers(soci::session& sql, const std::vector<std::string>& tables) {
  std::set<std::string> done;
  {
    std::string name;
    soci::statement st = (sql.prepare << "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'aigc_m_%'",
                          soci::into(name));
    st.execute();
    while (st.fetch()) done.insert(name);
  }
  const std::string buckets = std::to_string(kViewerBuckets);
  auto columns = member_columns(sql, Dialect::sqlite, tables);
  for (const auto& t : tables) {
    if (!bumps_viewers(t)) continue;
    for (const auto& col : columns[t]) {
      struct Kind {
        const char* suffix;
        std::string event;
        const char* row;
        std::string when;
      };
      const Kind kinds[] = {{"i", "INSERT", "NEW", "NEW." + col + " IS NOT NULL"},
                            {"u", "UPDATE", "NEW", "NEW." + col + " IS NOT NULL"},
                            {"m", "UPDATE OF " + col, "OLD", "OLD." + col + " IS NOT NULL AND OLD." + col + " IS NOT NEW." + col},
                            {"d", "DELETE", "OLD", "OLD." + col + " IS NOT NULL"}};
      for (const auto& k : kinds) {
        std::string name = "aigc_m_" + t + "_" + col + "_" + k.suffix;
        if (done.count(name)) continue;
        sql << "CREATE TRIGGER IF NOT EXISTS " + name + " AFTER " + k.event + " ON " + t + " WHEN " + k.when + " BEGIN " +
                   sqlite_bump("'viewer:' || (" + std::string(k.row) + "." + col + " % " + buckets + ")") + " END";
      }
    }
  }
}

void install_sqlite(soci::session& sql) {
  std::vector<std::string> tables, done;
  {
    std::string name;
    soci::statement st = (sql.prepare << "SELECT name FROM sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'",
                          soci::into(name));
    st.execute();
    while (st.fetch()) tables.push_back(name);
    soci::statement tr = (sql.prepare << "SELECT tbl_name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'aigc_v_%'",
                          soci::into(name));
    tr.execute();
    while (tr.fetch()) done.push_back(name);
  }
  for (const auto& t : tables) {
    if (unversioned(t) || std::find(done.begin(), done.end(), t) != done.end()) continue;
    for (const char* op : {"INSERT", "UPDATE", "DELETE"}) {
      std::string row = std::string(op) == "DELETE" ? "OLD" : "NEW";
      std::string body = sqlite_bump("'" + t + "'");
      if (const char* col = competition_column(t)) body += sqlite_bump("'competition:' || " + row + "." + col);
      sql << "CREATE TRIGGER IF NOT EXISTS aigc_v_" + t + "_" + std::string(1, static_cast<char>(op[0] + 32)) + " AFTER " + op +
                 " ON " + t + " BEGIN " + body + " END";
    }
    // A recreated table's rows are new to every reader.
    touch_scopes(sql, Dialect::sqlite, {t});
  }
  install_sqlite_viewers(sql, tables);
}

// A row's member (before and after an update that moves it) sees their pages change.
void install_postgresql_viewers(soci::session& sql, const std::vector<std::string>& tables) {
  const std::string bucket = "::bigint % " + std::to_string(kViewerBuckets);
  sql << "CREATE OR REPLACE FUNCTION aigc_v_viewer() RETURNS trigger LANGUAGE plpgsql AS $$ "
         "DECLARE old_id text; new_id text; BEGIN "
         "IF TG_OP <> 'INSERT' THEN old_id := to_jsonb(OLD) ->> TG_ARGV[0]; END IF; "
         "IF TG_OP <> 'DELETE' THEN new_id := to_jsonb(NEW) ->> TG_ARGV[0]; END IF; "
         "IF new_id IS NOT NULL THEN PERFORM " + notify_sql("'viewer:' || (new_id" + bucket + ")") + "; END IF; "
         "IF old_id IS NOT NULL AND old_id IS DISTINCT FROM new_id THEN "
         "  PERFORM " + notify_sql("'viewer:' || (old_id" + bucket + ")") + "; END IF; "
         "RETURN NULL; END $$";
  std::set<std::string> done;  // "table.trigger"
  {
    std::string table, trigger;
    soci::statement st = (sql.prepare << "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                         "WHERE t.tgname LIKE 'aigc_v_viewer_%'",
                          soci::into(table), soci::into(trigger));
    st.execute();
    while (st.fetch()) done.insert(table + "." + trigger);
  }
  auto columns = member_columns(sql, Dialect::postgresql, tables);
  for (const auto& t : tables) {
    if (!bumps_viewers(t)) continue;
    for (const auto& col : columns[t]) {
      std::string name = "aigc_v_viewer_" + col;
      if (done.count(t + "." + name)) continue;
      sql << "CREATE TRIGGER " + name + " AFTER INSERT OR UPDATE OR DELETE ON " + t +
                 " FOR EACH ROW EXECUTE FUNCTION aigc_v_viewer('" + col + "')";
    }
  }
}

void install_postgresql(soci::session& sql) {
  // Row-counting statement triggers: a statement that changed no row (an UPDATE whose WHERE
  // matched nothing) ends no cached page, as on SQLite, whose triggers are per row. A
  // transition table may serve one event only, hence a trigger per event.
  sql << "CREATE OR REPLACE FUNCTION aigc_v_rows() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         "IF EXISTS (SELECT 1 FROM aigc_changed) THEN PERFORM " + notify_sql("TG_TABLE_NAME") + "; END IF; "
         "RETURN NULL; END $$";
  sql << "CREATE OR REPLACE FUNCTION aigc_v_table() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         "PERFORM " + notify_sql("TG_TABLE_NAME") + "; RETURN NULL; END $$";
  sql << "CREATE OR REPLACE FUNCTION aigc_v_competition() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
         "IF TG_OP = 'DELETE' THEN "
         "  PERFORM " + notify_sql("'competition:' || (to_jsonb(OLD) ->> TG_ARGV[0])") + "; "
         "ELSE "
         "  PERFORM " + notify_sql("'competition:' || (to_jsonb(NEW) ->> TG_ARGV[0])") + "; "
         "END IF; RETURN NULL; END $$";
  std::vector<std::string> tables;
  std::set<std::string> done, old_style;  // tables with this layout; with one trigger for every event
  {
    std::string name, trigger;
    soci::statement st = (sql.prepare << "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()", soci::into(name));
    st.execute();
    while (st.fetch()) tables.push_back(name);
    soci::statement tr = (sql.prepare << "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                                         "WHERE t.tgname IN ('aigc_v_table', 'aigc_v_rows_d')",
                          soci::into(name), soci::into(trigger));
    tr.execute();
    while (tr.fetch()) (trigger == "aigc_v_rows_d" ? done : old_style).insert(name);
  }
  for (const auto& t : tables) {
    if (unversioned(t) || done.count(t)) continue;
    // A database from before row counting: its statement trigger fired on every statement.
    if (old_style.count(t)) sql << "DROP TRIGGER aigc_v_table ON " + t;
    sql << "CREATE TRIGGER aigc_v_table AFTER TRUNCATE ON " + t + " FOR EACH STATEMENT EXECUTE FUNCTION aigc_v_table()";
    for (const char* event : {"INSERT", "UPDATE", "DELETE"}) {
      std::string rows = std::string(event) == "DELETE" ? "OLD" : "NEW";
      std::string suffix(1, static_cast<char>(event[0] + 32));
      // One notification per statement (and PostgreSQL folds repeats within a transaction).
      sql << "CREATE TRIGGER aigc_v_rows_" + suffix + " AFTER " + event + " ON " + t + " REFERENCING " + rows +
                 " TABLE AS aigc_changed FOR EACH STATEMENT EXECUTE FUNCTION aigc_v_rows()";
    }
    if (old_style.count(t)) continue;  // its row trigger for the competition is in place
    if (const char* col = competition_column(t))
      sql << "CREATE TRIGGER aigc_v_competition AFTER INSERT OR UPDATE OR DELETE ON " + t +
                 " FOR EACH ROW EXECUTE FUNCTION aigc_v_competition('" + col + "')";
  }
  install_postgresql_viewers(sql, tables);
}

// The shared bookkeeping: a global order of changes and, per scope, when it last changed.
class VersionBook {
 public:
  std::uint64_t stamp() const { return seq_.load(); }
  bool unchanged_since(const std::vector<std::string>& scopes, std::uint64_t stamp) const {
    std::shared_lock lock(mutex_);
    if (stamp < reset_) return false;
    for (const auto& s : scopes)
      if (auto it = changed_.find(s); it != changed_.end() && it->second > stamp) return false;
    return true;
  }
  // `version` 0: the next in this process's order (PostgreSQL); otherwise the database's.
  void changed(const std::string& scope, std::uint64_t version) {
    {
      std::unique_lock lock(mutex_);
      if (version == 0) version = seq_.load() + 1;
      changed_[scope] = version;
      if (version > seq_.load()) seq_.store(version);
    }
    std::function<void(const std::string&)> l;
    {
      std::lock_guard g(listener_mutex_);
      l = listener_;
    }
    if (l) l(scope);
  }
  // Everything cached so far is suspect (notifications may have been missed).
  void reset() {
    std::unique_lock lock(mutex_);
    seq_.store(seq_.load() + 1);
    reset_ = seq_.load();
  }
  void on_change(std::function<void(const std::string&)> l) {
    std::lock_guard g(listener_mutex_);
    listener_ = std::move(l);
  }

 private:
  mutable std::shared_mutex mutex_;
  std::atomic<std::uint64_t> seq_{1};
  std::uint64_t reset_ = 0;
  std::unordered_map<std::string, std::uint64_t> changed_;
  std::mutex listener_mutex_;
  std::function<void(const std::string&)> listener_;
};

class SqliteVersions : public TableVersions {
 public:
  explicit SqliteVersions(const std::string& path) {
    if (sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK)
      throw std::runtime_error("cannot open " + path + " to watch for changes: " + sqlite3_errmsg(db_));
    sqlite3_busy_timeout(db_, 5000);
    prepare("PRAGMA data_version", &data_version_);
    sync();
  }
  ~SqliteVersions() override {
    sqlite3_finalize(data_version_);
    sqlite3_finalize(changed_);
    sqlite3_close(db_);
  }
  bool sync() override {
    std::lock_guard g(mutex_);
    if (sqlite3_step(data_version_) != SQLITE_ROW) {
      sqlite3_reset(data_version_);
      return false;
    }
    auto dv = sqlite3_column_int64(data_version_, 0);
    sqlite3_reset(data_version_);
    if (dv == data_version_seen_) return true;
    // Prepared once the schema has its table (a server may start before `aigc migrate`).
    if (!changed_ && sqlite3_prepare_v2(db_, "SELECT scope, version FROM cache_versions WHERE version > ?", -1, &changed_, nullptr) != SQLITE_OK) {
      sqlite3_finalize(changed_);
      changed_ = nullptr;
      return false;
    }
    sqlite3_bind_int64(changed_, 1, static_cast<sqlite3_int64>(newest_));
    int rc;
    bool ok = true;
    std::vector<std::pair<std::string, std::uint64_t>> found;
    while ((rc = sqlite3_step(changed_)) == SQLITE_ROW) {
      auto v = static_cast<std::uint64_t>(sqlite3_column_int64(changed_, 1));
      found.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(changed_, 0)), v);
    }
    if (rc != SQLITE_DONE) ok = false;  // busy or a schema not migrated yet: try again next time
    sqlite3_reset(changed_);
    if (!ok) return false;
    for (const auto& [scope, v] : found) {
      book_.changed(scope, v);
      newest_ = std::max(newest_, v);
    }
    data_version_seen_ = dv;
    return true;
  }
  std::uint64_t stamp() const override { return book_.stamp(); }
  bool unchanged_since(const std::vector<std::string>& scopes, std::uint64_t stamp) const override {
    return book_.unchanged_since(scopes, stamp);
  }
  void on_change(std::function<void(const std::string&)> l) override { book_.on_change(std::move(l)); }

 private:
  void prepare(const char* q, sqlite3_stmt** st) {
    if (sqlite3_prepare_v2(db_, q, -1, st, nullptr) != SQLITE_OK)
      throw std::runtime_error(std::string("cannot watch for changes: ") + sqlite3_errmsg(db_));
  }
  std::mutex mutex_;
  sqlite3* db_ = nullptr;
  sqlite3_stmt* data_version_ = nullptr;
  sqlite3_stmt* changed_ = nullptr;
  sqlite3_int64 data_version_seen_ = -1;
  std::uint64_t newest_ = 0;
  VersionBook book_;
};

class PostgresVersions : public TableVersions {
 public:
  explicit PostgresVersions(std::string conninfo) : conninfo_(std::move(conninfo)) {
    thread_ = std::thread([this] { listen(); });
    // Serve from the database until the listener is in place (a second at most).
    for (int i = 0; i < 100 && !connected_.load(); ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ~PostgresVersions() override {
    stop_ = true;
    thread_.join();
  }
  bool sync() override { return connected_.load(); }
  std::uint64_t stamp() const override { return book_.stamp(); }
  bool unchanged_since(const std::vector<std::string>& scopes, std::uint64_t stamp) const override {
    return book_.unchanged_since(scopes, stamp);
  }
  void on_change(std::function<void(const std::string&)> l) override { book_.on_change(std::move(l)); }

  void catch_up(Database& db) {
    if (!connected_.load()) return;
    std::uint64_t n = ++barriers_sent_;
    std::string payload = barrier_prefix_ + std::to_string(n);
    db.with_session([&](soci::session& sql) { sql << "SELECT " + notify_sql(":p"), soci::use(payload); });
    std::unique_lock lock(barrier_mutex_);
    barrier_seen_cv_.wait_for(lock, std::chrono::milliseconds(200), [&] { return barrier_seen_ >= n; });
  }

 private:
  // A barrier of this process: the listener has seen every notification committed before it.
  bool barrier(const char* payload) {
    std::string_view p(payload);
    if (p.rfind("barrier:", 0) != 0) return false;
    if (p.rfind(barrier_prefix_, 0) == 0) {
      std::lock_guard g(barrier_mutex_);
      barrier_seen_ = std::max<std::uint64_t>(barrier_seen_, std::strtoull(payload + barrier_prefix_.size(), nullptr, 10));
      barrier_seen_cv_.notify_all();
    }
    return true;
  }

  void listen() {
    std::string problem;
    const Libpq* pq = libpq(problem);
    if (!pq) {
      spdlog::warn("change listener: {}; pages are read from the database", problem);
      return;
    }
    int backoff_ms = 100;
    while (!stop_) {
      PGconn* conn = pq->connectdb(conninfo_.c_str());
      bool ok = pq->status(conn) == CONNECTION_OK;
      if (ok) {
        PGresult* r = pq->exec(conn, (std::string("LISTEN ") + kChannel).c_str());
        ok = pq->result_status(r) == PGRES_COMMAND_OK;
        pq->clear(r);
      }
      if (!ok) {
        spdlog::warn("change listener: cannot listen on PostgreSQL ({}); pages are read from the database meanwhile",
                     pq->error_message(conn));
        pq->finish(conn);
        for (int waited = 0; waited < backoff_ms && !stop_; waited += 50) std::this_thread::sleep_for(std::chrono::milliseconds(50));
        backoff_ms = std::min(backoff_ms * 2, 5000);
        continue;
      }
      backoff_ms = 100;
      book_.reset();  // whatever changed while nobody listened
      connected_ = true;
      while (!stop_ && pq->status(conn) == CONNECTION_OK) {
        pollfd p{pq->socket(conn), POLLIN, 0};
        if (poll(&p, 1, 200) < 0) continue;
        if (!pq->consume_input(conn)) break;
        while (PGnotify* n = pq->notifies(conn)) {
          if (!barrier(n->extra)) book_.changed(n->extra, 0);
          pq->freemem(n);
        }
      }
      connected_ = false;
      book_.reset();
      if (!stop_) spdlog::warn("change listener: lost PostgreSQL ({}); reconnecting", pq->error_message(conn));
      pq->finish(conn);
    }
  }

  std::string conninfo_;
  const std::string barrier_prefix_ = "barrier:" + std::to_string(::getpid()) + "-" + std::to_string(reinterpret_cast<std::uintptr_t>(this)) + ":";
  std::atomic<std::uint64_t> barriers_sent_{0};
  std::mutex barrier_mutex_;
  std::condition_variable barrier_seen_cv_;
  std::uint64_t barrier_seen_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<bool> connected_{false};
  VersionBook book_;
  std::thread thread_;
};

}  // namespace

std::unique_ptr<TableVersions> TableVersions::open(Database& db) {
  if (db.dialect() == Dialect::postgresql) return std::make_unique<PostgresVersions>(postgres_conninfo(db.url()));
  return std::make_unique<SqliteVersions>(db.url().substr(9));
}

void catch_up(TableVersions& versions, Database& db) {
  if (auto* pg = dynamic_cast<PostgresVersions*>(&versions)) pg->catch_up(db);
}

void install_version_triggers(soci::session& sql, Dialect dialect) {
  if (dialect == Dialect::postgresql) install_postgresql(sql);
  else install_sqlite(sql);
}

void touch_scopes(soci::session& sql, Dialect dialect, const std::vector<std::string>& scopes) {
  for (auto scope : scopes) {
    if (dialect == Dialect::postgresql) sql << "SELECT " + notify_sql(":s"), soci::use(scope);
    else {
      sql << "UPDATE cache_versions SET version = (SELECT MAX(version) FROM cache_versions) + 1 WHERE scope = :s", soci::use(scope);
      sql << "INSERT INTO cache_versions (scope, version) SELECT :s, COALESCE((SELECT MAX(version) FROM cache_versions), 0) + 1 "
             "WHERE NOT EXISTS (SELECT 1 FROM cache_versions WHERE scope = :t)",
          soci::use(scope, "s"), soci::use(scope, "t");
    }
  }
}

}  // namespace aigc
