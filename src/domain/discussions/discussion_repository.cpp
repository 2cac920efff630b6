#include "domain/discussions/discussion_repository.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "store/integer_rows.hpp"

namespace aigc {

namespace {

const char* kTopicSelect =
    "SELECT t.id, t.category, t.field, t.competition_id, t.paper_id, t.author_id, m.handle, m.display_name, t.title, t.lang, "
    "t.tags, t.votes, t.replies, t.created_at, t.last_posted_at, t.pinned_at, t.locked_at, t.hidden_at, t.merged_into, "
    "COALESCE(c.slug, '') FROM topics t JOIN members m ON m.id = t.author_id LEFT JOIN competitions c ON c.id = t.competition_id ";

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : ",") + x;
  return out;
}

template <class... Uses>
std::vector<Topic> select_topics(soci::session& sql, const std::string& tail, Uses&... uses) {
  Topic t;
  long long id = 0, comp = 0, paper = 0, author = 0, votes = 0, replies = 0, created = 0, last = 0, pinned = 0, locked = 0,
            hidden = 0, merged = 0;
  std::string tags;
  soci::statement st = ((sql.prepare << std::string(kTopicSelect) + tail, soci::into(id), soci::into(t.category),
                         soci::into(t.field), soci::into(comp), soci::into(paper), soci::into(author), soci::into(t.author_handle),
                         soci::into(t.author_name), soci::into(t.title), soci::into(t.lang), soci::into(tags), soci::into(votes),
                         soci::into(replies), soci::into(created), soci::into(last), soci::into(pinned), soci::into(locked),
                         soci::into(hidden), soci::into(merged), soci::into(t.competition_slug)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<Topic> out;
  while (st.fetch()) {
    t.id = id;
    t.competition_id = comp;
    t.paper_id = paper;
    t.author_id = author;
    t.votes = votes;
    t.replies = replies;
    t.created_at = created;
    t.last_posted_at = last;
    t.pinned_at = pinned;
    t.locked_at = locked;
    t.hidden_at = hidden;
    t.merged_into = merged;
    t.tags.clear();
    for (auto& x : split(tags, ','))
      if (!x.empty()) t.tags.push_back(x);
    out.push_back(t);
  }
  return out;
}

const char* kPostSelect =
    "SELECT p.id, p.topic_id, p.number, p.author_id, m.handle, m.display_name, p.reply_to, COALESCE(r.number, 0), "
    "COALESCE(rm.handle, ''), p.body_md, p.votes, p.revisions, p.created_at, p.edited_at, p.hidden_at, p.hidden_reason "
    "FROM posts p JOIN members m ON m.id = p.author_id LEFT JOIN posts r ON r.id = p.reply_to "
    "LEFT JOIN members rm ON rm.id = r.author_id ";

template <class... Uses>
std::vector<Post> select_posts(soci::session& sql, const std::string& tail, Uses&... uses) {
  Post p;
  long long id = 0, topic = 0, author = 0, reply_to = 0, votes = 0, created = 0, edited = 0, hidden = 0;
  int number = 0, reply_number = 0, revisions = 0;
  soci::statement st = ((sql.prepare << std::string(kPostSelect) + tail, soci::into(id), soci::into(topic), soci::into(number),
                         soci::into(author), soci::into(p.author_handle), soci::into(p.author_name), soci::into(reply_to),
                         soci::into(reply_number), soci::into(p.reply_to_handle), soci::into(p.body_md), soci::into(votes),
                         soci::into(revisions), soci::into(created), soci::into(edited), soci::into(hidden),
                         soci::into(p.hidden_reason)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<Post> out;
  while (st.fetch()) {
    p.id = id;
    p.topic_id = topic;
    p.number = number;
    p.author_id = author;
    p.reply_to = reply_to;
    p.reply_to_number = reply_number;
    p.votes = votes;
    p.revisions = revisions;
    p.created_at = created;
    p.edited_at = edited;
    p.hidden_at = hidden;
    out.push_back(p);
  }
  return out;
}

// The topic's tags as rows, for the tag feeds' lookup.
void insert_tags(soci::session& sql, long long id, const std::vector<std::string>& tags) {
  for (const auto& tag : tags) sql << "INSERT INTO topic_tags (tag, topic_id) VALUES (:t, :id)", soci::use(tag), soci::use(id);
}

}  // namespace

std::int64_t DiscussionRepository::insert_topic(soci::session& sql, const Topic& t) {
  long long id = 0, comp = t.competition_id, paper = t.paper_id, author = t.author_id, created = t.created_at,
            last = t.last_posted_at;
  std::string tags = joined(t.tags);
  sql << "INSERT INTO topics (category, field, competition_id, paper_id, author_id, title, lang, tags, created_at, last_posted_at) "
         "VALUES (:c, :f, :comp, :paper, :a, :title, :lang, :tags, :created, :last) RETURNING id",
      soci::use(t.category), soci::use(t.field), soci::use(comp), soci::use(paper), soci::use(author), soci::use(t.title),
      soci::use(t.lang), soci::use(tags), soci::use(created), soci::use(last), soci::into(id);
  insert_tags(sql, id, t.tags);
  return id;
}

std::optional<Topic> DiscussionRepository::find_topic(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto v = select_topics(sql, "WHERE t.id = :id", key);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::optional<Topic> DiscussionRepository::topic_of_paper(soci::session& sql, std::int64_t paper_id) {
  long long key = paper_id;
  auto v = select_topics(sql, "WHERE t.paper_id = :p AND t.merged_into = 0 ORDER BY t.id LIMIT 1", key);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Topic> DiscussionRepository::feed(soci::session& sql, const FeedFilter& f) {
  const std::string key = f.order == "top" ? "t.votes" : f.order == "unanswered" ? "t.created_at" : "t.last_posted_at";
  std::string where = "WHERE t.hidden_at = 0 AND t.merged_into = 0";
  // Every filter is always bound (SOCI binds by position); an empty one matches all.
  where += " AND (:c1 = '' OR t.category = :c2) AND (:f1 = '' OR t.field = :f2) AND (:a1 = 0 OR t.author_id = :a2)";
  where += " AND (:k1 = 0 OR t.competition_id = :k2) AND t.created_at >= :since";
  where += " AND (:g1 = '' OR t.id IN (SELECT topic_id FROM topic_tags WHERE tag = :g2))";
  if (f.order == "unanswered") where += " AND t.replies = 0";
  if (f.pinned_only) where += " AND t.pinned_at <> 0";
  if (f.skip_pinned) where += " AND t.pinned_at = 0";
  where += " AND (" + key + " < :ck1 OR (" + key + " = :ck2 AND t.id < :cid))";
  std::string tail = where + (f.pinned_only ? " ORDER BY t.pinned_at DESC" : " ORDER BY " + key + " DESC, t.id DESC") + " LIMIT " +
                     std::to_string(std::clamp(f.limit, 1, 101));
  std::string c1 = f.category, c2 = f.category, f1 = f.field, f2 = f.field, g1 = f.tag, g2 = f.tag;
  long long a1 = f.author_id, a2 = f.author_id, k1 = f.competition_id, k2 = f.competition_id, since = f.since, ck1 = f.after_key,
            ck2 = f.after_key, cid = f.after_id;
  return select_topics(sql, tail, c1, c2, f1, f2, a1, a2, k1, k2, since, g1, g2, ck1, ck2, cid);
}

void DiscussionRepository::update_topic(soci::session& sql, const Topic& t) {
  long long id = t.id, comp = t.competition_id, paper = t.paper_id, votes = t.votes, replies = t.replies, last = t.last_posted_at,
            pinned = t.pinned_at, locked = t.locked_at, hidden = t.hidden_at, merged = t.merged_into;
  std::string tags = joined(t.tags);
  sql << "UPDATE topics SET category = :c, field = :f, competition_id = :comp, paper_id = :paper, title = :title, tags = :tags, "
         "votes = :v, replies = :r, last_posted_at = :l, pinned_at = :p, locked_at = :lk, hidden_at = :h, merged_into = :m "
         "WHERE id = :id",
      soci::use(t.category), soci::use(t.field), soci::use(comp), soci::use(paper), soci::use(t.title), soci::use(tags),
      soci::use(votes), soci::use(replies), soci::use(last), soci::use(pinned), soci::use(locked), soci::use(hidden),
      soci::use(merged), soci::use(id);
  sql << "DELETE FROM topic_tags WHERE topic_id = :id", soci::use(id);
  insert_tags(sql, id, t.tags);
}

void DiscussionRepository::recount(soci::session& sql, std::int64_t topic_id) {
  long long id = topic_id, replies = 0, last = 0;
  soci::indicator li = soci::i_ok;
  sql << "SELECT COUNT(*) - 1, MAX(created_at) FROM posts WHERE topic_id = :id AND hidden_at = 0", soci::use(id),
      soci::into(replies), soci::into(last, li);
  if (li != soci::i_ok) {
    replies = 0;
    sql << "SELECT created_at FROM topics WHERE id = :id", soci::use(id), soci::into(last);
  }
  replies = std::max(0LL, replies);
  sql << "UPDATE topics SET replies = :r, last_posted_at = :l WHERE id = :id", soci::use(replies), soci::use(last), soci::use(id);
}

std::int64_t DiscussionRepository::insert_post(soci::session& sql, Post& p) {
  long long topic = p.topic_id, author = p.author_id, reply_to = p.reply_to, created = p.created_at, id = 0;
  int number = 0;
  soci::indicator ni = soci::i_ok;
  sql << "SELECT MAX(number) FROM posts WHERE topic_id = :t", soci::use(topic), soci::into(number, ni);
  p.number = ni == soci::i_ok ? number + 1 : 1;
  sql << "INSERT INTO posts (topic_id, number, author_id, reply_to, body_md, created_at) VALUES (:t, :n, :a, :r, :b, :c) RETURNING id",
      soci::use(topic), soci::use(p.number), soci::use(author), soci::use(reply_to), soci::use(p.body_md), soci::use(created),
      soci::into(id);
  return id;
}

std::optional<Post> DiscussionRepository::find_post(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto v = select_posts(sql, "WHERE p.id = :id", key);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Post> DiscussionRepository::posts(soci::session& sql, std::int64_t topic_id) {
  long long key = topic_id;
  return select_posts(sql, "WHERE p.topic_id = :t ORDER BY p.number", key);
}

void DiscussionRepository::update_post(soci::session& sql, const Post& p) {
  long long id = p.id, votes = p.votes, edited = p.edited_at, hidden = p.hidden_at;
  int revisions = p.revisions;
  sql << "UPDATE posts SET body_md = :b, votes = :v, revisions = :r, edited_at = :e, hidden_at = :h, hidden_reason = :hr "
         "WHERE id = :id",
      soci::use(p.body_md), soci::use(votes), soci::use(revisions), soci::use(edited), soci::use(hidden), soci::use(p.hidden_reason),
      soci::use(id);
}

void DiscussionRepository::move_posts(soci::session& sql, std::int64_t from_topic, std::int64_t to_topic) {
  long long from = from_topic, to = to_topic;
  int offset = 0;
  soci::indicator oi = soci::i_ok;
  sql << "SELECT MAX(number) FROM posts WHERE topic_id = :t", soci::use(to), soci::into(offset, oi);
  if (oi != soci::i_ok) offset = 0;
  // Renumbered after the target's posts, in their order; each keeps its text and history.
  sql << "UPDATE posts SET topic_id = :to, number = number + :o WHERE topic_id = :from", soci::use(to), soci::use(offset),
      soci::use(from);
}

void DiscussionRepository::add_revision(soci::session& sql, std::int64_t post_id, int revision, std::int64_t editor_id,
                                        const std::string& title, const std::string& body_md, std::int64_t at) {
  long long post = post_id, editor = editor_id, t = at;
  sql << "INSERT INTO post_revisions (post_id, revision, editor_id, title, body_md, created_at) VALUES (:p, :r, :e, :t, :b, :at)",
      soci::use(post), soci::use(revision), soci::use(editor), soci::use(title), soci::use(body_md), soci::use(t);
}

std::vector<Revision> DiscussionRepository::revisions(soci::session& sql, std::int64_t post_id) {
  long long post = post_id, created = 0;
  Revision r;
  soci::statement st = (sql.prepare << "SELECT r.revision, m.handle, r.title, r.body_md, r.created_at FROM post_revisions r "
                                       "JOIN members m ON m.id = r.editor_id WHERE r.post_id = :p ORDER BY r.revision",
                        soci::use(post), soci::into(r.revision), soci::into(r.editor_handle), soci::into(r.title),
                        soci::into(r.body_md), soci::into(created));
  st.execute();
  std::vector<Revision> out;
  while (st.fetch()) {
    r.created_at = created;
    out.push_back(r);
  }
  return out;
}

std::int64_t DiscussionRepository::posts_since(soci::session& sql, std::int64_t member_id, std::int64_t since) {
  long long m = member_id, s = since, n = 0;
  sql << "SELECT COUNT(*) FROM posts WHERE author_id = :m AND created_at >= :s", soci::use(m), soci::use(s), soci::into(n);
  return n;
}

std::int64_t DiscussionRepository::visible_posts(soci::session& sql, std::int64_t member_id) {
  long long m = member_id, n = 0;
  sql << "SELECT COUNT(*) FROM posts WHERE author_id = :m AND hidden_at = 0", soci::use(m), soci::into(n);
  return n;
}

bool DiscussionRepository::add_vote(soci::session& sql, const std::string& target, std::int64_t id, std::int64_t member_id,
                                    std::int64_t at) {
  long long key = id, m = member_id, t = at, n = 0;
  sql << "SELECT COUNT(*) FROM votes WHERE target = :t AND target_id = :id AND member_id = :m", soci::use(target), soci::use(key),
      soci::use(m), soci::into(n);
  if (n) return false;
  sql << "INSERT INTO votes (target, target_id, member_id, created_at) VALUES (:t, :id, :m, :at)", soci::use(target),
      soci::use(key), soci::use(m), soci::use(t);
  return true;
}

bool DiscussionRepository::remove_vote(soci::session& sql, const std::string& target, std::int64_t id, std::int64_t member_id) {
  long long key = id, m = member_id;
  soci::statement st = (sql.prepare << "DELETE FROM votes WHERE target = :t AND target_id = :id AND member_id = :m",
                        soci::use(target), soci::use(key), soci::use(m));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<std::int64_t> DiscussionRepository::voted(soci::session& sql, const std::string& target, std::int64_t member_id,
                                                      const std::vector<std::int64_t>& ids) {
  std::vector<std::int64_t> out;
  if (ids.empty()) return out;
  std::string list;
  for (auto id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);  // numbers only: safe to inline
  long long m = member_id, id = 0;
  soci::statement st = (sql.prepare << "SELECT target_id FROM votes WHERE target = :t AND member_id = :m AND target_id IN (" + list + ")",
                        soci::use(target), soci::use(m), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

void DiscussionRepository::add_paper_votes(soci::session& sql, std::int64_t paper_id, int delta) {
  long long id = paper_id;
  sql << "UPDATE papers SET votes = votes + :d WHERE id = :id", soci::use(delta), soci::use(id);
}

void DiscussionRepository::set_bookmark(soci::session& sql, std::int64_t member_id, std::int64_t topic_id, bool on, std::int64_t at) {
  long long m = member_id, t = topic_id, when = at;
  sql << "DELETE FROM bookmarks WHERE member_id = :m AND topic_id = :t", soci::use(m), soci::use(t);
  if (on)
    sql << "INSERT INTO bookmarks (member_id, topic_id, created_at) VALUES (:m, :t, :at)", soci::use(m), soci::use(t), soci::use(when);
}

bool DiscussionRepository::bookmarked(soci::session& sql, std::int64_t member_id, std::int64_t topic_id) {
  long long m = member_id, t = topic_id, n = 0;
  sql << "SELECT COUNT(*) FROM bookmarks WHERE member_id = :m AND topic_id = :t", soci::use(m), soci::use(t), soci::into(n);
  return n > 0;
}

std::vector<Topic> DiscussionRepository::bookmarks(soci::session& sql, std::int64_t member_id, int limit) {
  long long m = member_id;
  return select_topics(sql,
                       "JOIN bookmarks b ON b.topic_id = t.id WHERE b.member_id = :m AND t.hidden_at = 0 ORDER BY b.created_at DESC "
                       "LIMIT " + std::to_string(limit),
                       m);
}

void DiscussionRepository::set_follow(soci::session& sql, std::int64_t member_id, const std::string& target, const std::string& key,
                                      bool on, std::int64_t at) {
  long long m = member_id, when = at;
  sql << "DELETE FROM follows WHERE member_id = :m AND target = :t AND target_key = :k", soci::use(m), soci::use(target),
      soci::use(key);
  if (on)
    sql << "INSERT INTO follows (member_id, target, target_key, created_at) VALUES (:m, :t, :k, :at)", soci::use(m),
        soci::use(target), soci::use(key), soci::use(when);
}

bool DiscussionRepository::follows(soci::session& sql, std::int64_t member_id, const std::string& target, const std::string& key) {
  long long m = member_id, n = 0;
  sql << "SELECT COUNT(*) FROM follows WHERE member_id = :m AND target = :t AND target_key = :k", soci::use(m), soci::use(target),
      soci::use(key), soci::into(n);
  return n > 0;
}

std::vector<std::int64_t> DiscussionRepository::followers(soci::session& sql, const std::string& target, const std::string& key) {
  std::vector<std::int64_t> out;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT member_id FROM follows WHERE target = :t AND target_key = :k ORDER BY member_id",
                        soci::use(target), soci::use(key), soci::into(id));
  st.execute();
  while (st.fetch()) out.push_back(id);
  return out;
}

std::vector<std::pair<std::string, std::string>> DiscussionRepository::followed_by(soci::session& sql, std::int64_t member_id) {
  std::vector<std::pair<std::string, std::string>> out;
  long long m = member_id;
  std::string target, key;
  soci::statement st = (sql.prepare << "SELECT target, target_key FROM follows WHERE member_id = :m ORDER BY created_at DESC",
                        soci::use(m), soci::into(target), soci::into(key));
  st.execute();
  while (st.fetch()) out.emplace_back(target, key);
  return out;
}

bool DiscussionRepository::insert_flag(soci::session& sql, std::int64_t post_id, std::int64_t member_id, const std::string& reason,
                                       const std::string& note, std::int64_t at) {
  long long p = post_id, m = member_id, t = at, n = 0;
  sql << "SELECT COUNT(*) FROM flags WHERE post_id = :p AND member_id = :m", soci::use(p), soci::use(m), soci::into(n);
  if (n) return false;
  sql << "INSERT INTO flags (post_id, member_id, reason, note, created_at) VALUES (:p, :m, :r, :n, :t)", soci::use(p), soci::use(m),
      soci::use(reason), soci::use(note), soci::use(t);
  return true;
}

std::int64_t DiscussionRepository::open_flags(soci::session& sql, std::int64_t post_id) {
  long long p = post_id, n = 0;
  sql << "SELECT COUNT(*) FROM flags WHERE post_id = :p AND resolved_at = 0", soci::use(p), soci::into(n);
  return n;
}

std::vector<Flag> DiscussionRepository::flag_queue(soci::session& sql, int limit) {
  Flag f;
  long long id = 0, post = 0, topic = 0, created = 0, hidden = 0;
  std::string body;
  soci::statement st =
      (sql.prepare << "SELECT f.id, f.post_id, p.topic_id, p.number, t.title, fm.handle, f.reason, f.note, p.body_md, am.handle, "
                      "f.created_at, p.hidden_at FROM flags f JOIN posts p ON p.id = f.post_id JOIN topics t ON t.id = p.topic_id "
                      "JOIN members fm ON fm.id = f.member_id JOIN members am ON am.id = p.author_id WHERE f.resolved_at = 0 "
                      "ORDER BY f.post_id, f.id LIMIT " + std::to_string(limit),
       soci::into(id), soci::into(post), soci::into(topic), soci::into(f.post_number), soci::into(f.topic_title),
       soci::into(f.flagger_handle), soci::into(f.reason), soci::into(f.note), soci::into(body), soci::into(f.author_handle),
       soci::into(created), soci::into(hidden));
  st.execute();
  std::vector<Flag> out;
  while (st.fetch()) {
    f.id = id;
    f.post_id = post;
    f.topic_id = topic;
    f.created_at = created;
    f.post_hidden_at = hidden;
    f.post_excerpt = body.size() > 400 ? body.substr(0, 400) : body;
    out.push_back(f);
  }
  return out;
}

void DiscussionRepository::resolve_flags(soci::session& sql, std::int64_t post_id, const std::string& resolution,
                                         std::int64_t moderator_id, std::int64_t at) {
  long long p = post_id, m = moderator_id, t = at;
  sql << "UPDATE flags SET resolved_at = :t, resolution = :r, resolver_id = :m WHERE post_id = :p AND resolved_at = 0", soci::use(t),
      soci::use(resolution), soci::use(m), soci::use(p);
}

void DiscussionRepository::log(soci::session& sql, std::int64_t moderator_id, const std::string& action, std::int64_t topic_id,
                               std::int64_t post_id, const std::string& detail, std::int64_t at) {
  long long m = moderator_id, t = topic_id, p = post_id, when = at;
  sql << "INSERT INTO moderation_log (moderator_id, action, topic_id, post_id, detail, created_at) VALUES (:m, :a, :t, :p, :d, :at)",
      soci::use(m), soci::use(action), soci::use(t), soci::use(p), soci::use(detail), soci::use(when);
}

std::vector<ModerationEntry> DiscussionRepository::log_entries(soci::session& sql, std::int64_t before_id, int limit) {
  ModerationEntry e;
  long long before = before_id > 0 ? before_id : INT64_MAX, id = 0, topic = 0, post = 0, created = 0;
  soci::statement st = (sql.prepare << "SELECT l.id, m.handle, l.action, l.detail, l.topic_id, l.post_id, l.created_at "
                                       "FROM moderation_log l JOIN members m ON m.id = l.moderator_id WHERE l.id < :b "
                                       "ORDER BY l.id DESC LIMIT " + std::to_string(limit),
                        soci::use(before), soci::into(id), soci::into(e.moderator_handle), soci::into(e.action),
                        soci::into(e.detail), soci::into(topic), soci::into(post), soci::into(created));
  st.execute();
  std::vector<ModerationEntry> out;
  while (st.fetch()) {
    e.id = id;
    e.topic_id = topic;
    e.post_id = post;
    e.created_at = created;
    out.push_back(e);
  }
  return out;
}

std::int64_t DiscussionRepository::count_topics(soci::session& sql) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM topics", soci::into(n);
  return n;
}

std::vector<std::int64_t> DiscussionRepository::topic_ids(soci::session& sql) {
  return select_ids(sql, "SELECT id FROM topics ORDER BY id");
}

}  // namespace aigc
