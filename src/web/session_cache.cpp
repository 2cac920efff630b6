#include "web/session_cache.hpp"

#include <functional>

namespace aigc {

SessionCache::Shard& SessionCache::shard_of(const std::string& digest) const {
  return shards_[std::hash<std::string>{}(digest) % kShards];
}

std::optional<Member> SessionCache::find(const std::string& digest, const TableVersions& versions, std::int64_t now) const {
  Shard& s = shard_of(digest);
  std::lock_guard lock(s.mutex);
  auto it = s.entries.find(digest);
  if (it == s.entries.end()) return std::nullopt;
  const Entry& e = it->second;
  if (now >= e.expires_at || !versions.unchanged_since({viewer_scope(e.member.id)}, e.stamp)) {
    s.entries.erase(it);
    return std::nullopt;
  }
  return e.member;
}

void SessionCache::store(const std::string& digest, const Member& member, std::int64_t expires_at, std::uint64_t stamp) {
  Shard& s = shard_of(digest);
  std::lock_guard lock(s.mutex);
  // A full shard starts again: sessions are cheap to look up once more, and a flood of
  // made-up tokens never gets this far (only a real session is stored).
  if (s.entries.size() >= max_per_shard_) s.entries.clear();
  s.entries[digest] = Entry{member, expires_at, stamp};
}

}  // namespace aigc
