// Consistent copies of a running site and their restoration. A backup folder holds the
// database (SQLite: a copy made by SQLite's online backup API, one snapshot while writers
// go on; PostgreSQL: `pg_dump --format=custom`, one snapshot too), every blob present once
// that snapshot was taken (blobs are written before the rows that name them, so the copy
// holds every blob the snapshot references) and a manifest. The folder appears only when
// complete (made beside it, then renamed): a failed backup leaves nothing half-written.
// Restoring needs an empty target: it never overwrites a site.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace aigc {

struct BackupReport {
  std::string dialect;
  int schema_version = 0;
  std::int64_t blobs = 0;
  std::int64_t bytes = 0;  // of the database copy and the blobs
};

Result<BackupReport> backup_site(Database& db, const std::string& blob_dir, const std::string& out_dir);
// Restores `from_dir` into the database at `db_url` (a SQLite file that does not exist yet,
// or an empty PostgreSQL database) and `blob_dir`.
Result<BackupReport> restore_site(const std::string& from_dir, const std::string& db_url, const std::string& blob_dir);

}  // namespace aigc
