// Events for the people who run them: creating and editing an event, publishing or
// cancelling it, the dashboard (registrations by status, the waiting line, live counts per
// ticket type, approvals, payments, invitation codes, feedback), the programme editor, the
// check-in desk (camera scan or name search; idempotent), the attendee CSV and badges.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/event_view.hpp"
#include "web/events_web.hpp"
#include "web/multipart.hpp"

namespace aigc {

using nlohmann::json;

namespace {

json form_values(const Event& e) {
  std::string tickets, questions;
  for (const auto& t : e.ticket_types) {
    std::string flags;
    if (t.requires_approval) flags += "approval ";
    if (t.hidden) flags += "hidden ";
    if (!t.transferable) flags += "fixed ";
    if (t.per_member > 1) flags += "multiple ";
    tickets += t.name + " | " + t.name_zh + " | " + std::to_string(t.capacity) + " | " +
               (t.price_cents ? std::to_string(t.price_cents / 100) + "." + std::to_string(100 + t.price_cents % 100).substr(1) : "0") + " | " +
               trim(flags) + "\n";
  }
  for (const auto& q : e.questions) {
    std::string choices;
    for (const auto& c : q.choices) choices += (choices.empty() ? "" : "; ") + c;
    questions += q.kind + " | " + q.label_en + " | " + q.label_zh + " | " + choices + " | " + (q.required ? "required" : "") + "\n";
  }
  std::string managers;
  for (const auto& h : e.manager_handles) managers += (managers.empty() ? "@" : ", @") + h;
  std::string orgs;
  for (const auto& s : e.organization_slugs) orgs += (orgs.empty() ? "" : ", ") + s;
  auto local = [&](std::int64_t t) { return t ? local_input_time(t, e.time_zone) : std::string(); };
  return {{"slug", e.slug}, {"title_en", e.title_en}, {"title_zh", e.title_zh}, {"description_en", e.description_en},
          {"description_zh", e.description_zh}, {"kind", e.kind}, {"venue", e.venue}, {"address", e.address}, {"map_url", e.map_url},
          {"online_url", e.online_url}, {"time_zone", e.time_zone}, {"starts_at", local(e.starts_at)}, {"ends_at", local(e.ends_at)},
          {"cover", e.cover}, {"cfp_opens_at", local(e.cfp_opens_at)}, {"cfp_closes_at", local(e.cfp_closes_at)}, {"cfp_blind", e.cfp_blind},
          {"edit_deadline", local(e.edit_deadline)}, {"offer_hours", std::to_string(e.offer_hours)}, {"managers", managers},
          {"organizations", orgs}, {"ticket_types", tickets}, {"questions", questions}, {"is_" + e.kind, true}};
}

json values_of(const Request& req) {
  json v;
  for (const char* k : {"slug", "title_en", "title_zh", "description_en", "description_zh", "kind", "venue", "address", "map_url", "online_url",
                        "time_zone", "starts_at", "ends_at", "cover", "cfp_opens_at", "cfp_closes_at", "edit_deadline", "offer_hours",
                        "managers", "organizations", "ticket_types", "questions"})
    v[k] = req.field(k);
  v["cfp_blind"] = req.field("cfp_blind") == "1";
  v["is_" + req.field("kind")] = true;
  return v;
}

Response event_form(App& app, const Request& req, const json& values, const std::string& action, const Error* error) {
  json v = app.base_view(req, "events");
  v["title"] = app.t(req, action == "/events" ? "events.create" : "events.edit");
  v["form_action"] = action;
  v["editing"] = action != "/events";
  v["values"] = values;
  if (error) {
    v["problems"] = app.error_json(req, *error)["error"]["details"];
    return app.form_error(req, "event_form", v, *error);
  }
  return app.page(req, "event_form", v);
}

// GET /events/new
Response get_events_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  if (!at_least(req.member->role, Role::organizer))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.organizer_only", "only organizers create events"));
  const auto start = now_utc() + 30 * 86400;
  return event_form(app, req,
                    {{"time_zone", req.time_zone}, {"kind", "conference"}, {"is_conference", true}, {"offer_hours", "24"},
                     {"starts_at", local_input_time(start, req.time_zone).substr(0, 11) + "09:00"},
                     {"ends_at", local_input_time(start, req.time_zone).substr(0, 11) + "18:00"},
                     {"ticket_types", "regular | 普通票 | 200 | 0 |\nstudent | 学生票 | 50 | 0 |\n"}},
                    "/events", nullptr);
}

// POST /events
Response post_events(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = app.events().create(*req.member, event_input_from_form(req), now_utc());
  if (!e) return event_form(app, req, values_of(req), "/events", &e.error());
  return Response::redirect("/events/" + e->slug + "/manage");
}

// GET /events/:slug/edit
Response get_events_by_slug_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = load_event(app, req);
  if (!e) return app.error(req, e.error());
  if (!can_manage_event(*req.member, e.value())) return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers edit it"));
  return event_form(app, req, form_values(e.value()), "/events/" + e->slug + "/edit", nullptr);
}

// POST /events/:slug/edit
Response post_events_by_slug_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  const std::string slug = req.params.at("slug");
  auto e = app.events().update(*req.member, slug, event_input_from_form(req), now_utc());
  if (!e) return event_form(app, req, values_of(req), "/events/" + slug + "/edit", &e.error());
  return Response::redirect("/events/" + slug + "/manage");
}

// POST /events/:slug/status
Response post_events_by_slug_status(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = app.events().set_status(*req.member, req.params.at("slug"), req.field("status"), now_utc());
  if (!e) return app.error(req, e.error());
  return Response::redirect("/events/" + e->slug + "/manage");
}

Result<Event> managed_event(App& app, const Request& req) {
  auto e = load_event(app, req);
  if (!e) return e.error();
  if (!req.member || !can_manage_event(*req.member, e.value()))
    return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers and staff see this");
  return e;
}

// GET /events/:slug/manage
Response get_events_by_slug_manage(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = managed_event(app, req);
  if (!e) return app.error(req, e.error());
  json v = event_page_view(app, req, e.value(), "manage");
  const std::string status = req.query("status");
  auto regs = app.registrations().of_event(*req.member, e->slug, status);
  if (!regs) return app.error(req, regs.error());
  json list = json::array();
  std::int64_t checked_in = 0;
  for (const auto& r : regs.value()) {
    list.push_back(registration_view(r, e.value(), req.lang, e->time_zone, words(app, req)));
    checked_in += r.checked_in_at != 0;
  }
  v["registrations"] = list;
  v["checked_in"] = checked_in;
  v["status_filter"] = status;
  v["filter_" + (status.empty() ? std::string("all") : status)] = true;
  json codes = json::array();
  for (const auto& c : app.events().codes(e->id)) {
    const auto* t = e->ticket_type(c.ticket_type_id);
    codes.push_back({{"code", c.code}, {"seats", c.seats}, {"used", c.used}, {"ticket", t ? t->name : ""}});
  }
  v["codes"] = codes;
  auto p = app.programme().get(e->id);
  std::string tracks, rooms;
  for (const auto& t : p.tracks) tracks += t.name_en + (t.name_zh.empty() ? "" : " | " + t.name_zh) + "\n";
  for (const auto& r : p.rooms) rooms += r.name + "\n";
  v["tracks_text"] = tracks;
  v["rooms_text"] = rooms;
  std::string sessions;
  for (const auto& s : p.sessions) sessions += s.title_en + " | " + s.title_zh + (s.chairs.empty() ? "" : " | " + s.chairs) + "\n";
  v["sessions_text"] = sessions;
  json talks = json::array();
  for (const auto& t : p.talks) {
    auto tv = talk_view(t, p, req.lang, e->time_zone);
    std::string speakers;
    for (const auto& s : t.speakers)
      speakers += (s.handle.empty() ? s.name + (s.affiliation.empty() ? "" : " (" + s.affiliation + ")") : "@" + s.handle) + "\n";
    tv["form"] = {{"title_en", t.title_en}, {"title_zh", t.title_zh}, {"abstract_md", t.abstract_md}, {"speakers", speakers},
                  {"starts_at", t.starts_at ? local_input_time(t.starts_at, e->time_zone) : ""},
                  {"ends_at", t.ends_at ? local_input_time(t.ends_at, e->time_zone) : ""}, {"slides_url", t.slides_url},
                  {"recording_url", t.recording_url}, {"kind", t.kind}};
    tv["form"]["track"] = tv.value("track", "");
    tv["form"]["room"] = tv.value("room", "");
    tv["form"]["session"] = tv.value("session", "");
    talks.push_back(tv);
  }
  v["talks"] = talks;
  json feedback = json::array();
  double sum = 0;
  auto answers = app.events().feedback(e->id);
  for (const auto& [rating, comment] : answers) {
    sum += rating;
    if (!comment.empty()) feedback.push_back({{"rating", rating}, {"comment", comment}});
  }
  v["feedback"] = feedback;
  if (!answers.empty()) {
    char mean[16];
    std::snprintf(mean, sizeof mean, "%.1f", sum / answers.size());
    v["feedback_mean"] = mean;
    v["feedback_count"] = answers.size();
  }
  return app.page(req, "event_manage", v);
}

// POST /events/:slug/manage/registrations/:id (decision: approve, reject, paid, unpaid)
Response post_manage_registration(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::int64_t id = 0;
  parse_int(req.params.at("id"), id);
  auto done = app.registrations().decide(*req.member, id, req.field("decision"), now_utc());
  if (!done) return app.error(req, done.error());
  return Response::redirect("/events/" + req.params.at("slug") + "/manage#registration-" + std::to_string(id));
}

// POST /events/:slug/codes
Response post_events_by_slug_codes(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::int64_t seats = 0;
  parse_int(req.field("seats"), seats);
  auto c = app.events().add_code(*req.member, req.params.at("slug"), req.field("code"), req.field("ticket_type"), seats);
  if (!c) return app.error(req, c.error());
  return Response::redirect("/events/" + req.params.at("slug") + "/manage#codes");
}

// POST /events/:slug/structure
Response post_events_by_slug_structure(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = managed_event(app, req);
  if (!e) return app.error(req, e.error());
  auto done = app.programme().set_structure(*req.member, e.value(), req.field("tracks"), req.field("rooms"), now_utc());
  if (!done) return app.error(req, done.error());
  return Response::redirect("/events/" + e->slug + "/manage#programme");
}

// POST /events/:slug/sessions
Response post_events_by_slug_sessions(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = managed_event(app, req);
  if (!e) return app.error(req, e.error());
  auto done = app.programme().set_sessions(*req.member, e.value(), req.field("sessions"), now_utc());
  if (!done) return app.error(req, done.error());
  return Response::redirect("/events/" + e->slug + "/manage#programme");
}

// POST /events/:slug/talks (a new talk, or id=N to change one)
Response post_events_by_slug_talks(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = managed_event(app, req);
  if (!e) return app.error(req, e.error());
  TalkInput in;
  parse_int(req.field("id"), in.id);
  in.kind = req.field("kind");
  in.title_en = req.field("title_en");
  in.title_zh = req.field("title_zh");
  in.abstract_md = req.field("abstract_md");
  in.track = req.field("track");
  in.room = req.field("room");
  in.starts_at = req.field("starts_at");
  in.ends_at = req.field("ends_at");
  in.slides_url = req.field("slides_url");
  in.recording_url = req.field("recording_url");
  in.speakers = req.field("speakers");
  in.session = req.field("session");
  auto t = app.programme().save_talk(*req.member, e.value(), in, now_utc());
  if (!t) return app.error(req, t.error());
  return Response::redirect("/events/" + e->slug + "/talks/" + std::to_string(t->id));
}

// POST /events/:slug/talks/:id/delete
Response post_events_by_slug_talks_by_id_delete(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = managed_event(app, req);
  if (!e) return app.error(req, e.error());
  std::int64_t id = 0;
  parse_int(req.params.at("id"), id);
  auto done = app.programme().delete_talk(*req.member, e.value(), id, now_utc());
  if (!done) return app.error(req, done.error());
  return Response::redirect("/events/" + e->slug + "/manage#programme");
}

// POST /events/:slug/cover: a picture, re-encoded into the media library (or `remove`).
Response post_events_by_slug_cover(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto parts = parse_multipart(req.header("content-type"), req.body);
  if (!parts) return app.error(req, Error::bad_request("error.bad_form", "send the picture as multipart/form-data"));
  const auto* file = find_part(*parts, "cover");
  const auto* remove = find_part(*parts, "remove");
  if (!remove && (!file || file->data.empty()))
    return app.error(req, Error::bad_request("error.bad_form", "the upload needs a 'cover' field with a PNG or JPEG picture"));
  auto e = managed_event(app, req);
  if (!e) return app.error(req, e.error());
  Result<std::string> url = std::string();
  if (!remove) url = app.media().add_picture(file->data, "cover");
  if (!url) return app.error(req, url.error());
  auto done = app.events().set_cover(*req.member, e->slug, url.value(), now_utc());
  if (!done) return app.error(req, done.error());
  return Response::redirect("/events/" + e->slug + "/manage");
}

// GET /events/:slug/checkin
Response get_events_by_slug_checkin(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = managed_event(app, req);
  if (!e) return app.error(req, e.error());
  json v = event_page_view(app, req, e.value(), "checkin");
  auto regs = app.registrations().of_event(*req.member, e->slug, "confirmed");
  if (!regs) return app.error(req, regs.error());
  json people = json::array();
  const std::string q = fold_case(trim(req.query("q")));
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> counts;  // type -> (checked in, confirmed)
  for (const auto& r : regs.value()) {
    auto& c = counts[r.ticket_type];
    ++c.second;
    c.first += r.checked_in_at != 0;
    if (!q.empty() && fold_case(r.member_name).find(q) == std::string::npos && fold_case(r.member_handle).find(q) == std::string::npos) continue;
    if (!q.empty() || people.size() < 50) people.push_back(registration_view(r, e.value(), req.lang, e->time_zone, words(app, req)));
  }
  json live = json::array();
  for (const auto& [type, c] : counts) {
    const auto* t = e->ticket_type(type);
    live.push_back({{"ticket", t && req.lang == "zh-CN" && !t->name_zh.empty() ? t->name_zh : type}, {"in", c.first}, {"of", c.second}});
  }
  v["live"] = live;
  v["people"] = people;
  v["q"] = req.query("q");
  v["public_key"] = app.tickets().public_key();
  return app.page(req, "event_checkin", v);
}

// POST /events/:slug/checkin: a scanned token (`token`) or a chosen registration (`id`).
// Answers JSON to the scanner, a page to a plain form.
Response post_events_by_slug_checkin(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  const std::string slug = req.params.at("slug");
  if (auto staff = managed_event(app, req); !staff) return app.error(req, staff.error());
  std::int64_t id = 0;
  const std::string token = req.field("token");
  Result<CheckIn> c = Error::make(ErrorCode::not_found, "error.ticket_invalid", "this is not a ticket of this site");
  if (!token.empty()) {
    auto claim = app.tickets().verify(token);
    auto e = load_event(app, req);
    if (claim && e && claim->event_id == e->id) {
      auto reg = app.registrations().get(*req.member, claim->registration_id);
      if (reg && reg->member_id == claim->member_id) c = app.registrations().check_in(*req.member, slug, claim->registration_id, now_utc());
      else if (reg) c = Error::make(ErrorCode::conflict, "error.ticket_transferred", "this ticket was transferred: ask for the new holder's ticket");
    } else if (claim && e) {
      c = Error::make(ErrorCode::conflict, "error.ticket_other_event", "this ticket is for another event");
    }
  } else if (parse_int(req.field("id"), id)) {
    c = app.registrations().check_in(*req.member, slug, id, now_utc());
  }
  const bool wants_json = req.header("accept").find("application/json") != std::string::npos;
  if (!c) {
    if (wants_json) return Response::json(app.error_json(req, c.error()).dump(), App::status_for(c.error().code));
    return app.error(req, c.error());
  }
  auto e = load_event(app, req);
  const auto& r = c->registration;
  const std::string when = local_input_time(r.checked_in_at, e->time_zone).substr(11, 5);
  const std::string message = c->first ? app.t(req, "events.checked_in_now", {{"name", r.member_name}, {"ticket", r.ticket_type}})
                                       : app.t(req, "events.checked_in_before", {{"name", r.member_name}, {"time", when}, {"by", "@" + r.checked_in_by_handle}});
  if (wants_json)
    return Response::json(json{{"first", c->first}, {"name", r.member_name}, {"handle", r.member_handle}, {"ticket", r.ticket_type},
                               {"checked_in_at", iso8601_utc(r.checked_in_at)}, {"time", when}, {"by", r.checked_in_by_handle},
                               {"message", message}}.dump());
  return Response::redirect("/events/" + slug + "/checkin?done=" + url_encode(message));
}

// GET /events/:slug/checkin/key: the ticket key a device verifies QR codes with offline.
Response get_events_by_slug_checkin_key(App& app, Request& req) {
  return Response::json(json{{"algorithm", "Ed25519"}, {"public_key", app.tickets().public_key()},
                             {"format", "T1.<base64url(event.registration.member)>.<base64url(signature of 'T1.' + payload)>"}}.dump())
      .header("Cache-Control", "public, max-age=3600");
  (void)req;
}

// GET /events/:slug/attendees.csv
Response get_events_by_slug_attendees_csv(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = managed_event(app, req);
  if (!e) return app.error(req, e.error());
  auto regs = app.registrations().of_event(*req.member, e->slug, "");
  if (!regs) return app.error(req, regs.error());
  std::string csv = "registration,handle,name,ticket_type,status,waitlist_position,paid,checked_in_at,registered_at";
  for (const auto& q : e->questions) csv += "," + csv_field(q.label_en.empty() ? q.label_zh : q.label_en);
  csv += "\r\n";
  for (const auto& r : regs.value()) {
    csv += std::to_string(r.id) + "," + csv_field(r.member_handle) + "," + csv_field(r.member_name) + "," + csv_field(r.ticket_type) + "," +
           r.status + "," + (r.position ? std::to_string(r.position) : "") + "," + (r.paid_at ? "yes" : "no") + "," +
           (r.checked_in_at ? iso8601_utc(r.checked_in_at) : "") + "," + iso8601_utc(r.created_at);
    auto answers = json::parse(r.answers, nullptr, false);
    for (const auto& q : e->questions) {
      const auto key = std::to_string(q.id);
      csv += "," + csv_field(answers.is_object() && answers.contains(key) ? answers[key].get<std::string>() : "");
    }
    csv += "\r\n";
  }
  return Response::text(csv, 200, "text/csv; charset=utf-8")
      .header("Content-Disposition", "attachment; filename=\"" + e->slug + "-attendees.csv\"");
}

// GET /events/:slug/badges: printable name badges of the confirmed attendees.
Response get_events_by_slug_badges(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto e = managed_event(app, req);
  if (!e) return app.error(req, e.error());
  json v = event_page_view(app, req, e.value(), "manage");
  json badges = json::array();
  auto confirmed = app.registrations().of_event(*req.member, e->slug, "confirmed");
  if (!confirmed) return app.error(req, confirmed.error());
  for (const auto& r : confirmed.value())
    badges.push_back(registration_view(r, e.value(), req.lang, e->time_zone, words(app, req)));
  v["badges"] = badges;
  return app.page(req, "event_badges", v);
}

}  // namespace

void add_event_staff_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/events/new", on(app, get_events_new)});
  routes.push_back({"POST", "/events", on(app, post_events)});
  routes.push_back({"GET", "/events/:slug/edit", on(app, get_events_by_slug_edit)});
  routes.push_back({"POST", "/events/:slug/edit", on(app, post_events_by_slug_edit)});
  routes.push_back({"POST", "/events/:slug/status", on(app, post_events_by_slug_status)});
  routes.push_back({"GET", "/events/:slug/manage", on(app, get_events_by_slug_manage)});
  routes.push_back({"POST", "/events/:slug/manage/registrations/:id", on(app, post_manage_registration)});
  routes.push_back({"POST", "/events/:slug/codes", on(app, post_events_by_slug_codes)});
  routes.push_back({"POST", "/events/:slug/structure", on(app, post_events_by_slug_structure)});
  routes.push_back({"POST", "/events/:slug/sessions", on(app, post_events_by_slug_sessions)});
  routes.push_back({"POST", "/events/:slug/talks", on(app, post_events_by_slug_talks)});
  routes.push_back({"POST", "/events/:slug/talks/:id/delete", on(app, post_events_by_slug_talks_by_id_delete)});
  routes.push_back({"POST", "/events/:slug/cover", on(app, post_events_by_slug_cover), app.config().max_body_bytes});
  routes.push_back({"GET", "/events/:slug/checkin", on(app, get_events_by_slug_checkin)});
  routes.push_back({"POST", "/events/:slug/checkin", on(app, post_events_by_slug_checkin)});
  routes.push_back({"GET", "/events/:slug/checkin/key", on(app, get_events_by_slug_checkin_key)});
  routes.push_back({"GET", "/events/:slug/attendees.csv", on(app, get_events_by_slug_attendees_csv)});
  routes.push_back({"GET", "/events/:slug/badges", on(app, get_events_by_slug_badges)});
}

}  // namespace aigc
