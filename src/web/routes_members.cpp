// Members and organizations in the browser: registration, sign-in, profiles, settings,
// API tokens, the directory, organizations and the admin's role page.
#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/countries.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

constexpr std::int64_t kLoginWindow = 15 * 60;

json lang_options(const std::string& selected) {
  return json::array({{{"code", "en"}, {"name", "English"}, {"selected", selected == "en"}},
                      {{"code", "zh-CN"}, {"name", "中文"}, {"selected", selected == "zh-CN"}}});
}

json org_options(App& app, const std::string& selected) {
  json list = json::array();
  for (const auto& o : app.organizations().list())
    list.push_back({{"slug", o.slug}, {"name", o.name}, {"selected", o.slug == selected}});
  return list;
}

json kind_options(const Request& req, App& app, const std::string& selected) {
  json list = json::array();
  for (const auto& k : organization_kinds())
    list.push_back({{"code", k}, {"name", app.t(req, "org.kinds." + k)}, {"selected", k == selected}});
  return list;
}

Response register_form(App& app, const Request& req, json values, const Error* error) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "auth.register");
  v["values"] = values;
  v["country_options"] = app.country_options_html(req.lang, values.value("country", ""));
  v["langs"] = lang_options(values.value("preferred_lang", req.lang));
  if (error) return app.form_error(req, "register", v, *error);
  return app.page(req, "register", v);
}

Response login_form(App& app, const Request& req, const std::string& login, const Error* error) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "auth.login");
  v["values"] = {{"login", login}};
  v["next"] = safe_next(req.query("next").empty() ? req.field("next") : req.query("next"));
  if (error) return app.form_error(req, "login", v, *error);
  return app.page(req, "login", v);
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

Response profile_form(App& app, const Request& req, json values, const Error* error) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "settings.profile");
  v["values"] = values;
  v["country_options"] = app.country_options_html(req.lang, values.value("country", ""));
  v["langs"] = lang_options(values.value("preferred_lang", "en"));
  v["organizations"] = org_options(app, values.value("organization", ""));
  v["saved"] = req.query("saved") == "1";
  if (error) return app.form_error(req, "settings_profile", v, *error);
  return app.page(req, "settings_profile", v);
}

Response tokens_page(App& app, const Request& req, const std::string& new_token, const Error* error) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "settings.tokens");
  json list = json::array();
  for (const auto& t : app.members().tokens(*req.member)) {
    auto j = to_json(t);
    j["created"] = app.localized_time(req, t.created_at);
    j["last_used"] = t.last_used_at ? app.localized_time(req, t.last_used_at) : "";
    list.push_back(j);
  }
  v["tokens"] = list;
  v["new_token"] = new_token;
  if (error) return app.form_error(req, "settings_tokens", v, *error);
  return app.page(req, "settings_tokens", v);
}

OrganizationInput org_input(const Request& req) {
  return {req.field("slug"), req.field("name"), req.field("kind"), req.field("country"), req.field("website"),
          req.field("description_md")};
}

Response org_form(App& app, const Request& req, json values, bool is_new, const Error* error) {
  json v = app.base_view(req, "organizations");
  v["title"] = app.t(req, is_new ? "org.new" : "org.edit");
  v["values"] = values;
  v["is_new"] = is_new;
  v["action"] = is_new ? std::string("/organizations") : "/organizations/" + values.value("slug", "");
  v["kinds"] = kind_options(req, app, values.value("kind", ""));
  v["country_options"] = app.country_options_html(req.lang, values.value("country", ""));
  if (error) return app.form_error(req, "organization_form", v, *error);
  return app.page(req, "organization_form", v);
}

json org_values(const Request& req) {
  return {{"slug", req.field("slug")}, {"name", req.field("name")}, {"kind", req.field("kind")},
          {"country", req.field("country")}, {"website", req.field("website")},
          {"description_md", req.field("description_md")}};
}

}  // namespace

void add_member_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/register", [&app](Request& req) { return register_form(app, req, json::object(), nullptr); }});

  routes.push_back({"POST", "/register", [&app](Request& req) {
    json values = {{"handle", req.field("handle")}, {"email", req.field("email")},
                   {"display_name", req.field("display_name")}, {"country", req.field("country")},
                   {"preferred_lang", req.field("preferred_lang").empty() ? req.lang : req.field("preferred_lang")}};
    auto now = now_utc();
    if (!app.limiter().allow("register:" + req.remote_ip, app.config().registrations_per_hour, 3600, now)) {
      Error e = Error::make(ErrorCode::rate_limited, "error.register_rate", "too many registrations from this address; try again in an hour");
      return register_form(app, req, values, &e);
    }
    Registration reg{req.field("handle"), req.field("email"), req.field("password"), req.field("display_name"),
                     req.field("country"), values["preferred_lang"].get<std::string>()};
    auto m = app.members().register_member(reg);
    if (!m) return register_form(app, req, values, &m.error());
    return signed_in(app, req, m.value(), "/members/" + m->handle);
  }, 0, true});

  routes.push_back({"GET", "/login", [&app](Request& req) { return login_form(app, req, "", nullptr); }});

  routes.push_back({"POST", "/login", [&app](Request& req) {
    auto login = trim(req.field("login"));
    auto m = app.members().sign_in(login, req.field("password"), req.remote_ip, app.config().login_attempts, kLoginWindow);
    if (!m) {
      auto res = login_form(app, req, login, &m.error());
      if (m.error().code == ErrorCode::rate_limited) res.header("Retry-After", std::to_string(kLoginWindow));
      if (m.error().code == ErrorCode::unavailable) res.header("Retry-After", "2");
      return res;
    }
    return signed_in(app, req, m.value(), req.field("next").empty() ? "/" : req.field("next"));
  }, 0, true});

  routes.push_back({"POST", "/logout", [&app](Request& req) {
    if (auto token = req.cookie("aigc_session"); !token.empty()) app.members().end_session(token);
    auto res = Response::redirect("/");
    res.set_cookie("aigc_session", "", 0, true, req.secure);
    return res;
  }});

  routes.push_back({"GET", "/members", [&app](Request& req) {
    DirectoryQuery q;
    q.country = req.query("country");
    q.organization_slug = req.query("organization");
    q.skill = req.query("skill");
    q.after_id = std::atoll(req.query("after").c_str());
    auto page = app.members().directory(q);
    if (!page) return app.error(req, page.error());
    json v = app.base_view(req, "members");
    v["title"] = app.t(req, "nav.members");
    json list = json::array();
    for (const auto& m : page->members) list.push_back(to_json(m, req.lang));
    v["members"] = list;
    v["filters"] = {{"country", q.country}, {"organization", q.organization_slug}, {"skill", req.query("skill")}};
    v["country_options"] = app.country_options_html(req.lang, q.country);
    v["organizations"] = org_options(app, q.organization_slug);
    if (page->next_after_id) {
      v["next_url"] = "/members?country=" + url_encode(q.country) + "&organization=" + url_encode(q.organization_slug) +
                      "&skill=" + url_encode(req.query("skill")) + "&after=" + std::to_string(page->next_after_id);
    }
    v["stats"] = {{"members", app.members().stats().members}};
    return app.page(req, "members", v);
  }});

  routes.push_back({"GET", "/members/:handle", [&app](Request& req) {
    auto m = app.members().get(req.params["handle"]);
    if (!m) return app.error(req, m.error());
    json v = app.base_view(req, "members");
    v["member"] = to_json(m.value(), req.lang);
    v["member"]["bio_html"] = render_markdown(m->bio_md).html;
    v["member"]["joined"] = format_date(m->created_at, req.lang, req.time_zone);
    v["member"]["role_name"] = app.t(req, std::string("roles.") + to_string(m->role));
    v["is_self"] = req.member && req.member->id == m->id;
    v["title"] = m->display_name;
    return app.page(req, "profile", v);
  }});

  routes.push_back({"GET", "/settings/profile", [&app](Request& req) {
    if (auto r = app.require_member(req)) return std::move(*r);
    const auto& m = *req.member;
    std::string skills;
    for (const auto& s : m.skills) skills += (skills.empty() ? "" : ", ") + s;
    return profile_form(app, req,
                        {{"display_name", m.display_name}, {"country", m.country}, {"organization", m.organization_slug},
                         {"bio_md", m.bio_md}, {"skills", skills}, {"preferred_lang", m.preferred_lang},
                         {"time_zone", m.time_zone}, {"handle", m.handle}},
                        nullptr);
  }});

  routes.push_back({"POST", "/settings/profile", [&app](Request& req) {
    if (auto r = app.require_member(req)) return std::move(*r);
    ProfileUpdate u{req.field("display_name"), req.field("country"), req.field("organization"), req.field("bio_md"),
                    req.field("skills"), req.field("preferred_lang"), req.field("time_zone")};
    auto m = app.members().update_profile(*req.member, u);
    if (!m) {
      json values = {{"display_name", u.display_name}, {"country", u.country}, {"organization", u.organization_slug},
                     {"bio_md", u.bio_md}, {"skills", u.skills}, {"preferred_lang", u.preferred_lang},
                     {"time_zone", u.time_zone}, {"handle", req.member->handle}};
      return profile_form(app, req, values, &m.error());
    }
    auto res = Response::redirect("/settings/profile?saved=1");
    res.set_cookie("lang", m->preferred_lang, 365L * 86400, false, req.secure);
    return res;
  }});

  routes.push_back({"GET", "/settings/tokens", [&app](Request& req) {
    if (auto r = app.require_session(req)) return std::move(*r);
    return tokens_page(app, req, "", nullptr);
  }});

  routes.push_back({"POST", "/settings/tokens", [&app](Request& req) {
    if (auto r = app.require_session(req)) return std::move(*r);
    auto t = app.members().create_token(*req.member, req.field("name"));
    if (!t) return tokens_page(app, req, "", &t.error());
    return tokens_page(app, req, t->token, nullptr);
  }});

  routes.push_back({"POST", "/settings/tokens/:id/revoke", [&app](Request& req) {
    if (auto r = app.require_session(req)) return std::move(*r);
    auto r = app.members().revoke_token(*req.member, req.params["id"]);
    if (!r) return app.error(req, r.error());
    return Response::redirect("/settings/tokens");
  }});

  routes.push_back({"GET", "/organizations", [&app](Request& req) {
    json v = app.base_view(req, "organizations");
    v["title"] = app.t(req, "nav.organizations");
    auto kind = req.query("kind"), country = req.query("country");
    json list = json::array();
    for (const auto& o : app.organizations().list(kind, country)) {
      auto j = to_json(o, req.lang);
      j["kind_name"] = app.t(req, "org.kinds." + o.kind);
      list.push_back(j);
    }
    v["organizations"] = list;
    v["kinds"] = kind_options(req, app, kind);
    v["country_options"] = app.country_options_html(req.lang, country);
    v["can_create"] = req.member && at_least(req.member->role, Role::organizer);
    return app.page(req, "organizations", v);
  }});

  routes.push_back({"GET", "/organizations/new", [&app](Request& req) {
    if (auto r = app.require_member(req)) return std::move(*r);
    if (!at_least(req.member->role, Role::organizer))
      return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only organizers and admins add organizations"));
    return org_form(app, req, json::object(), true, nullptr);
  }});

  routes.push_back({"POST", "/organizations", [&app](Request& req) {
    if (auto r = app.require_member(req)) return std::move(*r);
    auto o = app.organizations().create(&*req.member, org_input(req));
    if (!o) {
      if (o.error().code == ErrorCode::forbidden) return app.error(req, o.error());
      return org_form(app, req, org_values(req), true, &o.error());
    }
    return Response::redirect("/organizations/" + o->slug);
  }});

  routes.push_back({"GET", "/organizations/:slug", [&app](Request& req) {
    auto o = app.organizations().get(req.params["slug"]);
    if (!o) return app.error(req, o.error());
    json v = app.base_view(req, "organizations");
    v["org"] = to_json(o.value(), req.lang);
    v["org"]["kind_name"] = app.t(req, "org.kinds." + o->kind);
    v["org"]["description_html"] = render_markdown(o->description_md).html;
    DirectoryQuery q;
    q.organization_slug = o->slug;
    q.limit = 24;
    json members = json::array();
    if (auto page = app.members().directory(q))
      for (const auto& m : page->members) members.push_back(to_json(m, req.lang));
    v["members"] = members;
    bool can_manage = req.member && app.organizations().can_manage(&*req.member, o.value());
    v["can_edit"] = can_manage;
    json managers = json::array();
    for (const auto& h : app.organizations().managers(o.value())) managers.push_back(h);
    v["managers"] = managers;
    v["title"] = o->name;
    return app.page(req, "organization", v);
  }});

  routes.push_back({"GET", "/organizations/:slug/edit", [&app](Request& req) {
    if (auto r = app.require_member(req)) return std::move(*r);
    auto o = app.organizations().get(req.params["slug"]);
    if (!o) return app.error(req, o.error());
    if (!app.organizations().can_manage(&*req.member, o.value()))
      return app.error(req, Error::make(ErrorCode::forbidden, "error.org_forbidden", "only this organization's managers and admins edit it"));
    return org_form(app, req, to_json(o.value(), req.lang), false, nullptr);
  }});

  routes.push_back({"POST", "/organizations/:slug", [&app](Request& req) {
    if (auto r = app.require_member(req)) return std::move(*r);
    auto o = app.organizations().update(&*req.member, req.params["slug"], org_input(req));
    if (!o) {
      if (o.error().code == ErrorCode::forbidden || o.error().code == ErrorCode::not_found) return app.error(req, o.error());
      auto values = org_values(req);
      values["slug"] = req.params["slug"];
      return org_form(app, req, values, false, &o.error());
    }
    return Response::redirect("/organizations/" + o->slug);
  }});

  // Managers name and remove managers: ?handle=H on the organization's page.
  for (const char* action : {"add", "remove"}) {
    std::string a = action;
    routes.push_back({"POST", "/organizations/:slug/managers/" + a, [&app, a](Request& req) {
      if (auto r = app.require_member(req)) return std::move(*r);
      auto slug = req.params["slug"];
      auto done = a == "add" ? app.organizations().add_manager(*req.member, slug, req.field("handle"))
                             : app.organizations().remove_manager(*req.member, slug, req.field("handle"));
      if (!done) return app.error(req, done.error());
      return Response::redirect("/organizations/" + url_encode(slug) + "#managers");
    }});
  }

  routes.push_back({"GET", "/admin/members", [&app](Request& req) {
    if (auto r = app.require_member(req)) return std::move(*r);
    if (req.member->role != Role::admin)
      return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only admins change roles"));
    json v = app.base_view(req, "");
    v["title"] = app.t(req, "admin.roles");
    json staff = json::array();
    for (const auto& m : app.members().staff()) {
      auto j = to_json(m, req.lang);
      j["role_name"] = app.t(req, std::string("roles.") + to_string(m.role));
      staff.push_back(j);
    }
    v["staff"] = staff;
    v["roles"] = json::array();
    for (Role r : {Role::member, Role::committee, Role::organizer, Role::admin})
      v["roles"].push_back({{"code", to_string(r)}, {"name", app.t(req, std::string("roles.") + to_string(r))}});
    v["saved"] = req.query("saved");
    return app.page(req, "admin_members", v);
  }});

  routes.push_back({"POST", "/admin/members/role", [&app](Request& req) {
    if (auto r = app.require_member(req)) return std::move(*r);
    auto m = app.members().set_role(&*req.member, trim(req.field("handle")), req.field("role"));
    if (!m) return app.error(req, m.error());
    return Response::redirect("/admin/members?saved=" + url_encode(m->handle));
  }});
}

}  // namespace aigc
