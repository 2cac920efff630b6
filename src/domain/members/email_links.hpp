// All SQL about single-use links sent by mail (finishing a registration, confirming a new
// address, resetting a password) and the notices counted with them. Only a digest of each
// link's token is stored. Methods take the caller's session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include <soci/soci.h>

namespace aigc {

struct EmailLink {
  std::string purpose;  // register, confirm_email, reset, notice
  std::int64_t member_id = 0;
  std::string email;
  std::string payload;  // JSON; a registration's account until it is confirmed
  std::int64_t created_at = 0, expires_at = 0, used_at = 0;
};

class EmailLinkRepository {
 public:
  // Stores a new link and returns its token (for the mail; not stored). Drops links that
  // expired more than a day ago.
  std::string insert(soci::session& sql, const EmailLink& link);
  std::optional<EmailLink> find(soci::session& sql, const std::string& token);
  // Uses the link once: false when it was used, has expired or does not exist. Atomic, so
  // two clicks cannot both succeed.
  bool use(soci::session& sql, const std::string& token, std::int64_t now);
  // Links of `purpose` to `email` made since `since` (to bound how much mail one address gets).
  int count_since(soci::session& sql, const std::string& purpose, const std::string& email, std::int64_t since);
  // Makes the member's unused links of `purpose` useless (a reset used, a password changed).
  void revoke(soci::session& sql, std::int64_t member_id, const std::string& purpose, std::int64_t now);
};

}  // namespace aigc
