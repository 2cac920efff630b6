#include "store/backup.hpp"

#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "store/migrations.hpp"

namespace aigc {

namespace fs = std::filesystem;

namespace {

constexpr const char* kSqliteFile = "aigc.db";
constexpr const char* kDumpFile = "aigc.dump";
constexpr const char* kManifest = "backup.json";

Error failed(const std::string& what) { return Error::make(ErrorCode::unavailable, "error.backup", what); }

// The URL without its password, and the password: the password goes to the child through
// its environment, never its command line (which `ps` shows to every user).
std::pair<std::string, std::string> without_password(const std::string& url) {
  auto scheme = url.find("://");
  auto at = url.find('@', scheme + 3);
  auto slash = url.find('/', scheme + 3);
  if (scheme == std::string::npos || at == std::string::npos || (slash != std::string::npos && slash < at)) return {url, ""};
  auto colon = url.find(':', scheme + 3);
  if (colon == std::string::npos || colon > at) return {url, ""};
  auto raw = url.substr(colon + 1, at - colon - 1);
  return {url.substr(0, colon) + url.substr(at), url_decode(raw, false).value_or(raw)};
}

// Runs a PostgreSQL client tool without a shell; its output goes to `log`.
Result<void> run_tool(const std::vector<std::string>& args, const std::string& password, const std::string& log) {
  pid_t pid = ::fork();
  if (pid < 0) return failed("cannot start " + args[0]);
  if (pid == 0) {
    if (!password.empty()) ::setenv("PGPASSWORD", password.c_str(), 1);
    if (FILE* f = std::freopen(log.c_str(), "w", stdout)) ::dup2(::fileno(f), 2);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    ::execvp(argv[0], argv.data());
    std::_Exit(127);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  if (WIFEXITED(status) && WEXITSTATUS(status) == 0) return {};
  std::ifstream in(log);
  std::string said((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (WIFEXITED(status) && WEXITSTATUS(status) == 127) said = args[0] + " is not installed (Debian: postgresql-client-15)";
  return failed(args[0] + " failed: " + trim(said));
}

Result<std::int64_t> sqlite_copy(const std::string& from, const std::string& to) {
  sqlite3 *src = nullptr, *dst = nullptr;
  auto close = [&] {
    sqlite3_close(src);
    sqlite3_close(dst);
  };
  if (sqlite3_open_v2(from.c_str(), &src, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK ||
      sqlite3_open_v2(to.c_str(), &dst, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) != SQLITE_OK) {
    std::string why = src ? sqlite3_errmsg(src) : "out of memory";
    close();
    return failed("cannot open " + from + " or " + to + ": " + why);
  }
  sqlite3_busy_timeout(src, 10000);
  // One step: the whole file under one read transaction, i.e. one snapshot; in WAL mode the
  // site's writers go on meanwhile.
  sqlite3_backup* b = sqlite3_backup_init(dst, "main", src, "main");
  int rc = b ? sqlite3_backup_step(b, -1) : SQLITE_ERROR;
  sqlite3_backup_finish(b);
  std::string why = sqlite3_errmsg(dst);
  close();
  if (rc != SQLITE_DONE) return failed("copying the database failed: " + why);
  std::error_code ec;
  return static_cast<std::int64_t>(fs::file_size(to, ec));
}

// Copies every file of the blob folder not already there; returns (files, bytes).
Result<std::pair<std::int64_t, std::int64_t>> copy_blobs(const std::string& from, const std::string& to) {
  std::int64_t files = 0, bytes = 0;
  std::error_code ec;
  if (!fs::is_directory(from, ec)) return std::make_pair(files, bytes);
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    auto name = it->path().filename().string();
    if (name.find(".tmp") != std::string::npos) continue;  // a blob still being written: not yet named by any row
    auto rel = fs::relative(it->path(), from, ec);
    auto target = fs::path(to) / rel;
    fs::create_directories(target.parent_path(), ec);
    if (fs::exists(target, ec)) continue;
    if (!fs::copy_file(it->path(), target, ec)) return failed("cannot copy blob " + rel.string() + ": " + ec.message());
    ++files;
    bytes += static_cast<std::int64_t>(fs::file_size(target, ec));
  }
  if (ec) return failed("cannot read the blob folder " + from + ": " + ec.message());
  return std::make_pair(files, bytes);
}

}  // namespace

Result<BackupReport> backup_site(Database& db, const std::string& blob_dir, const std::string& out_dir) {
  std::error_code ec;
  if (fs::exists(out_dir, ec)) return Error::invalid("error.backup_exists", out_dir + " exists already; name a new folder for the backup");
  auto parent = fs::absolute(out_dir, ec).parent_path();
  fs::create_directories(parent, ec);
  auto work = parent / (fs::path(out_dir).filename().string() + ".partial-" + random_token(6));
  fs::create_directories(work / "blobs", ec);
  if (ec) return failed("cannot make " + work.string() + ": " + ec.message());
  auto cleanup = [&] { fs::remove_all(work, ec); };

  BackupReport report;
  report.schema_version = current_schema_version(db);
  if (db.dialect() == Dialect::sqlite) {
    report.dialect = "sqlite";
    auto copied = sqlite_copy(db.url().substr(9), (work / kSqliteFile).string());
    if (!copied) return cleanup(), copied.error();
    report.bytes += copied.value();
  } else {
    report.dialect = "postgresql";
    auto [url, password] = without_password(db.url());
    auto dumped = run_tool({"pg_dump", "--format=custom", "--no-owner", "--file=" + (work / kDumpFile).string(), "--dbname=" + url},
                           password, (work / "pg_dump.log").string());
    if (!dumped) return cleanup(), dumped.error();
    fs::remove(work / "pg_dump.log", ec);
    report.bytes += static_cast<std::int64_t>(fs::file_size(work / kDumpFile, ec));
  }
  // After the snapshot: every blob it names is on disk by now.
  auto blobs = copy_blobs(blob_dir, (work / "blobs").string());
  if (!blobs) return cleanup(), blobs.error();
  report.blobs = blobs->first;
  report.bytes += blobs->second;
  nlohmann::json manifest = {{"dialect", report.dialect}, {"schema_version", report.schema_version}, {"blobs", report.blobs},
                             {"bytes", report.bytes}, {"taken_at", static_cast<long long>(std::time(nullptr))}};
  std::ofstream(work / kManifest) << manifest.dump(2) << "\n";
  fs::rename(work, out_dir, ec);
  if (ec) return cleanup(), failed("cannot name the backup " + out_dir + ": " + ec.message());
  return report;
}

Result<BackupReport> restore_site(const std::string& from_dir, const std::string& db_url, const std::string& blob_dir) {
  std::ifstream in(fs::path(from_dir) / kManifest);
  if (!in) return Error::invalid("error.backup_missing", from_dir + " holds no backup (no " + kManifest + "); name a folder `aigc backup` made");
  auto manifest = nlohmann::json::parse(in, nullptr, false);
  if (manifest.is_discarded() || !manifest.contains("dialect"))
    return Error::invalid("error.backup_missing", std::string(kManifest) + " in " + from_dir + " is damaged");
  BackupReport report;
  report.dialect = manifest["dialect"].get<std::string>();
  report.schema_version = manifest.value("schema_version", 0);
  bool to_sqlite = db_url.rfind("sqlite://", 0) == 0;
  if (to_sqlite != (report.dialect == "sqlite"))
    return Error::invalid("error.backup_dialect", "the backup is of a " + report.dialect + " database; restore it into one of that kind");
  std::error_code ec;
  if (to_sqlite) {
    auto path = db_url.substr(9);
    if (fs::exists(path, ec)) return Error::invalid("error.restore_target", path + " exists already; restore into a new file");
    fs::create_directories(fs::path(path).parent_path(), ec);
    auto partial = path + ".partial-" + random_token(6);
    auto copied = sqlite_copy((fs::path(from_dir) / kSqliteFile).string(), partial);
    if (!copied) return fs::remove(partial, ec), copied.error();
    fs::rename(partial, path, ec);
    if (ec) return fs::remove(partial, ec), failed("cannot write " + path + ": " + ec.message());
    report.bytes += copied.value();
  } else {
    auto opened = Database::open(db_url, 1);
    if (!opened) return opened.error();
    long long tables = 0;
    opened.value()->with_session(
        [&](soci::session& sql) { sql << "SELECT COUNT(*) FROM pg_tables WHERE schemaname = current_schema()", soci::into(tables); });
    if (tables > 0) return Error::invalid("error.restore_target", "the target database has tables already; restore into an empty database");
    auto [url, password] = without_password(db_url);
    auto log = fs::temp_directory_path() / ("aigc-restore-" + random_token(6) + ".log");
    auto restored = run_tool({"pg_restore", "--no-owner", "--exit-on-error", "--single-transaction", "--dbname=" + url,
                              (fs::path(from_dir) / kDumpFile).string()},
                             password, log.string());
    fs::remove(log, ec);
    if (!restored) return restored.error();
  }
  auto blobs = copy_blobs((fs::path(from_dir) / "blobs").string(), blob_dir);
  if (!blobs) return blobs.error();
  report.blobs = blobs->first;
  report.bytes += blobs->second;
  return report;
}

}  // namespace aigc
