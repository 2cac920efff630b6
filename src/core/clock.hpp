// Time: stored as UTC seconds since the epoch, shown in the viewer's IANA time zone and
// language (ICU). format_time never throws: an unknown zone falls back to UTC.
#pragma once

#include <cstdint>
#include <string>

namespace aigc {

std::int64_t now_utc();
// e.g. "2026-11-24T18:01:00Z"
std::string iso8601_utc(std::int64_t t);
// Localized medium date and time, e.g. "Nov 24, 2026, 6:01 PM" or "2026年11月24日 18:01".
std::string format_time(std::int64_t t, const std::string& lang, const std::string& time_zone);
std::string format_date(std::int64_t t, const std::string& lang, const std::string& time_zone);
bool is_known_time_zone(const std::string& tz);

}  // namespace aigc
