#include "web/talent_web.hpp"

#include <cmath>

#include "core/clock.hpp"
#include "domain/talent/talent_pool_service.hpp"
#include "web/charts.hpp"

namespace aigc {

using nlohmann::json;

std::string points_text(double points) {
  auto whole = static_cast<long long>(std::llround(std::max(0.0, points)));
  std::string digits = std::to_string(whole), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

namespace {

json medal_api(const MedalRecord& m) {
  json j = {{"medal", medal_name(m.medal)}, {"category", category_name(m.category)}, {"source", m.source},
            {"source_id", m.source_id}, {"title_en", m.title_en}, {"title_zh", m.title_zh}, {"url", m.url},
            {"solo", m.solo}, {"awarded_at", iso8601_utc(m.awarded_at)}};
  if (m.source == "competition") j.update({{"rank", m.rank}, {"teams", m.teams}, {"team", m.team_name}});
  return j;
}

json gaps_api(const TierProgress& p) {
  json gaps = json::array();
  for (const auto& g : p.gaps) gaps.push_back({{"what", std::string(g.what)}, {"have", g.have}, {"need", g.need}});
  return gaps;
}

}  // namespace

json achievements_api(const Achievements& a) {
  json out = {{"handle", a.handle}, {"tier", tier_name(a.best_tier)}, {"points", std::round(a.points * 100) / 100},
              {"rank", a.world_rank ? json(a.world_rank) : json(nullptr)}, {"ranked_members", a.ranked}};
  json cats = json::array();
  for (const auto& c : a.categories) {
    cats.push_back({{"category", category_name(c.category)},
                    {"tier", tier_name(c.progress.tier)},
                    {"next_tier", c.progress.next ? json(tier_name(*c.progress.next)) : json(nullptr)},
                    {"missing", gaps_api(c.progress)},
                    {"points", std::round(c.points * 100) / 100},
                    {"rank", c.world_rank ? json(c.world_rank) : json(nullptr)},
                    {"medals", {{"gold", c.counts.gold}, {"silver", c.counts.silver}, {"bronze", c.counts.bronze}, {"solo_gold", c.counts.solo_gold}}},
                    {"entries", c.counts.entries}});
  }
  out["categories"] = cats;
  json medals = json::array();
  for (const auto& m : a.medals) medals.push_back(medal_api(m));
  out["medals"] = medals;
  json results = json::array();
  for (const auto& r : a.results)
    results.push_back({{"competition", r.slug}, {"title_en", r.title_en}, {"title_zh", r.title_zh}, {"team", r.team_name},
                       {"rank", r.rank}, {"teams", r.teams}, {"team_size", r.team_size},
                       {"medal", r.medal == Medal::none ? json(nullptr) : json(medal_name(r.medal))},
                       {"points", std::round(r.points_now * 100) / 100}, {"deadline", iso8601_utc(r.deadline)}});
  out["results"] = results;
  json history = json::array();
  for (const auto& h : a.history) history.push_back({{"day", iso8601_utc(h.day).substr(0, 10)}, {"rank", h.rank}});
  out["rank_history"] = history;
  json certificates = json::array();
  for (const auto& c : a.certificates)
    certificates.push_back({{"path", c.path_slug}, {"title_en", c.path_title_en}, {"title_zh", c.path_title_zh},
                            {"completed_at", iso8601_utc(c.completed_at)}, {"url", "/certificates/" + c.code}});
  out["certificates"] = certificates;
  json talks = json::array();
  for (const auto& t : a.talks)
    talks.push_back({{"event", t.event_slug}, {"title_en", t.title_en}, {"title_zh", t.title_zh}, {"starts_at", iso8601_utc(t.starts_at)},
                     {"url", "/events/" + t.event_slug + "/talks/" + std::to_string(t.id)}});
  out["talks"] = talks;
  json roles = json::array();
  for (const auto& r : a.roles)
    roles.push_back({{"group", r.group_slug}, {"role", r.role}, {"since", iso8601_utc(r.since)}, {"url", "/standards/groups/" + r.group_slug}});
  out["standards_roles"] = roles;
  if (!a.hidden.empty()) out["hidden_sections"] = a.hidden;  // only the member sees which
  return out;
}

json ranking_entry_api(const RankingEntry& e) {
  return {{"rank", e.rank},
          {"handle", e.handle},
          {"display_name", e.display_name},
          {"country", e.country},
          {"organization", e.organization_slug.empty() ? json(nullptr) : json(e.organization_slug)},
          {"points", std::round(e.points * 100) / 100},
          {"tier", tier_name(e.tier)},
          {"medals", {{"gold", e.gold}, {"silver", e.silver}, {"bronze", e.bronze}}}};
}

json talent_tabs(App& app, const Request& req, const std::string& current) {
  json tabs = json::array();
  auto add = [&](const char* key, const char* url) {
    tabs.push_back({{"name", app.t(req, std::string("talent.tabs.") + key)}, {"url", url}, {"current", current == key}});
  };
  add("rankings", "/talent");
  add("learning", "/learn");
  add("opportunities", "/opportunities");
  if (req.member) {
    add("my_pool", "/settings/talent-pool");
    // Partners' managers (and admins) search the pool; nobody else sees that it can be searched.
    if (req.member->role == Role::admin || !TalentPoolService(app.db()).searchable_organizations(*req.member).empty()) add("pool", "/talent/pool");
  }
  return tabs;
}

json achievements_view(App& app, const Request& req, const Achievements& a) {
  const bool zh = req.lang == "zh-CN";
  json v = {{"points", points_text(a.points)}, {"rank", a.world_rank}, {"ranked", a.ranked},
            {"tier", tier_name(a.best_tier)}, {"tier_name", app.t(req, std::string("talent.tiers.") + std::string(tier_name(a.best_tier)))}};
  json cats = json::array();
  for (const auto& c : a.categories) {
    const std::string cat(category_name(c.category));
    json gaps = json::array();
    for (const auto& g : c.progress.gaps)
      gaps.push_back({{"text", app.t(req, "talent.gap." + std::string(g.what), {{"have", std::to_string(g.have)}, {"need", std::to_string(g.need)}})}});
    json j = {{"category", cat},
              {"name", app.t(req, "talent.categories." + cat)},
              {"tier", tier_name(c.progress.tier)},
              {"tier_name", app.t(req, std::string("talent.tiers.") + std::string(tier_name(c.progress.tier)))},
              {"gold", c.counts.gold}, {"silver", c.counts.silver}, {"bronze", c.counts.bronze},
              {"points", points_text(c.points)}, {"rank", c.world_rank}, {"gaps", gaps}};
    if (c.progress.next) j["next_name"] = app.t(req, std::string("talent.tiers.") + std::string(tier_name(*c.progress.next)));
    cats.push_back(j);
  }
  v["categories"] = cats;
  json medals = json::array();
  for (const auto& m : a.medals) {
    json j = {{"medal", medal_name(m.medal)}, {"medal_name", app.t(req, "talent.medals." + std::string(medal_name(m.medal)))},
              {"title", zh && !m.title_zh.empty() ? m.title_zh : m.title_en}, {"url", m.url},
              {"source_name", app.t(req, "talent.sources." + m.source)}, {"when", format_date(m.awarded_at, req.lang, req.time_zone)},
              {"solo", m.solo}};
    if (m.source == "competition")
      j["place"] = app.t(req, "talent.place", {{"rank", std::to_string(m.rank)}, {"teams", std::to_string(m.teams)}});
    medals.push_back(j);
  }
  v["medals"] = medals;
  json results = json::array();
  for (const auto& r : a.results)
    results.push_back({{"url", "/competitions/" + r.slug}, {"title", zh && !r.title_zh.empty() ? r.title_zh : r.title_en},
                       {"team", r.team_name}, {"place", app.t(req, "talent.place", {{"rank", std::to_string(r.rank)}, {"teams", std::to_string(r.teams)}})},
                       {"medal", medal_name(r.medal)},
                       {"medal_name", r.medal == Medal::none ? "" : app.t(req, "talent.medals." + std::string(medal_name(r.medal)))},
                       {"points", points_text(r.points_now)}, {"when", format_date(r.deadline, req.lang, req.time_zone)}});
  v["results"] = results;
  if (a.history.size() >= 2) {
    ChartSeries s;
    s.label = app.t(req, "talent.rank_history");
    s.css_class = "series";
    for (const auto& h : a.history) s.points.push_back({h.day, static_cast<double>(h.rank)});
    v["history_svg"] = svg_chart(app.t(req, "talent.rank_history"), {s}, 640, 180, true);
  } else if (a.history.size() == 1) {
    v["history_note"] = app.t(req, "talent.history_one", {{"rank", std::to_string(a.history[0].rank)}});
  }
  json certificates = json::array();
  for (const auto& c : a.certificates)
    certificates.push_back({{"title", zh && !c.path_title_zh.empty() ? c.path_title_zh : (c.path_title_en.empty() ? c.path_title_zh : c.path_title_en)},
                            {"path_url", "/learn/" + c.path_slug}, {"url", "/certificates/" + c.code},
                            {"when", format_date(c.completed_at, req.lang, req.time_zone)}});
  v["certificates"] = certificates;
  json talks = json::array();
  for (const auto& t : a.talks)
    talks.push_back({{"title", zh && !t.title_zh.empty() ? t.title_zh : (t.title_en.empty() ? t.title_zh : t.title_en)},
                     {"event", zh && !t.event_title_zh.empty() ? t.event_title_zh : t.event_title_en},
                     {"url", "/events/" + t.event_slug + "/talks/" + std::to_string(t.id)},
                     {"when", format_date(t.starts_at, req.lang, req.time_zone)}});
  v["talks"] = talks;
  json roles = json::array();
  for (const auto& r : a.roles)
    roles.push_back({{"group", zh && !r.group_name_zh.empty() ? r.group_name_zh : r.group_name_en}, {"url", "/standards/groups/" + r.group_slug},
                     {"role", app.t(req, "standards.role_" + r.role)}});
  v["roles"] = roles;
  json hidden = json::array();
  for (const char* s : kTalentSections)
    hidden.push_back({{"section", s}, {"name", app.t(req, std::string("talent.sections.") + s)},
                      {"hidden", std::find(a.hidden.begin(), a.hidden.end(), s) != a.hidden.end()}});
  v["sections"] = hidden;
  return v;
}

}  // namespace aigc
