#include "domain/events/event_service.hpp"

#include <algorithm>
#include <cstdio>
#include <set>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/events/registration_service.hpp"
#include "domain/media/media_library.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/organizations/organization_repository.hpp"
#include "domain/search/search_sources.hpp"

namespace aigc {

namespace {

const std::set<std::string> kKinds = {"conference", "workshop", "meetup", "online"};
const std::set<std::string> kQuestionKinds = {"text", "choice", "yesno"};

std::vector<std::string> names_in(const std::string& text) {
  std::vector<std::string> out;
  std::string cleaned = text;
  std::replace(cleaned.begin(), cleaned.end(), ',', ' ');
  std::replace(cleaned.begin(), cleaned.end(), '\n', ' ');
  for (auto& w : split(cleaned, ' ')) {
    auto name = trim(w);
    if (!name.empty() && name[0] == '@') name.erase(0, 1);
    if (!name.empty() && std::find(out.begin(), out.end(), name) == out.end()) out.push_back(name);
  }
  return out;
}

// "0", "", "free" read as free; "99", "99.5", "99.50" as cents.
bool parse_price(const std::string& text, std::int64_t& cents) {
  auto t = trim(text);
  if (t.empty() || t == "free") return cents = 0, true;
  auto dot = t.find('.');
  std::int64_t whole = 0, frac = 0;
  if (!parse_int(t.substr(0, dot), whole) || whole < 0 || whole > 100'000'000) return false;
  if (dot != std::string::npos) {
    auto f = t.substr(dot + 1);
    if (f.empty() || f.size() > 2 || !parse_int(f, frac) || frac < 0) return false;
    if (f.size() == 1) frac *= 10;
  }
  cents = whole * 100 + frac;
  return true;
}

}  // namespace

nlohmann::json event_notification_params(const Event& e) {
  return {{"event_en", e.title_en.empty() ? e.title_zh : e.title_en}, {"event_zh", e.title_zh.empty() ? e.title_en : e.title_zh}};
}

bool can_manage_event(const Member& m, const Event& e) {
  return m.role == Role::admin || m.id == e.created_by || std::find(e.managers.begin(), e.managers.end(), m.id) != e.managers.end();
}

std::optional<std::int64_t> parse_event_time(const std::string& raw, const std::string& time_zone) {
  auto text = trim(raw);
  std::int64_t seconds = 0;
  if (!text.empty() && text.find('-') == std::string::npos && parse_int(text, seconds)) return seconds >= 0 ? std::optional(seconds) : std::nullopt;
  if (text.size() < 16) return parse_local_time(text, time_zone);
  std::string wall = text.substr(0, 16), rest = text.substr(16);
  if (rest.size() >= 3 && rest[0] == ':') {  // seconds are accepted and ignored
    if (!std::isdigit(static_cast<unsigned char>(rest[1])) || !std::isdigit(static_cast<unsigned char>(rest[2]))) return std::nullopt;
    rest = rest.substr(3);
  }
  if (rest.empty()) return parse_local_time(wall, time_zone);
  std::int64_t offset = 0;
  if (rest != "Z" && rest != "z") {
    int h = 0, m = 0;
    char sign = 0, colon = 0, extra = 0;
    if (std::sscanf(rest.c_str(), "%c%2d%c%2d%c", &sign, &h, &colon, &m, &extra) != 4 || (sign != '+' && sign != '-') ||
        colon != ':' || h > 23 || m > 59 || rest.size() != 6)
      return std::nullopt;
    offset = (h * 3600 + m * 60) * (sign == '+' ? 1 : -1);
  }
  auto utc = parse_local_time(wall, "UTC");
  if (!utc) return std::nullopt;
  return *utc - offset;
}

Result<Event> EventService::validate(const EventInput& in, bool is_new, std::int64_t now) {
  std::vector<Problem> p;
  Event e;
  e.slug = trim(in.slug);
  if (is_new && (e.slug.empty() || e.slug.size() > 80 || e.slug != slugify(e.slug)))
    p.push_back({"slug", "error.slug", "slug must be lower-case letters, digits and '-' (e.g. 'ai-frontiers-2026')"});
  e.title_en = trim(in.title_en);
  e.title_zh = trim(in.title_zh);
  if (e.title_en.empty() && e.title_zh.empty())
    p.push_back({"title_en", "error.event_title", "give the title in English, in Chinese or both"});
  for (const auto* t : {&e.title_en, &e.title_zh})
    if (!is_line_within(*t, 200))
      p.push_back({t == &e.title_en ? "title_en" : "title_zh", "error.event_title_long", "a title is one line of at most 200 characters"});
  e.description_en = in.description_en;
  e.description_zh = in.description_zh;
  for (const auto* d : {&e.description_en, &e.description_zh})
    if (d->size() > 50'000 || !is_valid_utf8(*d))
      p.push_back({d == &e.description_en ? "description_en" : "description_zh", "error.event_description",
                   "a description is at most 50,000 bytes of text"});
  e.kind = trim(in.kind).empty() ? "conference" : trim(in.kind);
  if (!kKinds.count(e.kind)) p.push_back({"kind", "error.event_kind", "kind is conference, workshop, meetup or online"});
  e.venue = trim(in.venue);
  e.address = trim(in.address);
  for (const auto* t : {&e.venue, &e.address})
    if (!is_line_within(*t, 300))
      p.push_back({t == &e.venue ? "venue" : "address", "error.event_venue", "the venue and address are one line of at most 300 characters"});
  e.map_url = trim(in.map_url);
  e.online_url = trim(in.online_url);
  if (!is_web_url_or_empty(e.map_url)) p.push_back({"map_url", "error.url", "a link starts with https:// or http://"});
  if (!is_web_url_or_empty(e.online_url)) p.push_back({"online_url", "error.url", "a link starts with https:// or http://"});
  if (e.kind == "online" && e.online_url.empty())
    p.push_back({"online_url", "error.event_online_url", "an online event needs the link where it happens"});
  if (e.kind != "online" && e.venue.empty() && e.online_url.empty())
    p.push_back({"venue", "error.event_where", "say where the event happens: a venue, or an online link"});
  e.time_zone = trim(in.time_zone).empty() ? "Asia/Shanghai" : trim(in.time_zone);
  bool zone_ok = is_known_time_zone(e.time_zone);
  if (!zone_ok) p.push_back({"time_zone", "error.time_zone", "use an IANA time zone such as Asia/Shanghai or Europe/Paris"});
  const std::string zone = zone_ok ? e.time_zone : "UTC";
  auto starts = parse_event_time(in.starts_at, zone), ends = parse_event_time(in.ends_at, zone);
  if (!starts) p.push_back({"starts_at", "error.event_time", "enter a date and time such as 2026-12-05T09:00"});
  if (!ends) p.push_back({"ends_at", "error.event_time", "enter a date and time such as 2026-12-05T09:00"});
  if (starts && ends && *ends <= *starts) p.push_back({"ends_at", "error.event_window", "the event must end after it starts"});
  e.starts_at = starts.value_or(0);
  e.ends_at = ends.value_or(0);
  e.cover = trim(in.cover);
  if (!e.cover.empty() && !MediaLibrary::is_media_url(e.cover))
    p.push_back({"cover", "error.cover", "the cover is a picture uploaded to the site"});
  if (!trim(in.cfp_closes_at).empty()) {
    auto open = trim(in.cfp_opens_at).empty() ? std::optional<std::int64_t>(now) : parse_event_time(in.cfp_opens_at, zone);
    auto close = parse_event_time(in.cfp_closes_at, zone);
    if (!open || !close || *close <= *open)
      p.push_back({"cfp_closes_at", "error.event_cfp_window", "the call for proposals must close after it opens"});
    else e.cfp_opens_at = *open, e.cfp_closes_at = *close;
  }
  e.cfp_blind = in.cfp_blind;
  if (!trim(in.edit_deadline).empty()) {
    auto d = parse_event_time(in.edit_deadline, zone);
    if (!d) p.push_back({"edit_deadline", "error.event_time", "enter a date and time such as 2026-12-05T09:00"});
    else e.edit_deadline = *d;
  }
  std::int64_t hours = 24;
  if (!trim(in.offer_hours).empty() && (!parse_int(trim(in.offer_hours), hours) || hours < 0 || hours > 24 * 14))
    p.push_back({"offer_hours", "error.event_offer_hours", "a waitlist offer lasts 0 to 336 hours (0: the seat is given at once)"});
  e.offer_hours = static_cast<int>(hours);

  std::set<std::string> names;
  for (std::size_t i = 0; i < in.ticket_types.size(); ++i) {
    const auto& ti = in.ticket_types[i];
    TicketType t;
    t.name = trim(ti.name);
    t.name_zh = trim(ti.name_zh);
    const std::string field = "ticket_types." + std::to_string(i);
    if (t.name.empty() || !is_line_within(t.name, 60) || t.name.find_first_of("<>\"") != std::string::npos)
      p.push_back({field + ".name", "error.ticket_name", "a ticket type has a name of at most 60 characters"});
    else if (!names.insert(fold_case(t.name)).second)
      p.push_back({field + ".name", "error.ticket_name_twice", "two ticket types have the same name", {}, {{"name", t.name}}});
    if (!is_line_within(t.name_zh, 60)) p.push_back({field + ".name_zh", "error.ticket_name", "a ticket type has a name of at most 60 characters"});
    if (!parse_int(trim(ti.capacity), t.capacity) || t.capacity < 0 || t.capacity > kMaxCapacity)
      p.push_back({field + ".capacity", "error.ticket_capacity", "the capacity is a whole number of seats from 0 to 1,000,000",
                   {}, {{"name", t.name}}});
    if (!parse_price(ti.price, t.price_cents))
      p.push_back({field + ".price", "error.ticket_price", "a price is a number such as 99 or 99.50 (0 for free)", {}, {{"name", t.name}}});
    t.currency = trim(ti.currency);
    if (t.currency.size() > 3 || t.currency.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ") != std::string::npos)
      p.push_back({field + ".currency", "error.ticket_currency", "a currency is a three-letter code such as CNY or USD"});
    if (t.price_cents > 0 && t.currency.empty()) t.currency = "CNY";
    for (auto [text, out] : {std::pair{&ti.sales_start, &t.sales_start}, std::pair{&ti.sales_end, &t.sales_end}}) {
      if (trim(*text).empty()) continue;
      auto v = parse_event_time(*text, zone);
      if (!v) p.push_back({field + (out == &t.sales_start ? ".sales_start" : ".sales_end"), "error.event_time",
                           "enter a date and time such as 2026-12-05T09:00"});
      else *out = *v;
    }
    if (t.sales_start && t.sales_end && t.sales_end <= t.sales_start)
      p.push_back({field + ".sales_end", "error.ticket_sales_window", "ticket sales must end after they start"});
    std::int64_t per = 1;
    if (!parse_int(trim(ti.per_member).empty() ? "1" : trim(ti.per_member), per) || per < 1 || per > 20)
      p.push_back({field + ".per_member", "error.ticket_per_member", "a member may hold 1 to 20 registrations of a type"});
    t.per_member = static_cast<int>(per);
    t.requires_approval = ti.requires_approval;
    t.hidden = ti.hidden;
    t.transferable = ti.transferable;
    e.ticket_types.push_back(t);
  }
  if (in.ticket_types.size() > 20) p.push_back({"ticket_types", "error.ticket_types_many", "an event has at most 20 ticket types"});

  int line_no = 0;
  for (auto& line : split(in.questions, '\n')) {
    ++line_no;
    if (trim(line).empty()) continue;
    auto parts = split(line, '|');
    for (auto& x : parts) x = trim(x);
    EventQuestion q;
    q.kind = parts.size() > 0 ? parts[0] : "";
    q.label_en = parts.size() > 1 ? parts[1] : "";
    q.label_zh = parts.size() > 2 ? parts[2] : "";
    if (parts.size() > 3)
      for (auto& c : split(parts[3], ';'))
        if (!trim(c).empty()) q.choices.push_back(trim(c));
    q.required = parts.size() > 4 && (parts[4] == "required" || parts[4] == "yes" || parts[4] == "必填");
    bool ok = parts.size() >= 2 && parts.size() <= 5 && kQuestionKinds.count(q.kind) && (!q.label_en.empty() || !q.label_zh.empty()) &&
              is_line_within(q.label_en, 300) && is_line_within(q.label_zh, 300) && (q.kind != "choice" || q.choices.size() >= 2);
    if (!ok)
      p.push_back({"questions", "error.event_question",
                   "each question is one line: kind (text, choice or yesno) | English label | Chinese label | choices separated by ; | required",
                   "questions:" + std::to_string(line_no), {{"line", std::to_string(line_no)}}});
    else e.questions.push_back(q);
  }
  if (e.questions.size() > 30) p.push_back({"questions", "error.event_questions_many", "an event asks at most 30 questions"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "fix the fields below", std::move(p));
  return e;
}

namespace {

// Managers by handle and partner organizations by slug; unknown ones are problems.
Result<void> resolve_people(soci::session& sql, const EventInput& in, Event& e) {
  std::vector<Problem> p;
  e.managers.clear();
  e.organizations.clear();
  for (const auto& handle : names_in(in.managers)) {
    auto m = MemberRepository().find_by_handle(sql, handle);
    if (!m) p.push_back({"managers", "error.unknown_member", "no member @" + handle, {}, {{"handle", handle}}});
    else if (m->id != e.created_by) e.managers.push_back(m->id);
  }
  for (const auto& slug : names_in(in.organizations)) {
    auto o = OrganizationRepository().find_by_slug(sql, slug);
    if (!o) p.push_back({"organizations", "error.unknown_organization", "no organization " + slug, {}, {{"slug", slug}}});
    else e.organizations.push_back(o->id);
  }
  if (!p.empty()) return Error::invalid("error.fix_fields", "fix the fields below", std::move(p));
  return {};
}

}  // namespace

Result<Event> EventService::create(const Member& actor, const EventInput& input, std::int64_t now) {
  if (!at_least(actor.role, Role::organizer))
    return Error::make(ErrorCode::forbidden, "error.organizer_only", "only organizers create events");
  auto v = validate(input, true, now);
  if (!v) return v.error();
  Event e = std::move(v.value());
  e.created_by = actor.id;
  e.created_at = e.updated_at = now;
  e.status = "draft";
  return db_.in_transaction([&](soci::session& sql) -> Result<Event> {
    AIGC_TRY(resolve_people(sql, input, e));
    if (repo_.find(sql, e.slug))
      return Error{ErrorCode::conflict, "error.slug_taken", "an event with slug '" + e.slug + "' exists",
                   {{"slug", "error.slug_taken", "slug is taken"}}};
    e.id = repo_.insert(sql, e);
    index_event(db_, sql, e.id);
    return repo_.find_by_id(sql, e.id).value();
  });
}

Result<Event> EventService::update(const Member& actor, const std::string& slug, const EventInput& input, std::int64_t now) {
  auto v = validate(input, false, now);
  if (!v) return v.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<Event> {
    auto current = repo_.find(sql, slug);
    if (!current) return Error::make(ErrorCode::not_found, "error.not_found", "no event " + slug);
    if (!can_manage_event(actor, *current)) return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers edit it");
    Event e = std::move(v.value());
    e.id = current->id;
    e.slug = current->slug;
    e.created_by = current->created_by;
    e.updated_at = now;
    AIGC_TRY(resolve_people(sql, input, e));
    if (!input.replace_ticket_types) e.ticket_types = current->ticket_types;
    // A type that holds registrations stays, so no one loses their seat to an edit.
    for (const auto& old : current->ticket_types)
      if (!e.ticket_type(old.name) && (old.taken || old.waiting || old.pending))
        return Error::invalid("error.ticket_type_in_use", "a ticket type that holds registrations cannot be removed",
                              {{"ticket_types", "error.ticket_type_in_use", "keep ticket type " + old.name, {}, {{"name", old.name}}}});
    repo_.lock(sql, e.id, db_.dialect() == Dialect::postgresql);
    repo_.update(sql, e);
    // Capacity raised: the waiting line gets the new seats.
    RegistrationService::fill_seats(sql, e.id, now, db_.dialect() == Dialect::postgresql);
    index_event(db_, sql, e.id);
    return repo_.find_by_id(sql, e.id).value();
  });
}

Result<Event> EventService::set_status(const Member& actor, const std::string& slug, const std::string& status, std::int64_t now) {
  if (status != "published" && status != "cancelled" && status != "draft")
    return Error::invalid("error.event_status", "status is draft, published or cancelled");
  return db_.in_transaction([&](soci::session& sql) -> Result<Event> {
    auto e = repo_.find(sql, slug);
    if (!e) return Error::make(ErrorCode::not_found, "error.not_found", "no event " + slug);
    if (!can_manage_event(actor, *e)) return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers change it");
    if (e->status == "cancelled")
      return Error::make(ErrorCode::conflict, "error.event_cancelled", "the event is cancelled; create a new one");
    if (status == "draft" && e->status == "published")
      return Error::make(ErrorCode::conflict, "error.event_published", "a published event cannot go back to draft; cancel it instead");
    repo_.set_status(sql, e->id, status, now);
    if (status == "cancelled") {
      const auto params = event_notification_params(*e);
      std::set<std::int64_t> told;
      for (const auto& r : RegistrationRepository().of_event(sql, e->id, ""))
        if (r.active() && told.insert(r.member_id).second)
          Notifications::notify(sql, r.member_id, "event_cancelled", params, "/events/" + e->slug, now, "event:" + std::to_string(e->id));
    }
    index_event(db_, sql, e->id);
    return repo_.find_by_id(sql, e->id).value();
  });
}

Result<Event> EventService::get(const std::string& slug, const Member* viewer) {
  auto e = db_.with_session([&](soci::session& sql) { return repo_.find(sql, slug); });
  if (!e || (e->status == "draft" && !(viewer && can_manage_event(*viewer, *e))))
    return Error::make(ErrorCode::not_found, "error.not_found", "no event " + slug);
  return *e;
}

std::vector<Event> EventService::upcoming(std::int64_t now, const Member* viewer, int limit) {
  auto all = db_.with_session([&](soci::session& sql) { return repo_.list(sql, false, now, viewer != nullptr, limit * 2); });
  std::vector<Event> out;
  for (auto& e : all) {
    if (e.status == "draft") {
      // Drafts show to the people who run them (their managers list is not loaded in lists).
      auto full = db_.with_session([&](soci::session& sql) { return repo_.find_by_id(sql, e.id); });
      if (!full || !viewer || !can_manage_event(*viewer, *full)) continue;
    }
    out.push_back(std::move(e));
    if (static_cast<int>(out.size()) == limit) break;
  }
  return out;
}

std::vector<Event> EventService::past(std::int64_t now, int limit) {
  return db_.with_session([&](soci::session& sql) { return repo_.list(sql, true, now, false, limit); });
}

std::vector<Event> EventService::managed_by(const Member& m) {
  return db_.with_session([&](soci::session& sql) { return repo_.managed_by(sql, m.id); });
}

Result<InvitationCode> EventService::add_code(const Member& actor, const std::string& slug, const std::string& raw_code,
                                              const std::string& ticket_type, std::int64_t seats) {
  auto code = trim(raw_code);
  if (code.size() < 4 || code.size() > 40 || code.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") != std::string::npos)
    return Error::invalid("error.fix_fields", "fix the fields below",
                          {{"code", "error.invitation_code", "a code is 4 to 40 letters, digits, '-' or '_'"}});
  if (seats < 1 || seats > 10'000)
    return Error::invalid("error.fix_fields", "fix the fields below", {{"seats", "error.invitation_seats", "a code opens 1 to 10,000 registrations"}});
  return db_.in_transaction([&](soci::session& sql) -> Result<InvitationCode> {
    auto e = repo_.find(sql, slug);
    if (!e) return Error::make(ErrorCode::not_found, "error.not_found", "no event " + slug);
    if (!can_manage_event(actor, *e)) return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers add codes");
    InvitationCode c{0, 0, seats, 0, code};
    if (!ticket_type.empty()) {
      auto* t = e->ticket_type(ticket_type);
      if (!t) return Error::invalid("error.fix_fields", "fix the fields below", {{"ticket_type", "error.ticket_unknown", "no such ticket type"}});
      c.ticket_type_id = t->id;
    }
    if (repo_.find_code(sql, e->id, code))
      return Error{ErrorCode::conflict, "error.invitation_code_taken", "the event has this code already", {{"code", "error.invitation_code_taken", "code exists"}}};
    c.id = repo_.add_code(sql, e->id, c);
    return c;
  });
}

std::vector<InvitationCode> EventService::codes(std::int64_t event_id) {
  return db_.with_session([&](soci::session& sql) { return repo_.codes(sql, event_id); });
}

Result<Event> EventService::set_cover(const Member& actor, const std::string& slug, const std::string& url, std::int64_t now) {
  if (!url.empty() && !MediaLibrary::is_media_url(url))
    return Error::invalid("error.fix_fields", "fix the fields below", {{"cover", "error.cover", "the cover is a picture uploaded to the site"}});
  return db_.in_transaction([&](soci::session& sql) -> Result<Event> {
    auto e = repo_.find(sql, slug);
    if (!e) return Error::make(ErrorCode::not_found, "error.not_found", "no event " + slug);
    if (!can_manage_event(actor, *e)) return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers edit it");
    long long id = e->id, at = now;
    sql << "UPDATE events SET cover = :c, updated_at = :t, version = version + 1 WHERE id = :id", soci::use(url), soci::use(at), soci::use(id);
    return repo_.find_by_id(sql, id).value();
  });
}

std::optional<Event> EventService::get_by_id(std::int64_t id) {
  return db_.with_session([&](soci::session& sql) { return repo_.find_by_id(sql, id); });
}

bool EventService::attended(std::int64_t event_id, std::int64_t member_id) {
  return db_.with_session([&](soci::session& sql) {
    long long e = event_id, m = member_id, n = 0;
    sql << "SELECT COUNT(*) FROM registrations WHERE event_id = :e AND member_id = :m AND checked_in_at <> 0", soci::use(e), soci::use(m),
        soci::into(n);
    return n > 0;
  });
}

Result<void> EventService::give_feedback(const Member& m, const std::string& slug, int rating, const std::string& comment, std::int64_t now) {
  if (rating < 1 || rating > 5)
    return Error::invalid("error.fix_fields", "fix the fields below", {{"rating", "error.feedback_rating", "rate the event from 1 to 5"}});
  if (comment.size() > 5000 || !is_valid_utf8(comment))
    return Error::invalid("error.fix_fields", "fix the fields below", {{"comment", "error.feedback_comment", "a comment is at most 5,000 bytes"}});
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto e = repo_.find(sql, slug);
    if (!e || e->status == "draft") return Error::make(ErrorCode::not_found, "error.not_found", "no event " + slug);
    if (now < e->starts_at) return Error::make(ErrorCode::conflict, "error.feedback_early", "feedback opens when the event starts");
    long long event = e->id, member = m.id, at = now, n = 0;
    sql << "SELECT COUNT(*) FROM registrations WHERE event_id = :e AND member_id = :m AND checked_in_at <> 0", soci::use(event),
        soci::use(member), soci::into(n);
    if (!n) return Error::make(ErrorCode::forbidden, "error.feedback_attendees", "feedback is for attendees who were checked in");
    sql << "DELETE FROM event_feedback WHERE event_id = :e AND member_id = :m", soci::use(event), soci::use(member);
    sql << "INSERT INTO event_feedback (event_id, member_id, rating, comment, created_at) VALUES (:e, :m, :r, :c, :t)", soci::use(event),
        soci::use(member), soci::use(rating), soci::use(comment), soci::use(at);
    return {};
  });
}

std::optional<std::pair<int, std::string>> EventService::feedback_of(std::int64_t event_id, std::int64_t member_id) {
  return db_.with_session([&](soci::session& sql) -> std::optional<std::pair<int, std::string>> {
    long long e = event_id, m = member_id;
    int rating = 0;
    std::string comment;
    soci::indicator ind = soci::i_null;
    sql << "SELECT rating, comment FROM event_feedback WHERE event_id = :e AND member_id = :m", soci::use(e), soci::use(m),
        soci::into(rating, ind), soci::into(comment);
    if (ind != soci::i_ok) return std::nullopt;
    return std::pair{rating, comment};
  });
}

std::vector<std::pair<int, std::string>> EventService::feedback(std::int64_t event_id) {
  return db_.with_session([&](soci::session& sql) {
    long long e = event_id;
    int rating = 0;
    std::string comment;
    std::vector<std::pair<int, std::string>> out;
    soci::statement st = (sql.prepare << "SELECT rating, comment FROM event_feedback WHERE event_id = :e ORDER BY created_at DESC",
                          soci::use(e), soci::into(rating), soci::into(comment));
    st.execute();
    while (st.fetch()) out.emplace_back(rating, comment);
    return out;
  });
}

}  // namespace aigc
