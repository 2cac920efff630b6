// Learning paths in the browser and the API: the list, a path with the member's progress,
// enrolling, marking a page or paper read, the organizer's form, certificates anyone can
// verify, and whether a competition is a playground (the steps' competitions).
#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "domain/talent/learning_service.hpp"
#include "domain/talent/talent_service.hpp"
#include "web/app.hpp"
#include "web/serializers.hpp"
#include "web/talent_web.hpp"

namespace aigc {

using nlohmann::json;

namespace {

std::string pick(const Request& req, const std::string& en, const std::string& zh) {
  if (req.lang == "zh-CN") return zh.empty() ? en : zh;
  return en.empty() ? zh : en;
}

std::string other(const Request& req, const std::string& en, const std::string& zh) {
  auto shown = pick(req, en, zh);
  auto rest = req.lang == "zh-CN" ? en : zh;
  return rest == shown ? "" : rest;
}

std::string step_url(const LearningStep& s) {
  if (s.kind == "page") return "/pages/" + url_encode(s.target);
  if (s.kind == "paper") return "/research/papers/" + s.target;
  return "/competitions/" + url_encode(s.target);
}

int passed_count(const LearningPath& p) {
  int n = 0;
  for (const auto& s : p.steps) n += s.passed_at ? 1 : 0;
  return n;
}

json path_view(App& app, const Request& req, const LearningPath& p) {
  const int passed = passed_count(p), total = static_cast<int>(p.steps.size());
  json steps = json::array();
  for (const auto& s : p.steps) {
    json j = {{"position", s.position},
              {"kind", s.kind},
              {"kind_name", app.t(req, "learning.kinds." + s.kind)},
              {"title", pick(req, s.title_en, s.title_zh).empty() ? s.target_title : pick(req, s.title_en, s.title_zh)},
              {"target_title", s.target_title},
              {"url", step_url(s)},
              {"passed", s.passed_at != 0},
              {"readable", s.kind != "competition" && p.enrolled_at && !s.passed_at}};
    if (s.kind == "competition")
      j["condition"] = app.t(req, s.higher_is_better ? "learning.reach_at_least" : "learning.reach_at_most",
                             {{"score", score_text(s.target_score)}, {"phase", s.phase}});
    if (s.passed_at)
      j["passed_text"] = s.evidence == "read" ? app.t(req, "learning.read_on", {{"when", format_date(s.passed_at, req.lang, req.time_zone)}})
                                              : app.t(req, "learning.scored_on", {{"score", s.evidence}, {"when", format_date(s.passed_at, req.lang, req.time_zone)}});
    steps.push_back(j);
  }
  json v = {{"slug", p.slug},
            {"title", pick(req, p.title_en, p.title_zh)},
            {"other_title", other(req, p.title_en, p.title_zh)},
            {"summary_html", render_markdown(pick(req, p.summary_en, p.summary_zh)).html},
            {"organizer", p.organizer_handle},
            {"published", p.published},
            {"steps", steps},
            {"step_count", app.t(req, "learning.step_count", {{"count", std::to_string(total)}})},
            {"enrolled_count", app.t(req, "learning.enrolled_count", {{"count", std::to_string(p.enrolled)}, {"done", std::to_string(p.completed)}})},
            {"enrolled", p.enrolled_at != 0},
            {"completed", p.completed_at != 0},
            {"percent", total ? passed * 100 / total : 0},
            {"progress", app.t(req, "learning.progress", {{"passed", std::to_string(passed)}, {"total", std::to_string(total)}})}};
  if (!p.certificate.empty()) v["certificate_url"] = "/certificates/" + p.certificate;
  return v;
}

json path_api(const LearningPath& p) {
  json steps = json::array();
  for (const auto& s : p.steps) {
    json j = {{"position", s.position}, {"kind", s.kind}, {"target", s.target}, {"title_en", s.title_en}, {"title_zh", s.title_zh},
              {"url", step_url(s)}, {"passed_at", s.passed_at ? json(iso8601_utc(s.passed_at)) : json(nullptr)}};
    if (s.kind == "competition") {
      j["phase"] = s.phase;
      j["target_score"] = s.target_score;
      j["higher_is_better"] = s.higher_is_better;
    }
    if (!s.evidence.empty()) j["evidence"] = s.evidence;
    steps.push_back(j);
  }
  json out = {{"slug", p.slug}, {"title_en", p.title_en}, {"title_zh", p.title_zh}, {"summary_en", p.summary_en}, {"summary_zh", p.summary_zh},
              {"organizer", p.organizer_handle}, {"published", p.published}, {"enrolled_members", p.enrolled},
              {"completed_members", p.completed}, {"steps", steps}};
  if (p.enrolled_at) {
    json me = {{"enrolled_at", iso8601_utc(p.enrolled_at)}, {"passed", passed_count(p)},
               {"completed_at", p.completed_at ? json(iso8601_utc(p.completed_at)) : json(nullptr)}};
    if (!p.certificate.empty()) me["certificate"] = "/certificates/" + p.certificate;
    out["progress"] = me;
  }
  return out;
}

LearningPathInput form_input(const Request& req, std::vector<Problem>& problems) {
  LearningPathInput in;
  in.slug = req.field("slug");
  in.title_en = req.field("title_en");
  in.title_zh = req.field("title_zh");
  in.summary_en = req.field("summary_en");
  in.summary_zh = req.field("summary_zh");
  in.published = req.field("published") == "1";
  auto steps = LearningService::parse_steps(req.field("steps"));
  if (steps) in.steps = std::move(steps.value());
  else problems = steps.error().problems;
  return in;
}

Result<LearningPathInput> json_input(const json& body) {
  LearningPathInput in;
  auto str = [&](const json& j, const char* k) { return j.contains(k) && j[k].is_string() ? j[k].get<std::string>() : std::string(); };
  in.slug = str(body, "slug");
  in.title_en = str(body, "title_en");
  in.title_zh = str(body, "title_zh");
  in.summary_en = str(body, "summary_en");
  in.summary_zh = str(body, "summary_zh");
  in.published = body.value("published", false);
  if (!body.contains("steps") || !body["steps"].is_array())
    return Error::invalid("error.fix_fields", "please fix the marked fields", {{"steps", "error.learning_no_steps", "steps must be a list"}});
  for (const auto& s : body["steps"]) {
    if (!s.is_object())
      return Error::invalid("error.fix_fields", "please fix the marked fields", {{"steps", "error.learning_step", "each step is an object"}});
    LearningStepInput step;
    step.kind = str(s, "kind");
    step.target = s.contains("target") && s["target"].is_number_integer() ? std::to_string(s["target"].get<long long>()) : str(s, "target");
    step.phase = str(s, "phase");
    if (s.contains("target_score") && !s["target_score"].is_number())
      return Error::invalid("error.fix_fields", "please fix the marked fields", {{"steps", "error.learning_step", "target_score is a number"}});
    step.target_score = s.value("target_score", 0.0);
    step.title_en = str(s, "title_en");
    step.title_zh = str(s, "title_zh");
    in.steps.push_back(std::move(step));
  }
  return in;
}

Response path_form(App& app, Request& req, const json& values, bool is_new, const Error* error) {
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "learning");
  v["title"] = app.t(req, is_new ? "learning.new" : "learning.edit");
  v["values"] = values;
  v["is_new"] = is_new;
  v["action"] = is_new ? std::string("/learn") : "/learn/" + values.value("slug", "") + "/edit";
  if (error) return app.form_error(req, "learning_path_form", v, *error);
  return app.page(req, "learning_path_form", v);
}

json form_values(const Request& req) {
  return {{"slug", req.field("slug")}, {"title_en", req.field("title_en")}, {"title_zh", req.field("title_zh")},
          {"summary_en", req.field("summary_en")}, {"summary_zh", req.field("summary_zh")}, {"steps", req.field("steps")},
          {"published", req.field("published") == "1"}};
}

// GET /learn
Response get_learn(App& app, Request& req) {
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "learning");
  v["title"] = app.t(req, "learning.title");
  const Member* me = req.member ? &*req.member : nullptr;
  json paths = json::array();
  for (const auto& p : LearningService(app.db()).list(me)) paths.push_back(path_view(app, req, p));
  v["paths"] = paths;
  v["can_create"] = me && at_least(me->role, Role::organizer);
  return app.page(req, "learning_paths", v);
}

// GET /learn/new
Response get_learn_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  if (!at_least(req.member->role, Role::organizer))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.organizers_only", "only organizers and admins build learning paths"));
  return path_form(app, req, {{"published", true}}, true, nullptr);
}

// POST /learn
Response post_learn(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::vector<Problem> problems;
  auto in = form_input(req, problems);
  if (!problems.empty()) {
    Error e = Error::invalid("error.fix_fields", "please fix the marked fields", problems);
    return path_form(app, req, form_values(req), true, &e);
  }
  auto p = LearningService(app.db()).save(*req.member, "", in, now_utc());
  if (!p) return p.error().code == ErrorCode::forbidden ? app.error(req, p.error()) : path_form(app, req, form_values(req), true, &p.error());
  return Response::redirect("/learn/" + p->slug);
}

// GET /learn/:slug
Response get_learn_by_slug(App& app, Request& req) {
  LearningService learning(app.db());
  const Member* me = req.member ? &*req.member : nullptr;
  auto p = learning.get(me, req.params["slug"], now_utc());
  if (!p) return app.error(req, p.error());
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "learning");
  v["lp"] = path_view(app, req, p.value());
  v["title"] = v["lp"]["title"];
  v["can_edit"] = learning.can_edit(me, p.value());
  return app.page(req, "learning_path", v);
}

// GET /learn/:slug/edit
Response get_learn_by_slug_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  LearningService learning(app.db());
  auto p = learning.get(&*req.member, req.params["slug"], now_utc());
  if (!p) return app.error(req, p.error());
  if (!learning.can_edit(&*req.member, p.value()))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only the path's organizer and admins edit it"));
  return path_form(app, req,
                   {{"slug", p->slug}, {"title_en", p->title_en}, {"title_zh", p->title_zh}, {"summary_en", p->summary_en},
                    {"summary_zh", p->summary_zh}, {"steps", LearningService::format_steps(p->steps)}, {"published", p->published}},
                   false, nullptr);
}

// POST /learn/:slug/edit
Response post_learn_by_slug_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::vector<Problem> problems;
  auto in = form_input(req, problems);
  json values = form_values(req);
  values["slug"] = req.params["slug"];
  if (!problems.empty()) {
    Error e = Error::invalid("error.fix_fields", "please fix the marked fields", problems);
    return path_form(app, req, values, false, &e);
  }
  auto p = LearningService(app.db()).save(*req.member, req.params["slug"], in, now_utc());
  if (!p) return p.error().code == ErrorCode::invalid_input ? path_form(app, req, values, false, &p.error()) : app.error(req, p.error());
  return Response::redirect("/learn/" + p->slug);
}

// POST /learn/:slug/enrol (and the API's)
Response post_learn_by_slug_enrol(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto p = LearningService(app.db()).enrol(*req.member, req.params["slug"], now_utc());
  if (!p) return app.error(req, p.error());
  if (req.is_api()) return Response::json(path_api(p.value()).dump());
  return Response::redirect("/learn/" + p->slug);
}

// POST /learn/:slug/steps/:n/read (and the API's)
Response post_learn_by_slug_steps_by_n_read(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::int64_t n = 0;
  if (!parse_int(req.params["n"], n) || n < 1 || n > 1000)
    return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no step " + req.params["n"]));
  auto p = LearningService(app.db()).mark_read(*req.member, req.params["slug"], static_cast<int>(n), now_utc());
  if (!p) return app.error(req, p.error());
  if (req.is_api()) return Response::json(path_api(p.value()).dump());
  return Response::redirect("/learn/" + p->slug + "#step-" + std::to_string(n));
}

// GET /certificates/:code: anyone can check a certificate by its code.
Response get_certificates_by_code(App& app, Request& req) {
  auto c = LearningService(app.db()).certificate(req.params["code"]);
  if (!c) return app.error(req, c.error());
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "learning");
  v["title"] = app.t(req, "learning.certificate");
  v["name"] = c->display_name;
  v["handle"] = c->handle;
  v["path_title"] = pick(req, c->path_title_en, c->path_title_zh);
  v["path_other_title"] = other(req, c->path_title_en, c->path_title_zh);
  v["path_url"] = "/learn/" + c->path_slug;
  v["steps"] = app.t(req, "learning.step_count", {{"count", std::to_string(c->steps)}});
  v["completed"] = format_date(c->completed_at, req.lang, req.time_zone);
  v["verify_url"] = app.config().public_url + "/certificates/" + c->code;
  return app.page(req, "learning_certificate", v);
}

// GET /api/v1/certificates/:code
Response get_api_certificates_by_code(App& app, Request& req) {
  auto c = LearningService(app.db()).certificate(req.params["code"]);
  if (!c) return app.error(req, c.error());
  return Response::json(json({{"code", c->code}, {"valid", true}, {"handle", c->handle}, {"display_name", c->display_name},
                              {"path", c->path_slug}, {"title_en", c->path_title_en}, {"title_zh", c->path_title_zh},
                              {"steps", c->steps}, {"enrolled_at", iso8601_utc(c->enrolled_at)}, {"completed_at", iso8601_utc(c->completed_at)}})
                            .dump());
}

// GET /api/v1/learning-paths
Response get_api_learning_paths(App& app, Request& req) {
  json out = json::array();
  for (const auto& p : LearningService(app.db()).list(req.member ? &*req.member : nullptr)) out.push_back(path_api(p));
  return Response::json(json({{"paths", out}}).dump());
}

// GET /api/v1/learning-paths/:slug
Response get_api_learning_paths_by_slug(App& app, Request& req) {
  auto p = LearningService(app.db()).get(req.member ? &*req.member : nullptr, req.params["slug"], now_utc());
  if (!p) return app.error(req, p.error());
  return Response::json(path_api(p.value()).dump());
}

// POST /api/v1/learning-paths and PUT /api/v1/learning-paths/:slug
Response save_api_learning_path(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
  auto in = json_input(*body);
  if (!in) return app.error(req, in.error());
  const bool is_new = req.method == "POST";
  auto p = LearningService(app.db()).save(*req.member, is_new ? "" : req.params["slug"], in.value(), now_utc());
  if (!p) return app.error(req, p.error());
  return Response::json(path_api(p.value()).dump(), is_new ? 201 : 200);
}

// POST /competitions/:slug/playground (its organizer or an admin)
Response post_competitions_by_slug_playground(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto r = TalentService(app.db()).set_playground(*req.member, req.params["slug"], req.field("playground") == "1");
  if (!r) return app.error(req, r.error());
  if (req.is_api()) return Response::json("{\"ok\":true}");
  return Response::redirect("/competitions/" + req.params["slug"] + "/host");
}

}  // namespace

void add_learning_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/learn", on(app, get_learn), {"learning_paths", "learning_steps", "learning_enrolments", "learning_passes", "pages", "papers", "competitions", "members", "organizations"}));
  routes.push_back({"GET", "/learn/new", on(app, get_learn_new)});
  routes.push_back({"POST", "/learn", on(app, post_learn)});
  routes.push_back(cached_get("/learn/:slug", on(app, get_learn_by_slug), {"learning_paths", "learning_steps", "learning_enrolments", "learning_passes", "pages", "papers", "competitions", "members", "organizations"}));
  routes.push_back({"GET", "/learn/:slug/edit", on(app, get_learn_by_slug_edit)});
  routes.push_back({"POST", "/learn/:slug/edit", on(app, post_learn_by_slug_edit)});
  routes.push_back({"POST", "/learn/:slug/enrol", on(app, post_learn_by_slug_enrol)});
  routes.push_back({"POST", "/learn/:slug/steps/:n/read", on(app, post_learn_by_slug_steps_by_n_read)});
  routes.push_back({"GET", "/certificates/:code", on(app, get_certificates_by_code)});
  routes.push_back({"GET", "/api/v1/certificates/:code", on(app, get_api_certificates_by_code)});
  routes.push_back({"GET", "/api/v1/learning-paths", on(app, get_api_learning_paths)});
  routes.push_back({"POST", "/api/v1/learning-paths", on(app, save_api_learning_path)});
  routes.push_back({"GET", "/api/v1/learning-paths/:slug", on(app, get_api_learning_paths_by_slug)});
  routes.push_back({"PUT", "/api/v1/learning-paths/:slug", on(app, save_api_learning_path)});
  routes.push_back({"POST", "/api/v1/learning-paths/:slug/enrol", on(app, post_learn_by_slug_enrol)});
  routes.push_back({"POST", "/api/v1/learning-paths/:slug/steps/:n/read", on(app, post_learn_by_slug_steps_by_n_read)});
  routes.push_back({"POST", "/competitions/:slug/playground", on(app, post_competitions_by_slug_playground)});
}

}  // namespace aigc
