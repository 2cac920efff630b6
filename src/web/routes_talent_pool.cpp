// The talent pool and opportunities in the browser and the API: a member's pool settings and
// the contact requests addressed to them; a partner manager's search, shortlist and requests;
// opportunities to browse, save, post and edit.
#include <algorithm>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "domain/talent/opportunity_service.hpp"
#include "domain/talent/talent_pool_service.hpp"
#include "web/app.hpp"
#include "web/talent_web.hpp"

namespace aigc {

using nlohmann::json;

namespace {

std::string joined(const std::vector<std::string>& v, const char* sep = ", ") {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

json kind_options(App& app, const Request& req, const std::vector<std::string>& chosen) {
  json list = json::array();
  for (const char* k : kOpportunityKinds)
    list.push_back({{"code", k}, {"name", app.t(req, std::string("opportunities.kinds.") + k)},
                    {"selected", std::find(chosen.begin(), chosen.end(), k) != chosen.end()}});
  return list;
}

json request_view(App& app, const Request& req, const ContactRequest& r) {
  return {{"id", r.id}, {"organization", r.organization_name}, {"organization_slug", r.organization_slug}, {"handle", r.handle},
          {"display_name", r.display_name}, {"sender", r.sender_handle}, {"message", r.message}, {"status", r.status},
          {"status_name", app.t(req, "pool.status." + r.status)}, {"pending", r.status == "pending"}, {"email", r.email},
          {"when", format_date(r.created_at, req.lang, req.time_zone)}};
}

json request_api(const ContactRequest& r) {
  json j = {{"id", r.id}, {"organization", r.organization_slug}, {"member", r.handle}, {"sender", r.sender_handle}, {"message", r.message},
            {"status", r.status}, {"created_at", iso8601_utc(r.created_at)},
            {"answered_at", r.answered_at ? json(iso8601_utc(r.answered_at)) : json(nullptr)}};
  if (!r.email.empty()) j["email"] = r.email;
  return j;
}

json candidate_view(App& app, const Request& req, const PoolCandidate& c) {
  json kinds = json::array();
  for (const auto& k : c.profile.kinds) kinds.push_back(app.t(req, "opportunities.kinds." + k));
  return {{"handle", c.handle}, {"display_name", c.display_name}, {"country", c.country}, {"organization", c.organization_name},
          {"skills", joined(c.skills)}, {"seeking", c.profile.seeking}, {"kinds", joined(kinds.get<std::vector<std::string>>())},
          {"locations", c.profile.locations}, {"languages", joined(c.profile.languages)}, {"tier", tier_name(c.tier)},
          {"tier_name", app.t(req, std::string("talent.tiers.") + std::string(tier_name(c.tier)))}, {"gold", c.gold}, {"silver", c.silver},
          {"bronze", c.bronze}, {"shortlisted", c.shortlisted}, {"note", c.note},
          {"contact_status", c.contact_status.empty() ? "" : app.t(req, "pool.status." + c.contact_status)},
          {"can_ask", c.contact_status.empty() || c.contact_status == "accepted" || c.contact_status == "withdrawn"}};
}

json candidate_api(const PoolCandidate& c) {
  return {{"handle", c.handle}, {"display_name", c.display_name}, {"country", c.country}, {"skills", c.skills},
          {"seeking", c.profile.seeking}, {"kinds", c.profile.kinds}, {"locations", c.profile.locations}, {"languages", c.profile.languages},
          {"tier", tier_name(c.tier)}, {"medals", {{"gold", c.gold}, {"silver", c.silver}, {"bronze", c.bronze}}},
          {"shortlisted", c.shortlisted}, {"contact_status", c.contact_status.empty() ? json(nullptr) : json(c.contact_status)}};
}

PoolQuery pool_query(App& app, const Request& req, std::optional<Response>& bad) {
  PoolQuery q;
  q.organization = req.query("organization");
  q.skill = req.query("skill");
  q.country = req.query("country");
  q.language = req.query("language");
  q.kind = req.query("kind");
  q.category = req.query("category").empty() ? "overall" : req.query("category");
  q.min_tier = req.query("tier");
  auto medals = app.query_int(req, "medals", 0, -1000000, 1000000);
  auto gold = app.query_int(req, "gold", 0, -1000000, 1000000);
  auto page = app.query_int(req, "page", 1, -1000000, 1000000);
  for (auto* r : {&medals, &gold, &page})
    if (!*r) {
      bad = app.error(req, r->error());
      return q;
    }
  q.min_medals = static_cast<int>(medals.value());
  q.min_gold = static_cast<int>(gold.value());
  q.page = static_cast<int>(page.value());
  return q;
}

std::string first_organization(TalentPoolService& pool, const Member& m, const std::string& chosen) {
  if (!chosen.empty()) return chosen;
  auto orgs = pool.searchable_organizations(m);
  return orgs.empty() ? "" : orgs.front().first;
}

json organization_options(TalentPoolService& pool, const Member& m, const std::string& chosen) {
  json list = json::array();
  for (const auto& [slug, name] : pool.searchable_organizations(m))
    list.push_back({{"slug", slug}, {"name", name}, {"selected", slug == chosen}});
  return list;
}

std::string pool_url(const PoolQuery& q, int page) {
  std::string url = "/talent/pool?organization=" + url_encode(q.organization);
  for (const auto& [k, v] : std::initializer_list<std::pair<const char*, std::string>>{
           {"skill", q.skill}, {"country", q.country}, {"language", q.language}, {"kind", q.kind}, {"tier", q.min_tier},
           {"category", q.category == "overall" ? "" : q.category}, {"medals", q.min_medals ? std::to_string(q.min_medals) : ""},
           {"gold", q.min_gold ? std::to_string(q.min_gold) : ""}})
    if (!v.empty()) url += std::string("&") + k + "=" + url_encode(v);
  return url + "&page=" + std::to_string(page);
}

// GET /settings/talent-pool: whether I am in the pool, and who asked to contact me.
Response get_settings_talent_pool(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  TalentPoolService pool(app.db());
  auto p = pool.profile(req.member->id);
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "my_pool");
  v["title"] = app.t(req, "pool.settings_title");
  v["values"] = {{"open", p.open}, {"seeking", p.seeking}, {"locations", p.locations}, {"languages", joined(p.languages)}};
  v["kinds"] = kind_options(app, req, p.kinds);
  json requests = json::array();
  for (const auto& r : pool.requests_to(*req.member)) requests.push_back(request_view(app, req, r));
  v["requests"] = requests;
  return app.page(req, "pool_settings", v);
}

// POST /settings/talent-pool
Response post_settings_talent_pool(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  PoolProfileInput in;
  if (req.is_api()) {
    auto body = json_body(req);
    if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
    in.open = body->value("open", false);
    in.seeking = body->value("seeking", "");
    in.locations = body->value("locations", "");
    if (body->contains("languages") && (*body)["languages"].is_array())
      for (const auto& l : (*body)["languages"])
        if (l.is_string()) in.languages += (in.languages.empty() ? "" : ",") + l.get<std::string>();
    if (body->contains("kinds") && (*body)["kinds"].is_array())
      for (const auto& k : (*body)["kinds"])
        if (k.is_string()) in.kinds.push_back(k.get<std::string>());
  } else {
    in.open = req.field("open") == "1";
    in.seeking = req.field("seeking");
    in.locations = req.field("locations");
    in.languages = req.field("languages");
    if (const auto& form = req.form())
      for (auto [it, end] = form->equal_range("kinds"); it != end; ++it) in.kinds.push_back(it->second);
  }
  TalentPoolService pool(app.db());
  auto p = pool.set_profile(*req.member, in, now_utc());
  if (!p) {
    if (req.is_api()) return app.error(req, p.error());
    json v = app.base_view(req, "talent");
    v["talent_tabs"] = talent_tabs(app, req, "my_pool");
    v["title"] = app.t(req, "pool.settings_title");
    v["values"] = {{"open", in.open}, {"seeking", in.seeking}, {"locations", in.locations}, {"languages", in.languages}};
    v["kinds"] = kind_options(app, req, in.kinds);
    return app.form_error(req, "pool_settings", v, p.error());
  }
  if (req.is_api())
    return Response::json(json({{"open", p->open}, {"seeking", p->seeking}, {"kinds", p->kinds}, {"locations", p->locations},
                                {"languages", p->languages}})
                              .dump());
  return Response::redirect("/settings/talent-pool");
}

// POST /settings/talent-pool/requests/:id (answer=accept|decline)
Response post_settings_talent_pool_requests_by_id(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::int64_t id = 0;
  if (!parse_int(req.params["id"], id)) return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no such contact request"));
  std::string answer = req.field("answer");
  if (req.is_api())
    if (auto body = json_body(req)) answer = body->value("answer", "");
  if (answer != "accept" && answer != "decline")
    return app.error(req, Error::invalid("error.fix_fields", "please fix the marked fields", {{"answer", "error.pool_answer", "answer accept or decline"}}));
  auto r = TalentPoolService(app.db()).answer(*req.member, id, answer == "accept", now_utc());
  if (!r) return app.error(req, r.error());
  if (req.is_api()) return Response::json(request_api(r.value()).dump());
  return Response::redirect("/settings/talent-pool#requests");
}

// GET /talent/pool (partner managers)
Response get_talent_pool(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  TalentPoolService pool(app.db());
  std::optional<Response> bad;
  auto q = pool_query(app, req, bad);
  if (bad) return std::move(*bad);
  q.organization = first_organization(pool, *req.member, q.organization);
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "pool");
  v["title"] = app.t(req, "pool.title");
  v["organizations"] = organization_options(pool, *req.member, q.organization);
  v["organization"] = q.organization;
  v["organization_slug_for_forms"] = q.organization;
  v["query"] = {{"skill", q.skill}, {"language", q.language}, {"medals", q.min_medals ? std::to_string(q.min_medals) : ""},
                {"gold", q.min_gold ? std::to_string(q.min_gold) : ""}};
  v["kinds"] = kind_options(app, req, {q.kind});
  json tiers = json::array();
  for (const char* t : {"contributor", "expert", "master", "grandmaster"})
    tiers.push_back({{"code", t}, {"name", app.t(req, std::string("talent.tiers.") + t)}, {"selected", q.min_tier == t}});
  v["tiers"] = tiers;
  v["country_options"] = app.country_options_html(req.lang, q.country);
  if (q.organization.empty()) {
    v["no_organization"] = true;
    return app.page(req, "talent_pool", v);
  }
  auto page = pool.search(*req.member, q);
  if (!page) return page.error().code == ErrorCode::invalid_input ? app.form_error(req, "talent_pool", v, page.error()) : app.error(req, page.error());
  json rows = json::array();
  for (const auto& c : page->candidates) rows.push_back(candidate_view(app, req, c));
  v["candidates"] = rows;
  if (page->more) v["next_url"] = pool_url(q, q.page + 1);
  if (q.page > 1) v["prev_url"] = pool_url(q, q.page - 1);
  return app.page(req, "talent_pool", v);
}

// GET /talent/pool/shortlist?organization=
Response get_talent_pool_shortlist(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  TalentPoolService pool(app.db());
  const auto org = first_organization(pool, *req.member, req.query("organization"));
  auto list = pool.shortlisted(*req.member, org);
  if (!list) return app.error(req, list.error());
  if (req.is_api()) {
    json out = json::array();
    for (const auto& c : list.value()) out.push_back(candidate_api(c));
    return Response::json(json({{"organization", org}, {"candidates", out}}).dump());
  }
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "pool");
  v["title"] = app.t(req, "pool.shortlist");
  v["organizations"] = organization_options(pool, *req.member, org);
  v["organization"] = org;
  v["organization_slug_for_forms"] = org;
  json rows = json::array();
  for (const auto& c : list.value()) rows.push_back(candidate_view(app, req, c));
  v["candidates"] = rows;
  v["shortlist_page"] = true;
  return app.page(req, "talent_pool", v);
}

// POST /talent/pool/shortlist (organization, handle, note, remove=1)
Response post_talent_pool_shortlist(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::string org = req.field("organization"), handle = req.field("handle"), note = req.field("note");
  bool remove = req.field("remove") == "1";
  if (req.is_api()) {
    auto body = json_body(req);
    if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
    org = body->value("organization", "");
    handle = body->value("handle", "");
    note = body->value("note", "");
    remove = body->value("remove", false);
  }
  auto r = TalentPoolService(app.db()).shortlist(*req.member, org, handle, !remove, note, now_utc());
  if (!r) return app.error(req, r.error());
  if (req.is_api()) return Response::json("{\"ok\":true}");
  return Response::redirect("/talent/pool/shortlist?organization=" + url_encode(org));
}

// GET /talent/pool/requests?organization=
Response get_talent_pool_requests(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  TalentPoolService pool(app.db());
  const auto org = first_organization(pool, *req.member, req.query("organization"));
  auto list = pool.requests_from(*req.member, org);
  if (!list) return app.error(req, list.error());
  if (req.is_api()) {
    json out = json::array();
    for (const auto& c : list.value()) out.push_back(request_api(c));
    return Response::json(json({{"organization", org}, {"requests", out}}).dump());
  }
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "pool");
  v["title"] = app.t(req, "pool.requests");
  v["organizations"] = organization_options(pool, *req.member, org);
  v["organization"] = org;
  json rows = json::array();
  for (const auto& c : list.value()) rows.push_back(request_view(app, req, c));
  v["requests"] = rows;
  return app.page(req, "pool_requests", v);
}

// POST /talent/pool/requests (organization, handle, message)
Response post_talent_pool_requests(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::string org = req.field("organization"), handle = req.field("handle"), message = req.field("message");
  if (req.is_api()) {
    auto body = json_body(req);
    if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
    org = body->value("organization", "");
    handle = body->value("handle", "");
    message = body->value("message", "");
  }
  auto r = TalentPoolService(app.db()).request_contact(*req.member, org, handle, message, now_utc());
  if (!r) return app.error(req, r.error());
  if (req.is_api()) return Response::json(request_api(r.value()).dump(), 201);
  return Response::redirect("/talent/pool/requests?organization=" + url_encode(org));
}

// --- Opportunities ---

json opportunity_view(App& app, const Request& req, const Opportunity& o, std::int64_t now) {
  return {{"id", o.id}, {"url", "/opportunities/" + std::to_string(o.id)}, {"organization", o.organization_name},
          {"organization_slug", o.organization_slug}, {"kind", o.kind}, {"kind_name", app.t(req, "opportunities.kinds." + o.kind)},
          {"title", o.title}, {"location", o.location}, {"remote", o.remote}, {"saved", o.saved}, {"open", o.closes_at > now},
          {"closes", app.localized_time(req, o.closes_at)}};
}

json opportunity_api(const Opportunity& o, std::int64_t now) {
  return {{"id", o.id}, {"organization", o.organization_slug}, {"kind", o.kind}, {"title", o.title}, {"description_md", o.description_md},
          {"location", o.location}, {"remote", o.remote}, {"closes_at", iso8601_utc(o.closes_at)}, {"open", o.closes_at > now},
          {"saved", o.saved}, {"posted_by", o.created_by}, {"created_at", iso8601_utc(o.created_at)}};
}

OpportunityInput opportunity_input(const Request& req) {
  OpportunityInput in;
  if (req.is_api()) {
    if (auto body = json_body(req)) {
      in.organization = body->value("organization", "");
      in.kind = body->value("kind", "");
      in.title = body->value("title", "");
      in.description_md = body->value("description_md", "");
      in.location = body->value("location", "");
      in.remote = body->value("remote", false);
      auto closes = body->value("closes_at", "");
      // An ISO 8601 UTC time ("2027-01-31T00:00:00Z") or a date.
      if (closes.size() >= 10 && closes.back() == 'Z') closes.pop_back();
      in.closes_at = parse_local_time(closes.substr(0, std::min<std::size_t>(closes.size(), 16)), "UTC").value_or(-1);
    }
    return in;
  }
  in.organization = req.field("organization");
  in.kind = req.field("kind");
  in.title = req.field("title");
  in.description_md = req.field("description_md");
  in.location = req.field("location");
  in.remote = req.field("remote") == "1";
  in.closes_at = parse_local_time(req.field("closes_at"), req.time_zone).value_or(-1);
  return in;
}

Response opportunity_form(App& app, Request& req, const json& values, std::int64_t id, const Error* error) {
  TalentPoolService pool(app.db());
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "opportunities");
  v["title"] = app.t(req, id ? "opportunities.edit" : "opportunities.new");
  v["values"] = values;
  v["action"] = id ? "/opportunities/" + std::to_string(id) + "/edit" : std::string("/opportunities");
  v["organizations"] = organization_options(pool, *req.member, values.value("organization", ""));
  v["kinds"] = kind_options(app, req, {values.value("kind", "job")});
  if (error) return app.form_error(req, "opportunity_form", v, *error);
  return app.page(req, "opportunity_form", v);
}

json opportunity_values(const Request& req) {
  return {{"organization", req.field("organization")}, {"kind", req.field("kind")}, {"title", req.field("title")},
          {"description_md", req.field("description_md")}, {"location", req.field("location")}, {"remote", req.field("remote") == "1"},
          {"closes_at", req.field("closes_at")}};
}

// GET /opportunities (and /api/v1/opportunities)
Response get_opportunities(App& app, Request& req) {
  const auto now = now_utc();
  OpportunityQuery q;
  q.kind = req.query("kind");
  q.organization = req.query("organization");
  q.saved_only = req.query("saved") == "1";
  if (q.saved_only)
    if (auto r = app.require_member(req)) return std::move(*r);
  const Member* me = req.member ? &*req.member : nullptr;
  auto list = OpportunityService(app.db()).list(me, q, now);
  if (!list) return app.error(req, list.error());
  if (req.is_api()) {
    json out = json::array();
    for (const auto& o : list.value()) out.push_back(opportunity_api(o, now));
    return Response::json(json({{"opportunities", out}}).dump());
  }
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "opportunities");
  v["title"] = app.t(req, q.saved_only ? "opportunities.saved_title" : "opportunities.title");
  json rows = json::array();
  for (const auto& o : list.value()) rows.push_back(opportunity_view(app, req, o, now));
  v["opportunities"] = rows;
  v["kinds"] = kind_options(app, req, {q.kind});
  v["saved_only"] = q.saved_only;
  v["can_post"] = me && !TalentPoolService(app.db()).searchable_organizations(*me).empty();
  return app.page(req, "opportunities", v);
}

Result<std::int64_t> opportunity_id(const Request& req) {
  std::int64_t id = 0;
  if (!parse_int(req.params.at("id"), id) || id <= 0)
    return Error::make(ErrorCode::not_found, "error.not_found", "no opportunity " + req.params.at("id"));
  return id;
}

// GET /opportunities/:id (and the API's)
Response get_opportunities_by_id(App& app, Request& req) {
  auto id = opportunity_id(req);
  if (!id) return app.error(req, id.error());
  OpportunityService service(app.db());
  const Member* me = req.member ? &*req.member : nullptr;
  auto o = service.get(me, id.value());
  if (!o) return app.error(req, o.error());
  const auto now = now_utc();
  if (req.is_api()) return Response::json(opportunity_api(o.value(), now).dump());
  json v = app.base_view(req, "talent");
  v["talent_tabs"] = talent_tabs(app, req, "opportunities");
  v["opportunity"] = opportunity_view(app, req, o.value(), now);
  v["opportunity"]["description_html"] = render_markdown(o->description_md).html;
  v["title"] = o->title;
  v["can_edit"] = service.can_edit(me, o.value());
  return app.page(req, "opportunity", v);
}

// GET /opportunities/new
Response get_opportunities_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  return opportunity_form(app, req, {{"kind", "job"}, {"closes_at", local_input_time(now_utc() + 30 * 86400, req.time_zone)}}, 0, nullptr);
}

// POST /opportunities (and the API's)
Response post_opportunities(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  if (req.is_api() && !json_body(req)) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
  auto o = OpportunityService(app.db()).post(*req.member, opportunity_input(req), now_utc());
  if (req.is_api()) return o ? Response::json(opportunity_api(o.value(), now_utc()).dump(), 201) : app.error(req, o.error());
  if (!o) return o.error().code == ErrorCode::invalid_input ? opportunity_form(app, req, opportunity_values(req), 0, &o.error()) : app.error(req, o.error());
  return Response::redirect("/opportunities/" + std::to_string(o->id));
}

// GET /opportunities/:id/edit
Response get_opportunities_by_id_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = opportunity_id(req);
  if (!id) return app.error(req, id.error());
  OpportunityService service(app.db());
  auto o = service.get(&*req.member, id.value());
  if (!o) return app.error(req, o.error());
  if (!service.can_edit(&*req.member, o.value()))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.opportunity_managers_only", "only the organization's managers edit its opportunities"));
  return opportunity_form(app, req,
                          {{"organization", o->organization_slug}, {"kind", o->kind}, {"title", o->title}, {"description_md", o->description_md},
                           {"location", o->location}, {"remote", o->remote}, {"closes_at", local_input_time(o->closes_at, req.time_zone)}},
                          o->id, nullptr);
}

// POST /opportunities/:id/edit (and PUT /api/v1/opportunities/:id)
Response post_opportunities_by_id_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = opportunity_id(req);
  if (!id) return app.error(req, id.error());
  if (req.is_api() && !json_body(req)) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
  auto o = OpportunityService(app.db()).update(*req.member, id.value(), opportunity_input(req), now_utc());
  if (req.is_api()) return o ? Response::json(opportunity_api(o.value(), now_utc()).dump()) : app.error(req, o.error());
  if (!o) return o.error().code == ErrorCode::invalid_input ? opportunity_form(app, req, opportunity_values(req), id.value(), &o.error()) : app.error(req, o.error());
  return Response::redirect("/opportunities/" + std::to_string(o->id));
}

// POST /opportunities/:id/save (saved=1 saves, 0 unsaves; the API's likewise)
Response post_opportunities_by_id_save(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = opportunity_id(req);
  if (!id) return app.error(req, id.error());
  bool saved = req.field("saved") != "0";
  if (req.is_api())
    if (auto body = json_body(req)) saved = body->value("saved", true);
  auto r = OpportunityService(app.db()).save(*req.member, id.value(), saved, now_utc());
  if (!r) return app.error(req, r.error());
  if (req.is_api()) return Response::json(json({{"saved", saved}}).dump());
  return Response::redirect("/opportunities/" + std::to_string(id.value()));
}

// GET /api/v1/talent-pool/me
Response get_api_talent_pool_me(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto p = TalentPoolService(app.db()).profile(req.member->id);
  return Response::json(json({{"open", p.open}, {"seeking", p.seeking}, {"kinds", p.kinds}, {"locations", p.locations},
                              {"languages", p.languages}, {"updated_at", p.updated_at ? json(iso8601_utc(p.updated_at)) : json(nullptr)}})
                            .dump());
}

// GET /api/v1/talent-pool?organization=&skill=&country=&language=&kind=&tier=&category=&medals=&gold=&page=
Response get_api_talent_pool(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::optional<Response> bad;
  auto q = pool_query(app, req, bad);
  if (bad) return std::move(*bad);
  auto page = TalentPoolService(app.db()).search(*req.member, q);
  if (!page) return app.error(req, page.error());
  json out = json::array();
  for (const auto& c : page->candidates) out.push_back(candidate_api(c));
  return Response::json(json({{"organization", q.organization}, {"page", page->page}, {"more", page->more}, {"candidates", out}}).dump());
}

// GET /api/v1/contact-requests: the requests addressed to me.
Response get_api_contact_requests(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  json out = json::array();
  for (const auto& c : TalentPoolService(app.db()).requests_to(*req.member)) out.push_back(request_api(c));
  return Response::json(json({{"requests", out}}).dump());
}

}  // namespace

void add_talent_pool_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/settings/talent-pool", on(app, get_settings_talent_pool)});
  routes.push_back({"POST", "/settings/talent-pool", on(app, post_settings_talent_pool)});
  routes.push_back({"POST", "/settings/talent-pool/requests/:id", on(app, post_settings_talent_pool_requests_by_id)});
  routes.push_back({"GET", "/talent/pool", on(app, get_talent_pool)});
  routes.push_back({"GET", "/talent/pool/shortlist", on(app, get_talent_pool_shortlist)});
  routes.push_back({"POST", "/talent/pool/shortlist", on(app, post_talent_pool_shortlist)});
  routes.push_back({"GET", "/talent/pool/requests", on(app, get_talent_pool_requests)});
  routes.push_back({"POST", "/talent/pool/requests", on(app, post_talent_pool_requests)});
  routes.push_back({"GET", "/api/v1/talent-pool/me", on(app, get_api_talent_pool_me)});
  routes.push_back({"PUT", "/api/v1/talent-pool/me", on(app, post_settings_talent_pool)});
  routes.push_back({"GET", "/api/v1/talent-pool", on(app, get_api_talent_pool)});
  routes.push_back({"GET", "/api/v1/talent-pool/shortlist", on(app, get_talent_pool_shortlist)});
  routes.push_back({"POST", "/api/v1/talent-pool/shortlist", on(app, post_talent_pool_shortlist)});
  routes.push_back({"GET", "/api/v1/talent-pool/requests", on(app, get_talent_pool_requests)});
  routes.push_back({"POST", "/api/v1/talent-pool/requests", on(app, post_talent_pool_requests)});
  routes.push_back({"GET", "/api/v1/contact-requests", on(app, get_api_contact_requests)});
  routes.push_back({"POST", "/api/v1/contact-requests/:id", on(app, post_settings_talent_pool_requests_by_id)});
  routes.push_back(cached_get("/opportunities", on(app, get_opportunities), {"opportunities", "organizations"}));
  routes.push_back({"GET", "/opportunities/new", on(app, get_opportunities_new)});
  routes.push_back({"POST", "/opportunities", on(app, post_opportunities)});
  routes.push_back(cached_get("/opportunities/:id", on(app, get_opportunities_by_id), {"opportunities", "organizations"}));
  routes.push_back({"GET", "/opportunities/:id/edit", on(app, get_opportunities_by_id_edit)});
  routes.push_back({"POST", "/opportunities/:id/edit", on(app, post_opportunities_by_id_edit)});
  routes.push_back({"POST", "/opportunities/:id/save", on(app, post_opportunities_by_id_save)});
  routes.push_back(cached_get("/api/v1/opportunities", on(app, get_opportunities), {"opportunities", "organizations"}));
  routes.push_back({"POST", "/api/v1/opportunities", on(app, post_opportunities)});
  routes.push_back(cached_get("/api/v1/opportunities/:id", on(app, get_opportunities_by_id), {"opportunities", "organizations"}));
  routes.push_back({"PUT", "/api/v1/opportunities/:id", on(app, post_opportunities_by_id_edit)});
  routes.push_back({"POST", "/api/v1/opportunities/:id/save", on(app, post_opportunities_by_id_save)});
}

}  // namespace aigc
