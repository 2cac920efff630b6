// The social half of DiscussionService: votes, bookmarks and follows.
#include "core/text.hpp"
#include "domain/discussions/discussion_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/research/fields.hpp"
#include "domain/research/paper_repository.hpp"
#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"

namespace aigc {

Result<std::int64_t> DiscussionService::vote(const Member& actor, const std::string& target, std::int64_t id, bool on,
                                             std::int64_t now) {
  if (target != "post" && target != "paper") return Error::bad_request("error.vote_target", "votes are on posts and papers");
  return db_.in_transaction([&](soci::session& sql) -> Result<std::int64_t> {
    if (target == "paper") {
      PaperRepository papers;
      auto p = papers.find(sql, id);
      if (!p) return Error::make(ErrorCode::not_found, "error.not_found", "no paper " + std::to_string(id));
      if (p->submitter_id == actor.id) return Error::make(ErrorCode::forbidden, "error.vote_own", "you cannot vote for your own work");
      const bool changed = on ? repo_.add_vote(sql, "paper", id, actor.id, now) : repo_.remove_vote(sql, "paper", id, actor.id);
      if (!changed) return p->votes;
      repo_.add_paper_votes(sql, id, on ? 1 : -1);
      p->votes += on ? 1 : -1;
      SearchIndex(db_).put(sql, search_document(*p));
      const std::string subject = "paper:" + std::to_string(id) + ":vote:" + std::to_string(actor.id);
      if (on && !Notifications::told(sql, p->submitter_id, subject)) {
        nlohmann::json params = {{"handle", actor.handle},
                                 {"paper_en", p->title_en.empty() ? p->title_zh : p->title_en},
                                 {"paper_zh", p->title_zh.empty() ? p->title_en : p->title_zh}};
        Notifications::notify(sql, p->submitter_id, "paper_voted", params, "/research/papers/" + std::to_string(id), now, subject);
      }
      return p->votes;
    }
    auto p = repo_.find_post(sql, id);
    auto t = p ? repo_.find_topic(sql, p->topic_id) : std::nullopt;
    if (!p || !t || p->hidden_at || t->hidden_at) return Error::make(ErrorCode::not_found, "error.not_found", "no post " + std::to_string(id));
    if (p->author_id == actor.id) return Error::make(ErrorCode::forbidden, "error.vote_own", "you cannot vote for your own work");
    const bool changed = on ? repo_.add_vote(sql, "post", id, actor.id, now) : repo_.remove_vote(sql, "post", id, actor.id);
    if (!changed) return p->votes;
    p->votes += on ? 1 : -1;
    repo_.update_post(sql, *p);
    if (p->number == 1) {  // a topic's votes are its opening post's
      t->votes = p->votes;
      repo_.update_topic(sql, *t);
    }
    SearchIndex(db_).put(sql, search_document(*t, *p));
    // Under the post's subject, so hiding the post takes it away; once per voter.
    const std::string subject = "post:" + std::to_string(p->id) + ":vote:" + std::to_string(actor.id);
    if (on && !Notifications::told(sql, p->author_id, subject))
      Notifications::notify(sql, p->author_id, "post_voted", {{"handle", actor.handle}, {"topic", t->title}},
                            "/discussions/t/" + std::to_string(t->id) + (p->number > 1 ? "#p" + std::to_string(p->number) : ""),
                            now, subject);
    return p->votes;
  });
}

std::vector<std::int64_t> DiscussionService::voted(const Member& m, const std::string& target, const std::vector<std::int64_t>& ids) {
  return db_.with_session([&](soci::session& sql) { return repo_.voted(sql, target, m.id, ids); });
}

Result<void> DiscussionService::bookmark(const Member& actor, std::int64_t topic_id, bool on, std::int64_t now) {
  auto t = topic(topic_id, &actor);
  if (!t) return t.error();
  db_.write([&](soci::session& sql) { repo_.set_bookmark(sql, actor.id, topic_id, on, now); });
  return {};
}

bool DiscussionService::bookmarked(const Member& m, std::int64_t topic_id) {
  return db_.with_session([&](soci::session& sql) { return repo_.bookmarked(sql, m.id, topic_id); });
}

Result<void> DiscussionService::follow(const Member& actor, const std::string& target, const std::string& raw_key, bool on,
                                       std::int64_t now) {
  std::string key = trim(raw_key);
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    if (target == "topic") {
      std::int64_t id = 0;
      if (!parse_int(key, id) || !repo_.find_topic(sql, id)) return Error::make(ErrorCode::not_found, "error.not_found", "no topic " + key);
    } else if (target == "tag") {
      key = fold_case(key);
      if (key.empty() || !is_line_within(key, 30))
        return Error::invalid("error.topic_tag", "a tag is at most 30 characters", {{"key", "error.topic_tag", "a tag is at most 30 characters"}});
    } else if (target == "field") {
      if (!research_field_number(key)) return Error::make(ErrorCode::not_found, "error.not_found", "no research field " + key);
    } else if (target == "member") {
      auto m = MemberRepository().find_by_handle(sql, key);
      if (!m || m->deleted()) return Error::make(ErrorCode::not_found, "error.not_found", "no member @" + key);
      if (m->id == actor.id) return Error::invalid("error.follow_self", "you cannot follow yourself");
      key = m->handle;
      const std::string subject = "follower:" + std::to_string(actor.id);
      if (on && !Notifications::told(sql, m->id, subject))  // following again after unfollowing tells no one twice
        Notifications::notify(sql, m->id, "new_follower", {{"handle", actor.handle}}, "/members/" + actor.handle, now, subject);
    } else {
      return Error::bad_request("error.follow_target", "you can follow a topic, a tag, a field or a member");
    }
    repo_.set_follow(sql, actor.id, target, key, on, now);
    return {};
  });
}

bool DiscussionService::follows(const Member& m, const std::string& target, const std::string& key) {
  return db_.with_session([&](soci::session& sql) { return repo_.follows(sql, m.id, target, target == "tag" ? fold_case(key) : key); });
}

std::vector<std::string> DiscussionService::existing_handles(const std::vector<std::string>& handles) {
  std::vector<std::string> out;
  if (handles.empty()) return out;
  db_.with_session([&](soci::session& sql) {
    MemberRepository members;
    for (const auto& h : handles)
      if (auto m = members.find_by_handle(sql, h); m && !m->deleted()) out.push_back(m->handle);
  });
  return out;
}

}  // namespace aigc
