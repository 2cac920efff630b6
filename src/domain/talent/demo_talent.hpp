// Past "AI Challenger" rounds for the demo, so that medals, tiers and rankings are real:
// three medal-eligible competitions of different sizes, entered by the demo members (each
// with a steady skill, so some of them collect medals across rounds), their submissions
// queued for scoring. After the caller has drained the queue, `finish_demo_talent` moves
// the rounds into the past, reveals their private boards and computes the rankings.
// Deterministic; created once.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace aigc {

Result<std::string> seed_demo_talent(Database& db, BlobStore& blobs, const std::string& organizer_handle);
Result<std::string> finish_demo_talent(Database& db, BlobStore& blobs, const std::string& organizer_handle, std::int64_t now);

}  // namespace aigc
