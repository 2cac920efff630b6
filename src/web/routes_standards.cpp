// Standards for readers, in the browser and the API: the catalogue, a working group's
// page, a standard's page (a version's text by clause, in one language or side by side,
// with the comments anchored to each clause, its history, versions and ballots), the
// diff between two versions, the comment resolution table (and its CSV), a printable
// text; commenting during a public review and voting on a ballot.
#include <algorithm>
#include <map>
#include <tuple>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/pages/markdown.hpp"
#include "web/app.hpp"
#include "web/atom.hpp"
#include "web/standards_web.hpp"

namespace aigc {

using nlohmann::json;

namespace {

std::string pick(const Request& req, const std::string& en, const std::string& zh) {
  const std::string& first = req.lang == "zh-CN" ? zh : en;
  return first.empty() ? (req.lang == "zh-CN" ? en : zh) : first;
}

json comment_view(App& app, const Request& req, const StandardComment& c, bool earlier) {
  json v = comment_api(c);
  v["body_html"] = render_markdown(c.body_md).html;
  v["when"] = app.localized_time(req, c.created_at);
  v["type_label"] = app.t(req, "standards.comment_" + c.type);
  v["earlier_version"] = earlier;
  v["disposition_label"] = c.disposition.empty() ? "" : app.t(req, "standards.disposition_" + c.disposition);
  v["replies"] = json::array();
  return v;
}

// The clauses of one language with their comments (threads: replies under their comment).
json clause_views(App& app, const Request& req, const std::vector<Clause>& clauses, const std::vector<CommentOnVersion>& comments,
                  json& general) {
  std::map<std::string, json> by_anchor;
  std::map<std::int64_t, std::pair<std::string, std::size_t>> where;  // comment -> (anchor, index)
  // A comment made on the other language's text sits at the clause of the same number here.
  std::map<std::string, std::string> here;  // anchor or number -> anchor in this language
  for (const auto& c : clauses) {
    here[c.anchor] = c.anchor;
    here.emplace(c.number.empty() ? c.title : c.number, c.anchor);
  }
  for (const auto& on : comments) {
    CommentOnVersion c = on;
    if (!c.comment.anchor.empty()) {
      auto it = here.count(c.comment.anchor) ? here.find(c.comment.anchor) : here.find(c.comment.clause_number);
      c.comment.anchor = it == here.end() ? "" : it->second;
    }
    json view = comment_view(app, req, c.comment, c.earlier_version);
    if (c.comment.parent_id != 0 && where.count(c.comment.parent_id)) {
      view.erase("replies");  // else {{#replies}} inside {{#replies.0}} would read the reply's own
      auto [anchor, i] = where[c.comment.parent_id];
      (anchor.empty() ? general : by_anchor[anchor])[i]["replies"].push_back(view);
      continue;
    }
    json& list = c.comment.anchor.empty() ? general : by_anchor[c.comment.anchor];
    if (!list.is_array()) list = json::array();
    where[c.comment.id] = {c.comment.anchor, list.size()};
    list.push_back(view);
  }
  json out = json::array();
  for (const auto& c : clauses) {
    json v = {{"anchor", c.anchor},
              {"number", c.number},
              {"title", c.title},
              {"heading", c.level > 0},
              {"level", std::min(c.level + 1, 6)},
              {"body_html", render_markdown(c.body_md).html}};
    v["comments"] = by_anchor.count(c.anchor) ? by_anchor[c.anchor] : json::array();
    v["comment_count"] = v["comments"].size();
    out.push_back(v);
  }
  return out;
}

// Rows that put each English clause beside the Chinese clause of the same number (or the
// same place among unnumbered ones); clauses with no partner get a row of their own.
json side_by_side(const json& en, const json& zh) {
  json rows = json::array();
  std::vector<bool> used(zh.size(), false);
  for (const auto& e : en) {
    json row = {{"en", e}};
    for (std::size_t i = 0; i < zh.size(); ++i)
      if (!used[i] && ((!e["number"].get<std::string>().empty() && zh[i]["number"] == e["number"]) ||
                       (e["number"].get<std::string>().empty() && zh[i]["number"].get<std::string>().empty() && zh[i]["level"] == e["level"]))) {
        used[i] = true;
        row["zh"] = zh[i];
        break;
      }
    rows.push_back(row);
  }
  for (std::size_t i = 0; i < zh.size(); ++i)
    if (!used[i]) rows.push_back({{"zh", zh[i]}});
  return rows;
}

json standard_page_view(App& app, Request& req, const Standard& s, int version_number) {
  StandardService service(app.db());
  json v = app.base_view(req, "standards");
  json sv = standard_view(app, req, s);
  v["standard"] = sv;
  v["title"] = (sv["identifier"].get<std::string>().empty() ? "" : sv["identifier"].get<std::string>() + " ") + sv["title"].get<std::string>();
  v["scope_html"] = render_markdown(s.scope_md).html;
  auto g = service.group(s.group_slug);
  if (g) {
    v["group"] = {{"slug", g->slug}, {"name", pick(req, g->name_en, g->name_zh)}, {"url", "/standards/groups/" + g->slug}};
    auto roles = roles_in(g.value(), req);
    v["is_chair"] = roles.chair;
    v["is_editor"] = roles.editor;
  }
  const auto now = now_utc();
  auto review = service.review(s.id);
  if (review) {
    v["review"] = {{"opens", app.localized_time(req, review->opens_at)}, {"closes", app.localized_time(req, review->closes_at)},
                   {"open", review->open(now)}, {"version", review->version_number}};
    v["can_comment"] = review->open(now) && req.member.has_value();
  }
  json versions = json::array();
  for (const auto& ver : service.versions(s.id))
    versions.push_back({{"number", ver.number}, {"note", ver.note}, {"author", ver.author_handle}, {"when", app.localized_time(req, ver.created_at)},
                        {"current", ver.number == version_number}, {"url", "/standards/" + std::to_string(s.id) + "?version=" + std::to_string(ver.number)}});
  v["versions"] = versions;
  v["has_versions"] = !versions.empty();
  if (s.latest_version > 0) {
    auto ver = service.version(s.id, version_number);
    if (ver) {
      auto comments = service.comments_on(s.id, ver->number);
      json general = json::array();
      json en = clause_views(app, req, ver->clauses_en, comments ? comments.value() : std::vector<CommentOnVersion>{}, general);
      json general_zh = json::array();
      json zh = clause_views(app, req, ver->clauses_zh, comments ? comments.value() : std::vector<CommentOnVersion>{}, general_zh);
      std::string view = req.query("text");
      if (view != "en" && view != "zh-CN" && view != "both") view = req.lang == "zh-CN" ? (zh.empty() ? "en" : "zh-CN") : (en.empty() ? "zh-CN" : "en");
      if (view == "both" && (en.empty() || zh.empty())) view = en.empty() ? "zh-CN" : "en";
      v["text_view"] = view;
      v["view_both"] = view == "both";
      v["has_both"] = !en.empty() && !zh.empty();
      v["clauses"] = view == "zh-CN" ? zh : en;
      if (view == "both") v["rows"] = side_by_side(en, zh);
      v["general_comments"] = general;
      v["version"] = {{"number", ver->number}, {"latest", ver->number == s.latest_version}, {"when", app.localized_time(req, ver->created_at)}};
      if (ver->number > 1) v["diff_url"] = "/standards/" + std::to_string(s.id) + "/diff?from=" + std::to_string(ver->number - 1) + "&to=" + std::to_string(ver->number);
      json anchors = json::array();
      for (const auto* list : {&ver->clauses_en, &ver->clauses_zh})
        for (const auto& c : *list)
          if (c.level > 0) anchors.push_back({{"anchor", c.anchor}, {"label", (c.number.empty() ? "" : c.number + " ") + c.title}});
      v["clause_options"] = anchors;
    }
  }
  json history = json::array();
  for (const auto& h : service.history(s.id))
    history.push_back({{"from", h.from.empty() ? "" : app.t(req, "standards.status_" + h.from)}, {"to", app.t(req, "standards.status_" + h.to)},
                       {"who", h.handle}, {"why", h.reason}, {"when", app.localized_time(req, h.at)}});
  v["history"] = history;
  json ballots = json::array();
  BallotService ballot_service(app.db());
  for (const auto& b : ballot_service.ballots(s.id)) {
    json bv = ballot_view(app, req, b);
    json votes = json::array();
    for (const auto& vote : ballot_service.votes(b.id))
      votes.push_back({{"voter", vote.voter_name}, {"position", app.t(req, "standards.position_" + vote.position)}, {"reasons", vote.reasons},
                       {"when", app.localized_time(req, vote.at)}});
    bv["votes"] = votes;
    json history_rows = json::array();
    for (const auto& h : ballot_service.history(b.id))
      history_rows.push_back({{"voter", h.voter_name}, {"by", h.handle}, {"position", app.t(req, "standards.position_" + h.position)},
                              {"when", app.localized_time(req, h.at)}});
    bv["history"] = history_rows;
    if (req.member && bv["running"].get<bool>()) bv["can_vote"] = ballot_service.voter_key(*req.member, b.id).ok();
    ballots.push_back(bv);
  }
  v["ballots"] = ballots;
  const std::string id = standard_identifier(s).empty() ? "AIGC Hub draft " + std::to_string(s.id) : standard_identifier(s);
  v["citation"] = id + ", " + (s.title_en.empty() ? s.title_zh : s.title_en) + ". AIGC Hub, " +
                  std::to_string(s.year ? s.year : 1970 + static_cast<int>(s.updated_at / 31556952)) + ". " + app.config().public_url +
                  "/standards/" + std::to_string(s.id);
  v["statuses"] = json::array();
  for (const char* to : {"working_draft", "committee_draft", "public_review", "published", "amended", "withdrawn"})
    v["statuses"].push_back({{"value", to}, {"label", app.t(req, std::string("standards.status_") + to)}});
  return v;
}

// GET /standards
Response get_standards(App& app, Request& req) {
  StandardService service(app.db());
  json v = app.base_view(req, "standards");
  v["title"] = app.t(req, "areas.standards.title");
  const std::string status = req.query("status");
  json published = json::array(), drafts = json::array();
  for (const auto& s : service.list(status, req.query("group"))) {
    json sv = standard_view(app, req, s);
    (s.status == "published" || s.status == "amended" ? published : drafts).push_back(sv);
  }
  v["published"] = published;
  v["drafts"] = drafts;
  json groups = json::array();
  for (const auto& g : service.groups())
    groups.push_back({{"slug", g.slug}, {"name", pick(req, g.name_en, g.name_zh)}, {"url", "/standards/groups/" + g.slug},
                      {"members", std::count_if(g.members.begin(), g.members.end(), [](const GroupMember& m) { return m.state == "active"; })}});
  v["groups"] = groups;
  v["can_create_group"] = req.member && at_least(req.member->role, Role::committee);
  v["filter"] = status;
  json statuses = json::array();
  for (const char* st : kStandardStatuses)
    statuses.push_back({{"value", st}, {"label", app.t(req, std::string("standards.status_") + st)}, {"selected", status == st}});
  v["statuses"] = statuses;
  return app.page(req, "standards", v);
}

// GET /standards/groups/:slug
Response get_standards_groups_by_slug(App& app, Request& req) {
  StandardService service(app.db());
  auto g = service.group(req.params.at("slug"));
  if (!g) return app.error(req, g.error());
  json v = app.base_view(req, "standards");
  v["title"] = pick(req, g->name_en, g->name_zh);
  auto roles = roles_in(g.value(), req);
  json members = json::array(), requests = json::array();
  std::string mine;
  for (const auto& m : g->members) {
    json mv = {{"handle", m.handle}, {"name", m.display_name}, {"role", app.t(req, "standards.role_" + m.role)}, {"state", m.state}};
    if (m.state == "active") members.push_back(mv);
    else if (m.state == "requested" && roles.chair) requests.push_back(mv);
    if (req.member && m.member_id == req.member->id) mine = m.state;
  }
  json docs = json::array(), open_ballots = json::array();
  BallotService ballots(app.db());
  for (const auto& s : service.list("", g->slug)) {
    docs.push_back(standard_view(app, req, s));
    for (const auto& b : ballots.ballots(s.id))
      if (b.state == "open") {
        json bv = ballot_view(app, req, b);
        bv["standard"] = standard_view(app, req, s);
        open_ballots.push_back(bv);
      }
  }
  v["open_ballots"] = open_ballots;
  // The group's discussions: topics tagged with its short name.
  FeedQuery topics_query;
  topics_query.tag = g->slug;
  topics_query.limit = 10;
  json topics = json::array();
  if (auto feed = app.discussions().feed(topics_query, now_utc()))
    for (const auto& t : feed.value().topics)
      topics.push_back({{"title", t.title}, {"url", "/discussions/t/" + std::to_string(t.id)}});
  v["topics"] = topics;
  v["group"] = {{"slug", g->slug}, {"name", v["title"]}, {"other_name", req.lang == "zh-CN" ? g->name_en : g->name_zh},
                {"charter_html", render_markdown(g->charter_md).html}, {"organizations", g->organizations}};
  v["members"] = members;
  v["requests"] = requests;
  v["documents"] = docs;
  v["is_chair"] = roles.chair;
  v["is_editor"] = roles.editor;
  v["can_join"] = req.member && mine.empty();
  v["invited"] = mine == "invited";
  v["requested"] = mine == "requested";
  return app.page(req, "standards_group", v);
}

// GET /standards/:id
Response get_standards_by_id(App& app, Request& req) {
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto version = app.query_int(req, "version", 0, 0, 1000000);
  if (!version) return app.error(req, version.error());
  json v = standard_page_view(app, req, s.value(), static_cast<int>(version.value()));
  return app.page(req, req.query("print") == "1" ? "standard_print" : "standard", v);
}

// POST /standards/:id/comments
Response post_standards_by_id_comments(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  CommentInput in;
  std::int64_t n = 0;
  if (parse_int(req.field("version"), n)) in.version_number = static_cast<int>(n);
  if (parse_int(req.field("parent"), n)) in.parent_id = n;
  in.clause = req.field("clause");
  in.passage = req.field("passage");
  in.type = req.field("type").empty() ? "general" : req.field("type");
  in.body_md = req.field("body_md");
  in.proposed_change = req.field("proposed_change");
  auto c = StandardService(app.db()).comment(*req.member, s->id, in, now_utc());
  if (!c) {
    json v = standard_page_view(app, req, s.value(), in.version_number);
    v["values"] = {{"clause", in.clause}, {"body_md", in.body_md}, {"proposed_change", in.proposed_change}, {"passage", in.passage}};
    v["problems"] = app.error_json(req, c.error())["error"]["details"];
    return app.form_error(req, "standard", v, c.error());
  }
  // Back to the text in the language of the clause, where its anchor is.
  std::string text;
  if (auto v = StandardService(app.db()).version(s->id, c->version_number))
    for (const auto& clause : v->clauses_zh)
      if (clause.anchor == c->anchor) text = "&text=zh-CN";
  if (text.empty() && !c->anchor.empty()) text = "&text=en";
  return Response::redirect("/standards/" + std::to_string(s->id) + "?version=" + std::to_string(c->version_number) + text + "#" +
                            (c->anchor.empty() ? "comments" : c->anchor));
}

// POST /standards/:id/ballots/:ballot/vote
Response post_standards_by_id_ballots_by_ballot_vote(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  std::int64_t ballot = 0;
  parse_int(req.params.at("ballot"), ballot);
  auto b = BallotService(app.db()).get(ballot);
  if (!b || b->standard_id != s->id) return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no such ballot"));
  auto vote = BallotService(app.db()).vote(*req.member, ballot, req.field("position"), req.field("reasons"), now_utc());
  if (!vote) return app.error(req, vote.error());
  return Response::redirect("/standards/" + std::to_string(s->id) + "#ballot-" + std::to_string(ballot));
}

// GET /standards/:id/diff?from=&to=&lang=&view=
Response get_standards_by_id_diff(App& app, Request& req) {
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto to = app.query_int(req, "to", s->latest_version, 1, 1000000);
  if (!to) return app.error(req, to.error());
  auto from = app.query_int(req, "from", std::max<std::int64_t>(1, to.value() - 1), 1, 1000000);
  if (!from) return app.error(req, from.error());
  std::string lang = req.query("lang");
  if (lang.empty()) lang = req.lang;
  auto changes = StandardService(app.db()).diff(s->id, static_cast<int>(from.value()), static_cast<int>(to.value()), lang);
  if (!changes) return app.error(req, changes.error());
  json v = app.base_view(req, "standards");
  v["standard"] = standard_view(app, req, s.value());
  v["title"] = app.t(req, "standards.diff_title");
  v["from"] = from.value();
  v["to"] = to.value();
  v["lang_en"] = lang == "en";
  v["side"] = req.query("view") == "side";
  json list = json::array();
  for (const auto& c : changes.value()) {
    json cv = clause_change_api(c);
    cv["title_html"] = c.title_diff.empty() ? html_escape(c.to ? c.to->title : c.from->title) : diff_html(c.title_diff);
    cv["body_html"] = diff_html(c.body_diff);
    cv["added"] = c.kind == ClauseChange::Kind::added;
    cv["removed"] = c.kind == ClauseChange::Kind::removed;
    cv["from_number"] = c.from ? c.from->number : "";
    cv["to_number"] = c.to ? c.to->number : "";
    cv["before"] = c.from ? c.from->body_md : "";
    cv["after"] = c.to ? c.to->body_md : "";
    // Side by side: the old text with what was removed marked, the new with what was added.
    std::vector<DiffPiece> left, right;
    for (const auto& p : c.body_diff) {
      if (p.op != DiffPiece::Op::added) left.push_back(p);
      if (p.op != DiffPiece::Op::removed) right.push_back(p);
    }
    cv["left_html"] = diff_html(left);
    cv["right_html"] = diff_html(right);
    list.push_back(cv);
  }
  v["changes"] = list;
  json versions = json::array();
  for (const auto& ver : StandardService(app.db()).versions(s->id)) versions.push_back(ver.number);
  v["version_numbers"] = versions;
  return app.page(req, "standard_diff", v);
}

// GET /standards/:id/resolution, and .csv
Response get_standards_by_id_resolution(App& app, Request& req) {
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  StandardService service(app.db());
  json v = app.base_view(req, "standards");
  v["standard"] = standard_view(app, req, s.value());
  v["title"] = app.t(req, "standards.resolution_title");
  json rows = json::array();
  for (const auto& r : service.resolution(s->id)) {
    json row = comment_view(app, req, r.comment, false);
    row["clause_label"] = r.clause == "general" ? app.t(req, "standards.general") : r.clause;
    row["proposed_html"] = render_markdown(r.comment.proposed_change).html;
    rows.push_back(row);
  }
  v["rows"] = rows;
  return app.page(req, "standard_resolution", v);
}

Response get_standards_by_id_resolution_csv(App& app, Request& req) {
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  return Response::text(StandardService(app.db()).resolution_csv(s->id), 200, "text/csv; charset=utf-8")
      .header("Content-Disposition", "attachment; filename=\"comment-resolution-" + std::to_string(s->id) + ".csv\"");
}

// POST /standards/:id/comments/:comment/vote (on=1 or 0)
Response post_standards_by_id_comments_by_comment_vote(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  std::int64_t comment = 0;
  parse_int(req.params.at("comment"), comment);
  auto c = StandardService(app.db()).vote_comment(*req.member, comment, req.field("on") != "0");
  if (!c) return app.error(req, c.error());
  if (req.is_api()) return Response::json(json{{"comment", comment}, {"votes", c.value()}}.dump());
  return Response::redirect("/standards/" + std::to_string(s->id) + "#comment-" + std::to_string(comment));
}

// GET /standards/feed.atom: every standard's steps (proposed, adopted, in review, under
// ballot, published...), newest first.
Response get_standards_feed(App& app, Request& req) {
  const std::string base = app.config().public_url;
  std::string host = base.substr(base.find("://") == std::string::npos ? 0 : base.find("://") + 3);
  host = host.substr(0, host.find_first_of(":/"));
  AtomFeed feed;
  feed.id = "tag:" + host + ",2026:standards";
  feed.title = app.t(req, "areas.standards.title") + " · AIGC Hub";
  feed.subtitle = app.t(req, "areas.standards.about");
  feed.self_url = base + "/standards/feed.atom";
  feed.html_url = base + "/standards";
  feed.lang = req.lang;
  for (const auto& [s, step] : StandardService(app.db()).recent_steps(50)) {
    AtomEntry e;
    e.id = "tag:" + host + ",2026:standard/" + std::to_string(s.id) + "/" + step.to + "/" + std::to_string(step.at);
    const std::string title = pick(req, s.title_en, s.title_zh);
    e.title = (standard_identifier(s).empty() ? "" : standard_identifier(s) + " ") + title + ": " + app.t(req, "standards.status_" + step.to);
    e.url = base + "/standards/" + std::to_string(s.id);
    e.author = "@" + step.handle;
    e.published = e.updated = step.at;
    e.content_html = "<p>" + html_escape(step.from.empty() ? "" : app.t(req, "standards.status_" + step.from) + " → ") +
                     html_escape(app.t(req, "standards.status_" + step.to)) + (step.reason.empty() ? "" : ": " + html_escape(step.reason)) + "</p>";
    e.categories = {s.group_slug};
    feed.updated = std::max(feed.updated, e.updated);
    feed.entries.push_back(std::move(e));
  }
  if (feed.updated == 0) feed.updated = now_utc();
  return Response::text(render_atom(feed), 200, "application/atom+xml; charset=utf-8");
}

// --- API ---

Response get_api_standards(App& app, Request& req) {
  json list = json::array();
  for (const auto& s : StandardService(app.db()).list(req.query("status"), req.query("group"))) list.push_back(standard_api(s));
  return Response::json(json{{"standards", list}}.dump());
}

Response get_api_standards_by_id(App& app, Request& req) {
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  StandardService service(app.db());
  json j = standard_api(s.value());
  json versions = json::array();
  for (const auto& v : service.versions(s->id))
    versions.push_back({{"number", v.number}, {"note", v.note}, {"author", v.author_handle}, {"created_at", iso8601_utc(v.created_at)}});
  j["versions"] = versions;
  json history = json::array();
  for (const auto& h : service.history(s->id))
    history.push_back({{"from", h.from}, {"to", h.to}, {"by", h.handle}, {"reason", h.reason}, {"at", iso8601_utc(h.at)}});
  j["history"] = history;
  json ballots = json::array();
  for (const auto& b : BallotService(app.db()).ballots(s->id)) ballots.push_back(ballot_api(b));
  j["ballots"] = ballots;
  if (s->latest_version > 0) {
    auto wanted = app.query_int(req, "version", 0, 0, 1000000);
    auto v = service.version(s->id, wanted ? static_cast<int>(wanted.value()) : 0);
    if (v) j["text"] = {{"version", v->number}, {"text_en", v->text_en}, {"text_zh", v->text_zh}};
  }
  return Response::json(j.dump());
}

Response post_api_standards(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "send a JSON object with group, title_en, title_zh and text_md"));
  StandardInput in{json_string(*body, "group"), json_string(*body, "title_en"), json_string(*body, "title_zh"), json_string(*body, "scope_md"),
                   json_string(*body, "text_md"), json_string(*body, "text_zh_md")};
  auto s = StandardService(app.db()).create(*req.member, in, now_utc());
  if (!s) return app.error(req, s.error());
  return Response::json(standard_api(s.value()).dump(), 201).header("Location", "/api/v1/standards/" + std::to_string(s->id));
}

Response post_api_standards_by_id_versions(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "send a JSON object with text_md (and text_zh_md, note)"));
  auto v = StandardService(app.db()).save_version(*req.member, s->id, json_string(*body, "text_md"), json_string(*body, "text_zh_md"),
                                                  json_string(*body, "note"), now_utc());
  if (!v) return app.error(req, v.error());
  return Response::json(json{{"standard", s->id}, {"version", v->number}, {"url", "/standards/" + std::to_string(s->id) + "?version=" + std::to_string(v->number)}}.dump(), 201);
}

Response post_api_standards_by_id_status(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "send a JSON object with to (the next status) and reason"));
  auto done = StandardService(app.db()).transition(*req.member, s->id, json_string(*body, "to"), json_string(*body, "reason"), now_utc());
  if (!done) return app.error(req, done.error());
  return Response::json(standard_api(done.value()).dump());
}

Response post_api_standards_by_id_reviews(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "send a JSON object with closes_at (and opens_at, version)"));
  const auto now = now_utc();
  auto window = parse_window(json_string(*body, "opens_at"), json_string(*body, "closes_at"), "UTC", now);
  if (!window) return app.error(req, window.error());
  auto r = StandardService(app.db()).open_review(*req.member, s->id, static_cast<int>(json_int(*body, "version")), window.value().first,
                                                 window.value().second, now);
  if (!r) return app.error(req, r.error());
  return Response::json(json{{"standard", s->id}, {"version", r->version_number}, {"opens_at", iso8601_utc(r->opens_at)},
                             {"closes_at", iso8601_utc(r->closes_at)}}.dump(), 201);
}

Response get_api_standards_by_id_diff(App& app, Request& req) {
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto to = app.query_int(req, "to", s->latest_version, 1, 1000000);
  if (!to) return app.error(req, to.error());
  auto from = app.query_int(req, "from", std::max<std::int64_t>(1, to.value() - 1), 1, 1000000);
  if (!from) return app.error(req, from.error());
  const std::string lang = req.query("lang").empty() ? "en" : req.query("lang");
  auto changes = StandardService(app.db()).diff(s->id, static_cast<int>(from.value()), static_cast<int>(to.value()), lang);
  if (!changes) return app.error(req, changes.error());
  json list = json::array();
  for (const auto& c : changes.value()) list.push_back(clause_change_api(c));
  return Response::json(json{{"standard", s->id}, {"from", from.value()}, {"to", to.value()}, {"lang", lang}, {"changes", list}}.dump());
}

Response post_api_standards_by_id_comments(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "send a JSON object with version, clause, body_md and type"));
  CommentInput in;
  in.version_number = static_cast<int>(json_int(*body, "version"));
  in.parent_id = json_int(*body, "parent");
  in.clause = json_string(*body, "clause");
  in.passage = json_string(*body, "passage");
  in.type = json_string(*body, "type").empty() ? "general" : json_string(*body, "type");
  in.body_md = json_string(*body, "body_md");
  in.proposed_change = json_string(*body, "proposed_change");
  auto c = StandardService(app.db()).comment(*req.member, s->id, in, now_utc());
  if (!c) return app.error(req, c.error());
  return Response::json(comment_api(c.value()).dump(), 201);
}

Response get_api_standards_by_id_comments(App& app, Request& req) {
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  json list = json::array();
  for (const auto& c : StandardService(app.db()).comments(s->id)) list.push_back(comment_api(c));
  return Response::json(json{{"comments", list}}.dump());
}

Response post_api_standards_by_id_ballots(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto s = load_standard(app, req);
  if (!s) return app.error(req, s.error());
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "send a JSON object with stage, electorate, opens_at and closes_at"));
  BallotInput in;
  in.version = static_cast<int>(json_int(*body, "version"));
  if (!json_string(*body, "stage").empty()) in.stage = json_string(*body, "stage");
  if (!json_string(*body, "electorate").empty()) in.electorate = json_string(*body, "electorate");
  if (!json_string(*body, "approve_share").empty()) in.approve_share = json_string(*body, "approve_share");
  if (!json_string(*body, "disapprove_share").empty()) in.disapprove_share = json_string(*body, "disapprove_share");
  const auto now = now_utc();
  auto window = parse_window(json_string(*body, "opens_at"), json_string(*body, "closes_at"), "UTC", now);
  if (!window) return app.error(req, window.error());
  std::tie(in.opens_at, in.closes_at) = window.value();
  auto b = BallotService(app.db()).open(*req.member, s->id, in, now);
  if (!b) return app.error(req, b.error());
  return Response::json(ballot_api(b.value()).dump(), 201);
}

Response get_api_ballots_by_id(App& app, Request& req) {
  std::int64_t id = 0;
  parse_int(req.params.at("id"), id);
  BallotService service(app.db());
  auto b = service.get(id);
  if (!b) return app.error(req, b.error());
  json j = ballot_api(b.value());
  json votes = json::array(), history = json::array();
  for (const auto& v : service.votes(id))
    votes.push_back({{"voter", v.voter_name}, {"by", v.handle}, {"position", v.position}, {"reasons", v.reasons}, {"at", iso8601_utc(v.at)}});
  for (const auto& v : service.history(id))
    history.push_back({{"voter", v.voter_name}, {"by", v.handle}, {"position", v.position}, {"reasons", v.reasons}, {"at", iso8601_utc(v.at)}});
  j["votes"] = votes;
  j["history"] = history;
  return Response::json(j.dump());
}

Response post_api_ballots_by_id_votes(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  std::int64_t id = 0;
  parse_int(req.params.at("id"), id);
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "send a JSON object with position (and reasons)"));
  auto v = BallotService(app.db()).vote(*req.member, id, json_string(*body, "position"), json_string(*body, "reasons"), now_utc());
  if (!v) return app.error(req, v.error());
  return Response::json(json{{"ballot", id}, {"voter", v->voter}, {"position", v->position}, {"reasons", v->reasons}, {"at", iso8601_utc(v->at)}}.dump(), 201);
}

}  // namespace

void add_standard_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/standards", on(app, get_standards), {"standards", "standard_versions", "standard_transitions", "working_groups", "working_group_members", "working_group_organizations", "public_reviews", "ballots", "ballot_votes", "ballot_history", "standard_comments", "standard_comment_votes", "organizations", "members", "paper_links", "papers"}));
  routes.push_back(cached_get("/standards/feed.atom", on(app, get_standards_feed), {"standards", "standard_versions", "standard_transitions", "working_groups", "working_group_members", "working_group_organizations", "public_reviews", "ballots", "ballot_votes", "ballot_history", "standard_comments", "standard_comment_votes", "organizations", "members", "paper_links", "papers"}));
  routes.push_back(cached_get("/standards/groups/:slug", on(app, get_standards_groups_by_slug), {"standards", "standard_versions", "standard_transitions", "working_groups", "working_group_members", "working_group_organizations", "public_reviews", "ballots", "ballot_votes", "ballot_history", "standard_comments", "standard_comment_votes", "organizations", "members", "paper_links", "papers"}));
  routes.push_back(cached_get("/standards/:id", on(app, get_standards_by_id), {"standards", "standard_versions", "standard_transitions", "working_groups", "working_group_members", "working_group_organizations", "public_reviews", "ballots", "ballot_votes", "ballot_history", "standard_comments", "standard_comment_votes", "organizations", "members", "paper_links", "papers"}));
  routes.push_back({"POST", "/standards/:id/comments", on(app, post_standards_by_id_comments)});
  routes.push_back({"POST", "/standards/:id/ballots/:ballot/vote", on(app, post_standards_by_id_ballots_by_ballot_vote)});
  routes.push_back({"POST", "/standards/:id/comments/:comment/vote", on(app, post_standards_by_id_comments_by_comment_vote)});
  routes.push_back({"GET", "/standards/:id/diff", on(app, get_standards_by_id_diff)});
  routes.push_back({"GET", "/standards/:id/resolution.csv", on(app, get_standards_by_id_resolution_csv)});
  routes.push_back({"GET", "/standards/:id/resolution", on(app, get_standards_by_id_resolution)});
  routes.push_back(cached_get("/api/v1/standards", on(app, get_api_standards), {"standards", "standard_versions", "standard_transitions", "working_groups", "working_group_members", "working_group_organizations", "public_reviews", "ballots", "ballot_votes", "ballot_history", "standard_comments", "standard_comment_votes", "organizations", "members", "paper_links", "papers"}));
  routes.push_back({"POST", "/api/v1/standards", on(app, post_api_standards)});
  routes.push_back(cached_get("/api/v1/standards/:id", on(app, get_api_standards_by_id), {"standards", "standard_versions", "standard_transitions", "working_groups", "working_group_members", "working_group_organizations", "public_reviews", "ballots", "ballot_votes", "ballot_history", "standard_comments", "standard_comment_votes", "organizations", "members", "paper_links", "papers"}));
  routes.push_back({"POST", "/api/v1/standards/:id/versions", on(app, post_api_standards_by_id_versions)});
  routes.push_back({"POST", "/api/v1/standards/:id/status", on(app, post_api_standards_by_id_status)});
  routes.push_back({"POST", "/api/v1/standards/:id/reviews", on(app, post_api_standards_by_id_reviews)});
  routes.push_back({"GET", "/api/v1/standards/:id/diff", on(app, get_api_standards_by_id_diff)});
  routes.push_back({"GET", "/api/v1/standards/:id/comments", on(app, get_api_standards_by_id_comments)});
  routes.push_back({"POST", "/api/v1/standards/:id/comments", on(app, post_api_standards_by_id_comments)});
  routes.push_back({"POST", "/api/v1/standards/:id/comments/:comment/votes", on(app, post_standards_by_id_comments_by_comment_vote)});
  routes.push_back({"POST", "/api/v1/standards/:id/ballots", on(app, post_api_standards_by_id_ballots)});
  routes.push_back({"GET", "/api/v1/ballots/:id", on(app, get_api_ballots_by_id)});
  routes.push_back({"POST", "/api/v1/ballots/:id/votes", on(app, post_api_ballots_by_id_votes)});
}

}  // namespace aigc
