// Members and organizations in the browser: profiles, profile settings, API tokens, the
// directory and organizations.
#include <algorithm>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/countries.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "domain/search/search_service.hpp"
#include "domain/talent/talent_service.hpp"
#include "web/app.hpp"
#include "web/talent_web.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

json org_options(App& app, const std::string& selected) {
  json list = json::array();
  for (const auto& o : app.organizations().list())
    list.push_back({{"slug", o.slug}, {"name", o.name}, {"selected", o.slug == selected}});
  return list;
}

Response profile_form(App& app, const Request& req, json values, const Error* error) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "settings.profile");
  v["values"] = values;
  v["country_options"] = app.country_options_html(req.lang, values.value("country", ""));
  v["langs"] = lang_options(values.value("preferred_lang", "en"));
  v["organizations"] = org_options(app, values.value("organization", ""));
  v["saved"] = req.query("saved") == "1";
  v["avatar_url"] = avatar_url(*req.member);
  v["has_avatar"] = !req.member->avatar_blob.empty();
  if (error) return app.form_error(req, "settings_profile", v, *error);
  return app.page(req, "settings_profile", v);
}

Response tokens_page(App& app, const Request& req, const std::string& new_token, const Error* error) {
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "settings.tokens");
  json list = json::array();
  for (const auto& t : app.members().tokens(*req.member)) {
    auto j = to_json(t);
    j["created"] = app.localized_time(req, t.created_at);
    j["last_used"] = t.last_used_at ? app.localized_time(req, t.last_used_at) : "";
    list.push_back(j);
  }
  v["tokens"] = list;
  v["new_token"] = new_token;
  if (error) return app.form_error(req, "settings_tokens", v, *error);
  return app.page(req, "settings_tokens", v);
}

}  // namespace

namespace {

json directory_view(App& app, Request& req, const DirectoryQuery& q) {
  json v = app.base_view(req, "members");
  v["title"] = app.t(req, "nav.members");
  v["filters"] = {{"country", q.country}, {"organization", q.organization_slug}, {"skill", req.query("skill")}, {"q", req.query("q")}};
  v["country_options"] = app.country_options_html(req.lang, q.country);
  v["organizations"] = org_options(app, q.organization_slug);
  v["stats"] = {{"members", app.members().stats().members}};
  return v;
}

Response search_members(App& app, Request& req, const DirectoryQuery& q, const std::string& text) {
  json v = directory_view(app, req, q);
  SearchRequest s;
  s.q = text;
  s.kind = "member";
  s.limit = SearchService::kMaxLimit;
  s.cursor = req.query("cursor");
  SearchViewer viewer;
  if (req.member) viewer = {req.member->id, req.member->role == Role::admin};
  auto found = app.search().search(s, viewer);
  if (!found) return app.form_error(req, "members", v, found.error());
  json list = json::array();
  for (const auto& hit : found->hits) {
    auto m = app.members().get(hit.url.substr(hit.url.rfind('/') + 1));
    if (!m) continue;
    if (!q.country.empty() && m->country != q.country) continue;
    if (!q.organization_slug.empty() && m->organization_slug != q.organization_slug) continue;
    if (!q.skill.empty() && std::find(m->skills.begin(), m->skills.end(), q.skill) == m->skills.end()) continue;
    list.push_back(to_json(m.value(), req.lang));
  }
  v["members"] = list;
  v["searched"] = app.t(req, "members.found", {{"count", std::to_string(found->total)}, {"q", text}});
  if (!found->next_cursor.empty())
    v["next_url"] = "/members?q=" + url_encode(text) + "&country=" + url_encode(q.country) + "&organization=" +
                    url_encode(q.organization_slug) + "&skill=" + url_encode(q.skill) + "&cursor=" + found->next_cursor;
  return app.page(req, "members", v);
}

// GET /members
Response get_members(App& app, Request& req) {
  DirectoryQuery q;
  q.country = req.query("country");
  q.organization_slug = req.query("organization");
  q.skill = req.query("skill");
  auto after = app.query_int(req, "after", 0, 0, INT64_MAX);
  if (!after) return app.error(req, after.error());
  q.after_id = after.value();
  // A name, handle or affiliation to look for goes through the search index; the other
  // filters then narrow its page.
  const std::string text = req.query("q");
  if (!trim(text).empty()) return search_members(app, req, q, text);
  auto page = app.members().directory(q);
  if (!page) return app.error(req, page.error());
  json v = directory_view(app, req, q);
  json list = json::array();
  for (const auto& m : page->members) list.push_back(to_json(m, req.lang));
  v["members"] = list;
  if (page->next_after_id) {
    v["next_url"] = "/members?country=" + url_encode(q.country) + "&organization=" + url_encode(q.organization_slug) +
                    "&skill=" + url_encode(req.query("skill")) + "&after=" + std::to_string(page->next_after_id);
  }
  return app.page(req, "members", v);
}

// GET /members/:handle
Response get_members_by_handle(App& app, Request& req) {
  auto m = app.members().get(req.params["handle"]);
  if (!m) return app.error(req, m.error());
  json v = app.base_view(req, "members");
  v["member"] = to_json(m.value(), req.lang);
  v["member"]["bio_html"] = render_markdown(m->bio_md).html;
  v["member"]["joined"] = format_date(m->created_at, req.lang, req.time_zone);
  v["member"]["role_name"] = app.t(req, std::string("roles.") + to_string(m->role));
  v["is_self"] = req.member && req.member->id == m->id;
  v["title"] = m->display_name;
  json papers = json::array();
  for (const auto& p : app.papers().by_member(m->id, 20)) papers.push_back(to_json(p, req.lang));
  v["papers"] = papers;
  if (req.member && req.member->id != m->id) v["following"] = app.discussions().follows(*req.member, "member", m->handle);
  FeedQuery started;
  started.member = m->handle;
  started.limit = 10;
  json topics = json::array();
  if (auto feed = app.discussions().feed(started, now_utc()))
    for (const auto& t : feed->topics) topics.push_back(to_json(t, req.lang));
  v["topics"] = topics;
  if (auto a = TalentService(app.db()).achievements(req.member ? &*req.member : nullptr, m->handle, now_utc()))
    v["achievements"] = achievements_view(app, req, a.value());
  return app.page(req, "profile", v);
}

// GET /settings/profile
Response get_settings_profile(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  const auto& m = *req.member;
  std::string skills;
  for (const auto& s : m.skills) skills += (skills.empty() ? "" : ", ") + s;
  return profile_form(app, req,
                      {{"display_name", m.display_name}, {"country", m.country}, {"organization", m.organization_slug},
                       {"bio_md", m.bio_md}, {"skills", skills}, {"preferred_lang", m.preferred_lang},
                       {"time_zone", m.time_zone}, {"handle", m.handle}},
                      nullptr);
}

// POST /settings/profile
Response post_settings_profile(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  ProfileUpdate u{req.field("display_name"), req.field("country"), req.field("organization"), req.field("bio_md"),
                  req.field("skills"), req.field("preferred_lang"), req.field("time_zone")};
  auto m = app.members().update_profile(*req.member, u);
  if (!m) {
    json values = {{"display_name", u.display_name}, {"country", u.country}, {"organization", u.organization_slug},
                   {"bio_md", u.bio_md}, {"skills", u.skills}, {"preferred_lang", u.preferred_lang},
                   {"time_zone", u.time_zone}, {"handle", req.member->handle}};
    return profile_form(app, req, values, &m.error());
  }
  auto res = Response::redirect("/settings/profile?saved=1");
  res.set_cookie("lang", m->preferred_lang, 365L * 86400, false, req.secure);
  return res;
}

// GET /settings/tokens
Response get_settings_tokens(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  return tokens_page(app, req, "", nullptr);
}

// POST /settings/tokens
Response post_settings_tokens(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  auto t = app.members().create_token(*req.member, req.field("name"));
  if (!t) return tokens_page(app, req, "", &t.error());
  return tokens_page(app, req, t->token, nullptr);
}

// POST /settings/tokens/:id/revoke
Response post_settings_tokens_by_id_revoke(App& app, Request& req) {
  if (auto r = app.require_session(req)) return std::move(*r);
  auto r = app.members().revoke_token(*req.member, req.params["id"]);
  if (!r) return app.error(req, r.error());
  return Response::redirect("/settings/tokens");
}

}  // namespace

void add_member_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/members", on(app, get_members), {"members", "member_skills", "organizations"}));
  routes.push_back(cached_get("/members/:handle", on(app, get_members_by_handle), {"competitions", "events", "follows", "learning_enrolments", "learning_paths", "member_skills", "members", "organizations", "paper_authors", "papers", "posts", "standards", "talent_competitions", "talent_medals", "talent_pool", "talent_profiles", "talent_rank_history", "talent_ranks", "talent_results", "talent_scopes", "talk_speakers", "talks", "team_members", "teams", "topics", "working_group_members", "working_groups"}));
  routes.push_back({"GET", "/settings/profile", on(app, get_settings_profile)});
  routes.push_back({"POST", "/settings/profile", on(app, post_settings_profile)});
  routes.push_back({"GET", "/settings/tokens", on(app, get_settings_tokens)});
  routes.push_back({"POST", "/settings/tokens", on(app, post_settings_tokens)});
  routes.push_back({"POST", "/settings/tokens/:id/revoke", on(app, post_settings_tokens_by_id_revoke)});

}

}  // namespace aigc
