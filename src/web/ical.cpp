#include "web/ical.hpp"

#include <libical/ical.h>
#include <unicode/basictz.h>
#include <unicode/timezone.h>
#include <unicode/tzrule.h>
#include <unicode/tztrans.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>

namespace aigc {

namespace {

// libical keeps shared state (its memory ring, its zone table): one feed at a time.
std::mutex ical_mutex;

struct Zone {
  std::unique_ptr<icu::TimeZone> icu;
  std::int64_t from = INT64_MAX, to = INT64_MIN;  // the span the feed's times cover
};

int offset_at(const icu::TimeZone& z, std::int64_t t) {
  std::int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  z.getOffset(static_cast<UDate>(t) * 1000.0, false, raw, dst, status);
  return U_SUCCESS(status) ? (raw + dst) / 1000 : 0;
}

// A floating (zone-less) local time: what DTSTART carries beside its TZID.
struct icaltimetype local_time(std::int64_t utc, int offset) {
  return icaltime_from_timet_with_zone(static_cast<time_t>(utc + offset), 0, nullptr);
}

icalcomponent* observance(bool daylight, std::int64_t at_utc, int from, int to, const std::string& name) {
  icalcomponent* c = daylight ? icalcomponent_new_xdaylight() : icalcomponent_new_xstandard();
  icalcomponent_add_property(c, icalproperty_new_dtstart(local_time(at_utc, from)));
  icalcomponent_add_property(c, icalproperty_new_tzoffsetfrom(from));
  icalcomponent_add_property(c, icalproperty_new_tzoffsetto(to));
  if (!name.empty()) icalcomponent_add_property(c, icalproperty_new_tzname(name.c_str()));
  return c;
}

// The zone's VTIMEZONE for the span the feed needs (a year either side), built from ICU's
// transitions: one observance per offset change, each with its exact instant, so a reader
// needs no recurrence rules (libical's own zones carry UNTIL values some readers refuse).
icalcomponent* vtimezone(const std::string& tzid, const Zone& z) {
  const std::int64_t from = z.from - 366 * 86400, to = z.to + 366 * 86400;
  icalcomponent* vtz = icalcomponent_new_vtimezone();
  icalcomponent_add_property(vtz, icalproperty_new_tzid(tzid.c_str()));
  std::int32_t raw = 0, dst = 0;
  UErrorCode status = U_ZERO_ERROR;
  z.icu->getOffset(static_cast<UDate>(from) * 1000.0, false, raw, dst, status);
  const int start_offset = (raw + dst) / 1000;
  icalcomponent_add_component(vtz, observance(dst != 0, from, start_offset, start_offset, ""));
  if (auto* basic = dynamic_cast<const icu::BasicTimeZone*>(z.icu.get())) {
    icu::TimeZoneTransition tr;
    UDate cursor = static_cast<UDate>(from) * 1000.0;
    for (int guard = 0; guard < 64 && basic->getNextTransition(cursor, false, tr) && tr.getTime() < static_cast<UDate>(to) * 1000.0; ++guard) {
      cursor = tr.getTime();
      const auto* before = tr.getFrom();
      const auto* after = tr.getTo();
      if (!before || !after) break;
      icu::UnicodeString uname;
      std::string name;
      after->getName(uname);
      uname.toUTF8String(name);
      const int was = (before->getRawOffset() + before->getDSTSavings()) / 1000, now = (after->getRawOffset() + after->getDSTSavings()) / 1000;
      icalcomponent_add_component(vtz, observance(after->getDSTSavings() != 0, static_cast<std::int64_t>(cursor / 1000.0), was, now,
                                                  name.size() <= 6 ? name : ""));
    }
  }
  return vtz;
}

}  // namespace

std::string ical_calendar(const std::string& name, const std::vector<CalendarEntry>& entries) {
  std::lock_guard lock(ical_mutex);
  std::map<std::string, Zone> zones;
  for (const auto& e : entries) {
    if (e.time_zone.empty() || e.time_zone == "UTC" || e.time_zone == "Etc/UTC") continue;
    auto& z = zones[e.time_zone];
    if (!z.icu) {
      z.icu.reset(icu::TimeZone::createTimeZone(icu::UnicodeString::fromUTF8(e.time_zone)));
      if (*z.icu == icu::TimeZone::getUnknown()) z.icu.reset();
    }
    z.from = std::min(z.from, e.starts_at);
    z.to = std::max(z.to, e.ends_at);
  }
  std::unique_ptr<icalcomponent, void (*)(icalcomponent*)> cal(icalcomponent_new_vcalendar(), icalcomponent_free);
  icalcomponent_add_property(cal.get(), icalproperty_new_version("2.0"));
  icalcomponent_add_property(cal.get(), icalproperty_new_prodid("-//AIGC Hub//Events//EN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_calscale("GREGORIAN"));
  icalcomponent_add_property(cal.get(), icalproperty_new_method(ICAL_METHOD_PUBLISH));
  icalproperty* calname = icalproperty_new_x(name.c_str());
  icalproperty_set_x_name(calname, "X-WR-CALNAME");
  icalcomponent_add_property(cal.get(), calname);
  for (const auto& [tzid, z] : zones)
    if (z.icu) icalcomponent_add_component(cal.get(), vtimezone(tzid, z));

  icaltimezone* utc = icaltimezone_get_utc_timezone();
  auto stamp = [&](std::int64_t t) { return icaltime_from_timet_with_zone(static_cast<time_t>(t), 0, utc); };
  for (const auto& e : entries) {
    auto it = zones.find(e.time_zone);
    const Zone* zone = it != zones.end() && it->second.icu ? &it->second : nullptr;
    auto at = [&](icalproperty* (*make)(struct icaltimetype), std::int64_t t) {
      if (!zone) return make(stamp(t));  // UTC: "...Z"
      icalproperty* p = make(local_time(t, offset_at(*zone->icu, t)));
      icalproperty_add_parameter(p, icalparameter_new_tzid(e.time_zone.c_str()));
      return p;
    };
    icalcomponent* ev = icalcomponent_new_vevent();
    icalcomponent_add_property(ev, icalproperty_new_uid(e.uid.c_str()));
    icalcomponent_add_property(ev, icalproperty_new_dtstamp(stamp(e.updated_at)));
    icalcomponent_add_property(ev, icalproperty_new_lastmodified(stamp(e.updated_at)));
    icalcomponent_add_property(ev, at(icalproperty_new_dtstart, e.starts_at));
    icalcomponent_add_property(ev, at(icalproperty_new_dtend, e.ends_at));
    icalcomponent_add_property(ev, icalproperty_new_summary(e.summary.c_str()));
    if (!e.description.empty()) icalcomponent_add_property(ev, icalproperty_new_description(e.description.c_str()));
    if (!e.location.empty()) icalcomponent_add_property(ev, icalproperty_new_location(e.location.c_str()));
    if (!e.url.empty()) icalcomponent_add_property(ev, icalproperty_new_url(e.url.c_str()));
    icalcomponent_add_property(ev, icalproperty_new_status(e.cancelled ? ICAL_STATUS_CANCELLED : ICAL_STATUS_CONFIRMED));
    icalcomponent_add_component(cal.get(), ev);
  }
  char* text = icalcomponent_as_ical_string_r(cal.get());
  std::string out = text ? text : "";
  std::free(text);
  return out;
}

}  // namespace aigc
