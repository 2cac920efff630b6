// The JSON API under /api/v1: members, organizations, pages, tokens. Every response body
// is JSON; every error has the one shape {"error":{code,message,details}}.
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

Response ok(const json& j, int status = 200) { return Response::json(j.dump(), status); }

std::optional<json> read_body(const Request& req) { return json_body(req); }
std::string str(const json& j, const char* key) { return json_string(j, key); }

}  // namespace

namespace {

// GET /api/v1/me
Response get_api_me(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  return ok(to_json(*req.member, req.lang, true));
}

// GET /api/v1/members
Response get_api_members(App& app, Request& req) {
  DirectoryQuery q;
  q.country = req.query("country");
  q.organization_slug = req.query("organization");
  q.skill = req.query("skill");
  auto after = app.query_int(req, "after", 0, 0, INT64_MAX);
  if (!after) return app.error(req, after.error());
  auto limit = app.query_int(req, "limit", 50, 1, 100);
  if (!limit) return app.error(req, limit.error());
  q.after_id = after.value();
  q.limit = static_cast<int>(limit.value());
  auto page = app.members().directory(q);
  if (!page) return app.error(req, page.error());
  json list = json::array();
  for (const auto& m : page->members) list.push_back(to_json(m, req.lang));
  return ok({{"members", list},
             {"next_after", page->next_after_id ? json(std::to_string(page->next_after_id)) : json(nullptr)}});
}

// GET /api/v1/members/:handle
Response get_api_members_by_handle(App& app, Request& req) {
  auto m = app.members().get(req.params["handle"]);
  if (!m) return app.error(req, m.error());
  return ok(to_json(m.value(), req.lang, req.member && req.member->id == m->id));
}

// GET /api/v1/organizations
Response get_api_organizations(App& app, Request& req) {
  json list = json::array();
  for (const auto& o : app.organizations().list(req.query("kind"), req.query("country")))
    list.push_back(to_json(o, req.lang));
  return ok({{"organizations", list}});
}

// GET /api/v1/organizations/:slug
Response get_api_organizations_by_slug(App& app, Request& req) {
  auto o = app.organizations().get(req.params["slug"]);
  if (!o) return app.error(req, o.error());
  return ok(to_json(o.value(), req.lang));
}

// POST /api/v1/organizations
Response post_api_organizations(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto body = read_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
  auto o = app.organizations().create(&*req.member, {str(*body, "slug"), str(*body, "name"), str(*body, "kind"),
                                                     str(*body, "country"), str(*body, "website"),
                                                     str(*body, "description_md"), str(*body, "name_zh"),
                                                     str(*body, "description_zh")});
  if (!o) return app.error(req, o.error());
  return ok(to_json(o.value(), req.lang), 201);
}

// GET /api/v1/pages/:slug
Response get_api_pages_by_slug(App& app, Request& req) {
  auto lang = req.query("lang");
  auto p = app.pages().get(req.params["slug"], is_supported_lang(lang) ? lang : req.lang);
  if (!p) return app.error(req, p.error());
  return ok(to_json(p.value(), true));
}

// GET /api/v1/tokens
Response get_api_tokens(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  json list = json::array();
  for (const auto& t : app.members().tokens(*req.member)) list.push_back(to_json(t));
  return ok({{"tokens", list}});
}

// DELETE /api/v1/tokens/:id
Response delete_api_tokens_by_id(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto r = app.members().revoke_token(*req.member, req.params["id"]);
  if (!r) return app.error(req, r.error());
  return Response::json("", 204);
}

}  // namespace

void add_api_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/api/v1/openapi.json", [](Request&) { return ok(openapi_document()); }});
  routes.push_back({"GET", "/api/v1/me", on(app, get_api_me)});
  routes.push_back({"GET", "/api/v1/members", on(app, get_api_members)});
  routes.push_back({"GET", "/api/v1/members/:handle", on(app, get_api_members_by_handle)});
  routes.push_back({"GET", "/api/v1/organizations", on(app, get_api_organizations)});
  routes.push_back({"GET", "/api/v1/organizations/:slug", on(app, get_api_organizations_by_slug)});
  routes.push_back({"POST", "/api/v1/organizations", on(app, post_api_organizations)});
  routes.push_back({"GET", "/api/v1/pages", [&app](Request&) {
    json list = json::array();
    for (const auto& p : app.pages().list()) list.push_back(to_json(p, false));
    return ok({{"pages", list}});
  }});

  routes.push_back({"GET", "/api/v1/pages/:slug", on(app, get_api_pages_by_slug)});
  routes.push_back({"GET", "/api/v1/tokens", on(app, get_api_tokens)});
  routes.push_back({"DELETE", "/api/v1/tokens/:id", on(app, delete_api_tokens_by_id)});
}

std::optional<json> json_body(const Request& req) {
  if (starts_with_ci(req.header("content-type"), "application/json")) {
    auto j = json::parse(req.body, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return std::nullopt;
    return j;
  }
  json j = json::object();
  if (req.form())
    for (const auto& [k, v] : *req.form()) j[k] = v;
  return j;
}

std::string json_string(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

}  // namespace aigc
