// Hosting a competition: the organizer's dashboard for a phase (entries by state and day,
// failures, what the workers say of custom scorers), the baseline, re-scoring, the reveal
// of the private board, and the export of every submission.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/talent/talent_service.hpp"
#include "web/app.hpp"
#include "web/charts.hpp"
#include "web/competition_view.hpp"
#include "web/multipart.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

Response host_page(App& app, Request& req, const Error* error) {
  auto c = app.competitions().get(&*req.member, req.params["slug"]);
  if (!c) return app.error(req, c.error());
  if (!CompetitionService::can_edit(&*req.member, c.value()))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.forbidden", "only the competition's organizer and admins host it"));
  auto phase = req.query("phase").empty() ? req.field("phase") : req.query("phase");
  json v = competition_view(app, req, c.value(), "host", phase);
  if (v.contains("phase")) {
    std::string phase_name = v["phase"]["name"];
    auto d = app.submissions().dashboard(*req.member, c->slug, phase_name);
    if (!d) return app.error(req, d.error());
    const auto& [stats, failures] = d.value();
    v["stats"] = {{"queued", stats.queued}, {"scoring", stats.scoring}, {"scored", stats.scored}, {"failed", stats.failed}};
    ChartSeries per_day{app.t(req, "host.per_day"), {}, false, "mine"};
    for (const auto& [day, n] : stats.per_day) per_day.points.push_back({day, static_cast<double>(n)});
    v["chart"] = svg_chart(app.t(req, "host.per_day"), {per_day});
    json fails = json::array();
    for (const auto& s : failures)
      fails.push_back({{"id", s.id}, {"team", s.team_name}, {"error", s.error}, {"created", app.localized_time(req, s.created_at)}});
    v["failures"] = fails;
    v["team_count"] = app.teams().team_count(c->slug);
    if (v["phase"]["metric"] == kCustomMetric) {
      // What the workers say they can do: they may run on other machines than this server.
      auto hosts = app.scorer_hosts().current(now_utc());
      if (hosts.empty()) {
        v["sandbox_problem"] = app.t(req, "host.no_scorer_host", {{"minutes", std::to_string(ScorerHosts::kFreshSeconds / 60)}});
      } else if (!hosts.front().sandbox_problem.empty()) {
        v["sandbox_problem"] = hosts.front().sandbox_problem;
      } else {
        const auto& h = hosts.front();
        v["sandbox_limits"] = app.t(req, "host.sandbox_limits",
                                    {{"cpu", std::to_string(h.cpu_seconds)}, {"memory", std::to_string(h.memory_mb)},
                                     {"processes", std::to_string(h.processes)}, {"tmp", std::to_string(h.tmp_mb)},
                                     {"wall", std::to_string(h.wall_seconds)},
                                     {"enforcement", app.t(req, h.enforcement.rfind("cgroup", 0) == 0 ? "host.enforced_by_cgroup" : "host.enforced_by_watchdog",
                                                           {{"kind", h.enforcement}})}});
      }
    }
    std::string q = "?phase=" + url_encode(phase_name);
    v["exports"] = {{"public", "/competitions/" + c->slug + "/leaderboard.csv" + q + "&board=public"},
                    {"private", "/competitions/" + c->slug + "/leaderboard.csv" + q + "&board=private"},
                    {"submissions", "/competitions/" + c->slug + "/submissions.csv" + q}};
  }
  v["medals"] = {{"eligible", TalentService(app.db()).medal_eligible(c->slug)}, {"can_change", req.member->role == Role::admin && !c->playground}};
  v["playground"] = {{"on", c->playground}, {"can_change", req.member->role == Role::admin || req.member->id == c->organizer_id}};
  if (error) return app.form_error(req, "host", v, *error);
  return app.page(req, "host", v);
}

// A host action that posts a form and comes back to the dashboard.
template <class F>
Handler host_action(App& app, F action) {
  return [&app, action](Request& req) -> Response {
    if (auto r = app.require_member(req)) return std::move(*r);
    auto result = action(app, req);
    if (!result) {
      if (req.is_api() || result.error().code == ErrorCode::forbidden || result.error().code == ErrorCode::not_found)
        return app.error(req, result.error());
      return host_page(app, req, &result.error());
    }
    if (req.is_api()) return Response::json("{\"ok\":true}");
    return Response::redirect("/competitions/" + req.params["slug"] + "/host?phase=" + url_encode(req.field("phase")));
  };
}

// GET /competitions/:slug/host
Response get_competitions_by_slug_host(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  return host_page(app, req, nullptr);
}

// GET /competitions/:slug/submissions.csv
Response get_competitions_by_slug_submissions_csv(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto all = app.submissions().all_submissions(*req.member, req.params["slug"], req.query("phase"));
  if (!all) return app.error(req, all.error());
  auto res = Response::text(to_csv(all.value()), 200, "text/csv; charset=utf-8");
  res.header("Content-Disposition", content_disposition(req.params["slug"] + "-submissions.csv"));
  return res;
}

// POST /competitions/:slug/baseline
Response post_competitions_by_slug_baseline(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto parts = parse_multipart(req.header("content-type"), req.body);
  if (!parts) return app.error(req, Error::bad_request("error.bad_form", "send the file as multipart/form-data"));
  const auto* file = find_part(*parts, "file");
  const auto* phase = find_part(*parts, "phase");
  if (!file) return app.error(req, Error::bad_request("error.bad_form", "the upload needs a 'file'"));
  SubmissionInput in{phase ? trim(phase->data) : std::string(), "baseline.csv", "baseline", file->data};
  auto s = app.submissions().submit_baseline(*req.member, req.params["slug"], in);
  if (!s) {
    if (s.error().code == ErrorCode::forbidden || s.error().code == ErrorCode::not_found) return app.error(req, s.error());
    return host_page(app, req, &s.error());
  }
  return Response::redirect("/competitions/" + req.params["slug"] + "/host?phase=" + url_encode(s->phase_name));
}

}  // namespace

void add_host_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/competitions/:slug/host", on(app, get_competitions_by_slug_host)});
  routes.push_back({"POST", "/competitions/:slug/rescore", host_action(app, [](App& a, Request& req) -> Result<void> {
    auto n = a.submissions().rescore(*req.member, req.params["slug"], req.field("phase"));
    if (!n) return n.error();
    return {};
  })});
  routes.push_back({"POST", "/competitions/:slug/reveal", host_action(app, [](App& a, Request& req) {
    return a.submissions().reveal(*req.member, req.params["slug"], req.field("phase"));
  })});
  routes.push_back({"POST", "/competitions/:slug/baseline", on(app, post_competitions_by_slug_baseline), app.config().max_body_bytes});
  routes.push_back({"GET", "/competitions/:slug/submissions.csv", on(app, get_competitions_by_slug_submissions_csv)});
}

}  // namespace aigc
