// Time: stored as UTC seconds since the epoch, shown in the viewer's IANA time zone and
// language (ICU). format_time never throws: an unknown zone falls back to UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace aigc {

std::int64_t now_utc();
// e.g. "2026-11-24T18:01:00Z"
std::string iso8601_utc(std::int64_t t);
// Localized date and time with its zone, e.g. "Nov 24, 2026, 6:01 PM GMT+8" or
// "2026年11月24日 GMT+8 18:01": a time on a page always says which zone it is in.
std::string format_time(std::int64_t t, const std::string& lang, const std::string& time_zone);
std::string format_date(std::int64_t t, const std::string& lang, const std::string& time_zone);
bool is_known_time_zone(const std::string& tz);
// The wall-clock time of t in `time_zone` as an HTML datetime-local value ("2026-11-24T18:01").
std::string local_input_time(std::int64_t t, const std::string& time_zone);
// A datetime-local value ("YYYY-MM-DDTHH:MM", or a date alone for midnight) read as wall-clock
// time in `time_zone`; nullopt when it is not such a value. A time that a daylight-saving
// change skips or repeats resolves as ICU does (the later offset for a gap, the first for a fold).
std::optional<std::int64_t> parse_local_time(const std::string& text, const std::string& time_zone);

}  // namespace aigc
