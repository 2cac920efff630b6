// Leaderboards, in the browser and the API: the public board (and the private one once
// revealed), its CSV export, and live updates as server-sent events.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/charts.hpp"
#include "web/competition_view.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

constexpr int kPageSize = 100;

const Member* viewer_of(const Request& req) { return req.member ? &*req.member : nullptr; }

std::string board_of(const Request& req) { return req.query("board").empty() ? "public" : req.query("board"); }

// The `cursor` parameter (a page's next_cursor), when there is one; a malformed one is named.
Result<std::optional<BoardCursor>> board_cursor(const Request& req) {
  auto text = req.query("cursor");
  if (text.empty()) return std::optional<BoardCursor>();
  auto c = BoardCursor::parse(text);
  if (!c) return App::bad_parameter("cursor", "'cursor' must be a next_cursor the board gave, not '" + text.substr(0, 40) + "'");
  return std::optional<BoardCursor>(*c);
}

Response leaderboard_page(App& app, Request& req) {
  auto c = app.competitions().get(viewer_of(req), req.params["slug"]);
  if (!c) return app.error(req, c.error());
  auto phase = req.query("phase");
  auto board = board_of(req);
  auto page_number = app.query_int(req, "page", 1, 1, 1000000);
  if (!page_number) return app.error(req, page_number.error());
  int page = static_cast<int>(page_number.value());
  auto cursor = board_cursor(req);
  if (!cursor) return app.error(req, cursor.error());
  json v = competition_view(app, req, c.value(), "leaderboard", phase);
  if (!v.contains("phase")) {
    v["no_phase"] = true;
    auto res = app.page(req, "leaderboard", v);
    res.cache_scopes.push_back(competition_scope(c->id));
    return res;
  }
  std::string phase_name = v["phase"]["name"];
  auto lb = app.submissions().leaderboard(viewer_of(req), c->slug, phase_name, board, (page - 1) * kPageSize, kPageSize,
                                          cursor->has_value() ? &cursor.value().value() : nullptr);
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
  // Onward by cursor (a deep page costs what the first does); back by number.
  if (!lb->next_cursor.empty()) v["next"] = base + "&page=" + std::to_string(page + 1) + "&cursor=" + lb->next_cursor;
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
  auto res = app.page(req, "leaderboard", v);
  res.cache_scopes.push_back(competition_scope(c->id));
  return res;
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
  auto cursor = board_cursor(req);
  if (!cursor) return app.error(req, cursor.error());
  auto lb = app.submissions().leaderboard(viewer_of(req), req.params["slug"], req.query("phase"), board_of(req),
                                          static_cast<int>(offset.value()), static_cast<int>(limit.value()),
                                          cursor->has_value() ? &cursor.value().value() : nullptr);
  if (!lb) return app.error(req, lb.error());
  auto res = Response::json(to_json(lb.value()).dump());
  if (req.cached) {
    auto c = app.competitions().get(nullptr, req.params["slug"]);
    res.cache_scopes.push_back(c ? competition_scope(c->id) : std::string("phases"));  // else: every board's change
  }
  return res;
}

// GET /competitions/:slug/leaderboard.csv
Response get_competitions_by_slug_leaderboard_csv(App& app, Request& req) {
  auto lb = app.submissions().leaderboard(viewer_of(req), req.params["slug"], req.query("phase"), board_of(req), 0, 100000000);
  if (!lb) return app.error(req, lb.error());
  auto res = Response::text(to_csv(lb.value()), 200, "text/csv; charset=utf-8");
  res.header("Content-Disposition", content_disposition(req.params["slug"] + "-" + lb->phase + "-" + lb->board + ".csv"));
  return res;
}

// The board's version as one server-sent event ("" when the phase is not there for `viewer`).
std::string board_event(App& app, const std::optional<Member>& viewer, const std::string& slug, const std::string& phase) {
  auto version = std::to_string(app.submissions().board_version(viewer ? &*viewer : nullptr, slug, phase));
  return "id: " + version + "\nevent: board\ndata: {\"version\":" + version + "}\n\n";
}

// GET /competitions/:slug/events
Response get_competitions_by_slug_events(App& app, Request& req) {
  auto c = app.competitions().get(viewer_of(req), req.params["slug"]);
  if (!c) return app.error(req, c.error());
  const std::string slug = c->slug, phase = req.query("phase");
  const std::optional<Member> viewer = req.member;
  auto now = board_event(app, viewer, slug, phase);
  // A browser that reconnects with the version it has gets no event until the next change.
  auto version = now.substr(4, now.find('\n') - 4);
  bool has_it = req.header("last-event-id") == version;
  auto res = Response::text("retry: 2000\n\n" + (has_it ? std::string() : now), 200, "text/event-stream; charset=utf-8");
  res.header("Cache-Control", "no-store");
  res.header("X-Accel-Buffering", "no");  // nginx passes each event on at once
  const std::string scope = competition_scope(c->id);
  res.stream = [&app, slug, phase, viewer, scope, now](Response::Send send) {
    return app.event_hub().subscribe("board:" + scope + ":" + phase, scope,
                                     [&app, slug, phase, viewer] { return board_event(app, viewer, slug, phase); }, std::move(send), now);
  };
  return res;
}

}  // namespace

void add_leaderboard_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/competitions/:slug/leaderboard", on(app, get_competitions_by_slug_leaderboard), {"teams", "team_members", "members", "organizations"}));
  routes.push_back(cached_get("/api/v1/competitions/:slug/leaderboard", on(app, get_api_competitions_by_slug_leaderboard), {"teams", "team_members", "members", "organizations"}));
  routes.push_back({"GET", "/competitions/:slug/leaderboard.csv", on(app, get_competitions_by_slug_leaderboard_csv)});

  // Server-sent events: the board's version, now and at every change, pushed on one
  // long-lived stream (web/event_hub.hpp); `retry` is for reconnecting after a drop.
  routes.push_back({"GET", "/competitions/:slug/events", on(app, get_competitions_by_slug_events)});
}

}  // namespace aigc
