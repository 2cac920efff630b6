// The rules of membership: registration, sign-in, sessions, profiles, roles, API tokens
// and the member directory. Thread-safe; each call takes its own database session.
// Every failure on user input is a Result error naming the field to fix; registration
// is all-or-nothing even when two people race for the same handle.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/organizations/organization_repository.hpp"
#include "store/database.hpp"

namespace aigc {

struct NewSession {
  std::string token;  // goes into the cookie; only its digest is stored
  std::int64_t expires_at = 0;
  Member member;
};

struct NewApiToken {
  std::string token;  // shown once
  ApiToken info;
};

class MemberService {
 public:
  MemberService(Database& db, int session_hours) : db_(db), session_hours_(session_hours) {}

  Result<Member> register_member(const Registration& reg, Role role = Role::member);
  // A sign-in from `address` (unknown account and wrong password give the same error), limited to `attempts` per account and per address in
  // `window_seconds`. The attempt is counted before the password is checked, in the
  // database (so every server and every concurrent request sees the same count), keyed on
  // the account whichever of its handle or e-mail was typed; past the limit the password is
  // not even checked (rate_limited). A success clears the account's count and takes the
  // attempt off the address's. An unknown account costs the same time as a known one.
  // unavailable when every password-hashing slot stays busy (the server is flooded).
  Result<Member> sign_in(const std::string& handle_or_email, const std::string& password, const std::string& address,
                         int attempts, std::int64_t window_seconds);
  NewSession start_session(const Member& member);
  // The member a session token signs in, if the session is current; `expires_at`, when
  // given, receives when it ends.
  std::optional<Member> member_for_session(const std::string& token, std::int64_t* expires_at = nullptr);
  void end_session(const std::string& token);

  Result<Member> get(const std::string& handle);
  Result<Member> update_profile(const Member& actor, const ProfileUpdate& update);
  void set_preferred_lang(const Member& member, const std::string& lang);
  // actor == nullptr: the operator at the command line.
  Result<Member> set_role(const Member* actor, const std::string& handle, const std::string& role);
  std::vector<Member> staff(int limit = 200);

  Result<NewApiToken> create_token(const Member& owner, const std::string& name);
  std::vector<ApiToken> tokens(const Member& owner);
  Result<void> revoke_token(const Member& owner, const std::string& token_id);
  std::optional<Member> member_for_token(const std::string& token);

  Result<DirectoryPage> directory(const DirectoryQuery& q);
  // Cached for a minute: the home page reads it on every visit.
  CommunityStats stats();
  // Most common skills; cached for a minute like stats().
  std::vector<std::pair<std::string, std::int64_t>> top_skills(int limit);

 private:
  Database& db_;
  int session_hours_;
  MemberRepository repo_;
  OrganizationRepository orgs_;
  std::mutex stats_mutex_;
  CommunityStats stats_cache_;
  std::int64_t stats_at_ = 0;
  std::vector<std::pair<std::string, std::int64_t>> skills_cache_;
  std::int64_t skills_at_ = 0;
};

// Validation shared with the web forms: returns the problems, empty when fine.
std::vector<Problem> check_handle(const std::string& handle);
bool is_email_address(const std::string& email);
// Every problem with a registration form, before anything is looked up.
std::vector<Problem> check_registration(const Registration& reg);
std::vector<std::string> parse_skills(const std::string& comma_separated, std::vector<Problem>& problems);
bool is_supported_lang(const std::string& lang);

}  // namespace aigc
