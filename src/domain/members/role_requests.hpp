// Members ask for a role (organizer, committee) with a reason; admins see the pending
// requests and decide. A decision sets the role and is mailed to the member in their
// language. One pending request per member at a time.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "store/database.hpp"

namespace aigc {

struct RoleRequest {
  std::int64_t id = 0;
  std::string handle, display_name;
  Role role = Role::organizer;
  std::string reason;
  std::string status;  // pending, approved, declined
  std::int64_t created_at = 0, decided_at = 0;
};

class RoleRequestService {
 public:
  RoleRequestService(Database& db, std::string public_url) : db_(db), public_url_(std::move(public_url)) {}
  Result<RoleRequest> request(const Member& member, const std::string& role, const std::string& reason);
  // The member's own requests, newest first.
  std::vector<RoleRequest> mine(const Member& member);
  // Admins only: pending first, then the latest decided ones.
  Result<std::vector<RoleRequest>> for_admin(const Member& actor, int limit);
  Result<RoleRequest> decide(const Member& actor, std::int64_t id, bool approve, const std::string& comment);

 private:
  std::vector<RoleRequest> select(soci::session& sql, const std::string& where, long long key, int limit);
  Database& db_;
  std::string public_url_;
};

}  // namespace aigc
