// Taking part, in the browser and the API: joining a competition (accepting its rules)
// and the team page with invitations, leaving and merging. Thin: the rules are TeamService's.
#include "core/text.hpp"
#include "web/app.hpp"
#include "web/competition_view.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

Response team_page(App& app, Request& req, const Error* error) {
  auto c = app.competitions().get(&*req.member, req.params["slug"]);
  if (!c) return app.error(req, c.error());
  auto p = app.teams().participation(*req.member, c->slug);
  if (!p) return app.error(req, p.error());
  json v = competition_view(app, req, c.value(), "team");
  v["joined"] = p->joined;
  v["can_change_teams"] = p->can_change_teams;
  v["max_team_size"] = p->max_team_size;
  if (p->team) {
    v["team"] = to_json(*p->team);
    v["is_leader"] = p->team->leader_id == req.member->id;
    v["solo"] = p->team->members.size() < 2;
  }
  json invites = json::array(), incoming = json::array(), outgoing = json::array();
  for (const auto& r : p->requests) {
    json j = {{"team_id", r.team_id}, {"team_name", r.team_name}, {"target_handle", r.target_handle}, {"target_team", r.target_team_name}};
    if (r.kind == "invite" && r.target_member_id == req.member->id) invites.push_back(j);
    else if (r.kind == "invite") outgoing.push_back(j);
    else if (p->team && r.target_team_id == p->team->id) incoming.push_back(j);
    else outgoing.push_back(j);
  }
  v["invites"] = invites;
  v["incoming_merges"] = incoming;
  v["outgoing"] = outgoing;
  v["rules_html"] = v["competition"]["rules_html"];
  if (error) return app.form_error(req, "team", v, *error);
  return app.page(req, "team", v);
}

// Runs a team action and answers: the API with the team (or 204), the browser with the
// team page again (and the error beside the form when there is one).
template <class F>
Handler team_action(App& app, F action) {
  return [&app, action](Request& req) -> Response {
    if (auto r = app.require_member(req)) return std::move(*r);
    auto result = action(app, req);
    if (!result) {
      if (req.is_api()) return app.error(req, result.error());
      if (result.error().code == ErrorCode::not_found && result.error().key == "error.not_found") return app.error(req, result.error());
      return team_page(app, req, &result.error());
    }
    if (req.is_api()) {
      auto p = app.teams().participation(*req.member, req.params["slug"]);
      if (!p || !p->team) return Response::json("{}", 200);
      return Response::json(to_json(*p->team).dump(), 200);
    }
    return Response::redirect("/competitions/" + req.params["slug"] + "/team");
  };
}

Result<void> ok_of(const Result<Team>& r) {
  if (!r) return r.error();
  return {};
}

std::int64_t id_field(const Request& req, const char* name) { return std::atoll(req.field(name).c_str()); }

}  // namespace

namespace {

// GET /competitions/:slug/team
Response get_competitions_by_slug_team(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  return team_page(app, req, nullptr);
}

// GET /api/v1/competitions/:slug/team
Response get_api_competitions_by_slug_team(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto p = app.teams().participation(*req.member, req.params["slug"]);
  if (!p) return app.error(req, p.error());
  return Response::json(json{{"joined", p->joined}, {"team", p->team ? to_json(*p->team) : json(nullptr)},
                             {"max_team_size", p->max_team_size}}.dump());
}

}  // namespace

void add_team_routes(App& app, std::vector<Route>& routes) {
  auto join = team_action(app, [](App& a, Request& req) { return ok_of(a.teams().join(*req.member, req.params["slug"])); });
  routes.push_back({"POST", "/competitions/:slug/join", join});
  routes.push_back({"POST", "/api/v1/competitions/:slug/join", join});
  routes.push_back({"GET", "/competitions/:slug/team", on(app, get_competitions_by_slug_team)});
  routes.push_back({"GET", "/api/v1/competitions/:slug/team", on(app, get_api_competitions_by_slug_team)});
  routes.push_back({"POST", "/competitions/:slug/team/name", team_action(app, [](App& a, Request& req) {
    return ok_of(a.teams().rename(*req.member, req.params["slug"], req.field("name")));
  })});
  routes.push_back({"POST", "/competitions/:slug/team/invite", team_action(app, [](App& a, Request& req) {
    return a.teams().invite(*req.member, req.params["slug"], req.field("handle"));
  })});
  routes.push_back({"POST", "/competitions/:slug/team/accept", team_action(app, [](App& a, Request& req) {
    return ok_of(a.teams().accept_invite(*req.member, req.params["slug"], id_field(req, "team_id")));
  })});
  routes.push_back({"POST", "/competitions/:slug/team/decline", team_action(app, [](App& a, Request& req) {
    return a.teams().decline_invite(*req.member, req.params["slug"], id_field(req, "team_id"));
  })});
  routes.push_back({"POST", "/competitions/:slug/team/leave", team_action(app, [](App& a, Request& req) {
    return ok_of(a.teams().leave(*req.member, req.params["slug"]));
  })});
  routes.push_back({"POST", "/competitions/:slug/team/merge", team_action(app, [](App& a, Request& req) {
    return a.teams().request_merge(*req.member, req.params["slug"], req.field("team"));
  })});
  routes.push_back({"POST", "/competitions/:slug/team/merge/accept", team_action(app, [](App& a, Request& req) {
    return ok_of(a.teams().accept_merge(*req.member, req.params["slug"], id_field(req, "team_id")));
  })});
}

}  // namespace aigc
