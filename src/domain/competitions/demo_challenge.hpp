// The demo challenge a newcomer sees after `make run`: a published bilingual competition
// with a development phase, generated data (training labels, a sample submission) and
// hidden truth, the organizer's baseline and a few teams' submissions, all queued for
// scoring (the caller drains the queue). Deterministic; created once.
#pragma once

#include <string>
#include <string_view>

#include "core/result.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace aigc {

// Returns a line for the operator; does nothing when the demo challenge exists. `cover`:
// the bytes of its cover picture (PNG or JPEG), or empty for none.
Result<std::string> seed_demo_challenge(Database& db, BlobStore& blobs, const std::string& organizer_handle,
                                        std::string_view cover = {});

}  // namespace aigc
