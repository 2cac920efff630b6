// Discussions: plain values shared by the repository, the services and the web layer. A
// topic is its opening post (number 1) and the replies after it; it lives in a category
// (general, help, announcements, a research field), a competition's forum or a paper's
// thread. No behaviour here; rules live in DiscussionService and ModerationService.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aigc {

// Where a topic lives. "field" topics carry their field; "competition" and "paper" topics
// carry the competition's or paper's id.
inline const std::vector<std::string>& topic_categories() {
  static const std::vector<std::string> c = {"general", "help", "announcements", "field", "competition", "paper"};
  return c;
}

struct Post {
  std::int64_t id = 0, topic_id = 0;
  int number = 0;  // 1: the topic's opening post
  std::int64_t author_id = 0;
  std::string author_handle, author_name;
  std::int64_t reply_to = 0;  // the post this one answers (0: the topic)
  int reply_to_number = 0;
  std::string reply_to_handle;
  std::string body_md;
  std::int64_t votes = 0;
  int revisions = 1;
  std::int64_t created_at = 0, edited_at = 0, hidden_at = 0;
  std::string hidden_reason;
};

struct Topic {
  std::int64_t id = 0;
  std::string category, field;
  std::int64_t competition_id = 0, paper_id = 0;
  std::string competition_slug;  // filled when it is a competition's forum
  std::int64_t author_id = 0;
  std::string author_handle, author_name;
  std::string title, lang;  // lang: "en" or "zh-CN", the language it is written in
  std::vector<std::string> tags;
  std::int64_t votes = 0, replies = 0;
  std::int64_t created_at = 0, last_posted_at = 0, pinned_at = 0, locked_at = 0, hidden_at = 0, merged_into = 0;
};

struct TopicInput {
  std::string title, body_md;
  std::string category = "general";  // general | help | announcements | field-<field id>
  std::string competition;           // a competition's slug: its forum (category ignored)
  std::int64_t paper_id = 0;         // a paper's thread (category ignored)
  std::string tags;                  // comma-separated
  std::string lang;                  // en | zh-CN; empty: from the text
};

struct ReplyInput {
  std::string body_md;
  std::int64_t reply_to = 0;  // a post of the same topic, or 0
};

struct Revision {
  int revision = 0;
  std::string editor_handle, title, body_md;
  std::int64_t created_at = 0;
};

// A feed: which topics, in which order. Filters combine.
struct FeedQuery {
  std::string order = "latest";  // latest | top | unanswered
  std::string period = "all";    // for top: day | week | month | year | all
  std::string category, field, tag, member, competition;
  std::string cursor;  // from the previous page
  int limit = 30;
};

struct FeedPage {
  std::vector<Topic> pinned;  // the first page of "latest" shows pinned topics first
  std::vector<Topic> topics;
  std::string next_cursor;
};

struct Flag {
  std::int64_t id = 0, post_id = 0, topic_id = 0;
  int post_number = 0;
  std::string topic_title, flagger_handle, reason, note, post_excerpt, author_handle;
  std::int64_t created_at = 0, post_hidden_at = 0;
};

struct ModerationEntry {
  std::int64_t id = 0;
  std::string moderator_handle, action, detail;
  std::int64_t topic_id = 0, post_id = 0, created_at = 0;
};

}  // namespace aigc
