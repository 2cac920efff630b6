// All SQL about members, their skills, sessions and API tokens. Methods take the caller's
// session so a service can group several of them in one transaction. Unique violations
// are thrown as SOCI errors; the service turns them into conflicts.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/members/member.hpp"

namespace aigc {

// Generated members for load tests and the demo, column by column for one bulk insert.
// They have no password ("!"): they cannot sign in.
struct GeneratedMembers {
  std::vector<long long> ids, created, organizations;  // organization 0 with a null indicator: none
  std::vector<soci::indicator> has_organization;
  std::vector<std::string> handles, emails, names, countries, langs;
  std::vector<long long> skill_members;  // (member, skill) pairs
  std::vector<std::string> skills;
};

class MemberRepository {
 public:
  // Inserts a batch in two statements (members, then their skills).
  void insert_generated(soci::session& sql, const GeneratedMembers& batch);
  // The largest member id so far (0 for none).
  std::int64_t max_id(soci::session& sql);
  std::int64_t insert(soci::session& sql, const Member& m, const std::string& password_hash);
  std::optional<Member> find_by_id(soci::session& sql, std::int64_t id);
  // Members that are neither deleted nor suspended with an id above after_id, by id, with
  // their skills: for walking all of them in batches (the search index's rebuild).
  std::vector<Member> active_after(soci::session& sql, std::int64_t after_id, int limit);
  std::optional<Member> find_by_handle(soci::session& sql, const std::string& handle);
  // Looks up by handle or email (case-insensitive); returns the member and password hash.
  // Counts one sign-in attempt under `key` atomically and returns the count in the current
  // window (a window older than `window_seconds` starts again at 1).
  int count_attempt(soci::session& sql, const std::string& key, std::int64_t now, std::int64_t window_seconds);
  void undo_attempt(soci::session& sql, const std::string& key);
  void clear_attempts(soci::session& sql, const std::string& key);
  std::optional<std::pair<Member, std::string>> find_login(soci::session& sql, const std::string& handle_or_email);
  bool handle_taken(soci::session& sql, const std::string& handle);
  bool email_taken(soci::session& sql, const std::string& email);
  void update_profile(soci::session& sql, const Member& m);
  void set_role(soci::session& sql, std::int64_t id, Role role);
  void set_preferred_lang(soci::session& sql, std::int64_t id, const std::string& lang);
  void replace_skills(soci::session& sql, std::int64_t id, const std::vector<std::string>& skills);
  DirectoryPage directory(soci::session& sql, const DirectoryQuery& q);
  CommunityStats stats(soci::session& sql);
  std::vector<std::pair<std::string, std::int64_t>> top_skills(soci::session& sql, int limit);
  std::vector<Member> list_by_role(soci::session& sql, int limit);

  void insert_session(soci::session& sql, const std::string& token_hash, std::int64_t member_id,
                      std::int64_t expires_at);
  // `expires_at`, when given, receives the session's end.
  std::optional<Member> member_for_session(soci::session& sql, const std::string& token_hash, std::int64_t now,
                                           std::int64_t* expires_at = nullptr);
  void delete_session(soci::session& sql, const std::string& token_hash);

  void insert_token(soci::session& sql, std::int64_t member_id, const ApiToken& token, const std::string& token_hash);
  std::vector<ApiToken> tokens_of(soci::session& sql, std::int64_t member_id);
  bool revoke_token(soci::session& sql, std::int64_t member_id, const std::string& token_id, std::int64_t now);
  std::optional<Member> member_for_token(soci::session& sql, const std::string& token_hash, std::int64_t now);

  std::string password_hash(soci::session& sql, std::int64_t id);
  void set_password(soci::session& sql, std::int64_t id, const std::string& hash);
  void set_email(soci::session& sql, std::int64_t id, const std::string& email);
  // Ends every session of the member but the one whose digest is `except_hash`; returns how many.
  int end_sessions(soci::session& sql, std::int64_t member_id, const std::string& except_hash);
  // at == 0 lifts a suspension; a suspension ends the member's sessions.
  void set_suspended(soci::session& sql, std::int64_t id, std::int64_t at);
  void set_avatar(soci::session& sql, std::int64_t id, const std::string& blob);
  // Removes the member's personal data and what is theirs alone (sessions, tokens, links,
  // notifications, requests); the row stays so teams and submissions keep their author.
  void anonymize(soci::session& sql, std::int64_t id, std::int64_t now);
  // Members whose handle, address or display name contains `text`, newest first.
  std::vector<Member> search(soci::session& sql, const std::string& text, int limit);

 private:
  void load_skills(soci::session& sql, std::vector<Member>& members);
};

}  // namespace aigc
