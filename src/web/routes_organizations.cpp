// Partner organizations in the browser: the list, pages, the forms and their managers.
#include "core/countries.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

json kind_options(const Request& req, App& app, const std::string& selected) {
  json list = json::array();
  for (const auto& k : organization_kinds())
    list.push_back({{"code", k}, {"name", app.t(req, "org.kinds." + k)}, {"selected", k == selected}});
  return list;
}

OrganizationInput org_input(const Request& req) {
  return {req.field("slug"),    req.field("name"),           req.field("kind"),    req.field("country"),
          req.field("website"), req.field("description_md"), req.field("name_zh"), req.field("description_zh")};
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
          {"description_md", req.field("description_md")}, {"name_zh", req.field("name_zh")},
          {"description_zh", req.field("description_zh")}};
}

}  // namespace

namespace {

// GET /organizations
Response get_organizations(App& app, Request& req) {
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
}

// GET /organizations/new
Response get_organizations_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  if (!at_least(req.member->role, Role::organizer))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only organizers and admins add organizations"));
  return org_form(app, req, json::object(), true, nullptr);
}

// POST /organizations
Response post_organizations(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto o = app.organizations().create(&*req.member, org_input(req));
  if (!o) {
    if (o.error().code == ErrorCode::forbidden) return app.error(req, o.error());
    return org_form(app, req, org_values(req), true, &o.error());
  }
  return Response::redirect("/organizations/" + o->slug);
}

// GET /organizations/:slug
Response get_organizations_by_slug(App& app, Request& req) {
  auto o = app.organizations().get(req.params["slug"]);
  if (!o) return app.error(req, o.error());
  json v = app.base_view(req, "organizations");
  v["org"] = to_json(o.value(), req.lang);
  v["org"]["kind_name"] = app.t(req, "org.kinds." + o->kind);
  v["org"]["description_html"] = render_markdown(v["org"]["description_md"].get<std::string>()).html;
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
}

// GET /organizations/:slug/edit
Response get_organizations_by_slug_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto o = app.organizations().get(req.params["slug"]);
  if (!o) return app.error(req, o.error());
  if (!app.organizations().can_manage(&*req.member, o.value()))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.org_forbidden", "only this organization's managers and admins edit it"));
  // The form edits both languages as written, whatever the reader's language.
  json values = {{"slug", o->slug},        {"name", o->name},   {"name_zh", o->name_zh}, {"kind", o->kind},
                 {"country", o->country},  {"website", o->website}, {"description_md", o->description_md},
                 {"description_zh", o->description_zh}};
  return org_form(app, req, values, false, nullptr);
}

// POST /organizations/:slug
Response post_organizations_by_slug(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto o = app.organizations().update(&*req.member, req.params["slug"], org_input(req));
  if (!o) {
    if (o.error().code == ErrorCode::forbidden || o.error().code == ErrorCode::not_found) return app.error(req, o.error());
    auto values = org_values(req);
    values["slug"] = req.params["slug"];
    return org_form(app, req, values, false, &o.error());
  }
  return Response::redirect("/organizations/" + o->slug);
}

}  // namespace

void add_organization_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/organizations", on(app, get_organizations), {"competitions", "event_organizations", "events", "member_skills", "members", "opportunities", "organization_managers", "organizations", "working_group_organizations"}));
  routes.push_back({"GET", "/organizations/new", on(app, get_organizations_new)});
  routes.push_back({"POST", "/organizations", on(app, post_organizations)});
  routes.push_back(cached_get("/organizations/:slug", on(app, get_organizations_by_slug), {"competitions", "event_organizations", "events", "member_skills", "members", "opportunities", "organization_managers", "organizations", "working_group_organizations"}));
  routes.push_back({"GET", "/organizations/:slug/edit", on(app, get_organizations_by_slug_edit)});
  routes.push_back({"POST", "/organizations/:slug", on(app, post_organizations_by_slug)});

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

}

}  // namespace aigc
