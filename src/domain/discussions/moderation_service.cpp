#include "domain/discussions/moderation_service.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "domain/discussions/discussion_service.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"

namespace aigc {

namespace {

Error not_moderator() {
  return Error::make(ErrorCode::forbidden, "error.not_moderator", "only moderators do this");
}

Error no(const std::string& what, std::int64_t id) {
  return Error::make(ErrorCode::not_found, "error.not_found", "no " + what + " " + std::to_string(id));
}

}  // namespace

const std::vector<std::string>& ModerationService::flag_reasons() {
  static const std::vector<std::string> reasons = {"spam", "off_topic", "inappropriate", "other"};
  return reasons;
}

void ModerationService::apply_hidden(soci::session& sql, Topic& topic, Post& post, bool hidden, const std::string& reason,
                                     std::int64_t now) {
  SearchIndex index(db_);
  auto posts = post.number == 1 ? repo_.posts(sql, topic.id) : std::vector<Post>{post};
  post.hidden_at = hidden ? now : 0;
  post.hidden_reason = hidden ? reason : "";
  repo_.update_post(sql, post);
  if (post.number == 1) {
    topic.hidden_at = hidden ? now : 0;
    repo_.update_topic(sql, topic);
  }
  repo_.recount(sql, topic.id);  // before the index: see merge
  for (auto& p : posts) {
    if (p.id == post.id) p = post;
    const std::string kind = p.number == 1 ? "topic" : "reply", key = p.number == 1 ? std::to_string(topic.id) : std::to_string(p.id);
    if (hidden) {
      index.remove(sql, kind, key);
      Notifications::forget(sql, "post:" + std::to_string(p.id));
    } else if (!p.hidden_at && !topic.hidden_at) {
      index.put(sql, search_document(topic, p));
    }
  }
}

Result<void> ModerationService::flag(const Member& actor, std::int64_t post_id, const std::string& reason, const std::string& note,
                                     std::int64_t now) {
  const auto& reasons = flag_reasons();
  std::vector<Problem> problems;
  if (std::find(reasons.begin(), reasons.end(), reason) == reasons.end())
    problems.push_back({"reason", "error.flag_reason", "choose why: spam, off_topic, inappropriate or other"});
  const std::string text = trim(note);
  if (reason == "other" && text.empty()) problems.push_back({"note", "error.flag_note", "say what is wrong"});
  if (utf8_length(text) > 500 || !is_valid_utf8(text)) problems.push_back({"note", "error.flag_note_long", "at most 500 characters"});
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto p = repo_.find_post(sql, post_id);
    auto t = p ? repo_.find_topic(sql, p->topic_id) : std::nullopt;
    if (!p || !t || p->hidden_at || t->hidden_at) return no("post", post_id);
    if (p->author_id == actor.id) return Error::invalid("error.flag_own", "you cannot flag your own post");
    if (!repo_.insert_flag(sql, post_id, actor.id, reason, text, now))
      return Error::make(ErrorCode::conflict, "error.flag_twice", "you have flagged this post already");
    if (repo_.open_flags(sql, post_id) >= kFlagsToHide) {
      apply_hidden(sql, *t, *p, true, "flagged", now);
      repo_.log(sql, actor.id, "auto_hide", t->id, p->id, std::to_string(kFlagsToHide) + " flags", now);
    }
    return {};
  });
}

Result<std::vector<Flag>> ModerationService::queue(const Member& moderator, int limit) {
  if (!can_moderate(moderator.role)) return not_moderator();
  return db_.with_session([&](soci::session& sql) { return repo_.flag_queue(sql, limit); });
}

Result<std::vector<ModerationEntry>> ModerationService::log(const Member& moderator, std::int64_t before_id, int limit) {
  if (!can_moderate(moderator.role)) return not_moderator();
  return db_.with_session([&](soci::session& sql) { return repo_.log_entries(sql, before_id, limit); });
}

Result<void> ModerationService::hide_post(const Member& moderator, std::int64_t post_id, const std::string& reason,
                                          std::int64_t now) {
  if (!can_moderate(moderator.role)) return not_moderator();
  const std::string why = trim(reason).empty() ? "moderator" : trim(reason);
  if (!is_line_within(why, 200))
    return Error::invalid("error.fix_fields", "please fix the marked fields", {{"reason", "error.hide_reason", "one line of at most 200 characters"}});
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto p = repo_.find_post(sql, post_id);
    auto t = p ? repo_.find_topic(sql, p->topic_id) : std::nullopt;
    if (!p || !t) return no("post", post_id);
    apply_hidden(sql, *t, *p, true, why, now);
    repo_.resolve_flags(sql, post_id, "hidden", moderator.id, now);
    repo_.log(sql, moderator.id, "hide", t->id, p->id, why, now);
    return {};
  });
}

Result<void> ModerationService::restore_post(const Member& moderator, std::int64_t post_id, std::int64_t now) {
  if (!can_moderate(moderator.role)) return not_moderator();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto p = repo_.find_post(sql, post_id);
    auto t = p ? repo_.find_topic(sql, p->topic_id) : std::nullopt;
    if (!p || !t) return no("post", post_id);
    apply_hidden(sql, *t, *p, false, "", now);
    repo_.resolve_flags(sql, post_id, "restored", moderator.id, now);
    repo_.log(sql, moderator.id, "restore", t->id, p->id, "", now);
    return {};
  });
}

Result<void> ModerationService::dismiss_flags(const Member& moderator, std::int64_t post_id, std::int64_t now) {
  if (!can_moderate(moderator.role)) return not_moderator();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto p = repo_.find_post(sql, post_id);
    if (!p) return no("post", post_id);
    repo_.resolve_flags(sql, post_id, "dismissed", moderator.id, now);
    repo_.log(sql, moderator.id, "dismiss_flags", p->topic_id, p->id, "", now);
    return {};
  });
}

Result<void> ModerationService::set_locked(const Member& moderator, std::int64_t topic_id, bool locked, std::int64_t now) {
  if (!can_moderate(moderator.role)) return not_moderator();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto t = repo_.find_topic(sql, topic_id);
    if (!t) return no("topic", topic_id);
    t->locked_at = locked ? now : 0;
    repo_.update_topic(sql, *t);
    repo_.log(sql, moderator.id, locked ? "lock" : "unlock", t->id, 0, "", now);
    return {};
  });
}

Result<void> ModerationService::set_pinned(const Member& moderator, std::int64_t topic_id, bool pinned, std::int64_t now) {
  if (!can_moderate(moderator.role)) return not_moderator();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto t = repo_.find_topic(sql, topic_id);
    if (!t) return no("topic", topic_id);
    t->pinned_at = pinned ? now : 0;
    repo_.update_topic(sql, *t);
    repo_.log(sql, moderator.id, pinned ? "pin" : "unpin", t->id, 0, "", now);
    return {};
  });
}

Result<void> ModerationService::move(const Member& moderator, std::int64_t topic_id, const std::string& category, std::int64_t now) {
  if (!can_moderate(moderator.role)) return not_moderator();
  auto choice = parse_category(category);
  if (!choice)
    return Error::invalid("error.fix_fields", "please fix the marked fields",
                          {{"category", "error.topic_category", "choose a category from the list", {}, {{"value", category}}}});
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto t = repo_.find_topic(sql, topic_id);
    if (!t) return no("topic", topic_id);
    const std::string from = t->category + (t->field.empty() ? "" : "-" + t->field);
    t->category = choice->category;
    t->field = choice->field;
    t->competition_id = 0;
    t->paper_id = 0;
    repo_.update_topic(sql, *t);
    if (!t->hidden_at) {
      SearchIndex index(db_);
      for (const auto& p : repo_.posts(sql, t->id))
        if (!p.hidden_at) index.put(sql, search_document(*t, p));
    }
    repo_.log(sql, moderator.id, "move", t->id, 0, from + " → " + category, now);
    return {};
  });
}

Result<void> ModerationService::merge(const Member& moderator, std::int64_t topic_id, std::int64_t into, std::int64_t now) {
  if (!can_moderate(moderator.role)) return not_moderator();
  if (topic_id == into) return Error::invalid("error.merge_self", "a topic cannot be merged into itself");
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto from = repo_.find_topic(sql, topic_id);
    auto target = repo_.find_topic(sql, into);
    if (!from) return no("topic", topic_id);
    if (!target || target->merged_into) return no("topic", into);
    if (from->merged_into) return Error::make(ErrorCode::conflict, "error.merged_already", "this topic was merged already");
    repo_.move_posts(sql, from->id, target->id);
    from->merged_into = target->id;
    repo_.update_topic(sql, *from);
    repo_.recount(sql, target->id);
    // The index last: its writers take turns until commit (search_postings.hpp), so a
    // transaction holding that turn must not wait for a topic's row after it.
    SearchIndex index(db_);
    index.remove(sql, "topic", std::to_string(from->id));
    target = repo_.find_topic(sql, into);
    if (!target->hidden_at)
      for (const auto& p : repo_.posts(sql, target->id))
        if (!p.hidden_at && p.number > 1) index.put(sql, search_document(*target, p));
    repo_.log(sql, moderator.id, "merge", from->id, 0, "→ #" + std::to_string(into), now);
    return {};
  });
}

}  // namespace aigc
