// Competitions in the browser and the API: the list (published ones, plus an organizer's
// own drafts), a competition's page with its phases, and the organizer's forms.
#include <ctime>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "scoring/registry.hpp"
#include "web/app.hpp"
#include "web/competition_view.hpp"
#include "web/multipart.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

// "2026-12-01T08:00" (an HTML datetime-local value, read as UTC) to seconds; -1 if malformed.
// Phase times are typed in the zone the form names: the one it was shown in (sent back in
// a hidden field, so a changed profile between showing and saving changes nothing), else the
// viewer's. -1 (refused by the service with a clear message) for what is not a time.
std::int64_t form_time(const Request& req, const std::string& field) {
  auto zone = req.field("time_zone");
  if (zone.empty() || !is_known_time_zone(zone)) zone = req.time_zone;
  return parse_local_time(req.field(field), zone).value_or(-1);
}

CompetitionInput competition_input(const Request& req) {
  CompetitionInput in;
  in.slug = req.field("slug");
  in.title_en = req.field("title_en");
  in.title_zh = req.field("title_zh");
  in.description_en = req.field("description_en");
  in.description_zh = req.field("description_zh");
  in.rules_md = req.field("rules_md");
  in.prizes_md = req.field("prizes_md");
  in.rules_zh = req.field("rules_zh");
  in.prizes_zh = req.field("prizes_zh");
  in.tags = req.field("tags");
  in.cover = req.field("cover");
  in.visibility = req.field("visibility").empty() ? "draft" : req.field("visibility");
  return in;
}

json visibility_options(App& app, const Request& req, const std::string& selected) {
  json out = json::array();
  for (const char* v : {"draft", "published", "archived"})
    out.push_back({{"code", v}, {"name", app.t(req, std::string("competitions.visibility.") + v)}, {"selected", selected == v}});
  return out;
}

json metric_options(const std::string& selected) {
  json out = json::array();
  for (const auto& m : scoring::all_metrics()) out.push_back({{"code", m.name}, {"selected", m.name == selected}});
  out.push_back({{"code", kCustomMetric}, {"selected", selected == kCustomMetric}});
  return out;
}

Response competition_form(App& app, const Request& req, json values, bool is_new, const Error* error) {
  json v = app.base_view(req, "competitions");
  v["title"] = app.t(req, is_new ? "competitions.new" : "competitions.edit");
  v["values"] = values;
  v["is_new"] = is_new;
  v["action"] = is_new ? std::string("/competitions") : "/competitions/" + values.value("slug", "");
  v["visibilities"] = visibility_options(app, req, values.value("visibility", "draft"));
  if (error) return app.form_error(req, "competition_form", v, *error);
  return app.page(req, "competition_form", v);
}

json values_of(const Request& req) {
  return {{"slug", req.field("slug")}, {"title_en", req.field("title_en")}, {"title_zh", req.field("title_zh")},
          {"description_en", req.field("description_en")}, {"description_zh", req.field("description_zh")},
          {"rules_md", req.field("rules_md")}, {"prizes_md", req.field("prizes_md")},
          {"rules_zh", req.field("rules_zh")}, {"prizes_zh", req.field("prizes_zh")}, {"tags", req.field("tags")},
          {"cover", req.field("cover")}, {"visibility", req.field("visibility")}};
}

Response competition_page(App& app, const Request& req, const Competition& c, json phase_values, const Error* error) {
  json v = competition_view(app, req, c, "overview");
  auto now = now_utc();
  if (req.member) {
    auto p = app.teams().participation(*req.member, c.slug);
    v["joined"] = p && p->joined;
  }
  json public_files = json::array(), truth_files = json::array();
  for (const auto& f : c.files) {
    json j = {{"name", f.name}, {"phase", f.phase_name}, {"size", f.size}, {"sha256", f.blob.substr(0, 12)}};
    j["kind"] = f.kind;
    (f.kind == "public" ? public_files : truth_files).push_back(j);
  }
  v["public_files"] = public_files;
  json related = json::array();
  for (const auto& p : app.papers().linked_to("competition", c.id)) related.push_back(to_json(p, req.lang));
  v["related_papers"] = related;
  if (v["can_edit"].get<bool>()) v["truth_files"] = truth_files;  // names only, and only for the organizer
  json phase_names = json::array();
  for (const auto& p : c.phases) phase_names.push_back(p.name);
  v["phase_names"] = phase_names;
  // ?edit_phase=NAME fills the form with that phase as it is, so saving it changes only what was changed.
  const auto edit = req.query("edit_phase");
  auto edited = std::find_if(c.phases.begin(), c.phases.end(), [&](const Phase& p) { return p.name == edit; });
  if (phase_values.is_null() && edited != c.phases.end()) {
    const Phase& p = *edited;
    phase_values = {{"name", p.name}, {"starts_at", local_input_time(p.starts_at, req.time_zone)}, {"ends_at", local_input_time(p.ends_at, req.time_zone)},
                    {"metric", p.metric}, {"params", p.params_json}, {"public_fraction", json(p.public_fraction).dump()},
                    {"split_seed", std::to_string(p.split_seed)}, {"daily_limit", std::to_string(p.daily_limit)},
                    {"total_limit", std::to_string(p.total_limit)}, {"max_team_size", std::to_string(p.max_team_size)},
                    {"final_selections", std::to_string(p.final_selections)},
                    {"description_en", p.description_en}, {"description_zh", p.description_zh}};
  }
  if (phase_values.is_null())
    phase_values = {{"starts_at", local_input_time(now, req.time_zone)}, {"ends_at", local_input_time(now + 30 * 86400, req.time_zone)}, {"public_fraction", "0.3"},
                    {"daily_limit", "5"}, {"total_limit", "0"}, {"max_team_size", "5"}, {"final_selections", "2"},
                    {"params", "{}"}, {"split_seed", "0"}};
  auto name = phase_values.value("name", std::string());
  phase_values["editing"] = std::any_of(c.phases.begin(), c.phases.end(), [&](const Phase& p) { return p.name == name; });
  v["phase_values"] = phase_values;
  v["form_time_zone"] = req.time_zone;
  v["metrics"] = metric_options(phase_values.value("metric", "accuracy"));
  if (error) return app.form_error(req, "competition", v, *error);
  return app.page(req, "competition", v);
}

}  // namespace

namespace {

// GET /competitions
Response get_competitions(App& app, Request& req) {
  json v = app.base_view(req, "competitions");
  v["area"] = app.catalogs().tree(req.lang)["areas"]["competitions"];
  v["title"] = v["area"]["title"];
  json list = json::array();
  auto now = now_utc();
  for (const auto& c : app.competitions().list(req.member ? &*req.member : nullptr)) {
    auto j = to_json(c, req.lang, now);
    j["visibility_name"] = app.t(req, "competitions.visibility." + c.visibility);
    j["is_draft"] = c.visibility == "draft";
    list.push_back(j);
  }
  v["competitions"] = list;
  v["can_create"] = req.member && at_least(req.member->role, Role::organizer);
  return app.page(req, "competitions", v);
}

// GET /competitions/new
Response get_competitions_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  if (!at_least(req.member->role, Role::organizer))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only organizers and admins host competitions"));
  return competition_form(app, req, {{"visibility", "draft"}}, true, nullptr);
}

// POST /competitions
Response post_competitions(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto c = app.competitions().create(*req.member, competition_input(req));
  if (!c) {
    if (c.error().code == ErrorCode::forbidden) return app.error(req, c.error());
    return competition_form(app, req, values_of(req), true, &c.error());
  }
  return Response::redirect("/competitions/" + c->slug);
}

// GET /competitions/:slug
Response get_competitions_by_slug(App& app, Request& req) {
  auto c = app.competitions().get(req.member ? &*req.member : nullptr, req.params["slug"]);
  if (!c) return app.error(req, c.error());
  auto res = competition_page(app, req, c.value(), nullptr, nullptr);
  res.cache_scopes.push_back(competition_scope(c->id));
  return res;
}

// GET /competitions/:slug/edit
Response get_competitions_by_slug_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto c = app.competitions().get(&*req.member, req.params["slug"]);
  if (!c) return app.error(req, c.error());
  if (!CompetitionService::can_edit(&*req.member, c.value()))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only its organizer and admins edit a competition"));
  std::string tags;
  for (const auto& t : c->tags) tags += (tags.empty() ? "" : ", ") + t;
  return competition_form(app, req,
                          {{"slug", c->slug}, {"title_en", c->title_en}, {"title_zh", c->title_zh},
                           {"description_en", c->description_en}, {"description_zh", c->description_zh},
                           {"rules_md", c->rules_md}, {"prizes_md", c->prizes_md},
                           {"rules_zh", c->rules_zh}, {"prizes_zh", c->prizes_zh}, {"tags", tags}, {"cover", c->cover},
                           {"visibility", c->visibility}},
                          false, nullptr);
}

// POST /competitions/:slug
Response post_competitions_by_slug(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto c = app.competitions().update(*req.member, req.params["slug"], competition_input(req));
  if (!c) {
    if (c.error().code == ErrorCode::forbidden || c.error().code == ErrorCode::not_found) return app.error(req, c.error());
    auto values = values_of(req);
    values["slug"] = req.params["slug"];
    return competition_form(app, req, values, false, &c.error());
  }
  return Response::redirect("/competitions/" + c->slug);
}

// POST /competitions/:slug/phases
Response post_competitions_by_slug_phases(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  PhaseInput in;
  in.name = req.field("name");
  in.starts_at = form_time(req, "starts_at");
  in.ends_at = form_time(req, "ends_at");
  in.metric = req.field("metric");
  in.params_json = req.field("params");
  double fraction = -1, seed = 0, daily = -1, total = -1, team = 0, finals = 2;
  auto number = [](const std::string& s, double& out) { return !s.empty() && scoring::parse_number(s, out); };
  number(req.field("public_fraction"), fraction);
  number(req.field("split_seed"), seed);
  number(req.field("daily_limit"), daily);
  number(req.field("total_limit"), total);
  number(req.field("max_team_size"), team);
  if (!req.field("final_selections").empty() && !number(req.field("final_selections"), finals)) finals = 0;
  in.public_fraction = fraction;
  in.split_seed = static_cast<std::int64_t>(seed);
  in.daily_limit = static_cast<int>(daily);
  in.total_limit = static_cast<int>(total);
  in.max_team_size = static_cast<int>(team);
  in.final_selections = static_cast<int>(finals);
  in.confirm_rescore = req.field("confirm_rescore") == "1";
  in.description_en = req.field("description_en");
  in.description_zh = req.field("description_zh");
  auto c = app.competitions().save_phase(*req.member, req.params["slug"], in);
  if (!c) {
    if (c.error().code == ErrorCode::forbidden || c.error().code == ErrorCode::not_found) return app.error(req, c.error());
    auto current = app.competitions().get(&*req.member, req.params["slug"]);
    if (!current) return app.error(req, current.error());
    json values = {{"name", in.name}, {"starts_at", req.field("starts_at")}, {"ends_at", req.field("ends_at")},
                   {"metric", in.metric}, {"params", in.params_json}, {"public_fraction", req.field("public_fraction")},
                   {"split_seed", req.field("split_seed")}, {"daily_limit", req.field("daily_limit")},
                   {"total_limit", req.field("total_limit")}, {"max_team_size", req.field("max_team_size")},
                   {"final_selections", req.field("final_selections")},
                   {"description_en", in.description_en}, {"description_zh", in.description_zh}};
    return competition_page(app, req, current.value(), values, &c.error());
  }
  return Response::redirect("/competitions/" + c->slug + "#phases");
}

// GET /competitions/:slug/files/:name
Response get_competitions_by_slug_files_by_name(App& app, Request& req) {
  auto bytes = app.competitions().public_file(req.member ? &*req.member : nullptr, req.params["slug"], req.params["name"]);
  if (!bytes) return app.error(req, bytes.error());
  auto res = Response::text(std::move(bytes.value()), 200, "application/octet-stream");
  res.header("Content-Disposition", content_disposition(req.params["name"]));
  return res;
}

// GET /api/v1/competitions
Response get_api_competitions(App& app, Request& req) {
  json list = json::array();
  auto now = now_utc();
  for (const auto& c : app.competitions().list(req.member ? &*req.member : nullptr)) list.push_back(to_json(c, req.lang, now));
  return Response::json(json{{"competitions", list}}.dump());
}

// GET /api/v1/competitions/:slug
Response get_api_competitions_by_slug(App& app, Request& req) {
  auto c = app.competitions().get(req.member ? &*req.member : nullptr, req.params["slug"]);
  if (!c) return app.error(req, c.error());
  auto res = Response::json(to_json(c.value(), req.lang, now_utc()).dump());
  res.cache_scopes.push_back(competition_scope(c->id));
  return res;
}

}  // namespace

namespace {

// One handler for the browser form and the API (Bearer token; JSON answer).
Response upload_competition_file(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto parts = parse_multipart(req.header("content-type"), req.body);
  if (!parts) return app.error(req, Error::bad_request("error.bad_form", "send the file as multipart/form-data"));
  const auto* file = find_part(*parts, "file");
  const auto* kind = find_part(*parts, "kind");
  const auto* phase = find_part(*parts, "phase");
  if (!file || !kind)
    return app.error(req, Error::bad_request("error.bad_form", "the upload needs a 'file' and a 'kind' (public or truth)"));
  auto name = trim(file->filename);
  auto slash = name.find_last_of("/\\");
  if (slash != std::string::npos) name = name.substr(slash + 1);  // some browsers send a path
  auto f = app.competitions().add_file(*req.member, req.params["slug"], std::string(kind->data),
                                       phase ? std::string(phase->data) : std::string(), name, file->data);
  if (!f) return app.error(req, f.error());
  if (req.is_api()) return Response::json(json{{"name", f->name}, {"kind", f->kind}, {"size", f->size}, {"sha256", f->blob}}.dump(), 201);
  return Response::redirect("/competitions/" + req.params["slug"] + "#data");
}

// The cover: an uploaded picture, re-encoded into the media library (or `remove`).
Response set_competition_cover(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto parts = parse_multipart(req.header("content-type"), req.body);
  if (!parts) return app.error(req, Error::bad_request("error.bad_form", "send the picture as multipart/form-data"));
  const auto* file = find_part(*parts, "cover");
  const auto* remove = find_part(*parts, "remove");
  if (!remove && (!file || file->data.empty()))
    return app.error(req, Error::bad_request("error.bad_form", "the upload needs a 'cover' field with a PNG or JPEG picture"));
  auto current = app.competitions().get(&*req.member, req.params["slug"]);
  if (!current) return app.error(req, current.error());
  if (!CompetitionService::can_edit(&*req.member, current.value()))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only its organizer and admins edit a competition"));
  Result<std::string> url = std::string();
  if (!remove) url = app.media().add_picture(file->data, "cover");
  if (!url) return req.is_api() ? app.error(req, url.error()) : competition_page(app, req, current.value(), nullptr, &url.error());
  auto c = app.competitions().set_cover(*req.member, req.params["slug"], url.value());
  if (!c) return app.error(req, c.error());
  if (req.is_api()) return Response::json(json{{"cover", c->cover}}.dump());
  return Response::redirect("/competitions/" + c->slug);
}

}  // namespace

void add_competition_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/competitions", on(app, get_competitions), {"competitions", "members", "organizations", "phases", "team_members", "teams"}));
  routes.push_back({"GET", "/competitions/new", on(app, get_competitions_new)});
  routes.push_back({"POST", "/competitions", on(app, post_competitions)});
  routes.push_back(cached_get("/competitions/:slug", on(app, get_competitions_by_slug), {"competition_files", "members", "organizations", "paper_links", "papers", "posts", "team_members", "teams", "topics"}));
  routes.push_back({"GET", "/competitions/:slug/edit", on(app, get_competitions_by_slug_edit)});
  routes.push_back({"POST", "/competitions/:slug", on(app, post_competitions_by_slug)});
  routes.push_back({"POST", "/competitions/:slug/phases", on(app, post_competitions_by_slug_phases)});
  routes.push_back({"POST", "/competitions/:slug/files", on(app, upload_competition_file), app.config().max_body_bytes});
  routes.push_back({"POST", "/competitions/:slug/cover", on(app, set_competition_cover), app.config().max_body_bytes});
  routes.push_back({"POST", "/api/v1/competitions/:slug/cover", on(app, set_competition_cover), app.config().max_body_bytes});
  routes.push_back({"POST", "/api/v1/competitions/:slug/files", on(app, upload_competition_file), app.config().max_body_bytes});
  routes.push_back({"GET", "/competitions/:slug/files/:name", on(app, get_competitions_by_slug_files_by_name)});
  routes.push_back(cached_get("/api/v1/competitions", on(app, get_api_competitions), {"competitions", "members", "organizations", "phases", "team_members", "teams"}));
  routes.push_back(cached_get("/api/v1/competitions/:slug", on(app, get_api_competitions_by_slug), {"teams", "team_members", "members", "organizations"}));
}

}  // namespace aigc
