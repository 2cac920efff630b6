// Leaderboards and hosting, in the browser and the API: the public board (and the private
// one once revealed), its CSV export, live updates as server-sent events, and the host's
// dashboard with baseline, re-scoring, reveal and the submissions export.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/charts.hpp"
#include "web/competition_view.hpp"
#include "web/multipart.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

constexpr int kPageSize = 100;

const Member* viewer_of(const Request& req) { return req.member ? &*req.member : nullptr; }

std::string board_of(const Request& req) { return req.query("board").empty() ? "public" : req.query("board"); }

Response leaderboard_page(App& app, Request& req) {
  auto c = app.competitions().get(viewer_of(req), req.params["slug"]);
  if (!c) return app.error(req, c.error());
  auto phase = req.query("phase");
  auto board = board_of(req);
  auto page_number = app.query_int(req, "page", 1, 1, 1000000);
  if (!page_number) return app.error(req, page_number.error());
  int page = static_cast<int>(page_number.value());
  json v = competition_view(app, req, c.value(), "leaderboard", phase);
  if (!v.contains("phase")) {
    v["no_phase"] = true;
    return app.page(req, "leaderboard", v);
  }
  std::string phase_name = v["phase"]["name"];
  auto lb = app.submissions().leaderboard(viewer_of(req), c->slug, phase_name, board, (page - 1) * kPageSize, kPageSize);
  if (!lb) return app.error(req, lb.error());
  std::int64_t my_team = 0;
  if (req.member)
    if (auto mine = app.submissions().team_rank(*req.member, c->slug, phase_name); mine) {
      my_team = mine->first;
      if (mine->second && board == "public") v["my_rank"] = mine->second;
    }
  json rows = json::array();
  for (const auto& e : lb->entries) {
    // The API's shape, plus what the page shows differently: the score as text, the time
    // in the reader's zone, a baseline's empty rank, and the reader's own row.
    auto row = to_json(e);
    if (e.is_baseline) row["rank"] = "";
    row["score"] = score_text(e.score);
    row["last"] = app.localized_time(req, e.last_at);
    row["mine"] = e.team_id == my_team;
    rows.push_back(std::move(row));
  }
  v["rows"] = rows;
  v["board"] = board;
  v["is_private"] = board == "private";
  v["show_private_tab"] = v["phase"]["revealed"].get<bool>() || v["can_edit"].get<bool>();
  v["total"] = lb->teams;
  // A host looking at the private board before the reveal sees a preview nobody else sees.
  v["private_preview"] = board == "private" && !v["phase"]["revealed"].get<bool>();
  std::string base = "/competitions/" + c->slug + "/leaderboard?phase=" + url_encode(phase_name) + "&board=" + board;
  if (page > 1) v["prev"] = base + "&page=" + std::to_string(page - 1);
  if (static_cast<std::int64_t>(page) * kPageSize < lb->total) v["next"] = base + "&page=" + std::to_string(page + 1);
  v["csv"] = "/competitions/" + c->slug + "/leaderboard.csv?phase=" + url_encode(phase_name) + "&board=" + board;
  v["events"] = "/competitions/" + c->slug + "/events?phase=" + url_encode(phase_name);
  json phases = json::array();
  for (const auto& p : c->phases)
    phases.push_back({{"name", p.name}, {"href", "/competitions/" + c->slug + "/leaderboard?phase=" + url_encode(p.name)},
                      {"current", p.name == phase_name}});
  v["phase_links"] = phases;
  if (board == "public") {
    auto series = app.submissions().leading_series(viewer_of(req), c->slug, phase_name);
    if (series) v["chart"] = svg_chart(app.t(req, "leaderboard.leading"), {{app.t(req, "leaderboard.leading"), series.value(), true, "leading"}});
  }
  return app.page(req, "leaderboard", v);
}

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

}  // namespace

namespace {

// GET /competitions/:slug/leaderboard
Response get_competitions_by_slug_leaderboard(App& app, Request& req) { return leaderboard_page(app, req); }

// GET /api/v1/competitions/:slug/leaderboard
Response get_api_competitions_by_slug_leaderboard(App& app, Request& req) {
  auto offset = app.query_int(req, "offset", 0, 0, 100000000);
  if (!offset) return app.error(req, offset.error());
  auto limit = app.query_int(req, "limit", kPageSize, 1, 1000);
  if (!limit) return app.error(req, limit.error());
  auto lb = app.submissions().leaderboard(viewer_of(req), req.params["slug"], req.query("phase"), board_of(req),
                                          static_cast<int>(offset.value()), static_cast<int>(limit.value()));
  if (!lb) return app.error(req, lb.error());
  return Response::json(to_json(lb.value()).dump());
}

// GET /competitions/:slug/leaderboard.csv
Response get_competitions_by_slug_leaderboard_csv(App& app, Request& req) {
  auto lb = app.submissions().leaderboard(viewer_of(req), req.params["slug"], req.query("phase"), board_of(req), 0, 100000000);
  if (!lb) return app.error(req, lb.error());
  auto res = Response::text(to_csv(lb.value()), 200, "text/csv; charset=utf-8");
  res.header("Content-Disposition", content_disposition(req.params["slug"] + "-" + lb->phase + "-" + lb->board + ".csv"));
  return res;
}

// GET /competitions/:slug/events
Response get_competitions_by_slug_events(App& app, Request& req) {
  auto version = app.submissions().board_version(viewer_of(req), req.params["slug"], req.query("phase"));
  std::string body = "retry: 2000\n\n";
  if (req.header("last-event-id") != std::to_string(version))
    body = "retry: 2000\nid: " + std::to_string(version) + "\nevent: board\ndata: {\"version\":" + std::to_string(version) + "}\n\n";
  auto res = Response::text(std::move(body), 200, "text/event-stream; charset=utf-8");
  res.header("Cache-Control", "no-store");
  return res;
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

}  // namespace

void add_leaderboard_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/competitions/:slug/leaderboard", on(app, get_competitions_by_slug_leaderboard)});
  routes.push_back({"GET", "/api/v1/competitions/:slug/leaderboard", on(app, get_api_competitions_by_slug_leaderboard)});
  routes.push_back({"GET", "/competitions/:slug/leaderboard.csv", on(app, get_competitions_by_slug_leaderboard_csv)});

  // Server-sent events: the board's version now. The stream ends after one event and the
  // browser reconnects after `retry` ms; a viewer already at this version gets no event.
  // Polling behind an EventSource keeps no thread waiting and works across processes.
  routes.push_back({"GET", "/competitions/:slug/events", on(app, get_competitions_by_slug_events)});
  routes.push_back({"GET", "/competitions/:slug/host", on(app, get_competitions_by_slug_host)});
  routes.push_back({"POST", "/competitions/:slug/rescore", host_action(app, [](App& a, Request& req) -> Result<void> {
    auto n = a.submissions().rescore(*req.member, req.params["slug"], req.field("phase"));
    if (!n) return n.error();
    return {};
  })});
  routes.push_back({"POST", "/competitions/:slug/reveal", host_action(app, [](App& a, Request& req) {
    return a.submissions().reveal(*req.member, req.params["slug"], req.field("phase"));
  })});

  routes.push_back({"POST", "/competitions/:slug/baseline", [&app](Request& req) -> Response {
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
  }, app.config().max_body_bytes});

  routes.push_back({"GET", "/competitions/:slug/submissions.csv", on(app, get_competitions_by_slug_submissions_csv)});
}

}  // namespace aigc
