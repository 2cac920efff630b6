// Moderators' pages: the queue of flagged posts and the log of every moderator action;
// the actions themselves (hide, restore, dismiss flags; lock, pin, move, merge topics) are
// forms on the queue and on each topic. The rules are ModerationService's.
#include "core/clock.hpp"
#include "core/text.hpp"
#include "web/app.hpp"

namespace aigc {

using nlohmann::json;

namespace {

Result<std::int64_t> id_of(const Request& req) {
  std::int64_t id = 0;
  if (!parse_int(req.params.at("id"), id) || id <= 0)
    return Error::make(ErrorCode::not_found, "error.not_found", "no " + req.params.at("id"));
  return id;
}

std::string back(const Request& req, const std::string& fallback) {
  const std::string b = req.field("back");
  if (b.size() > 1 && b[0] == '/' && b[1] != '/' && b[1] != '\\' && is_single_line(b)) return b;
  return fallback;
}

// GET /moderation
Response get_moderation(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto flags = app.moderation().queue(*req.member);
  if (!flags) return app.error(req, flags.error());
  auto log = app.moderation().log(*req.member, 0, 30);
  if (!log) return app.error(req, log.error());
  // One item per flagged post, with every flag on it.
  json items = json::array();
  for (const auto& f : flags.value()) {
    if (items.empty() || items.back()["post_id"] != std::to_string(f.post_id))
      items.push_back({{"post_id", std::to_string(f.post_id)},
                       {"topic_url", "/discussions/t/" + std::to_string(f.topic_id) + "#p" + std::to_string(f.post_number)},
                       {"topic_title", f.topic_title},
                       {"author", f.author_handle},
                       {"excerpt", f.post_excerpt},
                       {"hidden", f.post_hidden_at != 0},
                       {"flags", json::array()}});
    items.back()["flags"].push_back({{"by", f.flagger_handle}, {"reason", app.t(req, "moderation.reason_" + f.reason)},
                                     {"note", f.note}, {"when", app.localized_time(req, f.created_at)}});
  }
  json entries = json::array();
  for (const auto& e : log.value())
    entries.push_back({{"moderator", e.moderator_handle}, {"action", app.t(req, "moderation.action_" + e.action)}, {"detail", e.detail},
                       {"topic_url", "/discussions/t/" + std::to_string(e.topic_id)}, {"when", app.localized_time(req, e.created_at)}});
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "moderation.title");
  v["items"] = items;
  v["log"] = entries;
  if (!log->empty() && log->size() == 30) v["older_url"] = "/moderation/log?before=" + std::to_string(log->back().id);
  return app.page(req, "moderation", v);
}

// GET /moderation/log
Response get_moderation_log(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto before = app.query_int(req, "before", 0, 0, INT64_MAX);
  if (!before) return app.error(req, before.error());
  auto log = app.moderation().log(*req.member, before.value(), 100);
  if (!log) return app.error(req, log.error());
  json entries = json::array();
  for (const auto& e : log.value())
    entries.push_back({{"moderator", e.moderator_handle}, {"action", app.t(req, "moderation.action_" + e.action)}, {"detail", e.detail},
                       {"topic_url", "/discussions/t/" + std::to_string(e.topic_id)}, {"when", app.localized_time(req, e.created_at)}});
  json v = app.base_view(req, "");
  v["title"] = app.t(req, "moderation.log");
  v["items"] = json::array();
  v["log"] = entries;
  v["log_only"] = true;
  if (log->size() == 100) v["older_url"] = "/moderation/log?before=" + std::to_string(log->back().id);
  return app.page(req, "moderation", v);
}

template <class F>
Response act(App& app, Request& req, const std::string& fallback_prefix, F&& f) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_of(req);
  if (!id) return app.error(req, id.error());
  Result<void> r = f(id.value());
  if (!r) return app.error(req, r.error());
  return Response::redirect(back(req, fallback_prefix.empty() ? "/moderation" : fallback_prefix + std::to_string(id.value())));
}

Response post_moderation_posts_by_id_hide(App& app, Request& req) {
  return act(app, req, "", [&](std::int64_t id) { return app.moderation().hide_post(*req.member, id, req.field("reason"), now_utc()); });
}
Response post_moderation_posts_by_id_restore(App& app, Request& req) {
  return act(app, req, "", [&](std::int64_t id) { return app.moderation().restore_post(*req.member, id, now_utc()); });
}
Response post_moderation_posts_by_id_dismiss(App& app, Request& req) {
  return act(app, req, "", [&](std::int64_t id) { return app.moderation().dismiss_flags(*req.member, id, now_utc()); });
}
Response post_moderation_topics_by_id_lock(App& app, Request& req) {
  return act(app, req, "/discussions/t/",
             [&](std::int64_t id) { return app.moderation().set_locked(*req.member, id, req.field("on") != "0", now_utc()); });
}
Response post_moderation_topics_by_id_pin(App& app, Request& req) {
  return act(app, req, "/discussions/t/",
             [&](std::int64_t id) { return app.moderation().set_pinned(*req.member, id, req.field("on") != "0", now_utc()); });
}
Response post_moderation_topics_by_id_move(App& app, Request& req) {
  return act(app, req, "/discussions/t/",
             [&](std::int64_t id) { return app.moderation().move(*req.member, id, req.field("category"), now_utc()); });
}
Response post_moderation_topics_by_id_merge(App& app, Request& req) {
  if (auto r = app.require_member(req)) return std::move(*r);
  auto id = id_of(req);
  if (!id) return app.error(req, id.error());
  std::int64_t into = 0;
  std::string text = trim(req.field("into"));
  if (auto slash = text.rfind('/'); slash != std::string::npos) text = text.substr(slash + 1);  // a pasted topic link
  if (auto hash = text.find('#'); hash != std::string::npos) text = text.substr(0, hash);
  if (!parse_int(text, into) || into <= 0)
    return app.error(req, Error::invalid("error.fix_fields", "please fix the marked fields",
                                         {{"into", "error.merge_into", "give the number or the link of the topic to merge into"}}));
  auto r = app.moderation().merge(*req.member, id.value(), into, now_utc());
  if (!r) return app.error(req, r.error());
  return Response::redirect("/discussions/t/" + std::to_string(into));
}

}  // namespace

void add_moderation_routes(App& app, std::vector<Route>& routes) {
  routes.push_back({"GET", "/moderation", on(app, get_moderation)});
  routes.push_back({"GET", "/moderation/log", on(app, get_moderation_log)});
  routes.push_back({"POST", "/moderation/posts/:id/hide", on(app, post_moderation_posts_by_id_hide)});
  routes.push_back({"POST", "/moderation/posts/:id/restore", on(app, post_moderation_posts_by_id_restore)});
  routes.push_back({"POST", "/moderation/posts/:id/dismiss", on(app, post_moderation_posts_by_id_dismiss)});
  routes.push_back({"POST", "/moderation/topics/:id/lock", on(app, post_moderation_topics_by_id_lock)});
  routes.push_back({"POST", "/moderation/topics/:id/pin", on(app, post_moderation_topics_by_id_pin)});
  routes.push_back({"POST", "/moderation/topics/:id/move", on(app, post_moderation_topics_by_id_move)});
  routes.push_back({"POST", "/moderation/topics/:id/merge", on(app, post_moderation_topics_by_id_merge)});
}

}  // namespace aigc
