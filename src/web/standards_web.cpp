#include "web/standards_web.hpp"

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/events/event_service.hpp"

namespace aigc {

using nlohmann::json;

Result<Standard> load_standard(App& app, const Request& req) {
  std::int64_t id = 0;
  if (!parse_int(req.params.at("id"), id) || id <= 0)
    return Error::make(ErrorCode::not_found, "error.not_found", "no standard " + req.params.at("id"));
  return StandardService(app.db()).get(id);
}

json standard_view(App& app, const Request& req, const Standard& s) {
  const bool zh = req.lang == "zh-CN";
  const std::string& first = zh ? s.title_zh : s.title_en;
  const std::string& second = zh ? s.title_en : s.title_zh;
  return {{"id", s.id},
          {"url", "/standards/" + std::to_string(s.id)},
          {"identifier", standard_identifier(s)},
          {"title", first.empty() ? second : first},
          {"other_title", first.empty() ? "" : second},
          {"status", s.status},
          {"status_label", app.t(req, "standards.status_" + s.status)},
          {"published", s.status == "published"},
          {"group", s.group_slug},
          {"latest_version", s.latest_version},
          {"updated", app.localized_time(req, s.updated_at)},
          {"updated_at", iso8601_utc(s.updated_at)}};
}

json standard_api(const Standard& s) {
  return {{"id", s.id},
          {"identifier", standard_identifier(s)},
          {"group", s.group_slug},
          {"title_en", s.title_en},
          {"title_zh", s.title_zh},
          {"scope_md", s.scope_md},
          {"status", s.status},
          {"number", s.number},
          {"year", s.year},
          {"latest_version", s.latest_version},
          {"created_at", iso8601_utc(s.created_at)},
          {"updated_at", iso8601_utc(s.updated_at)},
          {"url", "/standards/" + std::to_string(s.id)}};
}

json clause_change_api(const ClauseChange& c) {
  auto pieces = [](const std::vector<DiffPiece>& list) {
    json out = json::array();
    for (const auto& p : list)
      out.push_back({{"op", p.op == DiffPiece::Op::same ? "same" : p.op == DiffPiece::Op::added ? "added" : "removed"}, {"text", p.text}});
    return out;
  };
  json j = {{"anchor", c.anchor},
            {"change", std::string(clause_change_name(c.kind))},
            {"moved", c.moved},
            {"renumbered", c.renumbered},
            {"text_changed", c.text_changed},
            {"title_diff", pieces(c.title_diff)},
            {"body_diff", pieces(c.body_diff)}};
  if (c.from) j["from"] = {{"number", c.from->number}, {"title", c.from->title}};
  if (c.to) j["to"] = {{"number", c.to->number}, {"title", c.to->title}};
  return j;
}

json ballot_api(const Ballot& b) {
  return {{"id", b.id},
          {"standard", b.standard_id},
          {"version", b.version_number},
          {"stage", b.stage},
          {"electorate", b.electorate},
          {"opens_at", iso8601_utc(b.opens_at)},
          {"closes_at", iso8601_utc(b.closes_at)},
          {"rule", {{"approve_at_least", std::to_string(b.rule.approve_num) + "/" + std::to_string(b.rule.approve_den)},
                    {"disapprove_at_most", std::to_string(b.rule.disapprove_num) + "/" + std::to_string(b.rule.disapprove_den)},
                    {"text", describe_rule(b.rule, false)}}},
          {"state", b.state},
          {"approved", b.approved},
          {"result_final", b.state == "closed"},
          {"tally", {{"approve", b.tally.approve}, {"approve_with_comments", b.tally.approve_with_comments},
                     {"disapprove", b.tally.disapprove}, {"abstain", b.tally.abstain}, {"cast", b.tally.cast()}}},
          {"closed_at", b.closed_at ? json(iso8601_utc(b.closed_at)) : json(nullptr)}};
}

json ballot_view(App& app, const Request& req, const Ballot& b) {
  json v = ballot_api(b);
  v["rule_text"] = describe_rule(b.rule, req.lang == "zh-CN");
  v["stage_label"] = app.t(req, "standards.stage_" + b.stage);
  v["electorate_label"] = app.t(req, "standards.electorate_" + b.electorate);
  v["opens"] = app.localized_time(req, b.opens_at);
  v["closes"] = app.localized_time(req, b.closes_at);
  v["open"] = b.state == "open";
  v["running"] = b.state == "open" && now_utc() >= b.opens_at && now_utc() < b.closes_at;
  v["result_label"] = app.t(req, b.approved ? "standards.ballot_approved" : "standards.ballot_not_approved");
  return v;
}

json comment_api(const StandardComment& c) {
  return {{"id", c.id},
          {"standard", c.standard_id},
          {"version", c.version_number},
          {"anchor", c.anchor},
          {"clause", c.clause_number},
          {"passage", c.passage},
          {"type", c.type},
          {"body_md", c.body_md},
          {"proposed_change", c.proposed_change},
          {"author", c.handle},
          {"parent", c.parent_id},
          {"votes", c.votes},
          {"created_at", iso8601_utc(c.created_at)},
          {"disposition", c.disposition.empty() ? json(nullptr) : json(c.disposition)},
          {"disposition_reason", c.disposition_reason},
          {"applied_in_version", c.applied_version ? json(c.applied_version) : json(nullptr)}};
}

Result<std::pair<std::int64_t, std::int64_t>> parse_window(const std::string& opens, const std::string& closes, const std::string& time_zone,
                                                           std::int64_t now) {
  auto o = opens.empty() ? std::optional<std::int64_t>(now) : parse_event_time(opens, time_zone);
  auto c = parse_event_time(closes, time_zone);
  if (!o || !c)
    return Error::invalid("error.fix_fields", "please fix the marked fields",
                          {{"closes_at", "error.time", "give the times as 2027-03-01T09:00 (wall clock) or 2027-03-01T01:00:00Z"}});
  return std::pair<std::int64_t, std::int64_t>{*o, *c};
}

std::int64_t json_int(const nlohmann::json& j, const char* key) {
  return j.contains(key) && j[key].is_number_integer() ? j[key].get<std::int64_t>() : 0;
}

GroupRoles roles_in(const WorkingGroup& g, const Request& req) {
  GroupRoles r;
  if (!req.member) return r;
  const bool admin = req.member->role == Role::admin;
  r.chair = admin || is_group_chair(g, req.member->id);
  r.editor = is_group_editor(g, req.member->id);  // what the services check: admins are not editors
  r.member = is_group_member(g, req.member->id);
  return r;
}

}  // namespace aigc
