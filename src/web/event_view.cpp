#include "web/event_view.hpp"

#include <map>
#include <set>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"

namespace aigc {

using nlohmann::json;

namespace {

const std::string& pick(const std::string& lang, const std::string& en, const std::string& zh) {
  if (lang == "zh-CN") return zh.empty() ? en : zh;
  return en.empty() ? zh : en;
}

// "09:30" in the zone.
std::string clock_of(std::int64_t t, const std::string& tz) { return local_input_time(t, tz).substr(11, 5); }
std::string day_of(std::int64_t t, const std::string& tz) { return local_input_time(t, tz).substr(0, 10); }

json speakers_view(const Talk& t) {
  json out = json::array();
  for (const auto& s : t.speakers) {
    json j = {{"name", s.name}, {"affiliation", s.affiliation}, {"bio", s.bio}, {"photo", s.photo}};
    if (!s.handle.empty()) j["url"] = "/members/" + s.handle, j["handle"] = s.handle;
    out.push_back(j);
  }
  return out;
}

}  // namespace

std::string price_text(std::int64_t cents, const std::string& currency) {
  if (cents <= 0) return "";
  static const std::map<std::string, std::string> symbols = {{"CNY", "¥"}, {"USD", "$"}, {"EUR", "€"}, {"GBP", "£"}, {"JPY", "¥"}};
  char amount[32];
  std::snprintf(amount, sizeof amount, "%lld.%02lld", static_cast<long long>(cents / 100), static_cast<long long>(cents % 100));
  auto it = symbols.find(currency);
  return it != symbols.end() ? it->second + amount : std::string(amount) + " " + currency;
}

namespace {
std::string word(const json& words, const char* group, const std::string& key) {
  if (words.contains(group) && words[group].contains(key) && words[group][key].is_string()) return words[group][key].get<std::string>();
  return key;
}
}  // namespace

json event_view(const Event& e, const std::string& lang, const std::string& viewer_tz, std::int64_t now, const json& words) {
  json v;
  v["kind_label"] = word(words, "kinds", e.kind);
  v["id"] = e.id;
  v["slug"] = e.slug;
  v["url"] = "/events/" + e.slug;
  v["title"] = pick(lang, e.title_en, e.title_zh);
  const std::string& other = lang == "zh-CN" ? e.title_en : e.title_zh;
  if (!other.empty() && other != v["title"]) v["other_title"] = other;
  const std::string& description = pick(lang, e.description_en, e.description_zh);
  v["description_html"] = render_markdown(description).html;
  v["kind"] = e.kind;
  v["venue"] = e.venue;
  v["address"] = e.address;
  v["map_url"] = e.map_url;
  v["online_url"] = e.online_url;
  v["time_zone"] = e.time_zone;
  v["starts_at"] = iso8601_utc(e.starts_at);
  v["ends_at"] = iso8601_utc(e.ends_at);
  v["when"] = format_time(e.starts_at, lang, e.time_zone) + " – " + format_time(e.ends_at, lang, e.time_zone);
  v["date"] = format_date(e.starts_at, lang, e.time_zone);
  if (viewer_tz != e.time_zone && !viewer_tz.empty())
    v["when_local"] = format_time(e.starts_at, lang, viewer_tz) + " – " + format_time(e.ends_at, lang, viewer_tz);
  v["status"] = e.status;
  v["cancelled"] = e.status == "cancelled";
  v["draft"] = e.status == "draft";
  v["past"] = e.ends_at <= now;
  v["happening"] = e.starts_at <= now && now < e.ends_at;
  v["cover"] = e.cover;
  v["cfp_open"] = e.cfp_open(now) && e.status == "published";
  if (e.cfp_closes_at) v["cfp_closes"] = format_time(e.cfp_closes_at, lang, e.time_zone);
  json orgs = json::array();
  for (std::size_t i = 0; i < e.organization_slugs.size(); ++i)
    orgs.push_back({{"name", e.organization_names[i]}, {"url", "/organizations/" + e.organization_slugs[i]}});
  v["organizations"] = orgs;
  json managers = json::array();
  for (const auto& h : e.manager_handles) managers.push_back({{"handle", h}, {"url", "/members/" + h}});
  v["managers"] = managers;
  json tickets = json::array();
  std::int64_t left = 0, waiting = 0;
  for (const auto& t : e.ticket_types) {
    bool on_sale = (!t.sales_start || now >= t.sales_start) && (!t.sales_end || now < t.sales_end);
    json j = {{"name", t.name}, {"label", pick(lang, t.name, t.name_zh)}, {"capacity", t.capacity}, {"left", t.left()},
              {"waiting", t.waiting}, {"pending", t.pending}, {"taken", t.taken}, {"sold_out", t.left() == 0 || t.waiting > 0},
              {"price", price_text(t.price_cents, t.currency)}, {"on_sale", on_sale}, {"hidden", t.hidden},
              {"approval", t.requires_approval}};
    if (t.sales_end) j["sales_end"] = format_time(t.sales_end, lang, e.time_zone);
    if (t.sales_start && now < t.sales_start) j["sales_start"] = format_time(t.sales_start, lang, e.time_zone);
    if (!t.hidden) left += t.left(), waiting += t.waiting;
    tickets.push_back(j);
  }
  v["tickets"] = tickets;
  v["seats_left"] = left;
  v["waiting"] = waiting;
  json questions = json::array();
  for (const auto& q : e.questions) {
    json choices = json::array();
    for (const auto& c : q.choices) choices.push_back(c);
    questions.push_back({{"id", q.id}, {"label", pick(lang, q.label_en, q.label_zh)}, {"kind", q.kind}, {"is_text", q.kind == "text"},
                         {"is_choice", q.kind == "choice"}, {"is_yesno", q.kind == "yesno"}, {"choices", choices}, {"required", q.required}});
  }
  v["questions"] = questions;
  return v;
}

json talk_view(const Talk& t, const Programme& p, const std::string& lang, const std::string& tz) {
  json v = {{"id", t.id}, {"kind", t.kind}, {"title", pick(lang, t.title_en, t.title_zh)}, {"speakers", speakers_view(t)},
            {"slides_url", t.slides_url}, {"recording_url", t.recording_url}, {"stars", t.stars}, {"is_break", t.kind == "break"}};
  const std::string& other = lang == "zh-CN" ? t.title_en : t.title_zh;
  if (!other.empty() && other != v["title"]) v["other_title"] = other;
  if (t.starts_at) {
    v["placed"] = true;
    v["start"] = clock_of(t.starts_at, tz);
    v["end"] = clock_of(t.ends_at, tz);
    v["day"] = format_date(t.starts_at, lang, tz);
    v["when"] = format_time(t.starts_at, lang, tz);
    v["starts_at"] = iso8601_utc(t.starts_at);
    v["ends_at"] = iso8601_utc(t.ends_at);
  }
  for (const auto& tr : p.tracks)
    if (tr.id == t.track_id) v["track"] = pick(lang, tr.name_en, tr.name_zh), v["track_class"] = "track-" + std::to_string(&tr - p.tracks.data());
  for (const auto& r : p.rooms)
    if (r.id == t.room_id) v["room"] = r.name;
  for (const auto& s : p.sessions)
    if (s.id == t.session_id) v["session"] = pick(lang, s.title_en, s.title_zh), v["chairs"] = s.chairs;
  std::string names;
  for (const auto& s : t.speakers) names += (names.empty() ? "" : ", ") + s.name;
  v["speaker_names"] = names;
  v["abstract_html"] = render_markdown(t.abstract_md).html;
  return v;
}

json timetable_view(const Programme& p, const std::string& lang, const std::string& tz, const std::vector<std::int64_t>& starred) {
  const std::set<std::int64_t> stars(starred.begin(), starred.end());
  std::map<std::string, std::vector<const Talk*>> by_day;
  for (const auto& t : p.talks)
    if (t.starts_at) by_day[day_of(t.starts_at, tz)].push_back(&t);
  json days = json::array();
  for (const auto& [day, talks] : by_day) {
    // Rows: every distinct start and end time of the day; a talk covers the rows between.
    std::set<std::int64_t> times;
    for (const auto* t : talks) times.insert(t->starts_at), times.insert(t->ends_at);
    std::vector<std::int64_t> row_times(times.begin(), times.end());
    row_times.pop_back();  // the last end opens no row
    std::map<std::int64_t, std::size_t> row_of;
    for (std::size_t i = 0; i < row_times.size(); ++i) row_of[row_times[i]] = i;
    std::vector<std::int64_t> room_ids;
    for (const auto& r : p.rooms) room_ids.push_back(r.id);
    if (room_ids.empty()) room_ids.push_back(0);
    const std::size_t columns = room_ids.size();
    // covered[row][col]: a cell taken by a talk that started above (rowspan).
    std::vector<std::vector<bool>> covered(row_times.size(), std::vector<bool>(columns, false));
    json rows = json::array(), list = json::array();
    for (std::size_t i = 0; i < row_times.size(); ++i) {
      json cells = json::array();
      for (std::size_t c = 0; c < columns; ++c) {
        if (covered[i][c]) continue;
        const Talk* here = nullptr;
        bool spans_all = false;
        for (const auto* t : talks) {
          if (t->starts_at != row_times[i]) continue;
          if (t->room_id == room_ids[c] || (room_ids[c] == 0 && t->room_id == 0)) here = t;
          else if (t->room_id == 0 && c == 0) here = t, spans_all = true;
        }
        if (!here) {
          cells.push_back({{"empty", true}});
          continue;
        }
        std::size_t end_row = here->ends_at > row_times.back() ? row_times.size() : row_of[here->ends_at];
        std::size_t span = std::max<std::size_t>(1, end_row - i);
        std::size_t width = spans_all ? columns : 1;
        for (std::size_t r = i; r < i + span && r < covered.size(); ++r)
          for (std::size_t k = c; k < c + width; ++k) covered[r][k] = true;
        json cell = talk_view(*here, p, lang, tz);
        cell["rowspan"] = span;
        cell["colspan"] = width;
        cell["starred"] = stars.count(here->id) > 0;
        cells.push_back(cell);
        if (spans_all) break;
      }
      rows.push_back({{"time", clock_of(row_times[i], tz)}, {"cells", cells}});
    }
    for (const auto* t : talks) {
      json item = talk_view(*t, p, lang, tz);
      item["starred"] = stars.count(t->id) > 0;
      list.push_back(item);
    }
    json rooms = json::array();
    for (const auto& r : p.rooms) rooms.push_back(r.name);
    days.push_back({{"key", day}, {"label", format_date(talks.front()->starts_at, lang, tz)}, {"rooms", rooms}, {"rows", rows}, {"talks", list}});
  }
  return days;
}

json registration_view(const EventRegistration& r, const Event& e, const std::string& lang, const std::string& tz, const json& words) {
  const auto* t = e.ticket_type(r.ticket_type_id);
  json v = {{"status_label", word(words, "status", r.status)}, {"id", r.id}, {"status", r.status}, {"ticket", t ? pick(lang, t->name, t->name_zh) : r.ticket_type},
            {"handle", r.member_handle}, {"name", r.member_name}, {"position", r.position}, {"paid", r.paid_at != 0},
            {"created", format_time(r.created_at, lang, tz)}, {"is_" + r.status, true}, {"active", r.active()},
            {"transferable", t && t->transferable && r.status == "confirmed" && !r.checked_in_at}};
  if (r.offer_expires_at) v["offer_until"] = format_time(r.offer_expires_at, lang, tz);
  if (r.checked_in_at) {
    v["checked_in"] = format_time(r.checked_in_at, lang, tz);
    v["checked_in_clock"] = clock_of(r.checked_in_at, tz);
    v["checked_in_by"] = r.checked_in_by_handle;
  }
  json answers = json::array();
  auto given = json::parse(r.answers, nullptr, false);
  for (const auto& q : e.questions) {
    std::string a;
    if (given.is_object() && given.contains(std::to_string(q.id))) a = given[std::to_string(q.id)].get<std::string>();
    json choices = json::array();
    for (const auto& c : q.choices) choices.push_back({{"value", c}, {"selected", c == a}});
    answers.push_back({{"id", q.id}, {"label", pick(lang, q.label_en, q.label_zh)}, {"answer", a}, {"is_text", q.kind == "text"},
                       {"is_choice", q.kind == "choice"}, {"is_yesno", q.kind == "yesno"}, {"yes", a == "yes"}, {"no", a == "no"},
                       {"choices", choices}, {"required", q.required}});
  }
  v["answers"] = answers;
  return v;
}

json event_api(const Event& e, bool with_programme, const Programme* p) {
  json tickets = json::array();
  for (const auto& t : e.ticket_types) {
    if (t.hidden) continue;
    tickets.push_back({{"name", t.name}, {"name_zh", t.name_zh}, {"capacity", t.capacity}, {"available", t.left()}, {"waiting", t.waiting},
                       {"price_cents", t.price_cents}, {"currency", t.currency}, {"requires_approval", t.requires_approval},
                       {"sales_start", t.sales_start ? json(iso8601_utc(t.sales_start)) : json(nullptr)},
                       {"sales_end", t.sales_end ? json(iso8601_utc(t.sales_end)) : json(nullptr)}});
  }
  json v = {{"slug", e.slug}, {"title_en", e.title_en}, {"title_zh", e.title_zh}, {"kind", e.kind}, {"status", e.status},
            {"starts_at", iso8601_utc(e.starts_at)}, {"ends_at", iso8601_utc(e.ends_at)}, {"timezone", e.time_zone}, {"venue", e.venue},
            {"address", e.address}, {"map_url", e.map_url}, {"online_url", e.online_url}, {"ticket_types", tickets},
            {"url", "/events/" + e.slug}, {"calendar", "/events/" + e.slug + "/calendar.ics"}, {"version", e.version}};
  if (with_programme) {
    v["description_en"] = e.description_en;
    v["description_zh"] = e.description_zh;
    if (e.cfp_closes_at) v["call_for_proposals"] = {{"opens_at", iso8601_utc(e.cfp_opens_at)}, {"closes_at", iso8601_utc(e.cfp_closes_at)}};
  }
  if (with_programme && p) {
    json tracks = json::array(), rooms = json::array(), talks = json::array();
    for (const auto& t : p->tracks) tracks.push_back({{"id", t.id}, {"name_en", t.name_en}, {"name_zh", t.name_zh}});
    for (const auto& r : p->rooms) rooms.push_back({{"id", r.id}, {"name", r.name}});
    for (const auto& t : p->talks) {
      json speakers = json::array();
      for (const auto& s : t.speakers) speakers.push_back({{"name", s.name}, {"affiliation", s.affiliation}, {"handle", s.handle.empty() ? json(nullptr) : json(s.handle)}});
      talks.push_back({{"id", t.id}, {"kind", t.kind}, {"title_en", t.title_en}, {"title_zh", t.title_zh}, {"track_id", t.track_id},
                       {"room_id", t.room_id}, {"session_id", t.session_id}, {"starts_at", t.starts_at ? json(iso8601_utc(t.starts_at)) : json(nullptr)},
                       {"ends_at", t.ends_at ? json(iso8601_utc(t.ends_at)) : json(nullptr)}, {"speakers", speakers},
                       {"slides_url", t.slides_url}, {"recording_url", t.recording_url}});
    }
    json sessions = json::array();
    for (const auto& s : p->sessions) sessions.push_back({{"id", s.id}, {"title_en", s.title_en}, {"title_zh", s.title_zh}, {"chairs", s.chairs}});
    v["programme"] = {{"tracks", tracks}, {"rooms", rooms}, {"sessions", sessions}, {"talks", talks}};
  }
  return v;
}

json registration_api(const EventRegistration& r) {
  json v = {{"id", r.id}, {"status", r.status}, {"ticket_type", r.ticket_type}, {"created_at", iso8601_utc(r.created_at)}};
  if (r.status == "waitlisted") v["position"] = r.position;
  if (r.status == "offered") v["offer_expires_at"] = iso8601_utc(r.offer_expires_at);
  if (r.checked_in_at) v["checked_in_at"] = iso8601_utc(r.checked_in_at);
  return v;
}

}  // namespace aigc
