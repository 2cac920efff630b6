// The demo community's learning, hiring and practice, written for the demo: a playground
// (always open, scored by the real worker) that members have practised on, learning paths
// built from the demo's page, papers and the playground — with members part-way through and
// some holding certificates — members open to opportunities, partner managers with a
// shortlist and contact requests, and open positions. `seed_demo_playground` queues the
// practice submissions (the caller drains the queue); `seed_demo_learning` runs after the
// demo papers exist. Deterministic; created once.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace aigc {

Result<std::string> seed_demo_playground(Database& db, BlobStore& blobs, const std::string& organizer_handle);
Result<std::string> seed_demo_learning(Database& db, const std::string& organizer_handle, std::int64_t now);

}  // namespace aigc
