#include "store/database.hpp"

#include <filesystem>

#include <dlfcn.h>

#include <soci/sqlite3/soci-sqlite3.h>

#include "core/text.hpp"
#include <spdlog/spdlog.h>

namespace aigc {

std::string postgres_conninfo(const std::string& url) {
  // postgresql://user:password@host:port/dbname?key=value&...  ->  libpq keywords.
  auto rest = url.substr(url.find("://") + 3);
  std::string userinfo, hostport, dbname, query;
  auto q = rest.find('?');
  if (q != std::string::npos) { query = rest.substr(q + 1); rest = rest.substr(0, q); }
  auto slash = rest.find('/');
  if (slash != std::string::npos) { dbname = rest.substr(slash + 1); rest = rest.substr(0, slash); }
  auto at = rest.rfind('@');
  if (at != std::string::npos) { userinfo = rest.substr(0, at); rest = rest.substr(at + 1); }
  hostport = rest;
  auto quote = [](const std::string& v) {
    std::string out = "'";
    for (char c : v) { if (c == '\\' || c == '\'') out += '\\'; out += c; }
    return out + "'";
  };
  std::string info;
  // URL parts are percent-encoded (a password holding '@' is written p%40ss); a '%' that
  // starts no valid escape is taken as itself, as a person typing a password means it.
  auto add = [&](const std::string& k, const std::string& v) {
    if (v.empty()) return;
    auto decoded = url_decode(v, false);
    info += k + "=" + quote(decoded ? *decoded : v) + " ";
  };
  auto colon = userinfo.find(':');
  add("user", userinfo.substr(0, colon));
  if (colon != std::string::npos) add("password", userinfo.substr(colon + 1));
  if (!hostport.empty() && hostport.front() == '[') {  // an IPv6 address: [::1]:5432
    auto close = hostport.find(']');
    add("host", hostport.substr(1, close == std::string::npos ? std::string::npos : close - 1));
    if (close != std::string::npos && close + 1 < hostport.size() && hostport[close + 1] == ':') add("port", hostport.substr(close + 2));
  } else if (auto pcolon = hostport.rfind(':'); pcolon != std::string::npos) {
    add("host", hostport.substr(0, pcolon));
    add("port", hostport.substr(pcolon + 1));
  } else {
    add("host", hostport);
  }
  add("dbname", dbname);
  for (const auto& kv : split(query, '&')) {
    auto eq = kv.find('=');
    if (eq != std::string::npos) add(kv.substr(0, eq), kv.substr(eq + 1));
  }
  return info;
}

namespace {

// SOCI's PostgreSQL backend, loaded the first time a postgresql:// URL is opened. Linking
// it (libpq and the two dozen libraries libpq brings) cost every `aigc` process ~13 ms at
// start, `aigc score` included, which never touches a database.
const soci::backend_factory* postgresql_backend(std::string& problem) {
  static const soci::backend_factory* factory = [] {
    void* lib = dlopen("libsoci_postgresql.so.4.0", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) return static_cast<const soci::backend_factory*>(nullptr);
    using Factory = const soci::backend_factory* (*)();
    auto make = reinterpret_cast<Factory>(dlsym(lib, "factory_postgresql"));
    return make ? make() : nullptr;
  }();
  if (!factory) problem = "SOCI's PostgreSQL backend (libsoci_postgresql.so.4.0, package libsoci-postgresql4.0) cannot be loaded";
  return factory;
}

}  // namespace

Result<std::unique_ptr<Database>> Database::open(const std::string& url, int pool_size) {
  std::unique_ptr<Database> db(new Database());
  db->url_ = url;
  db->pool_size_ = pool_size;
  std::string connect;
  const soci::backend_factory* backend = nullptr;
  if (url.rfind("sqlite://", 0) == 0) {
    db->dialect_ = Dialect::sqlite;
    std::string path = url.substr(9);
    if (path.empty() || path[0] != '/')
      return Error::invalid("error.bad_db_url", "SQLite URL must hold an absolute path: sqlite:///abs/path.db (got " + url + ")");
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    connect = "db=\"" + path + "\" timeout=10";
    backend = &soci::sqlite3;
  } else if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    db->dialect_ = Dialect::postgresql;
    connect = postgres_conninfo(url);
    std::string problem;
    backend = postgresql_backend(problem);
    if (!backend) return Error::make(ErrorCode::unavailable, "error.db_unavailable", problem);
  } else {
    return Error::invalid("error.bad_db_url",
                          "unknown database URL '" + url + "': use sqlite:///abs/path.db or postgresql://user@host:port/db");
  }
  db->pool_ = std::make_unique<soci::connection_pool>(static_cast<std::size_t>(pool_size));
  try {
    for (int i = 0; i < pool_size; ++i) {
      auto& s = db->pool_->at(static_cast<std::size_t>(i));
      s.open(*backend, connect);
      if (db->dialect_ == Dialect::sqlite) {
        s << "PRAGMA journal_mode=WAL";
        s << "PRAGMA foreign_keys=ON";
        s << "PRAGMA busy_timeout=10000";
        s << "PRAGMA synchronous=NORMAL";
        // Read pages through a shared memory map instead of a pread per page (which
        // dominated leaderboard and directory requests); writes still go through the WAL.
        s << "PRAGMA mmap_size=1073741824";
      } else {
        s << "SET TIME ZONE 'UTC'";
        s << "SET client_min_messages TO WARNING";
      }
    }
  } catch (const std::exception& e) {
    return Error::make(ErrorCode::unavailable, "error.db_unavailable",
                       "cannot open database " + url + ": " + e.what());
  }
  return db;
}

Database::~Database() = default;

void Database::begin(soci::session& sql) {
  try {
    sql << (dialect_ == Dialect::sqlite ? "BEGIN IMMEDIATE" : "BEGIN");
  } catch (...) {
    heal(sql);
    throw;
  }
}

void Database::commit(soci::session& sql) { sql << "COMMIT"; }

void Database::rollback(soci::session& sql) noexcept {
  try {
    sql << "ROLLBACK";
  } catch (const std::exception& e) {
    spdlog::warn("rollback failed: {}", e.what());
  }
}

void Database::heal(soci::session& sql) noexcept {
  if (dialect_ != Dialect::postgresql) return;
  try {
    if (sql.is_connected()) return;  // the statement failed for its own reasons
    spdlog::warn("a database connection was lost; connecting again");
    sql.reconnect();
  } catch (const std::exception& e) {
    spdlog::warn("cannot reconnect to the database yet: {}", e.what());
  }
}

std::optional<std::string> Database::not_ready() {
  try {
    if (dialect_ == Dialect::sqlite) {
      // A fresh connection reads the file itself, not pages another connection cached; and
      // a deleted or replaced file is noticed (an open handle would read the old inode).
      std::string path = url_.substr(9);
      std::error_code ec;
      if (!std::filesystem::is_regular_file(path, ec)) return "the database file " + path + " is missing";
      soci::session fresh(soci::sqlite3, "db=\"" + path + "\" timeout=5");
      return read_real_tables(fresh);
    }
    return with_session([&](soci::session& sql) { return read_real_tables(sql); });
  } catch (const std::exception& e) {
    spdlog::warn("readiness check failed: {}", e.what());
    return std::string("the database cannot be read: ") + e.what();
  }
}

std::optional<std::string> Database::read_real_tables(soci::session& sql) {
  int version = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT MAX(version) FROM schema_version", soci::into(version, ind);
  if (ind == soci::i_null || version < 1) return "the database has no schema (run aigc migrate)";
  long long members = 0, sessions = 0;
  sql << "SELECT COUNT(*) FROM (SELECT id FROM members ORDER BY id DESC LIMIT 1) m", soci::into(members);
  sql << "SELECT COUNT(*) FROM (SELECT member_id FROM sessions LIMIT 1) s", soci::into(sessions);
  return std::nullopt;
}

bool is_unique_violation(const std::exception& e) {
  std::string what = e.what();
  return what.find("UNIQUE constraint failed") != std::string::npos ||
         what.find("duplicate key value") != std::string::npos || what.find("23505") != std::string::npos;
}

}  // namespace aigc
