// Versioned schema migrations for both dialects. migrate() applies, in order and each in
// its own transaction, every migration newer than the schema_version table records;
// running it again is a no-op. Safe when several processes start at once.
#pragma once

#include "core/result.hpp"
#include "store/database.hpp"

namespace aigc {

struct MigrationReport {
  int from_version = 0;
  int to_version = 0;
};

Result<MigrationReport> migrate(Database& db);
int latest_schema_version();
// Current version recorded in the database (0 for an empty database).
int current_schema_version(Database& db);

}  // namespace aigc
