// Standards for the people who make them, in the browser: committee members charter
// working groups; chairs invite, approve requests, add partner organizations, move a
// standard through its lifecycle, open public reviews and ballots; chairs and editors
// propose documents, save versions and dispose of comments. The rules are the services';
// each form comes back with its problems beside the fields.
#include <algorithm>
#include <tuple>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/standards_web.hpp"

namespace aigc {

using nlohmann::json;

namespace {

Response form_page(App& app, Request& req, const std::string& tmpl, const std::string& title_key, json values, const Error* error) {
  json v = app.base_view(req, "standards");
  v["title"] = app.t(req, title_key);
  v["values"] = values;
  if (!error) return app.page(req, tmpl, v);
  v["problems"] = app.error_json(req, *error)["error"]["details"];
  return app.form_error(req, tmpl, v, *error);
}

json values_of(const Request& req, std::initializer_list<const char*> names) {
  json v = json::object();
  for (const char* n : names) v[n] = req.field(n);
  return v;
}

Response back_to(const Standard& s, const std::string& fragment = "") {
  return Response::redirect("/standards/" + std::to_string(s.id) + (fragment.empty() ? "" : "#" + fragment));
}

// GET /standards/groups/new
Response get_standards_groups_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  if (!at_least(req.member->role, Role::committee))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only committee members charter working groups"));
  return form_page(app, req, "standards_group_form", "standards.new_group", json::object(), nullptr);
}

// POST /standards/groups
Response post_standards_groups(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  GroupInput in{req.field("slug"), req.field("name_en"), req.field("name_zh"), req.field("charter_md")};
  auto g = StandardService(app.db()).create_group(*req.member, in, now_utc());
  if (!g) return form_page(app, req, "standards_group_form", "standards.new_group", values_of(req, {"slug", "name_en", "name_zh", "charter_md"}), &g.error());
  return Response::redirect("/standards/groups/" + g->slug);
}

// POST /standards/groups/:slug/:action (join, invite, approve, role, organization)
Response post_group_action(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  StandardService service(app.db());
  const std::string slug = req.params.at("slug"), action = req.params.at("action");
  const auto now = now_utc();
  Result<void> done = Error::make(ErrorCode::not_found, "error.not_found", "no such action");
  if (action == "join") {
    // Joining accepts an invitation, or asks the chairs.
    auto g = service.group(slug);
    if (!g) return app.error(req, g.error());
    const bool invited = std::any_of(g->members.begin(), g->members.end(),
                                     [&](const GroupMember& m) { return m.member_id == req.member->id && m.state == "invited"; });
    done = invited ? service.accept_invitation(*req.member, slug, now) : service.request_to_join(*req.member, slug, now);
  } else if (action == "invite") done = service.invite(*req.member, slug, trim(req.field("handle")), req.field("role"), now);
  else if (action == "approve") done = service.approve(*req.member, slug, req.field("handle"), now);
  else if (action == "role") done = service.set_role(*req.member, slug, req.field("handle"), req.field("role"), now);
  else if (action == "organization") done = service.add_organization(*req.member, slug, trim(req.field("organization")));
  if (!done) return app.error(req, done.error());
  return Response::redirect("/standards/groups/" + slug);
}

// GET /standards/new?group=
Response get_standards_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  return form_page(app, req, "standard_form", "standards.new_standard", {{"group", req.query("group")}}, nullptr);
}

// POST /standards/new
Response post_standards_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  StandardInput in{req.field("group"), req.field("title_en"), req.field("title_zh"), req.field("scope_md"), req.field("text_en"), req.field("text_zh")};
  auto s = StandardService(app.db()).create(*req.member, in, now_utc());
  if (!s) return form_page(app, req, "standard_form", "standards.new_standard", values_of(req, {"group", "title_en", "title_zh", "scope_md", "text_en", "text_zh"}), &s.error());
  return back_to(s.value());
}

// GET /standards/:id/edit: the latest text in both languages, to save as the next version.
Response get_standards_by_id_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  json values = {{"id", s->id}};
  if (s->latest_version > 0)
    if (auto v = StandardService(app.db()).version(s->id, 0)) {
      values["text_en"] = v->text_en;
      values["text_zh"] = v->text_zh;
    }
  return form_page(app, req, "standard_edit", "standards.new_version", values, nullptr);
}

// POST /standards/:id/versions
Response post_standards_by_id_versions(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto v = StandardService(app.db()).save_version(*req.member, s->id, req.field("text_en"), req.field("text_zh"), req.field("note"), now_utc());
  if (!v) {
    json values = values_of(req, {"text_en", "text_zh", "note"});
    values["id"] = s->id;
    return form_page(app, req, "standard_edit", "standards.new_version", values, &v.error());
  }
  return Response::redirect("/standards/" + std::to_string(s->id) + "/diff?from=" + std::to_string(std::max(1, v->number - 1)) +
                            "&to=" + std::to_string(v->number));
}

// POST /standards/:id/transition
Response post_standards_by_id_transition(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto done = StandardService(app.db()).transition(*req.member, s->id, req.field("to"), req.field("reason"), now_utc());
  if (!done) return app.error(req, done.error());
  return back_to(s.value(), "history");
}

// POST /standards/:id/review
Response post_standards_by_id_review(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  const auto now = now_utc();
  auto window = parse_window(req.field("opens_at"), req.field("closes_at"), req.time_zone, now);
  if (!window) return app.error(req, window.error());
  auto r = StandardService(app.db()).open_review(*req.member, s->id, 0, window.value().first, window.value().second, now);
  if (!r) return app.error(req, r.error());
  return back_to(s.value());
}

// POST /standards/:id/ballots
Response post_standards_by_id_ballots(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  const auto now = now_utc();
  BallotInput in;
  in.stage = req.field("stage");
  in.electorate = req.field("electorate");
  in.approve_share = req.field("approve_share").empty() ? "2/3" : req.field("approve_share");
  in.disapprove_share = req.field("disapprove_share").empty() ? "1/4" : req.field("disapprove_share");
  auto window = parse_window(req.field("opens_at"), req.field("closes_at"), req.time_zone, now);
  if (!window) return app.error(req, window.error());
  std::tie(in.opens_at, in.closes_at) = window.value();
  auto b = BallotService(app.db()).open(*req.member, s->id, in, now);
  if (!b) return app.error(req, b.error());
  return back_to(s.value(), "ballot-" + std::to_string(b->id));
}

// POST /standards/:id/comments/:comment/disposition
Response post_comment_disposition(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  std::int64_t comment = 0, applied = 0;
  parse_int(req.params.at("comment"), comment);
  parse_int(req.field("applied_version"), applied);
  auto c = StandardService(app.db()).dispose(*req.member, comment, req.field("disposition"), req.field("reason"), static_cast<int>(applied), now_utc());
  if (!c) return app.error(req, c.error());
  return back_to(s.value(), "comment-" + std::to_string(comment));
}

}  // namespace

void add_standard_staff_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/standards/groups/new", on(app, get_standards_groups_new)});
  routes.push_back({"POST", "/standards/groups", on(app, post_standards_groups)});
  routes.push_back({"POST", "/standards/groups/:slug/:action", on(app, post_group_action)});
  routes.push_back({"GET", "/standards/new", on(app, get_standards_new)});
  routes.push_back({"POST", "/standards/new", on(app, post_standards_new)});
  routes.push_back({"GET", "/standards/:id/edit", on(app, get_standards_by_id_edit)});
  routes.push_back({"POST", "/standards/:id/versions", on(app, post_standards_by_id_versions)});
  routes.push_back({"POST", "/standards/:id/transition", on(app, post_standards_by_id_transition)});
  routes.push_back({"POST", "/standards/:id/review", on(app, post_standards_by_id_review)});
  routes.push_back({"POST", "/standards/:id/ballots", on(app, post_standards_by_id_ballots)});
  routes.push_back({"POST", "/standards/:id/comments/:comment/disposition", on(app, post_comment_disposition)});
}

}  // namespace aigc
