// Discussions in the browser and the API: the feeds (latest, top, unanswered; by category,
// field, tag, member or competition) as pages, JSON and Atom; a topic with its posts;
// starting topics, replying (to a post, quoting it), editing and the history of edits;
// votes, bookmarks and follows; flags. Moderators' routes are routes_moderation.cpp.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "core/text_diff.hpp"
#include "domain/discussions/post_text.hpp"
#include "domain/pages/markdown.hpp"
#include "domain/research/fields.hpp"
#include "web/app.hpp"
#include "web/atom.hpp"
#include "web/competition_view.hpp"
#include "web/serializers.hpp"

namespace aigc {

using nlohmann::json;

namespace {

constexpr int kFeedPage = 30;

Result<std::int64_t> id_param(const Request& req, const char* what) {
  std::int64_t id = 0;
  if (!parse_int(req.params.at("id"), id) || id <= 0)
    return Error::make(ErrorCode::not_found, "error.not_found", std::string("no ") + what + " " + req.params.at("id"));
  return id;
}

// A path on this site to go back to after a form; anything else goes home.
std::string back_to(const std::string& path, const std::string& fallback) {
  if (path.size() > 1 && path[0] == '/' && path[1] != '/' && path[1] != '\\' && is_single_line(path) && path.size() < 1000) return path;
  return fallback;
}

std::string site_base(App& app, const Request& req) {
  std::string base = app.config().public_url;
  if (base.empty()) base = std::string(req.secure ? "https://" : "http://") + (req.header("host").empty() ? "localhost" : req.header("host"));
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::string category_key(const Topic& t) { return t.category == "field" ? "field-" + t.field : t.category; }

json category_options(App& app, const Request& req, const std::string& selected, bool announcements) {
  json out = json::array();
  for (const char* c : {"general", "help", "announcements"}) {
    if (std::string(c) == "announcements" && !announcements) continue;
    out.push_back({{"id", c}, {"name", app.t(req, std::string("discussions.category_") + c)}, {"selected", selected == c}});
  }
  for (const auto& f : research_fields())
    out.push_back({{"id", "field-" + f.id}, {"name", req.lang == "zh-CN" ? f.zh : f.en}, {"selected", selected == "field-" + f.id}});
  return out;
}

std::string where_name(App& app, const Request& req, const Topic& t) {
  if (t.category == "field")
    if (const auto* f = find_research_field(t.field)) return req.lang == "zh-CN" ? f->zh : f->en;
  return app.t(req, "discussions.category_" + t.category);
}

json topic_item(App& app, const Request& req, const Topic& t) {
  json j = to_json(t, req.lang);
  j["where"] = where_name(app, req, t);
  j["where_url"] = t.competition_id ? "/competitions/" + t.competition_slug + "/discussion"
                   : t.paper_id     ? "/research/papers/" + std::to_string(t.paper_id)
                                    : "/discussions?category=" + category_key(t);
  j["when"] = app.localized_time(req, t.last_posted_at);
  j["when_iso"] = iso8601_utc(t.last_posted_at);
  j["tag_links"] = tag_links(t.tags);
  return j;
}

FeedQuery feed_query(App& app, const Request& req, Result<std::int64_t>& limit) {
  FeedQuery q;
  q.order = req.query("order");
  q.period = req.query("period");
  q.category = req.query("category");
  q.field = req.query("field");
  q.tag = req.query("tag");
  q.member = req.query("member");
  q.competition = req.query("competition");
  q.cursor = req.query("cursor");
  limit = app.query_int(req, "limit", kFeedPage, 1, 100);
  if (limit) q.limit = static_cast<int>(limit.value());
  return q;
}

// The query string of a feed with one parameter changed (empty drops it).
std::string feed_url(const std::string& path, const FeedQuery& q, const std::string& name, const std::string& value) {
  std::vector<std::pair<std::string, std::string>> params = {{"order", q.order},     {"period", q.period}, {"category", q.category},
                                                             {"field", q.field},     {"tag", q.tag},       {"member", q.member},
                                                             {"competition", q.competition}};
  std::string out;
  bool replaced = false;
  for (auto& [k, v] : params) {
    std::string val = k == name ? (replaced = true, value) : v;
    if (val.empty()) continue;
    out += (out.empty() ? "?" : "&") + k + "=" + url_encode(val);
  }
  if (!replaced && !value.empty()) out += (out.empty() ? "?" : "&") + name + "=" + url_encode(value);
  return path + out;
}

// What the viewer follows among this feed's filters, for the follow buttons.
json follow_buttons(App& app, const Request& req, const FeedQuery& q) {
  json out = json::array();
  auto add = [&](const std::string& target, const std::string& key, const std::string& label) {
    if (key.empty()) return;
    json b = {{"target", target}, {"key", key}, {"label", label}};
    if (req.member) b["following"] = app.discussions().follows(*req.member, target, key);
    out.push_back(b);
  };
  add("tag", fold_case(q.tag), "#" + fold_case(q.tag));
  if (const auto* f = find_research_field(q.field.empty() && q.category.rfind("field-", 0) == 0 ? q.category.substr(6) : q.field))
    add("field", f->id, req.lang == "zh-CN" ? f->zh : f->en);
  if (!q.member.empty() && (!req.member || req.member->handle != q.member)) add("member", q.member, "@" + q.member);
  return out;
}

// GET /discussions
Response get_discussions(App& app, Request& req) {
  Result<std::int64_t> limit = std::int64_t{kFeedPage};
  FeedQuery q = feed_query(app, req, limit);
  if (!limit) return app.error(req, limit.error());
  auto page = app.discussions().feed(q, now_utc());
  if (!page) return app.error(req, page.error());
  json v = app.base_view(req, "discussions");
  v["title"] = app.t(req, "discussions.title");
  json topics = json::array(), pinned = json::array();
  for (const auto& t : page->pinned) pinned.push_back(topic_item(app, req, t));
  for (const auto& t : page->topics) topics.push_back(topic_item(app, req, t));
  v["pinned"] = pinned;
  v["topics"] = topics;
  const std::string order = q.order.empty() ? "latest" : q.order;
  json tabs = json::array();
  for (const char* o : {"latest", "top", "unanswered"})
    tabs.push_back({{"name", app.t(req, std::string("discussions.order_") + o)}, {"url", feed_url("/discussions", q, "order", o == std::string("latest") ? "" : o)},
                    {"current", order == o}});
  v["tabs"] = tabs;
  if (order == "top") {
    json periods = json::array();
    for (const char* p : {"day", "week", "month", "year", "all"})
      periods.push_back({{"name", app.t(req, std::string("discussions.period_") + p)}, {"url", feed_url("/discussions", q, "period", p)},
                         {"current", (q.period.empty() ? "all" : q.period) == p}});
    v["periods"] = periods;
  }
  v["categories"] = category_options(app, req, q.category.empty() && !q.field.empty() ? "field-" + q.field : q.category, true);
  v["category"] = q.category;
  v["filters"] = !q.category.empty() || !q.field.empty() || !q.tag.empty() || !q.member.empty() || !q.competition.empty();
  v["tag"] = q.tag;
  v["member"] = q.member;
  v["follow"] = follow_buttons(app, req, q);
  v["atom_url"] = feed_url("/discussions/feed.atom", q, "order", q.order);
  v["new_url"] = "/discussions/new" + (q.category.empty() ? "" : "?category=" + url_encode(q.category));
  if (!page->next_cursor.empty()) v["next_url"] = feed_url("/discussions", q, "cursor", page->next_cursor);
  v["path_back"] = req.path + (req.raw_query.empty() ? "" : "?" + req.raw_query);
  return app.page(req, "discussions", v);
}

// GET /discussions/feed.atom: the same feeds as Atom, each topic's opening post as content.
Response get_discussions_feed_atom(App& app, Request& req) {
  Result<std::int64_t> limit = std::int64_t{kFeedPage};
  FeedQuery q = feed_query(app, req, limit);
  if (!limit) return app.error(req, limit.error());
  q.cursor.clear();
  auto page = app.discussions().feed(q, now_utc());
  if (!page) return app.error(req, page.error());
  const std::string base = site_base(app, req);
  std::string host = base.substr(base.find("://") + 3);
  AtomFeed feed;
  feed.title = app.t(req, "site.name") + " · " + app.t(req, "discussions.title") + " · " +
               app.t(req, "discussions.order_" + (q.order.empty() ? std::string("latest") : q.order));
  for (const auto& [name, value] : {std::pair{"category", q.category}, {"field", q.field}, {"tag", q.tag}, {"member", q.member},
                                    {"competition", q.competition}})
    if (!value.empty()) feed.title += std::string(" · ") + (std::string(name) == "tag" ? "#" : std::string(name) == "member" ? "@" : "") + value;
  feed.id = "tag:" + host + ",2026:" + feed_url("/discussions", q, "order", q.order);
  feed.self_url = base + feed_url("/discussions/feed.atom", q, "order", q.order);
  feed.html_url = base + feed_url("/discussions", q, "order", q.order);
  feed.lang = req.lang;
  feed.updated = 0;
  std::vector<Topic> topics = page->pinned;
  topics.insert(topics.end(), page->topics.begin(), page->topics.end());
  for (const auto& t : topics) {
    auto posts = app.discussions().posts(t, nullptr);
    AtomEntry e;
    e.id = "tag:" + host + ",2026:topic/" + std::to_string(t.id);
    e.title = t.title;
    e.url = base + "/discussions/t/" + std::to_string(t.id);
    e.author = t.author_name.empty() ? t.author_handle : t.author_name + " (@" + t.author_handle + ")";
    e.published = t.created_at;
    e.updated = std::max(t.last_posted_at, posts.empty() ? t.created_at : posts.front().edited_at);
    e.content_html = posts.empty() ? "" : render_markdown(posts.front().body_md).html;
    e.categories = t.tags;
    if (!t.field.empty()) e.categories.push_back(t.field);
    feed.updated = std::max(feed.updated, e.updated);
    feed.entries.push_back(std::move(e));
  }
  if (feed.updated == 0) feed.updated = now_utc();
  return Response::text(render_atom(feed), 200, "application/atom+xml; charset=utf-8");
}

Response topic_form(App& app, const Request& req, const json& values, const Error* error) {
  json v = app.base_view(req, "discussions");
  v["title"] = app.t(req, "discussions.new_topic");
  v["values"] = values;
  const bool announce = req.member && (can_moderate(req.member->role) || at_least(req.member->role, Role::organizer));
  v["categories"] = category_options(app, req, values.value("category", std::string("general")), announce);
  if (error) return app.form_error(req, "topic_form", v, *error);
  return app.page(req, "topic_form", v);
}

// GET /discussions/new
Response get_discussions_new(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  return topic_form(app, req, {{"category", req.query("category").empty() ? "general" : req.query("category")},
                               {"competition", req.query("competition")}, {"tags", req.query("tags")}},
                    nullptr);
}

// POST /discussions
Response post_discussions(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  TopicInput in;
  in.title = req.field("title");
  in.body_md = req.field("body_md");
  in.category = req.field("category");
  in.competition = req.field("competition");
  in.tags = req.field("tags");
  auto t = app.discussions().create_topic(*req.member, in, now_utc());
  if (!t) {
    json values = {{"title", in.title}, {"body_md", in.body_md}, {"category", in.category}, {"competition", in.competition}, {"tags", in.tags}};
    return topic_form(app, req, values, &t.error());
  }
  return Response::redirect("/discussions/t/" + std::to_string(t->id));
}

// A preview card for each link to a platform object the viewer may see.
json link_previews(App& app, const Request& req, const std::string& body) {
  json out = json::array();
  const Member* viewer = req.member ? &*req.member : nullptr;
  for (const auto& link : platform_links(body, app.config().public_url)) {
    json card = {{"url", link.path}, {"kind", app.t(req, "search.types." + link.kind)}};
    std::int64_t id = 0;
    if (link.kind == "competition") {
      auto c = app.competitions().get(viewer, link.key);
      if (!c) continue;
      card["title"] = req.lang == "zh-CN" && !c->title_zh.empty() ? c->title_zh : c->title_en;
    } else if (link.kind == "organization") {
      auto o = app.organizations().get(link.key);
      if (!o) continue;
      card["title"] = req.lang == "zh-CN" && !o->name_zh.empty() ? o->name_zh : o->name;
    } else if (link.kind == "member") {
      auto m = app.members().get(link.key);
      if (!m || m->deleted() || m->suspended_at) continue;
      card["title"] = m->display_name + " (@" + m->handle + ")";
      card["detail"] = m->organization_name;
    } else if (link.kind == "paper" && parse_int(link.key, id)) {
      auto p = app.papers().get(id);
      if (!p) continue;
      card["title"] = to_json(p.value(), req.lang)["title"];
      card["detail"] = p->venue;
    } else if (link.kind == "topic" && parse_int(link.key, id)) {
      auto t = app.discussions().topic(id, viewer);
      if (!t) continue;
      card["title"] = t->title;
      card["detail"] = "@" + t->author_handle;
    } else {
      continue;
    }
    out.push_back(card);
  }
  return out;
}

json post_item(App& app, const Request& req, const Topic& t, const Post& p, const std::vector<std::int64_t>& voted) {
  json j = to_json(p);
  auto known = app.discussions().existing_handles(mentioned_handles(p.body_md));
  j["body_html"] = render_markdown(link_mentions(p.body_md, known)).html;
  j["when"] = app.localized_time(req, p.created_at);
  j["when_iso"] = iso8601_utc(p.created_at);
  if (p.edited_at) j["edited_when"] = app.localized_time(req, p.edited_at);
  j["edited"] = p.revisions > 1;
  j["previews"] = link_previews(app, req, p.body_md);
  const bool mine = req.member && req.member->id == p.author_id;
  const bool mod = req.member && can_moderate(req.member->role);
  j["voted"] = std::find(voted.begin(), voted.end(), p.id) != voted.end();
  j["can_vote"] = req.member && !mine && !p.hidden_at;
  j["can_flag"] = req.member && !mine && !p.hidden_at;
  j["can_edit"] = (mine && !t.locked_at && !p.hidden_at) || mod;
  j["can_reply"] = req.member && (!t.locked_at || mod) && !p.hidden_at;
  j["is_moderator"] = mod;
  j["hidden_reason"] = p.hidden_reason;
  return j;
}

// GET /discussions/t/:id
Response get_discussions_t_by_id(App& app, Request& req) {
  auto id = id_param(req, "topic");
  if (!id) return app.error(req, id.error());
  const Member* viewer = req.member ? &*req.member : nullptr;
  auto t = app.discussions().topic(id.value(), viewer);
  if (!t) return app.error(req, t.error());
  if (t->merged_into) return Response::redirect("/discussions/t/" + std::to_string(t->merged_into), 301);
  auto posts = app.discussions().posts(t.value(), viewer);
  std::vector<std::int64_t> ids;
  for (const auto& p : posts) ids.push_back(p.id);
  auto voted = req.member ? app.discussions().voted(*req.member, "post", ids) : std::vector<std::int64_t>{};
  json v = app.base_view(req, "discussions");
  v["title"] = t->title;
  v["topic"] = topic_item(app, req, t.value());
  json list = json::array();
  for (const auto& p : posts) list.push_back(post_item(app, req, t.value(), p, voted));
  v["posts"] = list;
  v["reply_body"] = "";
  // ?reply_to=N answers post N; &quote=1 starts the reply with its text quoted.
  std::int64_t reply_to = 0;
  if (parse_int(req.query("reply_to"), reply_to))
    for (const auto& p : posts)
      if (p.id == reply_to && !p.hidden_at) {
        v["reply_to"] = {{"id", std::to_string(p.id)}, {"number", p.number}, {"handle", p.author_handle}};
        if (req.query("quote") == "1") v["reply_body"] = quote_post(p.author_handle, p.number, p.body_md);
      }
  if (req.member) {
    v["bookmarked"] = app.discussions().bookmarked(*req.member, t->id);
    v["following"] = app.discussions().follows(*req.member, "topic", std::to_string(t->id));
    v["can_reply"] = !t->locked_at || can_moderate(req.member->role);
    if (can_moderate(req.member->role)) v["move_options"] = category_options(app, req, category_key(t.value()), true);
  }
  return app.page(req, "topic", v);
}

// POST /discussions/t/:id/replies
Response post_discussions_t_by_id_replies(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, "topic");
  if (!id) return app.error(req, id.error());
  ReplyInput in{req.field("body_md"), 0};
  if (!req.field("reply_to").empty() && !parse_int(req.field("reply_to"), in.reply_to))
    return app.error(req, Error::bad_request("error.reply_to", "reply_to is a post id"));
  auto p = app.discussions().reply(*req.member, id.value(), in, now_utc());
  if (!p) {
    if (p.error().code != ErrorCode::invalid_input) return app.error(req, p.error());
    // The topic again with the reply kept and the problem beside it.
    auto t = app.discussions().topic(id.value(), &*req.member);
    if (!t) return app.error(req, t.error());
    json v = app.base_view(req, "discussions");
    v["title"] = t->title;
    v["topic"] = topic_item(app, req, t.value());
    json list = json::array();
    for (const auto& post : app.discussions().posts(t.value(), &*req.member)) list.push_back(post_item(app, req, t.value(), post, {}));
    v["posts"] = list;
    v["reply_body"] = in.body_md;
    v["can_reply"] = true;
    return app.form_error(req, "topic", v, p.error());
  }
  return Response::redirect("/discussions/t/" + std::to_string(id.value()) + "#p" + std::to_string(p->number));
}

// POST /research/papers/:id/comments: a reply in the paper's thread (the first opens it).
Response post_research_papers_by_id_comments(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, "paper");
  if (!id) return app.error(req, id.error());
  auto p = app.discussions().comment_on_paper(*req.member, id.value(), req.field("body_md"), now_utc());
  if (!p) return app.error(req, p.error());
  return Response::redirect("/discussions/t/" + std::to_string(p->topic_id) + "#p" + std::to_string(p->number));
}

Response edit_form(App& app, const Request& req, const Post& p, const Topic& t, const json& values, const Error* error) {
  json v = app.base_view(req, "discussions");
  v["title"] = app.t(req, "discussions.edit");
  v["post"] = to_json(p);
  v["topic"] = to_json(t, req.lang);
  v["values"] = values;
  v["is_opening"] = p.number == 1;
  if (error) return app.form_error(req, "post_edit", v, *error);
  return app.page(req, "post_edit", v);
}

// GET /discussions/posts/:id/edit
Response get_discussions_posts_by_id_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, "post");
  if (!id) return app.error(req, id.error());
  auto p = app.discussions().post(id.value(), &*req.member);
  if (!p) return app.error(req, p.error());
  auto t = app.discussions().topic(p->topic_id, &*req.member);
  if (!t) return app.error(req, t.error());
  if (p->author_id != req.member->id && !can_moderate(req.member->role))
    return app.error(req, Error::make(ErrorCode::forbidden, "error.post_not_yours", "only its author or a moderator edits a post"));
  return edit_form(app, req, p.value(), t.value(), {{"title", p->number == 1 ? t->title : ""}, {"body_md", p->body_md}}, nullptr);
}

// POST /discussions/posts/:id/edit
Response post_discussions_posts_by_id_edit(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, "post");
  if (!id) return app.error(req, id.error());
  auto p = app.discussions().edit_post(*req.member, id.value(), req.field("title"), req.field("body_md"), now_utc());
  if (!p) {
    auto original = app.discussions().post(id.value(), &*req.member);
    auto t = original ? app.discussions().topic(original->topic_id, &*req.member) : Result<Topic>(original.error());
    if (p.error().code != ErrorCode::invalid_input || !original || !t) return app.error(req, p.error());
    return edit_form(app, req, original.value(), t.value(), {{"title", req.field("title")}, {"body_md", req.field("body_md")}}, &p.error());
  }
  return Response::redirect("/discussions/t/" + std::to_string(p->topic_id) + "#p" + std::to_string(p->number));
}

// GET /discussions/posts/:id/revisions: every revision, each with what changed from the one before.
Response get_discussions_posts_by_id_revisions(App& app, Request& req) {
  auto id = id_param(req, "post");
  if (!id) return app.error(req, id.error());
  const Member* viewer = req.member ? &*req.member : nullptr;
  auto p = app.discussions().post(id.value(), viewer);
  if (!p) return app.error(req, p.error());
  auto revisions = app.discussions().revisions(id.value(), viewer);
  if (!revisions) return app.error(req, revisions.error());
  json list = json::array();
  const Revision* previous = nullptr;
  for (const auto& r : revisions.value()) {
    json j = {{"revision", r.revision}, {"editor", r.editor_handle}, {"when", app.localized_time(req, r.created_at)},
              {"when_iso", iso8601_utc(r.created_at)}};
    if (previous) {
      if (r.title != previous->title) j["title_diff_html"] = diff_html(diff_words(previous->title, r.title));
      j["body_diff_html"] = diff_html(diff_words(previous->body_md, r.body_md));
    } else {
      j["title"] = r.title;
      j["body_md"] = r.body_md;
    }
    list.push_back(j);
    previous = &r;
  }
  std::reverse(list.begin(), list.end());  // newest first
  json v = app.base_view(req, "discussions");
  v["title"] = app.t(req, "discussions.history");
  v["post"] = to_json(p.value());
  v["revisions"] = list;
  return app.page(req, "post_revisions", v);
}

// POST /discussions/posts/:id/vote (on=1 votes, on=0 takes the vote back)
Response post_discussions_posts_by_id_vote(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, "post");
  if (!id) return app.error(req, id.error());
  auto n = app.discussions().vote(*req.member, "post", id.value(), req.field("on") != "0", now_utc());
  if (!n) return app.error(req, n.error());
  auto p = app.discussions().post(id.value(), &*req.member);
  if (!p) return app.error(req, p.error());
  return Response::redirect("/discussions/t/" + std::to_string(p->topic_id) + "#p" + std::to_string(p->number));
}

// POST /research/papers/:id/vote
Response post_research_papers_by_id_vote(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, "paper");
  if (!id) return app.error(req, id.error());
  auto n = app.discussions().vote(*req.member, "paper", id.value(), req.field("on") != "0", now_utc());
  if (!n) return app.error(req, n.error());
  return Response::redirect("/research/papers/" + std::to_string(id.value()));
}

// POST /discussions/t/:id/bookmark
Response post_discussions_t_by_id_bookmark(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, "topic");
  if (!id) return app.error(req, id.error());
  auto r = app.discussions().bookmark(*req.member, id.value(), req.field("on") != "0", now_utc());
  if (!r) return app.error(req, r.error());
  return Response::redirect("/discussions/t/" + std::to_string(id.value()));
}

// GET /discussions/bookmarks
Response get_discussions_bookmarks(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  json v = app.base_view(req, "discussions");
  v["title"] = app.t(req, "discussions.bookmarks");
  json topics = json::array();
  for (const auto& t : app.discussions().bookmarks(*req.member)) topics.push_back(topic_item(app, req, t));
  v["topics"] = topics;
  v["bookmarks_page"] = true;
  v["pinned"] = json::array();
  return app.page(req, "discussions", v);
}

// POST /follow: target (topic, tag, field, member), key, on, back (where to return)
Response post_follow(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto r = app.discussions().follow(*req.member, req.field("target"), req.field("key"), req.field("on") != "0", now_utc());
  if (!r) return app.error(req, r.error());
  return Response::redirect(back_to(req.field("back"), "/discussions"));
}

// POST /discussions/posts/:id/flag
Response post_discussions_posts_by_id_flag(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, "post");
  if (!id) return app.error(req, id.error());
  auto p = app.discussions().post(id.value(), &*req.member);
  if (!p) return app.error(req, p.error());
  auto r = app.moderation().flag(*req.member, id.value(), req.field("reason"), req.field("note"), now_utc());
  if (!r) return app.error(req, r.error());
  return Response::redirect("/discussions/t/" + std::to_string(p->topic_id) + "?flagged=1#p" + std::to_string(p->number));
}

// GET /competitions/:slug/discussion: the competition's forum (Kaggle's Discussion tab).
Response get_competitions_by_slug_discussion(App& app, Request& req) {
  auto c = app.competitions().get(req.member ? &*req.member : nullptr, req.params["slug"]);
  if (!c) return app.error(req, c.error());
  if (c->visibility != "published") return app.error(req, Error::make(ErrorCode::not_found, "error.not_found", "no forum yet"));
  Result<std::int64_t> limit = std::int64_t{kFeedPage};
  FeedQuery q = feed_query(app, req, limit);
  if (!limit) return app.error(req, limit.error());
  q.competition = c->slug;
  q.category.clear();
  auto page = app.discussions().feed(q, now_utc());
  if (!page) return app.error(req, page.error());
  json v = competition_view(app, req, c.value(), "discussion");
  json topics = json::array(), pinned = json::array();
  for (const auto& t : page->pinned) pinned.push_back(topic_item(app, req, t));
  for (const auto& t : page->topics) topics.push_back(topic_item(app, req, t));
  v["pinned"] = pinned;
  v["topics"] = topics;
  v["new_url"] = "/discussions/new?competition=" + url_encode(c->slug);
  v["atom_url"] = "/discussions/feed.atom?competition=" + url_encode(c->slug);
  if (!page->next_cursor.empty()) v["next_url"] = feed_url("/competitions/" + c->slug + "/discussion", q, "cursor", page->next_cursor);
  return app.page(req, "competition_discussion", v);
}

// --- API ---

// GET /api/v1/topics: a feed (the page's parameters), newest activity first.
Response get_api_topics(App& app, Request& req) {
  Result<std::int64_t> limit = std::int64_t{kFeedPage};
  FeedQuery q = feed_query(app, req, limit);
  if (!limit) return app.error(req, limit.error());
  auto page = app.discussions().feed(q, now_utc());
  if (!page) return app.error(req, page.error());
  json topics = json::array(), pinned = json::array();
  for (const auto& t : page->pinned) pinned.push_back(to_json(t, req.lang));
  for (const auto& t : page->topics) topics.push_back(to_json(t, req.lang));
  return Response::json(json{{"pinned", pinned}, {"topics", topics},
                             {"next_cursor", page->next_cursor.empty() ? json(nullptr) : json(page->next_cursor)}}.dump());
}

// POST /api/v1/topics: title, body_md, category, tags (array or comma-separated), lang;
// or competition (a slug) for its forum.
Response post_api_topics(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
  const json& j = *body;
  TopicInput in;
  in.title = json_string(j, "title");
  in.body_md = json_string(j, "body_md");
  in.category = j.contains("category") ? json_string(j, "category") : "general";
  in.competition = json_string(j, "competition");
  in.lang = json_string(j, "lang");
  if (auto it = j.find("tags"); it != j.end() && it->is_array()) {
    for (const auto& t : *it)
      if (t.is_string()) in.tags += (in.tags.empty() ? "" : ",") + t.get<std::string>();
  } else {
    in.tags = json_string(j, "tags");
  }
  auto t = app.discussions().create_topic(*req.member, in, now_utc());
  if (!t) return app.error(req, t.error());
  return Response::json(to_json(t.value(), req.lang).dump(), 201);
}

// GET /api/v1/topics/:id: the topic and its posts.
Response get_api_topics_by_id(App& app, Request& req) {
  auto id = id_param(req, "topic");
  if (!id) return app.error(req, id.error());
  const Member* viewer = req.member ? &*req.member : nullptr;
  auto t = app.discussions().topic(id.value(), viewer);
  if (!t) return app.error(req, t.error());
  json j = to_json(t.value(), req.lang);
  if (t->merged_into) j["merged_into"] = std::to_string(t->merged_into);
  json posts = json::array();
  for (const auto& p : app.discussions().posts(t.value(), viewer)) posts.push_back(to_json(p));
  j["posts"] = posts;
  return Response::json(j.dump());
}

// GET /api/v1/topics/:id/replies
Response get_api_topics_by_id_replies(App& app, Request& req) {
  auto id = id_param(req, "topic");
  if (!id) return app.error(req, id.error());
  const Member* viewer = req.member ? &*req.member : nullptr;
  auto t = app.discussions().topic(id.value(), viewer);
  if (!t) return app.error(req, t.error());
  json posts = json::array();
  for (const auto& p : app.discussions().posts(t.value(), viewer))
    if (p.number > 1) posts.push_back(to_json(p));
  return Response::json(json{{"replies", posts}}.dump());
}

// POST /api/v1/topics/:id/replies: body_md, reply_to (a post id, optional).
Response post_api_topics_by_id_replies(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, "topic");
  if (!id) return app.error(req, id.error());
  auto body = json_body(req);
  if (!body) return app.error(req, Error::bad_request("error.bad_json", "the body must be a JSON object"));
  ReplyInput in{json_string(*body, "body_md"), 0};
  if (auto it = body->find("reply_to"); it != body->end() && !it->is_null()) {
    const std::string text = it->is_string() ? it->get<std::string>() : it->is_number_integer() ? std::to_string(it->get<long long>()) : "x";
    if (!parse_int(text, in.reply_to)) return app.error(req, Error::bad_request("error.reply_to", "reply_to is a post id"));
  }
  auto p = app.discussions().reply(*req.member, id.value(), in, now_utc());
  if (!p) return app.error(req, p.error());
  return Response::json(to_json(p.value()).dump(), 201);
}

// POST /api/v1/posts/:id/vote and /api/v1/papers/:id/vote: {"on": true|false}
Response api_vote(App& app, Request& req, const std::string& target) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_param(req, target.c_str());
  if (!id) return app.error(req, id.error());
  auto body = json_body(req);
  bool on = true;
  if (body && body->contains("on")) {
    if (!(*body)["on"].is_boolean()) return app.error(req, Error::bad_request("error.bad_json", "on is true or false"));
    on = (*body)["on"].get<bool>();
  }
  auto n = app.discussions().vote(*req.member, target, id.value(), on, now_utc());
  if (!n) return app.error(req, n.error());
  return Response::json(json{{"votes", n.value()}, {"voted", on}}.dump());
}
Response post_api_posts_by_id_vote(App& app, Request& req) { return api_vote(app, req, "post"); }
Response post_api_papers_by_id_vote(App& app, Request& req) { return api_vote(app, req, "paper"); }

}  // namespace

void add_discussion_routes(App& app, std::vector<Route>& routes) {
  routes.push_back(cached_get("/discussions", on(app, get_discussions), {"topics", "posts", "votes", "topic_tags", "members", "post_revisions", "flags", "papers", "paper_links", "competitions"}));
  routes.push_back(cached_get("/discussions/feed.atom", on(app, get_discussions_feed_atom), {"topics", "posts", "votes", "topic_tags", "members", "post_revisions", "flags", "papers", "paper_links", "competitions"}));
  routes.push_back({"GET", "/discussions/new", on(app, get_discussions_new)});
  routes.push_back({"GET", "/discussions/bookmarks", on(app, get_discussions_bookmarks)});
  routes.push_back({"POST", "/discussions", on(app, post_discussions)});
  routes.push_back(cached_get("/discussions/t/:id", on(app, get_discussions_t_by_id), {"topics", "posts", "votes", "topic_tags", "members", "post_revisions", "flags", "papers", "paper_links", "competitions"}));
  routes.push_back({"POST", "/discussions/t/:id/replies", on(app, post_discussions_t_by_id_replies)});
  routes.push_back({"POST", "/discussions/t/:id/bookmark", on(app, post_discussions_t_by_id_bookmark)});
  routes.push_back({"GET", "/discussions/posts/:id/edit", on(app, get_discussions_posts_by_id_edit)});
  routes.push_back({"POST", "/discussions/posts/:id/edit", on(app, post_discussions_posts_by_id_edit)});
  routes.push_back({"GET", "/discussions/posts/:id/revisions", on(app, get_discussions_posts_by_id_revisions)});
  routes.push_back({"POST", "/discussions/posts/:id/vote", on(app, post_discussions_posts_by_id_vote)});
  routes.push_back({"POST", "/discussions/posts/:id/flag", on(app, post_discussions_posts_by_id_flag)});
  routes.push_back({"POST", "/research/papers/:id/comments", on(app, post_research_papers_by_id_comments)});
  routes.push_back({"POST", "/research/papers/:id/vote", on(app, post_research_papers_by_id_vote)});
  routes.push_back({"POST", "/follow", on(app, post_follow)});
  routes.push_back({"GET", "/competitions/:slug/discussion", on(app, get_competitions_by_slug_discussion)});
  routes.push_back(cached_get("/api/v1/topics", on(app, get_api_topics), {"topics", "posts", "votes", "topic_tags", "members", "post_revisions", "flags", "papers", "paper_links", "competitions"}));
  routes.push_back({"POST", "/api/v1/topics", on(app, post_api_topics)});
  routes.push_back(cached_get("/api/v1/topics/:id", on(app, get_api_topics_by_id), {"topics", "posts", "votes", "topic_tags", "members", "post_revisions", "flags", "papers", "paper_links", "competitions"}));
  routes.push_back(cached_get("/api/v1/topics/:id/replies", on(app, get_api_topics_by_id_replies), {"topics", "posts", "votes", "topic_tags", "members", "post_revisions", "flags", "papers", "paper_links", "competitions"}));
  routes.push_back({"POST", "/api/v1/topics/:id/replies", on(app, post_api_topics_by_id_replies)});
  routes.push_back({"POST", "/api/v1/posts/:id/vote", on(app, post_api_posts_by_id_vote)});
  routes.push_back({"POST", "/api/v1/papers/:id/vote", on(app, post_api_papers_by_id_vote)});
}

}  // namespace aigc
