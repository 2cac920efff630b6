#include "domain/discussions/discussion_service.hpp"

#include <algorithm>
#include <set>

#include "core/text.hpp"
#include "domain/competitions/competition_repository.hpp"
#include "domain/discussions/post_text.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/research/fields.hpp"
#include "domain/research/paper_repository.hpp"
#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"

namespace aigc {

namespace {

Error not_found(const std::string& what, std::int64_t id) {
  return Error::make(ErrorCode::not_found, "error.not_found", "no " + what + " " + std::to_string(id));
}

bool has_cjk(std::string_view s) {
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xE3 && b <= 0xE9) return true;  // U+3000..U+9FFF: CJK punctuation, kana, ideographs
  }
  return false;
}

// At most `n` characters, cut at a character boundary, "…" marking the cut.
std::string shorten(const std::string& s, std::size_t n) {
  std::size_t chars = 0, i = 0;
  for (; i < s.size() && chars + 1 < n; ++chars) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
  }
  return i >= s.size() ? s : s.substr(0, i) + "…";
}

void check_body(const std::string& body, std::vector<Problem>& problems) {
  if (trim(body).empty()) problems.push_back({"body_md", "error.post_body", "write something"});
  else if (body.size() > DiscussionService::kMaxBody || !is_valid_utf8(body))
    problems.push_back({"body_md", "error.post_body_long", "a post is at most 30,000 bytes of text"});
}

void check_title(const std::string& title, std::vector<Problem>& problems) {
  if (utf8_length(title) < 2 || !is_line_within(title, DiscussionService::kMaxTitle))
    problems.push_back({"title", "error.topic_title", "a title is one line of 2 to 200 characters"});
}

// The new-member limits, for a post about to be written.
std::optional<Error> check_limits(DiscussionRepository& repo, soci::session& sql, const Member& actor, const std::string& body,
                                  std::int64_t now) {
  const auto visible = repo.visible_posts(sql, actor.id);
  if (DiscussionService::trusted(actor, visible, now)) return std::nullopt;
  if (repo.posts_since(sql, actor.id, now - 24 * 3600) >= DiscussionService::kNewMemberPostsPerDay)
    return Error::make(ErrorCode::rate_limited, "error.post_rate",
                       "new members may post 10 times a day; try again tomorrow");
  const int links = count_links(body);
  if (links > 0 && repo.posts_since(sql, actor.id, 0) == 0)
    return Error::invalid("error.post_first_links", "a new member's first post cannot carry links",
                          {{"body_md", "error.post_first_links", "a new member's first post cannot carry links"}});
  if (links > DiscussionService::kNewMemberLinks)
    return Error::invalid("error.post_links", "new members may put at most 2 links in a post",
                          {{"body_md", "error.post_links", "new members may put at most 2 links in a post"}});
  return std::nullopt;
}

std::string topic_link(const Topic& t, const Post& p) {
  return "/discussions/t/" + std::to_string(t.id) + (p.number > 1 ? "#p" + std::to_string(p.number) : "");
}

// Who hears of a new post, each once: mentioned members, then the authors it answers and
// the topic's followers, then the followers of its author (and, for a new topic, of its
// tags and field). Never the writer.
void notify_post(DiscussionRepository& repo, soci::session& sql, const Member& actor, const Topic& topic, const Post& post,
                 std::int64_t now) {
  std::set<std::int64_t> told = {actor.id};
  const std::string link = topic_link(topic, post), subject = "post:" + std::to_string(post.id);
  auto tell = [&](std::int64_t member_id, const std::string& kind, nlohmann::json params) {
    if (!told.insert(member_id).second) return;
    params["handle"] = actor.handle;
    params["topic"] = topic.title;
    Notifications::notify(sql, member_id, kind, params, link, now, subject);
  };
  MemberRepository members;
  // Only the first few mentions notify (Discourse's max_mentions_per_post): a post naming
  // five hundred members must not ring five hundred bells.
  const auto visible = repo.visible_posts(sql, actor.id);
  std::size_t mentions = DiscussionService::trusted(actor, visible, now) ? DiscussionService::kMaxMentions : DiscussionService::kNewMemberMentions;
  for (const auto& h : mentioned_handles(post.body_md)) {
    if (mentions == 0) break;
    if (auto m = members.find_by_handle(sql, h); m && !m->deleted() && !m->suspended_at) {
      tell(m->id, "mention", {});
      --mentions;
    }
  }
  if (post.number > 1) {
    tell(topic.author_id, "topic_reply", {});
    if (post.reply_to)
      if (auto answered = repo.find_post(sql, post.reply_to)) tell(answered->author_id, "topic_reply", {});
    for (auto id : repo.followers(sql, "topic", std::to_string(topic.id))) tell(id, "topic_reply", {});
  }
  for (auto id : repo.followers(sql, "member", actor.handle)) tell(id, "followed_activity", {{"what", "@" + actor.handle}});
  if (post.number == 1) {
    for (const auto& tag : topic.tags)
      for (auto id : repo.followers(sql, "tag", tag)) tell(id, "followed_activity", {{"what", "#" + tag}});
    if (const auto* f = find_research_field(topic.field); f)
      for (auto id : repo.followers(sql, "field", topic.field))
        tell(id, "followed_activity", {{"what_en", f->en}, {"what_zh", f->zh}});
  }
}

std::vector<std::string> parse_tags(const std::string& text, std::vector<Problem>& problems) {
  std::vector<std::string> tags;
  for (const auto& t : split(text, ',')) {
    std::string tag = fold_case(trim(t));
    if (tag.empty() || std::find(tags.begin(), tags.end(), tag) != tags.end()) continue;
    if (!is_line_within(tag, 30) || tag.find_first_of("#/?&") != std::string::npos)
      problems.push_back({"tags", "error.topic_tag", "a tag is at most 30 characters, without # / ? &", {}, {{"value", tag}}});
    else tags.push_back(tag);
  }
  if (tags.size() > DiscussionService::kMaxTags) problems.push_back({"tags", "error.topic_tags", "at most 5 tags"});
  return tags;
}

}  // namespace

std::optional<CategoryChoice> parse_category(const std::string& text) {
  if (text == "general" || text == "help" || text == "announcements") return CategoryChoice{text, ""};
  if (text.rfind("field-", 0) == 0 && research_field_number(text.substr(6))) return CategoryChoice{"field", text.substr(6)};
  return std::nullopt;
}

bool DiscussionService::trusted(const Member& m, std::int64_t visible_posts, std::int64_t now) {
  if (m.role != Role::member) return true;
  return now - m.created_at >= kTrustedAfterSeconds && visible_posts >= kTrustedAfterPosts;
}

Result<Topic> DiscussionService::create_topic(const Member& actor, const TopicInput& in, std::int64_t now) {
  std::vector<Problem> problems;
  Topic t;
  t.title = trim(in.title);
  check_title(t.title, problems);
  check_body(in.body_md, problems);
  t.tags = parse_tags(in.tags, problems);
  t.lang = in.lang.empty() ? (has_cjk(t.title + in.body_md) ? "zh-CN" : "en") : in.lang;
  if (t.lang != "en" && t.lang != "zh-CN") problems.push_back({"lang", "error.topic_lang", "lang is en or zh-CN"});
  if (in.competition.empty() && in.paper_id == 0) {
    auto choice = parse_category(in.category);
    if (!choice) {
      problems.push_back({"category", "error.topic_category", "choose a category from the list", {}, {{"value", in.category}}});
    } else {
      t.category = choice->category;
      t.field = choice->field;
      if (t.category == "announcements" && !can_moderate(actor.role) && !at_least(actor.role, Role::organizer))
        problems.push_back({"category", "error.topic_announcements", "only moderators and organizers post announcements"});
    }
  }
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  return db_.in_transaction([&](soci::session& sql) -> Result<Topic> {
    if (!in.competition.empty()) {
      auto c = CompetitionRepository().find_by_slug(sql, in.competition, false);
      if (!c) return Error::make(ErrorCode::not_found, "error.not_found", "no competition " + in.competition);
      if (c->visibility != "published")
        return Error::make(ErrorCode::conflict, "error.forum_closed", "the competition's forum opens when it is published");
      t.category = "competition";
      t.competition_id = c->id;
      t.competition_slug = c->slug;
    } else if (in.paper_id) {
      auto p = PaperRepository().find(sql, in.paper_id);
      if (!p) return not_found("paper", in.paper_id);
      if (repo_.topic_of_paper(sql, in.paper_id)) return Error::make(ErrorCode::conflict, "error.paper_thread", "this paper has its thread");
      t.category = "paper";
      t.paper_id = p->id;
      t.field = p->fields.empty() ? "" : p->fields.front();
    }
    if (auto e = check_limits(repo_, sql, actor, in.body_md, now)) return *e;
    t.author_id = actor.id;
    t.author_handle = actor.handle;
    t.author_name = actor.display_name;
    t.created_at = t.last_posted_at = now;
    t.id = repo_.insert_topic(sql, t);
    Post first;
    first.topic_id = t.id;
    first.author_id = actor.id;
    first.author_handle = actor.handle;
    first.body_md = in.body_md;
    first.created_at = now;
    first.id = repo_.insert_post(sql, first);
    repo_.add_revision(sql, first.id, 1, actor.id, t.title, first.body_md, now);
    SearchIndex(db_).put(sql, search_document(t, first));
    notify_post(repo_, sql, actor, t, first, now);
    return t;
  });
}

Result<Post> DiscussionService::add_reply(soci::session& sql, const Member& actor, Topic& topic, const ReplyInput& in,
                                          std::int64_t now) {
  if (topic.hidden_at || topic.merged_into) return not_found("topic", topic.id);
  if (topic.locked_at && !can_moderate(actor.role))
    return Error::make(ErrorCode::conflict, "error.topic_locked", "this topic is locked: no new replies");
  Post p;
  p.topic_id = topic.id;
  p.author_id = actor.id;
  p.author_handle = actor.handle;
  p.author_name = actor.display_name;
  p.body_md = in.body_md;
  p.created_at = now;
  if (in.reply_to) {
    auto answered = repo_.find_post(sql, in.reply_to);
    if (!answered || answered->topic_id != topic.id || answered->hidden_at)
      return Error::invalid("error.fix_fields", "please fix the marked fields",
                            {{"reply_to", "error.reply_to", "you can answer a post of this topic only"}});
    p.reply_to = answered->id;
    p.reply_to_number = answered->number;
    p.reply_to_handle = answered->author_handle;
  }
  if (auto e = check_limits(repo_, sql, actor, in.body_md, now)) return *e;
  p.id = repo_.insert_post(sql, p);
  repo_.add_revision(sql, p.id, 1, actor.id, "", p.body_md, now);
  repo_.recount(sql, topic.id);
  topic.replies += 1;
  topic.last_posted_at = now;
  SearchIndex(db_).put(sql, search_document(topic, p));
  notify_post(repo_, sql, actor, topic, p, now);
  return p;
}

Result<Post> DiscussionService::reply(const Member& actor, std::int64_t topic_id, const ReplyInput& in, std::int64_t now) {
  std::vector<Problem> problems;
  check_body(in.body_md, problems);
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  return db_.in_transaction([&](soci::session& sql) -> Result<Post> {
    auto topic = repo_.find_topic(sql, topic_id);
    if (!topic) return not_found("topic", topic_id);
    return add_reply(sql, actor, *topic, in, now);
  });
}

Result<Post> DiscussionService::comment_on_paper(const Member& actor, std::int64_t paper_id, const std::string& body_md,
                                                 std::int64_t now) {
  std::vector<Problem> problems;
  check_body(body_md, problems);
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  if (!topic_of_paper(paper_id)) {
    // The first comment opens the paper's thread, titled as the paper.
    auto p = db_.with_session([&](soci::session& sql) { return PaperRepository().find(sql, paper_id); });
    if (!p) return not_found("paper", paper_id);
    TopicInput t;
    t.title = p->title_en.empty() ? p->title_zh : p->title_en;
    if (utf8_length(t.title) > kMaxTitle) t.title = shorten(t.title, kMaxTitle);
    t.body_md = body_md;
    t.paper_id = p->id;
    auto opened = create_topic(actor, t, now);
    if (opened) {
      auto first = db_.with_session([&](soci::session& sql) { return repo_.posts(sql, opened->id); });
      if (!first.empty()) return first.front();
    }
    if (opened.error().code != ErrorCode::conflict) return opened.error();  // conflict: someone opened it meanwhile
  }
  return db_.in_transaction([&](soci::session& sql) -> Result<Post> {
    auto topic = repo_.topic_of_paper(sql, paper_id);
    if (!topic) return not_found("paper", paper_id);
    return add_reply(sql, actor, *topic, {body_md, 0}, now);
  });
}

Result<Post> DiscussionService::edit_post(const Member& actor, std::int64_t post_id, const std::string& title,
                                          const std::string& body_md, std::int64_t now) {
  return db_.in_transaction([&](soci::session& sql) -> Result<Post> {
    auto p = repo_.find_post(sql, post_id);
    if (!p) return not_found("post", post_id);
    auto t = repo_.find_topic(sql, p->topic_id);
    const bool mod = can_moderate(actor.role);
    if (!t || ((t->hidden_at || p->hidden_at) && !mod)) return not_found("post", post_id);
    if (p->author_id != actor.id && !mod)
      return Error::make(ErrorCode::forbidden, "error.post_not_yours", "only its author or a moderator edits a post");
    if (t->locked_at && !mod) return Error::make(ErrorCode::conflict, "error.topic_locked", "this topic is locked");
    std::vector<Problem> problems;
    check_body(body_md, problems);
    const std::string new_title = p->number == 1 ? trim(title) : "";
    if (p->number == 1) check_title(new_title, problems);
    if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
    if (body_md == p->body_md && new_title == (p->number == 1 ? t->title : "")) return *p;  // nothing changed: no revision
    if (!mod && count_links(body_md) > count_links(p->body_md))
      if (auto e = check_limits(repo_, sql, actor, body_md, now)) return *e;
    p->body_md = body_md;
    p->revisions += 1;
    p->edited_at = now;
    repo_.update_post(sql, *p);
    repo_.add_revision(sql, p->id, p->revisions, actor.id, new_title, body_md, now);
    if (p->number == 1) {
      t->title = new_title;
      repo_.update_topic(sql, *t);
    }
    SearchIndex(db_).put(sql, search_document(*t, *p));
    return *p;
  });
}

Result<Topic> DiscussionService::topic(std::int64_t id, const Member* viewer) {
  auto t = db_.with_session([&](soci::session& sql) { return repo_.find_topic(sql, id); });
  if (!t) return not_found("topic", id);
  if (t->hidden_at && !(viewer && (viewer->id == t->author_id || can_moderate(viewer->role)))) return not_found("topic", id);
  return *t;
}

std::optional<Topic> DiscussionService::topic_of_paper(std::int64_t paper_id) {
  return db_.with_session([&](soci::session& sql) { return repo_.topic_of_paper(sql, paper_id); });
}

std::vector<Post> DiscussionService::posts(const Topic& topic, const Member* viewer) {
  auto all = db_.with_session([&](soci::session& sql) { return repo_.posts(sql, topic.id); });
  const bool mod = viewer && can_moderate(viewer->role);
  std::erase_if(all, [&](const Post& p) { return p.hidden_at && !mod && !(viewer && viewer->id == p.author_id); });
  return all;
}

Result<Post> DiscussionService::post(std::int64_t id, const Member* viewer) {
  auto p = db_.with_session([&](soci::session& sql) { return repo_.find_post(sql, id); });
  if (!p) return not_found("post", id);
  auto t = topic(p->topic_id, viewer);
  if (!t) return t.error();
  if (p->hidden_at && !(viewer && (viewer->id == p->author_id || can_moderate(viewer->role)))) return not_found("post", id);
  return *p;
}

Result<std::vector<Revision>> DiscussionService::revisions(std::int64_t post_id, const Member* viewer) {
  auto p = post(post_id, viewer);
  if (!p) return p.error();
  return db_.with_session([&](soci::session& sql) { return repo_.revisions(sql, post_id); });
}

Result<FeedPage> DiscussionService::feed(const FeedQuery& q, std::int64_t now) {
  std::vector<Problem> problems;
  FeedFilter f;
  f.order = q.order.empty() ? "latest" : q.order;
  if (f.order != "latest" && f.order != "top" && f.order != "unanswered")
    problems.push_back({"order", "error.feed_order", "order is latest, top or unanswered", {}, {{"value", q.order}}});
  static const std::vector<std::pair<std::string, std::int64_t>> periods = {
      {"day", 86400}, {"week", 7 * 86400}, {"month", 30 * 86400}, {"year", 365 * 86400}, {"all", 0}};
  auto period = std::find_if(periods.begin(), periods.end(), [&](const auto& p) { return p.first == (q.period.empty() ? "all" : q.period); });
  if (period == periods.end()) problems.push_back({"period", "error.feed_period", "period is day, week, month, year or all"});
  else if (f.order == "top" && period->second) f.since = now - period->second;
  if (!q.category.empty()) {
    auto choice = parse_category(q.category);
    if (!choice && q.category != "competition" && q.category != "paper")
      problems.push_back({"category", "error.topic_category", "choose a category from the list", {}, {{"value", q.category}}});
    else if (choice) f.category = choice->category, f.field = choice->field;
    else f.category = q.category;
  }
  if (!q.field.empty()) {
    if (!research_field_number(q.field)) problems.push_back({"field", "error.search_field", "choose a research field from the list"});
    else f.field = q.field;
  }
  f.tag = fold_case(trim(q.tag));
  if (f.tag.size() > 100 || !is_single_line(f.tag)) problems.push_back({"tag", "error.topic_tag", "a tag is at most 30 characters"});
  if (q.limit < 1 || q.limit > 100) problems.push_back({"limit", "error.feed_limit", "limit is 1 to 100"});
  if (!q.cursor.empty()) {
    auto dot = q.cursor.find('.');
    std::int64_t key = 0, id = 0;
    if (dot == std::string::npos || !parse_int(q.cursor.substr(0, dot), key) || !parse_int(q.cursor.substr(dot + 1), id))
      problems.push_back({"cursor", "error.feed_cursor", "the cursor is the next_cursor of the previous page"});
    f.after_key = key;
    f.after_id = id;
  }
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  return db_.with_session([&](soci::session& sql) -> Result<FeedPage> {
    if (!q.member.empty()) {
      auto m = MemberRepository().find_by_handle(sql, q.member);
      if (!m) return Error::make(ErrorCode::not_found, "error.not_found", "no member @" + q.member);
      f.author_id = m->id;
    }
    if (!q.competition.empty()) {
      auto c = CompetitionRepository().find_by_slug(sql, q.competition, false);
      if (!c || c->visibility != "published") return Error::make(ErrorCode::not_found, "error.not_found", "no competition " + q.competition);
      f.competition_id = c->id;
    }
    FeedPage page;
    if (f.order == "latest") {
      if (q.cursor.empty()) {
        FeedFilter pinned = f;
        pinned.pinned_only = true;
        pinned.limit = 10;
        page.pinned = repo_.feed(sql, pinned);
      }
      f.skip_pinned = true;
    }
    f.limit = q.limit + 1;
    page.topics = repo_.feed(sql, f);
    if (static_cast<int>(page.topics.size()) > q.limit) {
      page.topics.pop_back();
      const auto& last = page.topics.back();
      const auto key = f.order == "top" ? last.votes : f.order == "unanswered" ? last.created_at : last.last_posted_at;
      page.next_cursor = std::to_string(key) + "." + std::to_string(last.id);
    }
    return page;
  });
}

std::vector<Topic> DiscussionService::bookmarks(const Member& m, int limit) {
  return db_.with_session([&](soci::session& sql) { return repo_.bookmarks(sql, m.id, limit); });
}

}  // namespace aigc
