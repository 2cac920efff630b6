// Read-your-writes for this process's page cache on PostgreSQL: NOTIFY arrives a moment
// after a commit, so a read right after this process's own write could find an entry the
// notification has not ended yet. catch_up() sends a barrier notification (delivered after
// every earlier commit's, PostgreSQL delivers in commit order) and waits, up to 200 ms, until
// this process's listener has seen it. On SQLite it does nothing: each read checks
// data_version already.
#pragma once

#include "store/database.hpp"
#include "store/table_versions.hpp"

namespace aigc {

void catch_up(TableVersions& versions, Database& db);

}  // namespace aigc
