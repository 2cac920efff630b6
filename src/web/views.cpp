// The view half of App: what every page template sees, and how errors look.
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

int App::status_for(ErrorCode code) {
  switch (code) {
    case ErrorCode::bad_request: return 400;
    case ErrorCode::invalid_input: return 422;
    case ErrorCode::unauthorized: return 401;
    case ErrorCode::forbidden: return 403;
    case ErrorCode::not_found: return 404;
    case ErrorCode::conflict: return 409;
    case ErrorCode::too_large: return 413;
    case ErrorCode::rate_limited: return 429;
    case ErrorCode::unavailable: return 503;
    case ErrorCode::insufficient_storage: return 507;
  }
  return 500;
}

json App::base_view(const Request& req, const std::string& nav) const {
  json v;
  v["t"] = catalogs_.tree(req.lang);
  v["lang"] = req.lang;
  v["html_lang"] = req.lang == "zh-CN" ? "zh-CN" : "en";
  v["is_zh"] = req.lang == "zh-CN";
  v["csrf"] = req.shared ? std::string() : req.csrf;  // a shared page holds no visitor's token
  v["path"] = req.path + (req.raw_query.empty() ? "" : "?" + req.raw_query);
  v["css_version"] = static_files_.etag("/static/app.css");
  v["js_version"] = static_files_.etag("/static/app.js");
  v["nav"] = json::object();
  if (!nav.empty()) v["nav"][nav] = true;
  if (req.member) {
    v["me"] = {{"handle", req.member->handle},
               {"display_name", req.member->display_name},
               {"is_admin", req.member->role == Role::admin},
               {"is_organizer", at_least(req.member->role, Role::organizer)},
               {"is_moderator", can_moderate(req.member->role)},
               {"avatar_url", avatar_url(*req.member)}};
    // The bell's count: one indexed count per page (notifications_unread).
    auto unread = notifications_.unread(*req.member);
    if (unread > 0) v["me"]["unread"] = unread > 99 ? std::string("99+") : std::to_string(unread);
  }
  return v;
}

Response App::page(const Request& req, const std::string& tmpl, json view, int status) const {
  if (!view.contains("t")) {
    auto base = base_view(req, view.value("nav_key", std::string()));
    base.update(view);
    view = std::move(base);
  }
  if (!view.contains("title")) view["title"] = catalogs_.t(req.lang, "site.name");
  view["content"] = templates_.render(tmpl, view);
  // Pages with math (domain/pages/markdown.hpp) load KaTeX; the others do not pay for it.
  if (view["content"].get_ref<const std::string&>().find("<span class=\"math") != std::string::npos &&
      !static_files_.etag("/static/katex/katex.min.js").empty())
    view["math"] = true;
  return Response::html(templates_.render("layout", view), status);
}

json App::error_json(const Request& req, const Error& e) const {
  auto details = json::array();
  for (const auto& p : e.problems) {
    std::string msg = p.key.empty() ? p.message : catalogs_.t(req.lang, p.key, p.args);
    if (msg == p.key) msg = p.message;
    json d = {{"field", p.field}, {"code", p.key.empty() ? json(nullptr) : json(p.key)}, {"message", msg}};
    if (!p.position.empty()) d["position"] = p.position;
    if (!p.args.empty()) d["values"] = p.args;
    details.push_back(std::move(d));
  }
  std::string message = catalogs_.t(req.lang, e.key);
  if (message == e.key || e.key.empty()) message = e.message;
  return {{"error", {{"code", to_string(e.code)}, {"key", e.key}, {"message", message}, {"details", details}}}};
}

Response App::error(const Request& req, const Error& e) const {
  int status = status_for(e.code);
  if (req.is_api()) return Response::json(error_json(req, e).dump(), status);
  auto j = error_json(req, e)["error"];
  json view;
  view["status"] = status;
  view["message"] = j["message"];
  view["detail"] = e.message;
  view["problems"] = j["details"];
  // The page says what kind of trouble it is: "Page not found", "Not allowed", ...
  view["title"] = catalogs_.t(req.lang, std::string("error.titles.") + to_string(e.code));
  return page(req, "error", view, status);
}

Response App::form_error(const Request& req, const std::string& tmpl, json view, const Error& e) const {
  auto j = error_json(req, e)["error"];
  view["error_message"] = j["message"];
  json fields = json::object();
  for (const auto& d : j["details"]) fields[d["field"].get<std::string>()] = d["message"];
  view["field_errors"] = fields;
  return page(req, tmpl, view, status_for(e.code));
}

std::optional<Response> App::require_member(const Request& req) const {
  if (req.member) return std::nullopt;
  if (req.is_api())
    return error(req, Error::make(ErrorCode::unauthorized, "error.sign_in_required",
                                  "send 'Authorization: Bearer <token>' with a personal API token"));
  return Response::redirect("/login?next=" + url_encode(req.path));
}

std::optional<Response> App::require_session(const Request& req) const {
  if (req.via_api_token)
    return error(req, Error::make(ErrorCode::forbidden, "error.session_required",
                                  "API tokens are managed from a signed-in browser session, not with a token"));
  return require_member(req);
}

std::string App::country_options_html(const std::string& lang, const std::string& selected) const {
  std::string html = country_options_.at(lang == "zh-CN" ? "zh-CN" : "en");
  if (selected.size() == 2) {  // ISO codes only, so nothing from the request lands in the HTML
    auto at = html.find("value=\"" + selected + "\"");
    if (at != std::string::npos) html.insert(at + 10, " selected");  // after value="XX"
  }
  return html;
}

Result<std::int64_t> App::query_int(const Request& req, const std::string& name, std::int64_t fallback, std::int64_t min,
                                   std::int64_t max) const {
  auto text = req.query(name);
  if (text.empty()) return fallback;
  std::int64_t v = 0;
  if (!parse_int(text, v) || v < min || v > max) {
    return bad_parameter(name, "'" + name + "' must be a whole number from " + std::to_string(min) + " to " +
                                   std::to_string(max) + ", not '" + text.substr(0, 40) + "'");
  }
  return v;
}

Error App::bad_parameter(const std::string& name, const std::string& why) {
  auto e = Error::bad_request("error.bad_parameter", why);
  e.problems.push_back({name, "", why});  // the parameter in its own field, for clients
  return e;
}

std::string App::localized_time(const Request& req, std::int64_t t) const {
  return format_time(t, req.lang, req.time_zone);
}

}  // namespace aigc
