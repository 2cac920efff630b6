// Events for attendees, in the browser and the API: the events list, an event's page with
// its tickets and the registration form, the programme (timetable per day in the event's
// zone or the reader's, a list for phones), talks, the personal agenda, registrations
// (cancel, accept an offer, transfer, answers), tickets with their QR code, certificates,
// feedback, iCalendar feeds and the call for proposals.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/members/member_repository.hpp"
#include "web/app.hpp"
#include "web/event_view.hpp"
#include "web/events_web.hpp"
#include "web/ical.hpp"
#include "web/qr_svg.hpp"

namespace aigc {

using nlohmann::json;

namespace {

Response calendar(App& app, const std::string& name, const std::vector<CalendarEntry>& entries) {
  (void)app;
  return Response::text(ical_calendar(name, entries), 200, "text/calendar; charset=utf-8")
      .header("Content-Disposition", "inline; filename=\"calendar.ics\"");
}

CalendarEntry talk_entry(const App& app, const Event& e, const Talk& t, const Programme& p) {
  CalendarEntry c;
  c.uid = "talk-" + std::to_string(t.id) + "@aigc-hub";
  c.summary = t.title_en.empty() ? t.title_zh : t.title_en;
  if (!t.title_en.empty() && !t.title_zh.empty()) c.summary += " / " + t.title_zh;
  std::string who;
  for (const auto& s : t.speakers) who += (who.empty() ? "" : ", ") + s.name;
  c.description = (who.empty() ? "" : who + "\n\n") + t.abstract_md;
  std::string room;
  for (const auto& r : p.rooms)
    if (r.id == t.room_id) room = r.name;
  c.location = room.empty() ? e.venue : room + ", " + e.venue;
  if (e.kind == "online") c.location = e.online_url;
  c.url = app.config().public_url + "/events/" + e.slug + "/talks/" + std::to_string(t.id);
  c.starts_at = t.starts_at;
  c.ends_at = t.ends_at;
  c.time_zone = e.time_zone;
  c.updated_at = t.updated_at;
  c.cancelled = e.status == "cancelled";
  return c;
}

// GET /events
Response get_events(App& app, Request& req) {
  json v = app.base_view(req, "events");
  v["title"] = app.t(req, "areas.events.title");
  const auto now = now_utc();
  json upcoming = json::array(), past = json::array();
  for (const auto& e : app.events().upcoming(now, req.member ? &*req.member : nullptr)) upcoming.push_back(event_view(e, req.lang, req.time_zone, now, words(app, req)));
  for (const auto& e : app.events().past(now, 30)) past.push_back(event_view(e, req.lang, req.time_zone, now, words(app, req)));
  v["upcoming"] = upcoming;
  v["past"] = past;
  v["can_create"] = req.member && at_least(req.member->role, Role::organizer);
  if (req.member) {
    json mine = json::array();
    for (const auto& r : app.registrations().all_of_member(req.member->id, 20)) {
      if (!r.active()) continue;
      auto e = app.events().get_by_id(r.event_id);
      if (!e || e->ends_at <= now) continue;
      auto view = registration_view(r, e.value(), req.lang, e->time_zone, words(app, req));
      view["event"] = event_view(e.value(), req.lang, req.time_zone, now, words(app, req));
      mine.push_back(view);
    }
    v["mine"] = mine;
  }
  return app.page(req, "events", v);
}

// GET /events/:slug
Response get_events_by_slug(App& app, Request& req) {
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  const auto now = now_utc();
  json v = event_page_view(app, req, e.value(), "overview");
  if (req.member) {
    json mine = json::array();
    for (const auto& r : app.registrations().of_member(e->id, req.member->id))
      if (r.active()) mine.push_back(registration_view(r, e.value(), req.lang, e->time_zone, words(app, req)));
    v["my_registrations"] = mine;
  }
  v["can_register"] = e->status == "published" && e->ends_at > now;
  auto papers = app.papers().linked_to("event", e->id, 10);
  json related = json::array();
  for (const auto& p : papers) related.push_back({{"title", req.lang == "zh-CN" && !p.title_zh.empty() ? p.title_zh : (p.title_en.empty() ? p.title_zh : p.title_en)},
                                                 {"url", "/research/papers/" + std::to_string(p.id)}});
  v["papers"] = related;
  return app.page(req, "event", v);
}

// POST /events/:slug/register
Response post_events_by_slug_register(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  RegistrationInput in;
  in.ticket_type = req.field("ticket_type");
  in.code = req.field("code");
  in.idempotency_key = req.header("idempotency-key");
  if (req.form())
    for (const auto& [k, val] : *req.form())
      if (k.rfind("answer_", 0) == 0) in.answers[k.substr(7)] = val;
  auto r = app.registrations().register_for(*req.member, req.params.at("slug"), in, now_utc());
  if (!r) {
    auto e = load_event(app, req);
    if (!e) return app.error(req, e.error());
    json v = event_page_view(app, req, e.value(), "overview");
    v["can_register"] = true;
    v["values"] = {{"ticket_type", in.ticket_type}, {"code", in.code}};
    v["problems"] = app.error_json(req, r.error())["error"]["details"];
    return app.form_error(req, "event", v, r.error());
  }
  return Response::redirect("/events/" + req.params.at("slug") + "/registration");
}

// GET /events/:slug/registration
Response get_events_by_slug_registration(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  json v = event_page_view(app, req, e.value(), "registration");
  json list = json::array();
  const auto now = now_utc();
  const std::int64_t deadline = e->edit_deadline ? e->edit_deadline : e->starts_at;
  for (const auto& r : app.registrations().of_member(e->id, req.member->id)) {
    auto view = registration_view(r, e.value(), req.lang, e->time_zone, words(app, req));
    view["can_edit_answers"] = r.active() && now < deadline && !e->questions.empty();
    view["can_cancel"] = r.active() && !r.checked_in_at && e->ends_at > now;
    view["certificate"] = r.checked_in_at != 0 && e->ends_at <= now;
    list.push_back(view);
  }
  v["registrations"] = list;
  if (!e->edit_deadline) v["deadline"] = format_time(deadline, req.lang, e->time_zone);
  else v["deadline"] = format_time(e->edit_deadline, req.lang, e->time_zone);
  return app.page(req, "event_registration", v);
}

Result<EventRegistration> registration_of(App& app, const Request& req) {
  std::int64_t id = 0;
  if (!parse_int(req.params.at("id"), id)) return Error::make(ErrorCode::not_found, "error.not_found", "no registration");
  return app.registrations().get(*req.member, id);
}

// POST /events/:slug/registrations/:id/:action (cancel, accept, transfer, answers)
Response post_registration_action(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto reg = registration_of(app, req);
  if (!reg) return app.error(req, reg.error());
  const std::string action = req.params.at("action");
  const auto now = now_utc();
  Result<EventRegistration> done = Error::make(ErrorCode::not_found, "error.not_found", "no such action");
  if (action == "cancel") done = app.registrations().cancel(*req.member, reg->id, now);
  else if (action == "accept") done = app.registrations().accept_offer(*req.member, reg->id, now);
  else if (action == "transfer") done = app.registrations().transfer(*req.member, reg->id, req.field("to"), now);
  else if (action == "answers") {
    std::map<std::string, std::string> answers;
    if (req.form())
      for (const auto& [k, val] : *req.form())
        if (k.rfind("answer_", 0) == 0) answers[k.substr(7)] = val;
    done = app.registrations().edit_answers(*req.member, reg->id, answers, now);
  }
  if (!done) return app.error(req, done.error());
  return Response::redirect("/events/" + req.params.at("slug") + "/registration");
}

// GET /events/:slug/tickets/:id
Response get_events_by_slug_tickets_by_id(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  auto reg = registration_of(app, req);
  if (!reg || reg->event_id != e->id) return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no ticket"));
  if (reg->status != "confirmed")
    return app.error(req, Error::make(ErrorCode::conflict, "error.ticket_not_confirmed", "a ticket exists once the registration is confirmed"));
  json v = event_page_view(app, req, e.value(), "registration");
  v["registration"] = registration_view(reg.value(), e.value(), req.lang, e->time_zone, words(app, req));
  const std::string token = app.tickets().sign({e->id, reg->id, reg->member_id});
  v["token"] = token;
  v["qr_svg"] = qr_svg(token, app.t(req, "events.ticket_qr"));
  v["title"] = app.t(req, "events.ticket") + " · " + v["event"]["title"].get<std::string>();
  return app.page(req, "event_ticket", v);
}

// GET /events/:slug/programme
Response get_events_by_slug_programme(App& app, Request& req) {
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  json v = event_page_view(app, req, e.value(), "programme");
  const bool mine = req.query("tz") == "mine" && req.time_zone != e->time_zone;
  const std::string tz = mine ? req.time_zone : e->time_zone;
  auto p = app.programme().get(e->id);
  std::vector<std::int64_t> stars;
  if (req.member) stars = app.programme().starred(req.member->id, e->id);
  v["days"] = timetable_view(p, req.lang, tz, stars);
  v["shown_tz"] = tz;
  v["in_my_tz"] = mine;
  if (req.time_zone != e->time_zone) v["my_tz"] = req.time_zone;
  v["list_view"] = req.query("view") == "list";
  json unplaced = json::array();
  for (const auto& t : p.talks)
    if (!t.starts_at) unplaced.push_back(talk_view(t, p, req.lang, tz));
  v["unplaced"] = unplaced;
  return app.page(req, "event_programme", v);
}

// GET /events/:slug/talks/:id
Response get_events_by_slug_talks_by_id(App& app, Request& req) {
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  std::int64_t id = 0;
  auto p = app.programme().get(e->id);
  const Talk* talk = nullptr;
  if (parse_int(req.params.at("id"), id))
    for (const auto& t : p.talks)
      if (t.id == id) talk = &t;
  if (!talk) return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no talk " + req.params.at("id")));
  json v = event_page_view(app, req, e.value(), "programme");
  v["talk"] = talk_view(*talk, p, req.lang, e->time_zone);
  if (req.time_zone != e->time_zone && talk->starts_at) v["talk"]["when_local"] = format_time(talk->starts_at, req.lang, req.time_zone);
  if (req.member) {
    auto stars = app.programme().starred(req.member->id, e->id);
    v["talk"]["starred"] = std::find(stars.begin(), stars.end(), talk->id) != stars.end();
  }
  v["title"] = v["talk"]["title"];
  return app.page(req, "event_talk", v);
}

// POST /events/:slug/talks/:id/star
Response post_events_by_slug_talks_by_id_star(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  std::int64_t id = 0;
  parse_int(req.params.at("id"), id);
  auto done = app.programme().star(*req.member, e.value(), id, req.field("on") != "0", now_utc());
  if (!done) return app.error(req, done.error());
  auto back = req.field("back");
  if (back.rfind("/events/" + e->slug, 0) != 0) back = "/events/" + e->slug + "/talks/" + std::to_string(id);
  return Response::redirect(back);
}

// GET /events/:slug/agenda
Response get_events_by_slug_agenda(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  json v = event_page_view(app, req, e.value(), "agenda");
  auto agenda = app.programme().agenda(req.member->id, e->id);
  auto p = app.programme().get(e->id);
  json talks = json::array();
  for (const auto& t : agenda.talks) {
    auto tv = talk_view(t, p, req.lang, e->time_zone);
    tv["clash"] = std::find(agenda.clashing.begin(), agenda.clashing.end(), t.id) != agenda.clashing.end();
    tv["starred"] = true;
    talks.push_back(tv);
  }
  v["talks"] = talks;
  v["clashes"] = !agenda.clashing.empty();
  v["feed_url"] = app.config().public_url + "/events/agenda/" + app.programme().calendar_token(req.member->id, false) + "/calendar.ics";
  return app.page(req, "event_agenda", v);
}

// POST /events/agenda/renew: a new secret feed URL; the old one stops working.
Response post_events_agenda_renew(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  app.programme().calendar_token(req.member->id, true);
  auto back = req.field("back");
  return Response::redirect(back.rfind("/events/", 0) == 0 ? back : "/events");
}

// GET /events/agenda/:token/calendar.ics
Response get_events_agenda_by_token_calendar(App& app, Request& req) {
  auto member = app.programme().member_for_calendar(req.params.at("token"));
  if (!member) return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no such calendar"));
  std::vector<CalendarEntry> entries;
  for (const auto& [e, t] : app.programme().agenda_everywhere(*member)) {
    if (!t.starts_at) continue;
    auto p = app.programme().get(e.id);
    entries.push_back(talk_entry(app, e, t, p));
  }
  return calendar(app, "AIGC Hub agenda", entries);
}

// GET /events/:slug/calendar.ics: the event itself and every placed talk.
Response get_events_by_slug_calendar(App& app, Request& req) {
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  auto p = app.programme().get(e->id);
  std::vector<CalendarEntry> entries;
  CalendarEntry whole;
  whole.uid = "event-" + std::to_string(e->id) + "@aigc-hub";
  whole.summary = e->title_en.empty() ? e->title_zh : e->title_en;
  if (!e->title_en.empty() && !e->title_zh.empty()) whole.summary += " / " + e->title_zh;
  whole.description = e->description_en.empty() ? e->description_zh : e->description_en;
  whole.location = e->kind == "online" ? e->online_url : (e->venue + (e->address.empty() ? "" : ", " + e->address));
  whole.url = app.config().public_url + "/events/" + e->slug;
  whole.starts_at = e->starts_at;
  whole.ends_at = e->ends_at;
  whole.time_zone = e->time_zone;
  whole.updated_at = e->updated_at;
  whole.cancelled = e->status == "cancelled";
  entries.push_back(whole);
  for (const auto& t : p.talks)
    if (t.starts_at) entries.push_back(talk_entry(app, e.value(), t, p));
  return calendar(app, whole.summary, entries);
}

// GET /events/:slug/talks/:id/calendar.ics
Response get_events_by_slug_talks_by_id_calendar(App& app, Request& req) {
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  std::int64_t id = 0;
  parse_int(req.params.at("id"), id);
  auto p = app.programme().get(e->id);
  for (const auto& t : p.talks)
    if (t.id == id && t.starts_at) return calendar(app, t.title_en.empty() ? t.title_zh : t.title_en, std::vector<CalendarEntry>{talk_entry(app, e.value(), t, p)});
  return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no placed talk " + req.params.at("id")));
}

// GET /events/:slug/certificate/:id: the attendee's own; printable, with its verification URL.
Response get_events_by_slug_certificate_by_id(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  auto reg = registration_of(app, req);
  if (!reg || reg->event_id != e->id || !reg->checked_in_at)
    return app.error(req, Error::make(ErrorCode::not_found, "error.no_certificate", "certificates are for attendees who were checked in"));
  return Response::redirect("/certificates/" + app.tickets().sign({e->id, reg->id, reg->member_id}, 'C'));
}

// GET /certificates/:token: anyone holding the URL sees the certificate; the signature is the proof.
Response get_certificates_by_token(App& app, Request& req) {
  auto claim = app.tickets().verify(req.params.at("token"), 'C');
  if (!claim) return app.error(req, Error::make(ErrorCode::not_found, "error.certificate_invalid", "this certificate cannot be verified"));
  auto e = app.events().get_by_id(claim->event_id);
  auto m = app.db().with_session([&](soci::session& sql) { return MemberRepository().find_by_id(sql, claim->member_id); });
  if (!e || !m) return app.error(req, Error::make(ErrorCode::not_found, "error.certificate_invalid", "this certificate cannot be verified"));
  json v = app.base_view(req, "events");
  v["event"] = event_view(e.value(), req.lang, e->time_zone, now_utc(), words(app, req));
  v["attendee"] = m->display_name;
  v["handle"] = m->handle;
  v["verify_url"] = app.config().public_url + req.path;
  v["title"] = app.t(req, "events.certificate");
  return app.page(req, "event_certificate", v);
}

// GET and POST /events/:slug/feedback
Response get_events_by_slug_feedback(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  json v = event_page_view(app, req, e.value(), "feedback");
  v["attended"] = app.events().attended(e->id, req.member->id);
  if (auto f = app.events().feedback_of(e->id, req.member->id)) v["given"] = {{"rating", f->first}, {"comment", f->second}};
  v["saved"] = req.query("saved") == "1";
  return app.page(req, "event_feedback", v);
}

Response post_events_by_slug_feedback(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::int64_t rating = 0;
  parse_int(req.field("rating"), rating);
  auto done = app.events().give_feedback(*req.member, req.params.at("slug"), static_cast<int>(rating), req.field("comment"), now_utc());
  if (!done) return app.error(req, done.error());
  return Response::redirect("/events/" + req.params.at("slug") + "/feedback?saved=1");
}

// GET /events/:slug/proposals: the call for proposals (form while open, one's own
// proposals, the ones to review, and for managers all of them).
Response get_events_by_slug_proposals(App& app, Request& req) {
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  json v = event_page_view(app, req, e.value(), "proposals");
  v["cfp_open"] = e->cfp_open(now_utc()) && e->status == "published";
  if (req.member) v["proposals"] = proposals_view(app, req, e.value());
  auto p = app.programme().get(e->id);
  json tracks = json::array();
  for (const auto& t : p.tracks) tracks.push_back({{"name", t.name_en}, {"label", req.lang == "zh-CN" && !t.name_zh.empty() ? t.name_zh : t.name_en}});
  v["tracks"] = tracks;
  return app.page(req, "event_proposals", v);
}

// POST /events/:slug/proposals
Response post_events_by_slug_proposals(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  ProposalInput in{req.field("title"), req.field("abstract_md"), req.field("kind"), req.field("track"), req.field("co_speakers")};
  auto p = app.call_for_papers().submit(*req.member, e.value(), in, now_utc());
  if (!p) {
    json v = event_page_view(app, req, e.value(), "proposals");
    v["cfp_open"] = true;
    v["values"] = {{"title", in.title}, {"abstract_md", in.abstract_md}, {"co_speakers", in.co_speakers}};
    v["proposals"] = proposals_view(app, req, e.value());
    return app.form_error(req, "event_proposals", v, p.error());
  }
  return Response::redirect("/events/" + e->slug + "/proposals#proposal-" + std::to_string(p->id));
}

// POST /events/:slug/proposals/:id/:action (withdraw, review, assign, decide)
Response post_proposal_action(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  std::int64_t id = 0, score = 0;
  parse_int(req.params.at("id"), id);
  const std::string action = req.params.at("action");
  const auto now = now_utc();
  Result<void> done = Error::make(ErrorCode::not_found, "error.not_found", "no such action");
  if (action == "withdraw") {
    auto p = app.call_for_papers().withdraw(*req.member, e.value(), id, now);
    if (!p) done = p.error(); else done = Result<void>();
  } else if (action == "review") {
    parse_int(req.field("score"), score);
    done = app.call_for_papers().review(*req.member, e.value(), id, static_cast<int>(score), req.field("comment"), now);
  } else if (action == "assign") {
    done = app.call_for_papers().assign(*req.member, e.value(), id, req.field("reviewer"), now);
  } else if (action == "decide") {
    auto p = app.call_for_papers().decide(*req.member, e.value(), id, req.field("decision"), now);
    if (!p) done = p.error(); else done = Result<void>();
  }
  if (!done) return app.error(req, done.error());
  return Response::redirect("/events/" + e->slug + "/proposals#proposal-" + std::to_string(id));
}

// --- API ---

// GET /api/v1/events
Response get_api_events(App& app, Request& req) {
  const auto now = now_utc();
  json list = json::array();
  auto events = req.query("when") == "past" ? app.events().past(now, 100) : app.events().upcoming(now, nullptr, 100);
  for (const auto& e : events) list.push_back(event_api(e, false, nullptr));
  return Response::json(json{{"events", list}}.dump());
}

// GET /api/v1/events/:slug
Response get_api_events_by_slug(App& app, Request& req) {
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  auto p = app.programme().get(e->id);
  return Response::json(event_api(e.value(), true, &p).dump());
}

// POST /api/v1/events
Response post_api_events(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "send a JSON object"));
  auto in = event_input_from_json(*body);
  if (!in) return app.error(req, in.error());
  const auto now = now_utc();
  auto e = app.events().create(*req.member, in.value(), now);
  if (!e) return app.error(req, e.error());
  if (json_string(*body, "status") == "published") {
    auto published = app.events().set_status(*req.member, e->slug, "published", now);
    if (!published) return app.error(req, published.error());
    e = std::move(published);
  }
  return Response::json(event_api(e.value(), true, nullptr).dump(), 201).header("Location", "/api/v1/events/" + e->slug);
}

// POST /api/v1/events/:slug/registrations
Response post_api_events_by_slug_registrations(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "send a JSON object such as {\"ticket_type\": \"regular\"}"));
  RegistrationInput in;
  in.ticket_type = json_string(*body, "ticket_type");
  in.code = json_string(*body, "code");
  in.idempotency_key = req.header("idempotency-key");
  if (body->contains("answers") && (*body)["answers"].is_object())
    for (const auto& [k, val] : (*body)["answers"].items()) in.answers[k] = val.is_string() ? val.get<std::string>() : val.dump();
  auto r = app.registrations().register_for(*req.member, req.params.at("slug"), in, now_utc());
  if (!r) return app.error(req, r.error());
  auto res = Response::json(registration_api(r.value()).dump(), 201);
  if (r->replayed) res.header("Idempotent-Replayed", "true");
  return res;
}

// DELETE /api/v1/events/:slug/registrations/:id, and .../registration for one's own.
Response delete_api_registration(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  std::int64_t id = 0;
  if (req.params.count("id")) {
    parse_int(req.params.at("id"), id);
  } else {
    for (const auto& r : app.registrations().of_member(e->id, req.member->id))
      if (r.active()) id = r.id;
  }
  auto reg = app.registrations().get(*req.member, id);
  if (!reg || reg->event_id != e->id) return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "you hold no registration for this event"));
  auto done = app.registrations().cancel(*req.member, id, now_utc());
  if (!done) return app.error(req, done.error());
  return Response::json(registration_api(done.value()).dump());
}

// GET /api/v1/events/:slug/registrations: one's own.
Response get_api_events_by_slug_registrations(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  json list = json::array();
  for (const auto& r : app.registrations().of_member(e->id, req.member->id)) list.push_back(registration_api(r));
  return Response::json(json{{"registrations", list}}.dump());
}

}  // namespace

void add_event_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/events", on(app, get_events), {"events", "event_sessions", "event_rooms", "event_tracks", "event_speakers", "event_organizations", "event_managers", "talks", "talk_speakers", "ticket_types", "registrations", "proposals", "organizations", "members", "paper_links", "papers"}));
  routes.push_back({"POST", "/events/agenda/renew", on(app, post_events_agenda_renew)});
  routes.push_back({"GET", "/events/agenda/:token/calendar.ics", on(app, get_events_agenda_by_token_calendar)});
  routes.push_back(cached_get("/events/:slug", on(app, get_events_by_slug), {"events", "event_sessions", "event_rooms", "event_tracks", "event_speakers", "event_organizations", "event_managers", "talks", "talk_speakers", "ticket_types", "registrations", "proposals", "organizations", "members", "paper_links", "papers"}));
  routes.push_back({"POST", "/events/:slug/register", on(app, post_events_by_slug_register)});
  routes.push_back({"GET", "/events/:slug/registration", on(app, get_events_by_slug_registration)});
  routes.push_back({"POST", "/events/:slug/registrations/:id/:action", on(app, post_registration_action)});
  routes.push_back({"GET", "/events/:slug/tickets/:id", on(app, get_events_by_slug_tickets_by_id)});
  routes.push_back(cached_get("/events/:slug/programme", on(app, get_events_by_slug_programme), {"events", "event_sessions", "event_rooms", "event_tracks", "event_speakers", "event_organizations", "event_managers", "talks", "talk_speakers", "ticket_types", "registrations", "proposals", "organizations", "members", "paper_links", "papers"}));
  routes.push_back(cached_get("/events/:slug/talks/:id", on(app, get_events_by_slug_talks_by_id), {"events", "event_sessions", "event_rooms", "event_tracks", "event_speakers", "event_organizations", "event_managers", "talks", "talk_speakers", "ticket_types", "registrations", "proposals", "organizations", "members", "paper_links", "papers"}));
  routes.push_back({"POST", "/events/:slug/talks/:id/star", on(app, post_events_by_slug_talks_by_id_star)});
  routes.push_back({"GET", "/events/:slug/talks/:id/calendar.ics", on(app, get_events_by_slug_talks_by_id_calendar)});
  routes.push_back({"GET", "/events/:slug/agenda", on(app, get_events_by_slug_agenda)});
  routes.push_back({"GET", "/events/:slug/calendar.ics", on(app, get_events_by_slug_calendar)});
  routes.push_back({"GET", "/events/:slug/certificate/:id", on(app, get_events_by_slug_certificate_by_id)});
  routes.push_back({"GET", "/certificates/:token", on(app, get_certificates_by_token)});
  routes.push_back({"GET", "/events/:slug/feedback", on(app, get_events_by_slug_feedback)});
  routes.push_back({"POST", "/events/:slug/feedback", on(app, post_events_by_slug_feedback)});
  routes.push_back({"GET", "/events/:slug/proposals", on(app, get_events_by_slug_proposals)});
  routes.push_back({"POST", "/events/:slug/proposals", on(app, post_events_by_slug_proposals)});
  routes.push_back({"POST", "/events/:slug/proposals/:id/:action", on(app, post_proposal_action)});
  routes.push_back(cached_get("/api/v1/events", on(app, get_api_events), {"events", "event_sessions", "event_rooms", "event_tracks", "event_speakers", "event_organizations", "event_managers", "talks", "talk_speakers", "ticket_types", "registrations", "proposals", "organizations", "members", "paper_links", "papers"}));
  routes.push_back({"POST", "/api/v1/events", on(app, post_api_events)});
  routes.push_back(cached_get("/api/v1/events/:slug", on(app, get_api_events_by_slug), {"events", "event_sessions", "event_rooms", "event_tracks", "event_speakers", "event_organizations", "event_managers", "talks", "talk_speakers", "ticket_types", "registrations", "proposals", "organizations", "members", "paper_links", "papers"}));
  routes.push_back({"GET", "/api/v1/events/:slug/registrations", on(app, get_api_events_by_slug_registrations)});
  routes.push_back({"POST", "/api/v1/events/:slug/registrations", on(app, post_api_events_by_slug_registrations)});
  routes.push_back({"DELETE", "/api/v1/events/:slug/registration", on(app, delete_api_registration)});
  routes.push_back({"DELETE", "/api/v1/events/:slug/registrations/:id", on(app, delete_api_registration)});
}

}  // namespace aigc
