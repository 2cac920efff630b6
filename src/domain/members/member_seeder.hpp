// Generated content: realistic members across 60+ countries for benchmarks
// (`aigc seed --members N`) and the demo community a newcomer sees after `make run`.
// Deterministic for a given seed. Seeded members cannot sign in (no password).
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "domain/media/media_library.hpp"
#include "store/database.hpp"

namespace aigc {

// Inserts n members in batches inside transactions; returns how many were inserted.
std::int64_t seed_members(Database& db, std::int64_t n, std::uint64_t seed);

// Creates partner organizations, members, an admin account and the pages found under
// content_dir (with their pictures, into `media`), once: a second call finds the marker and
// does nothing. Returns a line for the operator (with the admin's password when one was
// created); `warnings` gets the pages' pictures that could not be imported.
Result<std::string> seed_demo(Database& db, MediaLibrary& media, const std::string& content_dir, const std::string& admin_password,
                              std::vector<std::string>& warnings);

}  // namespace aigc
