// The demo community's events, written for the demo: "AI Frontiers 2026" (two days, three
// tracks, more than 20 talks, an open call for papers with proposals under review, ticket
// types with seats left and a waitlist), a past meetup with recordings and certificates,
// and an upcoming online talk. Times follow the seed's clock, so the demo stays current.
// Loaded once by `aigc seed --demo`, after the demo members.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace aigc {

Result<std::string> seed_demo_events(Database& db, std::int64_t now);

}  // namespace aigc
