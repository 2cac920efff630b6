// Accounts in the browser: registering by mail, confirming links, signing in and out,
// password reset and change, the account settings page and avatars.
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/media/pictures.hpp"
#include "web/app.hpp"
#include "web/multipart.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

constexpr std::int64_t kLoginWindow = 15 * 60;
constexpr std::size_t kAvatarUploadBytes = 8u << 20;

// `next` as given (query on GET, field on POST), only if it is a same-site path.
std::string next_of(const Request& req) {
  auto raw = req.query("next").empty() ? req.field("next") : req.query("next");
  auto safe = raw.empty() ? "" : safe_next(raw);
  return safe == "/" && raw != "/" ? "" : safe;  // refused: as if none was given
}

void add_next(json& v, const std::string& next) {
  v["next"] = next;
  v["next_encoded"] = url_encode(next);
}

Response register_form(App& app, const Request& req, json values, const Error* error) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "auth.register");
  v["values"] = values;
  v["country_options"] = app.country_options_html(req.lang, values.value("country", ""));
  v["langs"] = lang_options(values.value("preferred_lang", req.lang));
  add_next(v, next_of(req));
  if (error) return app.form_error(req, "register", v, *error);
  return app.page(req, "register", v);
}

Response login_form(App& app, const Request& req, const std::string& login, const Error* error) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "auth.login");
  v["values"] = {{"login", login}};
  add_next(v, next_of(req));
  if (error) return app.form_error(req, "login", v, *error);
  return app.page(req, "login", v);
}

// "Check your mail": the same page whether or not the address had an account.
Response check_mail(App& app, const Request& req, const std::string& message) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "auth.check_mail");
  v["message"] = message;
  // Said to everyone alike, so it tells nothing about any address.
  if (app.config().smtp_host.empty()) v["mail_folder"] = app.config().mail_dir;
  return app.page(req, "register_sent", v);
}

Response signed_in(App& app, const Request& req, const Member& m, const std::string& next) {
  auto session = app.members().start_session(m);
  auto res = Response::redirect(safe_next(next));
  res.set_cookie("aigc_session", session.token, app.config().session_hours * 3600L, true, req.secure);
  // A new session gets a new CSRF token too, so a token planted before sign-in is useless.
  res.set_cookie("aigc_csrf", random_token(24), 365L * 86400, true, req.secure);
  res.set_cookie("lang", m.preferred_lang, 365L * 86400, false, req.secure);
  return res;
}

Response account_page(App& app, const Request& req, json values, const Error* error, const std::string& form = "") {
  const auto& m = *req.member;
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "account.title");
  v["values"] = values;
  v["email"] = m.email;
  v["handle"] = m.handle;
  v["role_name"] = app.t(req, std::string("roles.") + to_string(m.role));
  static const std::map<std::string, std::string> notices = {
      {"email_sent", "account.notice_email_sent"},     {"email_changed", "account.notice_email_changed"},
      {"password_changed", "account.notice_password"}, {"sessions", "account.notice_sessions"},
      {"role_requested", "account.notice_role"}};
  if (auto it = notices.find(req.query("done")); it != notices.end())
    v["notice"] = app.t(req, it->second, {{"count", req.query("count")}});
  json requests = json::array();
  bool pending = false;
  for (const auto& r : app.role_requests().mine(m)) {
    pending = pending || r.status == "pending";
    requests.push_back({{"role_name", app.t(req, std::string("roles.") + to_string(r.role))},
                        {"status_name", app.t(req, "account.request_" + r.status)},
                        {"created", app.localized_time(req, r.created_at)}});
  }
  v["requests"] = requests;
  v["can_request"] = !pending && !at_least(m.role, Role::organizer);
  v["request_roles"] = json::array();
  for (Role r : {Role::organizer, Role::committee})
    if (!at_least(m.role, r))
      v["request_roles"].push_back({{"code", to_string(r)}, {"name", app.t(req, std::string("roles.") + to_string(r))}});
  v["email_errors"] = form == "email";
  v["password_errors"] = form == "password";
  if (error) return app.form_error(req, "settings_account", v, *error);
  return app.page(req, "settings_account", v);
}

Response link_page(App& app, const Request& req, const std::string& token) {
  auto p = app.accounts().preview(token);
  if (!p) return app.error(req, p.error());
  if (p->purpose == "reset") return Response::redirect("/password/reset/" + token);
  json v = app.base_view(req, "");
  bool reg = p->purpose == "register";
  v["title"] = app.t(req, reg ? "auth.confirm_register" : "auth.confirm_email");
  v["heading"] = v["title"];
  v["explain"] = app.t(req, reg ? "auth.confirm_register_explain" : "auth.confirm_email_explain",
                       {{"email", p->email}, {"handle", p->handle}});
  v["button"] = app.t(req, reg ? "auth.confirm_register_button" : "auth.confirm_email_button");
  v["token"] = token;
  return app.page(req, "verify", v);
}

}  // namespace

namespace {

// GET /register
Response get_register(App& app, Request& req) { return register_form(app, req, json::object(), nullptr); }

// POST /register
Response post_register(App& app, Request& req) {
  json values = {{"handle", req.field("handle")}, {"email", req.field("email")},
                 {"display_name", req.field("display_name")}, {"country", req.field("country")},
                 {"preferred_lang", req.field("preferred_lang").empty() ? req.lang : req.field("preferred_lang")}};
  if (!app.limiter().allow("register:" + req.remote_ip, app.config().registrations_per_hour, 3600, now_utc())) {
    Error e = Error::make(ErrorCode::rate_limited, "error.register_rate", "too many registrations from this address; try again in an hour");
    return register_form(app, req, values, &e);
  }
  Registration reg{req.field("handle"), req.field("email"), req.field("password"), req.field("display_name"),
                   req.field("country"), values["preferred_lang"].get<std::string>()};
  auto r = app.accounts().register_by_mail(reg, next_of(req));
  if (!r) return register_form(app, req, values, &r.error());
  return check_mail(app, req, app.t(req, "auth.register_sent", {{"email", trim(reg.email)}}));
}

// GET /verify/:token
Response get_verify_by_token(App& app, Request& req) { return link_page(app, req, req.params["token"]); }

// POST /verify/:token
Response post_verify_by_token(App& app, Request& req) {
  auto f = app.accounts().follow(req.params["token"]);
  if (!f) return app.error(req, f.error());
  if (f->purpose == "register")
    return signed_in(app, req, f->member, f->next.empty() ? "/members/" + f->member.handle + "?welcome=1" : f->next);
  return Response::redirect(req.member ? "/settings/account?done=email_changed" : "/login");
}

// GET /login
Response get_login(App& app, Request& req) { return login_form(app, req, "", nullptr); }

// POST /login
Response post_login(App& app, Request& req) {
  auto login = trim(req.field("login"));
  auto m = app.members().sign_in(login, req.field("password"), req.remote_ip, app.config().login_attempts, kLoginWindow);
  if (!m) {
    auto res = login_form(app, req, login, &m.error());
    if (m.error().code == ErrorCode::rate_limited) res.header("Retry-After", std::to_string(kLoginWindow));
    if (m.error().code == ErrorCode::unavailable) res.header("Retry-After", "2");
    return res;
  }
  auto next = next_of(req);
  return signed_in(app, req, m.value(), next.empty() ? "/" : next);
}

// POST /logout
Response post_logout(App& app, Request& req) {
  if (auto token = req.cookie("aigc_session"); !token.empty()) app.members().end_session(token);
  auto res = Response::redirect("/");
  res.set_cookie("aigc_session", "", 0, true, req.secure);
  return res;
}

// GET /password/forgot
Response get_password_forgot(App& app, Request& req) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "auth.reset_title");
  v["values"] = json::object();
  return app.page(req, "password_forgot", v);
}

// POST /password/forgot
Response post_password_forgot(App& app, Request& req) {
  auto email = trim(req.field("email"));
  if (!app.limiter().allow("reset:" + req.remote_ip, app.config().registrations_per_hour, 3600, now_utc()))
    return app.error(req, Error::make(ErrorCode::rate_limited, "error.reset_rate", "too many reset requests from this address; try again in an hour"));
  auto r = app.accounts().request_password_reset(email);
  if (!r) {
    json v = app.base_view(req, "");
    v["title"] = app.t(req, "auth.reset_title");
    v["values"] = {{"email", email}};
    return app.form_error(req, "password_forgot", v, r.error());
  }
  return check_mail(app, req, app.t(req, "auth.reset_sent", {{"email", email}}));
}

// GET /password/reset/:token
Response get_password_reset_by_token(App& app, Request& req) {
  auto p = app.accounts().preview(req.params["token"]);
  if (!p || p->purpose != "reset")
    return app.error(req, Error::make(ErrorCode::not_found, "error.link_gone", "this link has been used or has expired; ask for a new one"));
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "auth.new_password_title");
  v["token"] = req.params["token"];
  v["handle"] = p->handle;
  return app.page(req, "password_reset", v);
}

// POST /password/reset/:token
Response post_password_reset_by_token(App& app, Request& req) {
  auto m = app.accounts().reset_password(req.params["token"], req.field("password"));
  if (!m) {
    if (m.error().code != ErrorCode::invalid_input) return app.error(req, m.error());
    json v = app.base_view(req, "");
    v["title"] = app.t(req, "auth.new_password_title");
    v["token"] = req.params["token"];
    return app.form_error(req, "password_reset", v, m.error());
  }
  return signed_in(app, req, m.value(), "/settings/account?done=password_changed");
}

// GET /settings/account
Response get_settings_account(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  return account_page(app, req, json::object(), nullptr);
}

// POST /settings/email
Response post_settings_email(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  auto done = app.accounts().request_email_change(*req.member, req.field("current_password"), req.field("email"));
  if (!done) return account_page(app, req, {{"email", req.field("email")}}, &done.error(), "email");
  return Response::redirect("/settings/account?done=email_sent");
}

// POST /settings/password
Response post_settings_password(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  auto done = app.accounts().change_password(*req.member, req.field("current_password"), req.field("new_password"),
                                             req.cookie("aigc_session"));
  if (!done) return account_page(app, req, json::object(), &done.error(), "password");
  return Response::redirect("/settings/account?done=password_changed");
}

// POST /settings/sessions/end-others
Response post_settings_sessions_end_others(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  int n = app.accounts().end_other_sessions(*req.member, req.cookie("aigc_session"));
  return Response::redirect("/settings/account?done=sessions&count=" + std::to_string(n));
}

// POST /settings/role-request
Response post_settings_role_request(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  auto done = app.role_requests().request(*req.member, req.field("role"), req.field("reason"));
  if (!done) return account_page(app, req, {{"reason", req.field("reason")}}, &done.error());
  return Response::redirect("/settings/account?done=role_requested");
}

// POST /settings/delete
Response post_settings_delete(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  auto done = app.accounts().delete_account(*req.member, req.field("password"), req.field("confirm_handle"));
  if (!done) return account_page(app, req, json::object(), &done.error());
  auto res = Response::redirect("/?account_deleted=1");
  res.set_cookie("aigc_session", "", 0, true, req.secure);
  return res;
}

// POST /settings/avatar
Response post_settings_avatar(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  auto parts = parse_multipart(req.header("content-type"), req.body);
  const FormPart* file = parts ? find_part(*parts, "avatar") : nullptr;
  Result<Member> m = Error::invalid("error.fix_fields", "please fix the marked fields",
                                    {{"avatar", "error.avatar_missing", "choose a picture to upload"}});
  if (file && !file->data.empty()) m = app.accounts().set_avatar(*req.member, app.blobs(), file->data);
  if (!m) return app.error(req, m.error());
  return Response::redirect("/settings/profile?saved=1");
}

// POST /settings/avatar/remove
Response post_settings_avatar_remove(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  auto m = app.accounts().set_avatar(*req.member, app.blobs(), {});
  if (!m) return app.error(req, m.error());
  return Response::redirect("/settings/profile?saved=1");
}

// GET /members/:handle/avatar
Response get_members_by_handle_avatar(App& app, Request& req) {
  auto m = app.members().get(req.params["handle"]);
  if (!m) return app.error(req, m.error());
  Response res = Response::text("", 200);
  std::optional<std::string> png;
  if (!m->avatar_blob.empty()) png = app.blobs().get(m->avatar_blob);
  if (png) res = Response::text(std::move(*png), 200, "image/png");
  else res = Response::text(initials_svg(m->deleted() ? "?" : m->display_name, m->handle), 200, "image/svg+xml");
  // The URL carries the avatar's version (avatar_url), so a changed avatar is a new URL.
  res.header("Cache-Control", req.query("v").empty() ? "public, max-age=300" : "public, max-age=86400");
  return res;
}

}  // namespace

void add_account_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/register", on(app, get_register)});
  routes.push_back({"POST", "/register", on(app, post_register), 0, true});
  routes.push_back({"GET", "/verify/:token", on(app, get_verify_by_token)});
  routes.push_back({"POST", "/verify/:token", on(app, post_verify_by_token)});
  routes.push_back({"GET", "/login", on(app, get_login)});
  routes.push_back({"POST", "/login", on(app, post_login), 0, true});
  routes.push_back({"POST", "/logout", on(app, post_logout)});
  routes.push_back({"GET", "/password/forgot", on(app, get_password_forgot)});
  routes.push_back({"POST", "/password/forgot", on(app, post_password_forgot)});
  routes.push_back({"GET", "/password/reset/:token", on(app, get_password_reset_by_token)});
  routes.push_back({"POST", "/password/reset/:token", on(app, post_password_reset_by_token), 0, true});
  routes.push_back({"GET", "/settings/account", on(app, get_settings_account)});
  routes.push_back({"POST", "/settings/email", on(app, post_settings_email), 0, true});
  routes.push_back({"POST", "/settings/password", on(app, post_settings_password), 0, true});
  routes.push_back({"POST", "/settings/sessions/end-others", on(app, post_settings_sessions_end_others)});
  routes.push_back({"POST", "/settings/role-request", on(app, post_settings_role_request)});
  routes.push_back({"POST", "/settings/delete", on(app, post_settings_delete), 0, true});
  routes.push_back({"POST", "/settings/avatar", on(app, post_settings_avatar), kAvatarUploadBytes});
  routes.push_back({"POST", "/settings/avatar/remove", on(app, post_settings_avatar_remove)});
  routes.push_back({"GET", "/members/:handle/avatar", on(app, get_members_by_handle_avatar)});
}

}  // namespace aigc
