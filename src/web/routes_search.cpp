// One search box for everything: the /search page and GET /api/v1/search, both over the
// one index (domain/search), each reader seeing only what they may see.
#include "core/text.hpp"
#include "domain/research/fields.hpp"
#include "domain/search/search_service.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

SearchViewer viewer_of(const Request& req) {
  SearchViewer v;
  if (req.member) {
    v.member_id = req.member->id;
    v.admin = req.member->role == Role::admin;
  }
  return v;
}

Result<SearchRequest> request_of(App& app, const Request& req) {
  SearchRequest s;
  s.q = req.query("q");
  s.kind = req.query("type");
  s.field = req.query("field");
  s.tag = req.query("tag");
  s.lang = req.query("lang");
  s.cursor = req.query("cursor");
  auto limit = app.query_int(req, "limit", 20, 1, SearchService::kMaxLimit);
  if (!limit) return limit.error();
  s.limit = static_cast<int>(limit.value());
  return s;
}

// The page's address with one parameter changed (and the cursor dropped unless set).
std::string search_url(const SearchRequest& s, const std::string& key, const std::string& value) {
  std::vector<std::pair<std::string, std::string>> params = {
      {"q", s.q}, {"type", s.kind}, {"field", s.field}, {"tag", s.tag}, {"lang", s.lang}, {"cursor", ""}};
  std::string url = "/search?";
  bool first = true;
  for (auto& [k, v] : params) {
    const std::string& val = k == key ? value : v;
    if (val.empty()) continue;
    url += (first ? "" : "&") + k + "=" + url_encode(val);
    first = false;
  }
  return url;
}

// GET /search
Response get_search(App& app, Request& req) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "search.title");
  auto s = request_of(app, req);
  if (!s) return app.error(req, s.error());
  v["q"] = s->q;
  v["lang_options"] = json::array({{{"code", ""}, {"name", app.t(req, "search.any_lang")}, {"selected", s->lang.empty()}},
                                   {{"code", "en"}, {"name", "English"}, {"selected", s->lang == "en"}},
                                   {{"code", "zh-CN"}, {"name", "中文"}, {"selected", s->lang == "zh-CN"}}});
  json types = json::array({{{"code", ""}, {"name", app.t(req, "search.any_type")}, {"selected", s->kind.empty()}}});
  for (const auto& k : search_kinds())
    types.push_back({{"code", k}, {"name", app.t(req, "search.types." + k)}, {"selected", s->kind == k}});
  v["type_options"] = types;
  v["field"] = s->field;
  v["tag"] = s->tag;
  if (trim(s->q).empty()) return app.page(req, "search", v);
  auto r = app.search().search(s.value(), viewer_of(req));
  if (!r) return app.form_error(req, "search", v, r.error());
  json results = to_json(r.value(), req.lang);
  for (std::size_t i = 0; i < r->hits.size(); ++i) {
    auto& hit = results["results"][i];
    hit["type_name"] = app.t(req, "search.types." + r->hits[i].kind);
    hit["when"] = app.localized_time(req, r->hits[i].updated_at);
  }
  for (auto& f : results["facets"]["type"]) {
    f["name"] = app.t(req, "search.types." + f["value"].get<std::string>());
    f["url"] = search_url(s.value(), "type", f["value"]);
    f["current"] = f["value"] == s->kind;
  }
  for (auto& f : results["facets"]["lang"]) {
    f["name"] = f["value"] == "zh-CN" ? "中文" : "English";
    f["url"] = search_url(s.value(), "lang", f["value"]);
    f["current"] = f["value"] == s->lang;
  }
  for (auto& f : results["facets"]["field"]) {
    for (const auto& rf : research_fields())
      if (rf.id == f["value"]) f["name"] = req.lang == "zh-CN" ? rf.zh : rf.en;
    f["url"] = search_url(s.value(), "field", f["value"]);
    f["current"] = f["value"] == s->field;
  }
  v["searched"] = true;
  v["results"] = results["results"];
  v["facets"] = results["facets"];
  v["total"] = r->total;
  v["summary"] = app.t(req, "search.summary", {{"count", std::to_string(r->total)}, {"q", s->q}});
  if (r->total > r->ranked) v["capped"] = app.t(req, "search.capped", {{"count", std::to_string(r->ranked)}});
  if (s->kind.size() + s->lang.size() + s->field.size() + s->tag.size() > 0) v["clear_url"] = "/search?q=" + url_encode(s->q);
  if (!r->next_cursor.empty()) v["next_url"] = search_url(s.value(), "cursor", r->next_cursor);
  return app.page(req, "search", v);
}

// GET /api/v1/search
Response get_api_search(App& app, Request& req) {
  auto s = request_of(app, req);
  if (!s) return app.error(req, s.error());
  auto r = app.search().search(s.value(), viewer_of(req));
  if (!r) return app.error(req, r.error());
  json out = to_json(r.value(), req.lang);
  out["query"] = s->q;
  return Response::json(out.dump());
}

}  // namespace

void add_search_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/search", on(app, get_search)});
  routes.push_back({"GET", "/api/v1/search", on(app, get_api_search)});
}

}  // namespace aigc
