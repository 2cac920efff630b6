// Who a session cookie signs in, remembered between requests so that a signed-in member's
// cached page needs no database round trip either. An entry (keyed by the token's digest,
// never the token) is used while its member's viewer scope is unchanged since it was read —
// their row, their skills and their sessions all bump it (store/table_versions.hpp), so a
// sign-out, a session ended elsewhere, a suspension or a new role ends it at once, in every
// process — and while the session has not expired. Bounded; thread-safe.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "domain/members/member.hpp"
#include "store/table_versions.hpp"

namespace aigc {

class SessionCache {
 public:
  explicit SessionCache(std::size_t max_entries) : max_per_shard_(max_entries / kShards + 1) {}

  // The member for `digest` if the entry is still what the database says at `now`.
  std::optional<Member> find(const std::string& digest, const TableVersions& versions, std::int64_t now) const;
  // Keeps `member`, read from the database after `stamp`, until `expires_at` (seconds).
  void store(const std::string& digest, const Member& member, std::int64_t expires_at, std::uint64_t stamp);

 private:
  static constexpr int kShards = 16;
  struct Entry {
    Member member;
    std::int64_t expires_at = 0;
    std::uint64_t stamp = 0;
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> entries;
  };
  Shard& shard_of(const std::string& digest) const;

  std::size_t max_per_shard_;
  mutable Shard shards_[kShards];
};

}  // namespace aigc
