// Members of the community: plain values shared by the repository, the service and the
// web layer. No behaviour here; rules live in MemberService.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aigc {

// moderator keeps the discussions (domain/discussions); it sits below committee in the order
// but is not implied by it: can_moderate() says who moderates.
enum class Role { member, moderator, committee, organizer, admin };
const char* to_string(Role role);
std::optional<Role> parse_role(const std::string& text);
// Roles are ordered: admin can do what an organizer can, and so on.
inline bool at_least(Role have, Role need) { return static_cast<int>(have) >= static_cast<int>(need); }
// Moderators and admins (as in Discourse, where admins are moderators too).
inline bool can_moderate(Role r) { return r == Role::moderator || r == Role::admin; }

struct Member {
  std::int64_t id = 0;
  std::string handle;
  std::string email;
  std::string display_name;
  std::string country;  // ISO 3166-1 alpha-2 or empty
  std::optional<std::int64_t> organization_id;
  std::string organization_slug;  // filled by reads that join the organization
  std::string organization_name;
  std::string bio_md;
  std::vector<std::string> skills;
  std::string preferred_lang = "en";  // "en" or "zh-CN"
  std::string time_zone = "UTC";
  Role role = Role::member;
  std::int64_t created_at = 0;
  std::string avatar_blob;        // content hash of the uploaded avatar; empty: initials
  std::int64_t suspended_at = 0;  // an admin suspended the account: no sign-in, no session
  std::int64_t deleted_at = 0;    // personal data removed; contributions stay, anonymous
  bool deleted() const { return deleted_at != 0; }
};

// What a member may change about themself.
struct ProfileUpdate {
  std::string display_name;
  std::string country;
  std::string organization_slug;  // empty: none
  std::string bio_md;
  std::string skills;  // comma-separated
  std::string preferred_lang;
  std::string time_zone;
};

struct Registration {
  std::string handle;
  std::string email;
  std::string password;
  std::string display_name;
  std::string country;
  std::string preferred_lang = "en";
};

struct ApiToken {
  std::string id;  // opaque, for revoking
  std::string name;
  std::string prefix;  // first characters, to recognize a token in a list
  std::int64_t created_at = 0;
  std::int64_t last_used_at = 0;
};

struct DirectoryQuery {
  std::string country;
  std::string organization_slug;
  std::string skill;
  std::int64_t after_id = 0;  // keyset cursor: members with a smaller id (newest first)
  int limit = 50;
};

struct DirectoryPage {
  std::vector<Member> members;
  std::int64_t next_after_id = 0;  // 0 when this is the last page
};

struct CommunityStats {
  std::int64_t members = 0;
  std::int64_t countries = 0;
  std::int64_t organizations = 0;
};

}  // namespace aigc
