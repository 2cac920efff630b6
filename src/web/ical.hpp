// iCalendar (RFC 5545) feeds, generated with libical: a VCALENDAR of VEVENTs whose times
// carry their time zone (DTSTART;TZID=Asia/Shanghai:...) with the VTIMEZONE of each zone
// used, so calendar programs show the right hour across daylight-saving changes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aigc {

struct CalendarEntry {
  std::string uid;  // stable across feeds: "talk-12@<host>"
  std::string summary, description, location, url;
  std::int64_t starts_at = 0, ends_at = 0;  // UTC seconds
  std::string time_zone;                    // IANA; UTC when unknown to libical
  std::int64_t updated_at = 0;              // DTSTAMP / LAST-MODIFIED
  bool cancelled = false;
};

std::string ical_calendar(const std::string& name, const std::vector<CalendarEntry>& entries);

}  // namespace aigc
