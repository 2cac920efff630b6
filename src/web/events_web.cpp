#include "web/events_web.hpp"

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/events/event_service.hpp"
#include "domain/pages/markdown.hpp"
#include "web/event_view.hpp"

namespace aigc {

using nlohmann::json;

Result<Event> load_event(App& app, const Request& req) {
  return app.events().get(req.params.at("slug"), req.member ? &*req.member : nullptr);
}

const json& words(const App& app, const Request& req) { return app.catalogs().tree(req.lang)["events"]; }

json event_page_view(App& app, const Request& req, const Event& e, const std::string& tab) {
  json v = app.base_view(req, "events");
  v["event"] = event_view(e, req.lang, req.time_zone, now_utc(), words(app, req));
  v["title"] = v["event"]["title"];
  v["tab"] = {{tab, true}};
  v["can_manage"] = req.member && can_manage_event(*req.member, e);
  v["has_cfp"] = e.cfp_closes_at != 0;
  return v;
}

json proposals_view(App& app, const Request& req, const Event& e) {
  json out = json::array();
  const bool manager = req.member && can_manage_event(*req.member, e);
  for (const auto& p : app.call_for_papers().visible_to(*req.member, e)) {
    char mean[16];
    std::snprintf(mean, sizeof mean, "%.1f", p.mean_score);
    json j = {{"id", p.id}, {"title", p.title}, {"abstract_html", render_markdown(p.abstract_md).html}, {"kind", p.kind},
              {"status", p.status}, {"submitter", p.submitter_handle}, {"co_speakers", p.co_speakers}, {"reviews", p.reviews},
              {"assigned", p.assigned}, {"mean", p.reviews ? std::string(mean) : ""}, {"mine", p.submitter_id == req.member->id},
              {"open", p.status == "submitted" || p.status == "waitlisted"}, {"is_" + p.status, true}};
    if (p.talk_id) j["talk_url"] = "/events/" + e.slug + "/talks/" + std::to_string(p.talk_id);
    json reviews = json::array();
    bool my_review = false;
    for (const auto& r : app.call_for_papers().reviews(*req.member, e, p.id)) {
      reviews.push_back({{"reviewer", r.reviewer_handle}, {"score", r.score}, {"comment", r.comment}, {"done", r.score > 0}});
      if (r.reviewer_id == req.member->id) my_review = true, j["my_score"] = r.score, j["my_comment"] = r.comment;
    }
    j["review_list"] = reviews;
    j["can_review"] = my_review && p.submitter_id != req.member->id;
    j["can_decide"] = manager;
    out.push_back(j);
  }
  return out;
}

namespace {

std::string text_of(const json& j, const char* key) {
  if (!j.contains(key) || j[key].is_null()) return "";
  if (j[key].is_string()) return j[key].get<std::string>();
  if (j[key].is_number_integer()) return std::to_string(j[key].get<std::int64_t>());
  if (j[key].is_number()) return j[key].dump();
  return "\x01";  // any other type: refused by the field's own check
}

}  // namespace

Result<EventInput> event_input_from_json(const json& b) {
  EventInput in;
  in.slug = text_of(b, "slug");
  in.title_en = text_of(b, "title_en");
  in.title_zh = text_of(b, "title_zh");
  in.description_en = text_of(b, "description_en");
  in.description_zh = text_of(b, "description_zh");
  in.kind = text_of(b, "kind");
  in.venue = text_of(b, "venue");
  in.address = text_of(b, "address");
  in.map_url = text_of(b, "map_url");
  in.online_url = text_of(b, "online_url");
  in.time_zone = text_of(b, "timezone");
  if (in.time_zone.empty()) in.time_zone = text_of(b, "time_zone");
  in.starts_at = text_of(b, "starts_at");
  in.ends_at = text_of(b, "ends_at");
  in.cfp_opens_at = text_of(b, "cfp_opens_at");
  in.cfp_closes_at = text_of(b, "cfp_closes_at");
  in.offer_hours = text_of(b, "offer_hours");
  in.managers = text_of(b, "managers");
  in.organizations = text_of(b, "organizations");
  if (b.contains("ticket_types") && !b["ticket_types"].is_array())
    return Error::invalid("error.fix_fields", "fix the fields below",
                          {{"ticket_types", "error.ticket_types_array", "ticket_types is a list of {\"name\": ..., \"capacity\": ...}"}});
  for (const auto& t : b.value("ticket_types", json::array())) {
    if (!t.is_object())
      return Error::invalid("error.fix_fields", "fix the fields below",
                            {{"ticket_types", "error.ticket_types_array", "ticket_types is a list of {\"name\": ..., \"capacity\": ...}"}});
    TicketTypeInput ti;
    ti.name = text_of(t, "name");
    ti.name_zh = text_of(t, "name_zh");
    ti.capacity = text_of(t, "capacity");
    ti.price = t.contains("price_cents") && t["price_cents"].is_number_integer()
                   ? std::to_string(t["price_cents"].get<std::int64_t>() / 100) + "." + std::to_string(100 + t["price_cents"].get<std::int64_t>() % 100).substr(1)
                   : text_of(t, "price");
    ti.currency = text_of(t, "currency");
    ti.sales_start = text_of(t, "sales_start");
    ti.sales_end = text_of(t, "sales_end");
    ti.per_member = t.contains("per_member") ? text_of(t, "per_member") : "1";
    ti.requires_approval = t.value("requires_approval", false);
    ti.hidden = t.value("hidden", false);
    ti.transferable = t.value("transferable", true);
    in.ticket_types.push_back(ti);
  }
  return in;
}

EventInput event_input_from_form(const Request& req) {
  EventInput in;
  in.slug = req.field("slug");
  in.title_en = req.field("title_en");
  in.title_zh = req.field("title_zh");
  in.description_en = req.field("description_en");
  in.description_zh = req.field("description_zh");
  in.kind = req.field("kind");
  in.venue = req.field("venue");
  in.address = req.field("address");
  in.map_url = req.field("map_url");
  in.online_url = req.field("online_url");
  in.time_zone = req.field("time_zone");
  in.starts_at = req.field("starts_at");
  in.ends_at = req.field("ends_at");
  in.cover = req.field("cover");
  in.cfp_opens_at = req.field("cfp_opens_at");
  in.cfp_closes_at = req.field("cfp_closes_at");
  in.cfp_blind = req.field("cfp_blind") == "1";
  in.edit_deadline = req.field("edit_deadline");
  in.offer_hours = req.field("offer_hours");
  in.managers = req.field("managers");
  in.organizations = req.field("organizations");
  in.questions = req.field("questions");
  // Ticket types: one per line, "name | 中文名 | capacity | price | flags" (flags: approval,
  // hidden, fixed (not transferable), multiple).
  for (auto& line : split(req.field("ticket_types"), '\n')) {
    if (trim(line).empty()) continue;
    auto parts = split(line, '|');
    for (auto& p : parts) p = trim(p);
    TicketTypeInput t;
    t.name = parts.size() > 0 ? parts[0] : "";
    t.name_zh = parts.size() > 1 ? parts[1] : "";
    t.capacity = parts.size() > 2 ? parts[2] : "";
    t.price = parts.size() > 3 ? parts[3] : "";
    const std::string flags = parts.size() > 4 ? parts[4] : "";
    t.requires_approval = flags.find("approval") != std::string::npos;
    t.hidden = flags.find("hidden") != std::string::npos;
    t.transferable = flags.find("fixed") == std::string::npos;
    if (flags.find("multiple") != std::string::npos) t.per_member = "10";
    in.ticket_types.push_back(t);
  }
  return in;
}

}  // namespace aigc
