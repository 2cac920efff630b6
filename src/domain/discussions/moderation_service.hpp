// Moderation as Discourse does it: members flag posts with a reason; three flags from
// different members hide a post until a moderator looks; moderators work a queue and hide,
// restore, lock, pin, move and merge. Hiding takes the post out of feeds, search and
// everyone's notifications in the same transaction. Every moderator action is logged and
// the log is shown to moderators. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/discussions/discussion.hpp"
#include "domain/discussions/discussion_repository.hpp"
#include "domain/members/member.hpp"
#include "store/database.hpp"

namespace aigc {

class ModerationService {
 public:
  static constexpr int kFlagsToHide = 3;
  explicit ModerationService(Database& db) : db_(db) {}

  static const std::vector<std::string>& flag_reasons();  // spam, off_topic, inappropriate, other
  Result<void> flag(const Member& actor, std::int64_t post_id, const std::string& reason, const std::string& note,
                    std::int64_t now);

  Result<std::vector<Flag>> queue(const Member& moderator, int limit = 100);
  Result<std::vector<ModerationEntry>> log(const Member& moderator, std::int64_t before_id, int limit = 100);

  // Hiding the opening post hides the topic.
  Result<void> hide_post(const Member& moderator, std::int64_t post_id, const std::string& reason, std::int64_t now);
  Result<void> restore_post(const Member& moderator, std::int64_t post_id, std::int64_t now);
  // The flags were wrong: they are closed and the post stays.
  Result<void> dismiss_flags(const Member& moderator, std::int64_t post_id, std::int64_t now);
  Result<void> set_locked(const Member& moderator, std::int64_t topic_id, bool locked, std::int64_t now);
  Result<void> set_pinned(const Member& moderator, std::int64_t topic_id, bool pinned, std::int64_t now);
  // category as parse_category() reads it (general, help, announcements, field-<id>).
  Result<void> move(const Member& moderator, std::int64_t topic_id, const std::string& category, std::int64_t now);
  // The topic's posts join `into` after its own; the merged topic leads there.
  Result<void> merge(const Member& moderator, std::int64_t topic_id, std::int64_t into, std::int64_t now);

 private:
  // Hides or shows a post (and, for an opening post, its topic) in feeds, search and
  // notifications; the caller logs.
  void apply_hidden(soci::session& sql, Topic& topic, Post& post, bool hidden, const std::string& reason, std::int64_t now);
  Database& db_;
  DiscussionRepository repo_;
};

}  // namespace aigc
