// Discussions as members use them: start a topic (in a category, a competition's forum or a
// paper's thread), reply (to the topic or to a reply, quoting), edit with every revision kept,
// vote, bookmark, follow; and the feeds. Each write checks its input, applies the limits on
// new members, stores the change, indexes it for search and notifies (replies, mentions,
// votes, follows) in one transaction. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/discussions/discussion.hpp"
#include "domain/discussions/discussion_repository.hpp"
#include "domain/members/member.hpp"
#include "store/database.hpp"

namespace aigc {

class DiscussionService {
 public:
  static constexpr std::size_t kMaxTitle = 200, kMaxBody = 30000, kMaxTags = 5;
  // Until trusted (a day old and three posts that stand), a member may post this often a
  // day, with this many links a post, and none in their first post.
  static constexpr int kNewMemberPostsPerDay = 10, kNewMemberLinks = 2, kTrustedAfterPosts = 3;
  static constexpr std::int64_t kTrustedAfterSeconds = 24 * 3600;
  // Mentions that notify, per post (the rest still link the profile).
  static constexpr std::size_t kMaxMentions = 10, kNewMemberMentions = 2;

  explicit DiscussionService(Database& db) : db_(db) {}

  Result<Topic> create_topic(const Member& actor, const TopicInput& input, std::int64_t now);
  Result<Post> reply(const Member& actor, std::int64_t topic_id, const ReplyInput& input, std::int64_t now);
  // A comment on a paper: a post in its thread, which the first comment opens.
  Result<Post> comment_on_paper(const Member& actor, std::int64_t paper_id, const std::string& body_md, std::int64_t now);
  // The author, or a moderator, saves a new revision (the title too when it is post 1).
  Result<Post> edit_post(const Member& actor, std::int64_t post_id, const std::string& title, const std::string& body_md,
                         std::int64_t now);

  // A topic as the viewer may see it (hidden: its author and moderators only).
  Result<Topic> topic(std::int64_t id, const Member* viewer);
  std::optional<Topic> topic_of_paper(std::int64_t paper_id);
  // Its posts the viewer may see, in order.
  std::vector<Post> posts(const Topic& topic, const Member* viewer);
  Result<Post> post(std::int64_t id, const Member* viewer);
  Result<std::vector<Revision>> revisions(std::int64_t post_id, const Member* viewer);
  Result<FeedPage> feed(const FeedQuery& query, std::int64_t now);
  std::vector<Topic> bookmarks(const Member& m, int limit = 50);

  // target: "post" or "paper". Returns the new vote count.
  Result<std::int64_t> vote(const Member& actor, const std::string& target, std::int64_t id, bool on, std::int64_t now);
  std::vector<std::int64_t> voted(const Member& m, const std::string& target, const std::vector<std::int64_t>& ids);
  Result<void> bookmark(const Member& actor, std::int64_t topic_id, bool on, std::int64_t now);
  bool bookmarked(const Member& m, std::int64_t topic_id);
  // target: topic (id), tag, field (id), member (handle).
  Result<void> follow(const Member& actor, const std::string& target, const std::string& key, bool on, std::int64_t now);
  bool follows(const Member& m, const std::string& target, const std::string& key);
  // Of these handles, those of members who exist (as they spell their handle).
  std::vector<std::string> existing_handles(const std::vector<std::string>& handles);

  // Whether the member's posts are past the new-member limits.
  static bool trusted(const Member& m, std::int64_t visible_posts, std::int64_t now);

 private:
  Result<Post> add_reply(soci::session& sql, const Member& actor, Topic& topic, const ReplyInput& input, std::int64_t now);
  Database& db_;
  DiscussionRepository repo_;
};

// The category of a form or URL ("general", "field-nlp") split into category and field;
// nullopt when it is not one members may choose.
struct CategoryChoice {
  std::string category, field;
};
std::optional<CategoryChoice> parse_category(const std::string& text);

}  // namespace aigc
