// All SQL about notifications and their preferences, and the rules around them. `notify` runs
// inside the caller's transaction (the notification exists exactly when the change that
// caused it commits); the rest take their own sessions. Thread-safe.
#pragma once

#include <map>
#include <string>

#include <soci/soci.h>

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/notifications/notification.hpp"
#include "store/database.hpp"

namespace aigc {

class Notifications {
 public:
  explicit Notifications(Database& db) : db_(db) {}

  // Records `kind` for the member as their preference says (nothing when it is off). An
  // unknown kind is a bug (std::logic_error).
  // `subject` names what it is about ("post:12"), for forget().
  static void notify(soci::session& sql, std::int64_t member_id, const std::string& kind, const nlohmann::json& params,
                     const std::string& link, std::int64_t now, const std::string& subject = "");
  // Takes away every notification about `subject` or below it ("post:12" takes
  // "post:12:vote:7" too), read or not, mailed or not: a hidden post must not reach anyone
  // through a bell or a digest.
  static void forget(soci::session& sql, const std::string& subject);
  // Whether the member was ever told about exactly this subject (and it was not taken
  // away): a vote taken back and given again, or a follow repeated, tells once.
  static bool told(soci::session& sql, std::int64_t member_id, const std::string& subject);

  // Newest first; `before_id` 0 starts at the newest.
  NotificationPage page(const Member& m, std::int64_t before_id, int limit);
  std::int64_t unread(const Member& m) const;
  // Marks one (id > 0) or all (id 0) of the member's notifications read; returns the one's link.
  std::string mark_read(const Member& m, std::int64_t id);

  // Every kind with the member's choice (or the kind's default).
  std::map<std::string, Delivery> preferences(const Member& m);
  // Unknown kinds or choices are refused with the field to fix.
  Result<void> set_preferences(const Member& m, const std::map<std::string, std::string>& choices);

  // Mails the notifications waiting to go out at once (one mail each) and, for members
  // whose last digest is a day old, the daily digest. Returns how many mails were queued.
  int mail_pending(const std::string& public_url, std::int64_t now);

 private:
  Database& db_;
};

}  // namespace aigc
