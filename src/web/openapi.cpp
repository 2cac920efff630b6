// The OpenAPI 3 description of /api/v1. A test checks that it lists exactly the API
// routes the server registers, so the two cannot drift apart.
#include "web/app.hpp"

namespace aigc {

using nlohmann::json;

namespace {

json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json response(const std::string& description, const json& schema) {
  return {{"description", description}, {"content", {{"application/json", {{"schema", schema}}}}}};
}

json errors() {
  return {{"4XX", response("The request cannot be served; see error.message", ref("Error"))}};
}

json op(const std::string& summary, const json& ok, json params = json::array(), bool auth = false) {
  json o = {{"summary", summary}, {"responses", errors()}};
  o["responses"]["200"] = response("OK", ok);
  if (!params.empty()) o["parameters"] = params;
  if (auth) o["security"] = json::array({{{"bearer", json::array()}}});
  return o;
}

json path_param(const std::string& name) {
  return {{"name", name}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}};
}

json query_param(const std::string& name, const std::string& description) {
  return {{"name", name}, {"in", "query"}, {"required", false}, {"description", description}, {"schema", {{"type", "string"}}}};
}

json list_of(const std::string& field, const std::string& schema) {
  return {{"type", "object"}, {"properties", {{field, {{"type", "array"}, {"items", ref(schema)}}}}}};
}

}  // namespace

json openapi_document() {
  json doc;
  doc["openapi"] = "3.0.3";
  doc["info"] = {{"title", "AIGC Hub API"}, {"version", "1"},
                 {"description", "Members, organizations and pages of the AI Global Community."}};
  doc["components"]["securitySchemes"]["bearer"] = {{"type", "http"}, {"scheme", "bearer"},
                                                    {"description", "A personal API token from /settings/tokens"}};
  auto& s = doc["components"]["schemas"];
  s["Error"] = {{"type", "object"},
                {"properties",
                 {{"error",
                   {{"type", "object"},
                    {"properties",
                     {{"code", {{"type", "string"}}},
                      {"message", {{"type", "string"}}},
                      {"details", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}}}}};
  s["Member"] = {{"type", "object"},
                 {"properties",
                  {{"handle", {{"type", "string"}}}, {"display_name", {{"type", "string"}}},
                   {"country", {{"type", "string"}}}, {"skills", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                   {"role", {{"type", "string"}}}, {"url", {{"type", "string"}}}}}};
  s["Organization"] = {{"type", "object"},
                       {"properties",
                        {{"slug", {{"type", "string"}}}, {"name", {{"type", "string"}}}, {"kind", {{"type", "string"}}},
                         {"country", {{"type", "string"}}}, {"website", {{"type", "string"}}},
                         {"member_count", {{"type", "integer"}}}}}};
  s["PageSummary"] = {{"type", "object"},
                      {"properties",
                       {{"slug", {{"type", "string"}}}, {"title", {{"type", "string"}}}, {"lang", {{"type", "string"}}},
                        {"url", {{"type", "string"}}}}}};
  s["Page"] = {{"type", "object"},
               {"properties",
                {{"slug", {{"type", "string"}}}, {"title", {{"type", "string"}}}, {"lang", {{"type", "string"}}},
                 {"front_matter", {{"type", "object"}}}, {"html", {{"type", "string"}}},
                 {"toc", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  s["Competition"] = {{"type", "object"},
                      {"properties",
                       {{"slug", {{"type", "string"}}}, {"title", {{"type", "string"}}}, {"visibility", {{"type", "string"}}},
                        {"tags", {{"type", "array"}, {"items", {{"type", "string"}}}}},
                        {"phases", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};
  s["Token"] = {{"type", "object"},
                {"properties", {{"id", {{"type", "string"}}}, {"name", {{"type", "string"}}}, {"prefix", {{"type", "string"}}}}}};

  auto& p = doc["paths"];
  p["/api/v1/openapi.json"]["get"] = op("This document", {{"type", "object"}});
  p["/api/v1/me"]["get"] = op("The member the token belongs to", ref("Member"), json::array(), true);
  p["/api/v1/members"]["get"] =
      op("Member directory, newest first, keyset paged", list_of("members", "Member"),
         {query_param("country", "ISO 3166-1 alpha-2"), query_param("organization", "organization slug"),
          query_param("skill", "skill tag"), query_param("after", "next_after from the previous page"),
          query_param("limit", "1-100, default 50")});
  p["/api/v1/members/{handle}"]["get"] = op("One member", ref("Member"), {path_param("handle")});
  p["/api/v1/organizations"]["get"] = op("Partner organizations", list_of("organizations", "Organization"),
                                         {query_param("kind", "company, university, ..."), query_param("country", "ISO code")});
  p["/api/v1/organizations"]["post"] = op("Create an organization (organizers, admins)", ref("Organization"), json::array(), true);
  p["/api/v1/organizations"]["post"]["requestBody"] = {
      {"content", {{"application/json", {{"schema", {{"type", "object"}, {"required", {"name", "kind"}}}}}}}}};
  p["/api/v1/organizations/{slug}"]["get"] = op("One organization", ref("Organization"), {path_param("slug")});
  p["/api/v1/pages"]["get"] = op("Every page: slug, title, language, url", list_of("pages", "PageSummary"));
  p["/api/v1/pages/{slug}"]["get"] = op("One page: front matter, HTML, table of contents", ref("Page"),
                                        {path_param("slug"), query_param("lang", "en or zh-CN")});
  p["/api/v1/competitions"]["get"] = op("Competitions: published ones, plus your own drafts as an organizer", list_of("competitions", "Competition"));
  p["/api/v1/competitions/{slug}"]["get"] = op("One competition with its phases", ref("Competition"), {path_param("slug")});
  p["/api/v1/competitions/{slug}/files"]["post"] = op("Upload a public file or a phase's hidden truth (organizer): multipart fields file, kind, phase",
                                                       {{"type", "object"}}, {path_param("slug")}, true);
  p["/api/v1/tokens"]["get"] = op("Your API tokens", list_of("tokens", "Token"), json::array(), true);
  p["/api/v1/tokens/{id}"]["delete"] = op("Revoke a token", {{"type", "object"}}, {path_param("id")}, true);
  return doc;
}

}  // namespace aigc
