// Notifications in the browser and the API: the list behind the bell, opening one, marking
// all read, and the preferences per kind.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/app.hpp"

namespace aigc {

using nlohmann::json;

namespace {

json to_json(App& app, const Request& req, const Notification& n) {
  return {{"id", n.id},
          {"kind", n.kind},
          {"title", notification_title(n.kind, req.lang, n.params)},
          {"link", n.link},
          {"created_at", iso8601_utc(n.created_at)},
          {"created", app.localized_time(req, n.created_at)},
          {"read", n.read_at != 0}};
}

}  // namespace

namespace {

// POST /notifications/:id/open
Response post_notifications_by_id_open(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::int64_t id = 0;
  if (!parse_int(req.params["id"], id) || id <= 0) return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no such notification"));
  auto link = app.notifications().mark_read(*req.member, id);
  return Response::redirect(safe_next(link.empty() ? "/notifications" : link));
}

// GET /settings/notifications
Response get_settings_notifications(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "notifications.settings");
  auto prefs = app.notifications().preferences(*req.member);
  json kinds = json::array();
  for (const auto& k : notification_kinds()) {
    json choices = json::array();
    for (auto d : {Delivery::in_site, Delivery::email_now, Delivery::email_digest, Delivery::off})
      choices.push_back({{"code", to_string(d)}, {"name", app.t(req, std::string("notifications.delivery_") + to_string(d))},
                         {"selected", prefs[k.code] == d}});
    kinds.push_back({{"code", k.code}, {"name", app.t(req, "notifications.kind_" + k.code)}, {"choices", choices}});
  }
  v["kinds"] = kinds;
  v["saved"] = req.query("saved") == "1";
  return app.page(req, "settings_notifications", v);
}

// POST /settings/notifications
Response post_settings_notifications(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  std::map<std::string, std::string> choices;
  for (const auto& k : notification_kinds())
    if (auto v = req.field(k.code); !v.empty()) choices[k.code] = v;
  auto done = app.notifications().set_preferences(*req.member, choices);
  if (!done) return app.error(req, done.error());
  return Response::redirect("/settings/notifications?saved=1");
}

}  // namespace

void add_notification_routes(App& app, std::vector<Route>& routes) {
  Handler list = [&app](Request& req) -> Response {
    if (auto r = app.require_member(req)) return std::move(*r);
    auto before = req.query("before");
    std::int64_t before_id = 0;
    if (!before.empty() && !parse_int(before, before_id))
      return app.error(req, Error::bad_request("error.bad_request", "before must be a notification id"));
    auto page = app.notifications().page(*req.member, before_id, 30);
    json items = json::array();
    for (const auto& n : page.items) items.push_back(to_json(app, req, n));
    if (req.is_api()) {
      json out = {{"unread", page.unread}, {"notifications", items}};
      out["next_before"] = page.next_before_id ? json(page.next_before_id) : json(nullptr);
      return Response::json(out.dump());
    }
    json v = app.base_view(req, "");
    v["title"] = app.t(req, "notifications.title");
    v["notifications"] = items;
    v["unread_total"] = page.unread;
    if (page.next_before_id) v["next_url"] = "/notifications?before=" + std::to_string(page.next_before_id);
    return app.page(req, "notifications", v);
  };
  routes.push_back({"GET", "/notifications", list});
  routes.push_back({"GET", "/api/v1/notifications", list});

  Handler read_all = [&app](Request& req) -> Response {
    if (auto r = app.require_member(req)) return std::move(*r);
    app.notifications().mark_read(*req.member, 0);
    if (req.is_api()) return Response::json(json{{"unread", 0}}.dump());
    return Response::redirect("/notifications");
  };
  routes.push_back({"POST", "/notifications/read", read_all});
  routes.push_back({"POST", "/api/v1/notifications/read", read_all});

  // Opening one marks it read and goes where it points (a site path, never elsewhere).
  routes.push_back({"POST", "/notifications/:id/open", on(app, post_notifications_by_id_open)});
  routes.push_back({"GET", "/settings/notifications", on(app, get_settings_notifications)});
  routes.push_back({"POST", "/settings/notifications", on(app, post_settings_notifications)});
}

}  // namespace aigc
