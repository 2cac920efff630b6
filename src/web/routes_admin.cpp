// The admins' pages: members (search, roles, suspension), role requests and the mail outbox.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

std::optional<Response> require_admin(App& app, const Request& req) {
  if (auto r = app.require_session(req)) return r;
  if (req.member->role != Role::admin)
    return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only admins see this page"));
  return std::nullopt;
}

json role_options(App& app, const Request& req, Role selected) {
  json out = json::array();
  for (Role r : {Role::member, Role::moderator, Role::committee, Role::organizer, Role::admin})
    out.push_back({{"code", to_string(r)}, {"name", app.t(req, std::string("roles.") + to_string(r))}, {"selected", r == selected}});
  return out;
}

}  // namespace

namespace {

// GET /admin/members
Response get_admin_members(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "admin.members");
  auto q = req.query("q");
  std::vector<Member> found;
  if (q.empty()) {
    found = app.members().staff();
  } else {
    auto s = app.accounts().search(*req.member, q, 100);
    if (!s) return app.error(req, s.error());
    found = std::move(s.value());
  }
  json list = json::array();
  for (const auto& m : found) {
    auto j = to_json(m, req.lang, true);
    j["roles"] = role_options(app, req, m.role);
    j["suspended"] = m.suspended_at != 0;
    j["is_self"] = m.id == req.member->id;
    list.push_back(j);
  }
  v["q"] = q;
  v["members"] = list;
  v["searched"] = !q.empty();
  v["saved"] = req.query("saved");
  return app.page(req, "admin_members", v);
}

// POST /admin/members/role
Response post_admin_members_role(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  auto m = app.members().set_role(&*req.member, trim(req.field("handle")), req.field("role"));
  if (!m) return app.error(req, m.error());
  return Response::redirect("/admin/members?q=" + url_encode(m->handle) + "&saved=" + url_encode(m->handle));
}

// POST /admin/members/suspend
Response post_admin_members_suspend(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  auto m = app.accounts().set_suspended(*req.member, trim(req.field("handle")), req.field("suspend") == "1");
  if (!m) return app.error(req, m.error());
  return Response::redirect("/admin/members?q=" + url_encode(m->handle) + "&saved=" + url_encode(m->handle));
}

// GET /admin/requests
Response get_admin_requests(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  auto list = app.role_requests().for_admin(*req.member, 200);
  if (!list) return app.error(req, list.error());
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "admin.requests");
  json rows = json::array();
  for (const auto& r : list.value())
    rows.push_back({{"id", r.id},
                    {"handle", r.handle},
                    {"display_name", r.display_name},
                    {"role_name", app.t(req, std::string("roles.") + to_string(r.role))},
                    {"reason", r.reason},
                    {"pending", r.status == "pending"},
                    {"status_name", app.t(req, "account.request_" + r.status)},
                    {"created", app.localized_time(req, r.created_at)}});
  v["requests"] = rows;
  return app.page(req, "admin_requests", v);
}

// POST /admin/requests/:id/decide
Response post_admin_requests_by_id_decide(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  auto decision = req.field("decision");
  if (decision != "approve" && decision != "decline")
    return app.error(req, Error::bad_request("error.bad_request", "decision must be approve or decline"));
  std::int64_t id = 0;
  if (!parse_int(req.params["id"], id)) return app.error(req, Error::make(ErrorCode::not_found, "error.request_not_found", "no such role request"));
  auto d = app.role_requests().decide(*req.member, id, decision == "approve", req.field("comment"));
  if (!d) return app.error(req, d.error());
  return Response::redirect("/admin/requests");
}

// GET /admin/outbox
Response get_admin_outbox(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  auto filter = parse_mail_status(req.query("status"));
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "admin.outbox");
  const auto& c = app.config();
  v["relay"] = !c.smtp_host.empty();
  v["delivery"] = c.smtp_host.empty() ? c.mail_dir : c.smtp_host + ":" + std::to_string(c.smtp_port) + " (" + c.smtp_security + ")";
  auto counts = app.outbox().counts();
  json statuses = json::array();
  for (auto s : {MailStatus::queued, MailStatus::sending, MailStatus::sent, MailStatus::failed, MailStatus::uncertain})
    statuses.push_back({{"code", to_string(s)}, {"name", app.t(req, std::string("outbox.") + to_string(s))},
                        {"count", counts.count(s) ? counts[s] : 0}, {"selected", filter == s}});
  v["statuses"] = statuses;
  json rows = json::array();
  for (const auto& e : app.outbox().recent(200, filter))
    rows.push_back({{"id", e.id},
                    {"kind", e.mail.kind},
                    {"to", e.mail.to},
                    {"subject", e.mail.subject},
                    {"status", to_string(e.status)},
                    {"status_name", app.t(req, std::string("outbox.") + to_string(e.status))},
                    {"attempts", e.attempts},
                    {"error", e.last_error},
                    {"created", app.localized_time(req, e.created_at)},
                    {"next_attempt", e.status == MailStatus::queued ? app.localized_time(req, e.next_attempt_at) : ""},
                    {"can_resend", e.status == MailStatus::failed || e.status == MailStatus::uncertain}});
  v["mails"] = rows;
  return app.page(req, "admin_outbox", v);
}

// POST /admin/outbox/:id/resend
Response post_admin_outbox_by_id_resend(App& app, Request& req) {
  if (auto r = require_admin(app, req)) return std::move(*r);
  std::int64_t id = 0;
  if (!parse_int(req.params["id"], id) || !app.outbox().resend(id, now_utc()))
    return app.error(req, Error::make(ErrorCode::conflict, "error.outbox_resend", "only a failed or uncertain mail can be sent again"));
  return Response::redirect("/admin/outbox");
}

}  // namespace

void add_admin_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/admin/members", on(app, get_admin_members)});
  routes.push_back({"POST", "/admin/members/role", on(app, post_admin_members_role)});
  routes.push_back({"POST", "/admin/members/suspend", on(app, post_admin_members_suspend)});
  routes.push_back({"GET", "/admin/requests", on(app, get_admin_requests)});
  routes.push_back({"POST", "/admin/requests/:id/decide", on(app, post_admin_requests_by_id_decide)});
  routes.push_back({"GET", "/admin/outbox", on(app, get_admin_outbox)});
  routes.push_back({"POST", "/admin/outbox/:id/resend", on(app, post_admin_outbox_by_id_resend)});
}

}  // namespace aigc
