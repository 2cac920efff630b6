// The discussion tables: topics and their tags, posts and their revisions, votes,
// bookmarks, follows, flags and the moderation log. Callers bring the session (and the
// transaction); the rules are the services'.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/discussions/discussion.hpp"

namespace aigc {

// A feed's filters, resolved to what the tables hold.
struct FeedFilter {
  std::string order = "latest";  // latest | top | unanswered
  std::string category, field, tag;
  std::int64_t author_id = 0, competition_id = 0;
  std::int64_t since = 0;      // top: created at or after
  bool pinned_only = false;    // the pinned block of "latest"
  bool skip_pinned = false;    // the rest of "latest"
  std::int64_t after_key = INT64_MAX, after_id = INT64_MAX;  // the cursor
  int limit = 30;
};

class DiscussionRepository {
 public:
  std::int64_t insert_topic(soci::session& sql, const Topic& t);
  std::optional<Topic> find_topic(soci::session& sql, std::int64_t id);
  std::optional<Topic> topic_of_paper(soci::session& sql, std::int64_t paper_id);
  std::vector<Topic> feed(soci::session& sql, const FeedFilter& f);
  void update_topic(soci::session& sql, const Topic& t);  // title, category, field, tags, flags, counters
  // The topic's replies and last_posted_at from its visible posts.
  void recount(soci::session& sql, std::int64_t topic_id);

  // Inserts with the next number in the topic; returns the new id (and sets p.number).
  std::int64_t insert_post(soci::session& sql, Post& p);
  std::optional<Post> find_post(soci::session& sql, std::int64_t id);
  std::vector<Post> posts(soci::session& sql, std::int64_t topic_id);
  void update_post(soci::session& sql, const Post& p);  // body, votes, revisions, edited, hidden
  void move_posts(soci::session& sql, std::int64_t from_topic, std::int64_t to_topic);
  void add_revision(soci::session& sql, std::int64_t post_id, int revision, std::int64_t editor_id, const std::string& title,
                    const std::string& body_md, std::int64_t at);
  std::vector<Revision> revisions(soci::session& sql, std::int64_t post_id);
  // Posts the member wrote since `since`, and all their posts not hidden.
  std::int64_t posts_since(soci::session& sql, std::int64_t member_id, std::int64_t since);
  std::int64_t visible_posts(soci::session& sql, std::int64_t member_id);

  // Returns false when the member had already voted.
  bool add_vote(soci::session& sql, const std::string& target, std::int64_t id, std::int64_t member_id, std::int64_t at);
  bool remove_vote(soci::session& sql, const std::string& target, std::int64_t id, std::int64_t member_id);
  // Of `ids`, those the member voted for.
  std::vector<std::int64_t> voted(soci::session& sql, const std::string& target, std::int64_t member_id,
                                  const std::vector<std::int64_t>& ids);
  void add_paper_votes(soci::session& sql, std::int64_t paper_id, int delta);

  void set_bookmark(soci::session& sql, std::int64_t member_id, std::int64_t topic_id, bool on, std::int64_t at);
  bool bookmarked(soci::session& sql, std::int64_t member_id, std::int64_t topic_id);
  std::vector<Topic> bookmarks(soci::session& sql, std::int64_t member_id, int limit);

  void set_follow(soci::session& sql, std::int64_t member_id, const std::string& target, const std::string& key, bool on,
                  std::int64_t at);
  bool follows(soci::session& sql, std::int64_t member_id, const std::string& target, const std::string& key);
  std::vector<std::int64_t> followers(soci::session& sql, const std::string& target, const std::string& key);
  std::vector<std::pair<std::string, std::string>> followed_by(soci::session& sql, std::int64_t member_id);

  // Returns false when the member had already flagged the post.
  bool insert_flag(soci::session& sql, std::int64_t post_id, std::int64_t member_id, const std::string& reason,
                   const std::string& note, std::int64_t at);
  std::int64_t open_flags(soci::session& sql, std::int64_t post_id);
  std::vector<Flag> flag_queue(soci::session& sql, int limit);
  void resolve_flags(soci::session& sql, std::int64_t post_id, const std::string& resolution, std::int64_t moderator_id,
                     std::int64_t at);

  void log(soci::session& sql, std::int64_t moderator_id, const std::string& action, std::int64_t topic_id, std::int64_t post_id,
           const std::string& detail, std::int64_t at);
  std::vector<ModerationEntry> log_entries(soci::session& sql, std::int64_t before_id, int limit);

  std::int64_t count_topics(soci::session& sql);
  std::vector<std::int64_t> topic_ids(soci::session& sql);
};

}  // namespace aigc
