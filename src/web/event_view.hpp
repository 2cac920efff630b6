// The JSON shapes of events for pages and the API: an event for a reader (texts in their
// language, times in the event's zone and, when it differs, the reader's), its tickets
// with seats left, talks with speakers, the timetable laid out per day, and the API form.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "domain/events/event.hpp"

namespace aigc {

// `tz` is the zone the times are shown in; `viewer_tz` the reader's.
// `words` is the "events" subtree of the reader's catalog (labels of kinds and statuses).
nlohmann::json event_view(const Event& e, const std::string& lang, const std::string& viewer_tz, std::int64_t now,
                          const nlohmann::json& words);
nlohmann::json talk_view(const Talk& t, const Programme& p, const std::string& lang, const std::string& tz);
// Days of the programme in `tz`, each with a table (rows are start times, columns rooms;
// a talk spans the rows it lasts, a talk without a room spans every column) and a list.
nlohmann::json timetable_view(const Programme& p, const std::string& lang, const std::string& tz, const std::vector<std::int64_t>& starred);
nlohmann::json registration_view(const EventRegistration& r, const Event& e, const std::string& lang, const std::string& tz,
                                 const nlohmann::json& words);
// The API's forms: every language's text, times in RFC 3339 UTC.
nlohmann::json event_api(const Event& e, bool with_programme, const Programme* p);
nlohmann::json registration_api(const EventRegistration& r);
// "¥99.00", "$12.50", or "" when free.
std::string price_text(std::int64_t cents, const std::string& currency);

}  // namespace aigc
