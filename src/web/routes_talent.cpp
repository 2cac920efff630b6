// Talent in the browser and the API: the rankings (overall or by category, in the world, a
// country or an organization), the published rules of medals, points and tiers, a
// member's achievements, and the sections a member hides.
#include <algorithm>
#include <cstdio>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/talent/talent_service.hpp"
#include "web/app.hpp"
#include "web/talent_web.hpp"

namespace aigc {

using nlohmann::json;

namespace {

const char* kRankingCategories[] = {"overall", "competitions", "research", "community"};

Result<RankingQuery> ranking_query(App& app, const Request& req, int fallback_limit) {
  RankingQuery q;
  q.category = req.query("category").empty() ? "overall" : req.query("category");
  q.country = req.query("country");
  q.organization = req.query("organization");
  q.cursor = req.query("cursor");
  // Numbers out of range are the service's to refuse (422, naming the field).
  auto limit = app.query_int(req, "limit", fallback_limit, -1000000, 1000000);
  if (!limit) return limit.error();
  q.limit = static_cast<int>(limit.value());
  return q;
}

std::string rankings_url(const RankingQuery& q, const std::string& category, const std::string& cursor) {
  std::string url = "/talent?category=" + url_encode(category);
  if (!q.country.empty()) url += "&country=" + url_encode(q.country);
  if (!q.organization.empty()) url += "&organization=" + url_encode(q.organization);
  if (!cursor.empty()) url += "&cursor=" + url_encode(cursor);
  return url;
}

json rankings_view(App& app, Request& req, const RankingQuery& q) {
  json v = app.base_view(req, "talent");
  v["title"] = app.t(req, "talent.title");
  v["talent_tabs"] = talent_tabs(app, req, "rankings");
  json tabs = json::array();
  for (const char* c : kRankingCategories)
    tabs.push_back({{"name", app.t(req, std::string("talent.categories.") + c)}, {"url", rankings_url(q, c, "")}, {"current", q.category == c}});
  v["tabs"] = tabs;
  v["category"] = q.category;
  v["country_options"] = app.country_options_html(req.lang, q.country);
  json orgs = json::array();
  for (const auto& o : app.organizations().list())
    orgs.push_back({{"slug", o.slug}, {"name", req.lang == "zh-CN" && !o.name_zh.empty() ? o.name_zh : o.name}, {"selected", o.slug == q.organization}});
  v["organizations"] = orgs;
  return v;
}

// GET /talent
Response get_talent(App& app, Request& req) {
  auto q = ranking_query(app, req, 50);
  if (!q) return app.error(req, q.error());
  json v = rankings_view(app, req, q.value());
  const auto now = now_utc();
  auto page = TalentService(app.db()).rankings(q.value(), now);
  if (!page) return app.form_error(req, "talent", v, page.error());
  json rows = json::array();
  for (const auto& e : page->entries) {
    rows.push_back({{"rank", e.rank}, {"handle", e.handle}, {"display_name", e.display_name}, {"country", e.country},
                    {"organization", e.organization_name}, {"organization_slug", e.organization_slug},
                    {"avatar_url", e.avatar_blob.empty() ? "" : "/media/" + e.avatar_blob},
                    {"tier", tier_name(e.tier)}, {"tier_name", app.t(req, std::string("talent.tiers.") + std::string(tier_name(e.tier)))},
                    {"gold", e.gold}, {"silver", e.silver}, {"bronze", e.bronze}, {"points", points_text(e.points)}});
  }
  v["rows"] = rows;
  v["total"] = app.t(req, "talent.total", {{"count", std::to_string(page->total)}});
  if (page->computed_at) v["computed"] = app.t(req, "talent.computed", {{"when", app.localized_time(req, page->computed_at)}});
  if (!page->next_cursor.empty()) v["next_url"] = rankings_url(q.value(), q->category, page->next_cursor);
  if (!q->cursor.empty()) v["first_url"] = rankings_url(q.value(), q->category, "");
  return app.page(req, "talent", v);
}

std::string cut_text(const MedalCut& c) {
  if (c.per_mille == 0) return std::to_string(c.fixed);
  char pct[16];
  std::snprintf(pct, sizeof pct, "%g%%", static_cast<double>(c.per_mille) / 10.0);
  return c.fixed ? std::to_string(c.fixed) + " + " + pct : pct;
}

// GET /talent/rules: the tables the code awards by, so the page cannot drift from them.
Response get_talent_rules(App& app, Request& req) {
  json v = app.base_view(req, "talent");
  v["title"] = app.t(req, "talent.rules_title");
  v["talent_tabs"] = talent_tabs(app, req, "rankings");
  json bands = json::array();
  for (const auto& b : competition_medal_bands())
    bands.push_back({{"teams", b.max_teams == INT64_MAX ? std::to_string(b.min_teams) + "+" : std::to_string(b.min_teams) + "–" + std::to_string(b.max_teams)},
                     {"gold", cut_text(b.gold)}, {"silver", cut_text(b.silver)}, {"bronze", cut_text(b.bronze)}});
  v["bands"] = bands;
  json categories = json::array();
  for (auto c : kTalentCategories) {
    json tiers = json::array();
    for (const auto& r : tier_requirements(c)) {
      std::vector<std::string> parts;
      auto add = [&](const char* key, std::int64_t n) {
        if (n > 0) parts.push_back(app.t(req, std::string("talent.needs.") + key, {{"count", std::to_string(n)}}));
      };
      add("gold", r.gold);
      add("silver", r.silver);
      add("bronze", r.bronze);
      add("solo_gold", r.solo_gold);
      add(c == TalentCategory::competitions ? "entries_competitions" : c == TalentCategory::research ? "entries_research" : "entries_community", r.entries);
      std::string text;
      for (const auto& p : parts) text += (text.empty() ? "" : app.t(req, "talent.and")) + p;
      tiers.push_back({{"name", app.t(req, std::string("talent.tiers.") + std::string(tier_name(r.tier)))}, {"needs", text}});
    }
    categories.push_back({{"name", app.t(req, "talent.categories." + std::string(category_name(c)))}, {"tiers", tiers}});
  }
  v["categories"] = categories;
  v["vote_rules"] = json::array(
      {{{"name", app.t(req, "talent.sources.paper")}, {"bronze", kPaperVotes.bronze}, {"silver", kPaperVotes.silver}, {"gold", kPaperVotes.gold}},
       {{"name", app.t(req, "talent.sources.topic")}, {"bronze", kTopicVotes.bronze}, {"silver", kTopicVotes.silver}, {"gold", kTopicVotes.gold}}});
  return app.page(req, "talent_rules", v);
}

// GET /api/v1/rankings
Response get_api_rankings(App& app, Request& req) {
  auto q = ranking_query(app, req, 100);
  if (!q) return app.error(req, q.error());
  auto page = TalentService(app.db()).rankings(q.value(), now_utc());
  if (!page) return app.error(req, page.error());
  json entries = json::array();
  for (const auto& e : page->entries) entries.push_back(ranking_entry_api(e));
  json out = {{"category", page->category},
              {"country", page->country.empty() ? json(nullptr) : json(page->country)},
              {"organization", page->organization.empty() ? json(nullptr) : json(page->organization)},
              {"total", page->total},
              {"computed_at", page->computed_at ? json(iso8601_utc(page->computed_at)) : json(nullptr)},
              {"entries", entries},
              {"next_cursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}};
  return Response::json(out.dump());
}

// GET /api/v1/members/:handle/achievements
Response get_api_members_by_handle_achievements(App& app, Request& req) {
  auto a = TalentService(app.db()).achievements(req.member ? &*req.member : nullptr, req.params["handle"], now_utc());
  if (!a) return app.error(req, a.error());
  return Response::json(achievements_api(a.value()).dump());
}

// POST /settings/achievements: the sections of my achievements others may not see.
Response post_settings_achievements(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::vector<std::string> hidden;
  if (const auto& form = req.form())
    for (auto [it, end] = form->equal_range("hidden"); it != end; ++it) hidden.push_back(it->second);
  auto r = TalentService(app.db()).set_hidden(*req.member, hidden);
  if (!r) return app.error(req, r.error());
  return Response::redirect("/members/" + req.member->handle + "#achievements");
}

// POST /competitions/:slug/medals (admins): whether the competition awards medals.
Response post_competitions_by_slug_medals(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto r = TalentService(app.db()).set_medal_eligible(*req.member, req.params["slug"], req.field("medals") == "1");
  if (!r) return app.error(req, r.error());
  if (req.is_api()) return Response::json("{\"ok\":true}");
  return Response::redirect("/competitions/" + req.params["slug"] + "/host");
}

}  // namespace

void add_talent_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/talent", on(app, get_talent), {"talent_ranks", "talent_profiles", "talent_scopes", "talent_medals", "talent_results", "talent_competitions", "talent_rank_history", "members", "member_skills", "organizations", "competitions"}));
  routes.push_back(cached_get("/talent/rules", on(app, get_talent_rules), {"talent_ranks", "talent_profiles", "talent_scopes", "talent_medals", "talent_results", "talent_competitions", "talent_rank_history", "members", "member_skills", "organizations", "competitions"}));
  routes.push_back(cached_get("/api/v1/rankings", on(app, get_api_rankings), {"talent_ranks", "talent_profiles", "talent_scopes", "talent_medals", "talent_results", "talent_competitions", "talent_rank_history", "members", "member_skills", "organizations", "competitions"}));
  routes.push_back({"GET", "/api/v1/members/:handle/achievements", on(app, get_api_members_by_handle_achievements)});
  routes.push_back({"POST", "/settings/achievements", on(app, post_settings_achievements)});
  routes.push_back({"POST", "/competitions/:slug/medals", on(app, post_competitions_by_slug_medals)});
}

}  // namespace aigc
