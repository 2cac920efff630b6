// Rendered responses: the bytes of a page or an API answer, compressed once (gzip, brotli)
// with a strong-enough ETag, kept while none of the scopes it was built from has changed
// since (store/table_versions.hpp) and for at most `ttl` (what the clock alone changes: a
// phase that opens, a deadline that passes). The caller's key says whom an entry serves
// (web/app.cpp: every visitor who is not signed in, or one member). Bounded in bytes; the
// least recently used entries go first. Thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/table_versions.hpp"
#include "web/http.hpp"

namespace aigc {

struct CachedResponse {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;  // the handler's, Content-Type first
  std::shared_ptr<const std::string> plain, gzip, brotli;    // gzip/brotli null: not worth it
  std::string etag;                                          // W/"…" of the plain bytes
  std::vector<std::string> scopes;
  std::uint64_t stamp = 0;
  std::chrono::steady_clock::time_point expires;
  std::size_t bytes = 0;
  mutable std::atomic<std::uint64_t> last_used{0};
};

class ResponseCache {
 public:
  ResponseCache(std::size_t max_bytes, std::chrono::seconds ttl) : max_bytes_(max_bytes), ttl_(ttl) {}

  // The entry for `key` if it is still what a fresh render would give, else nullptr.
  std::shared_ptr<const CachedResponse> find(const std::string& key, const TableVersions& versions) const;
  // Keeps `res` (a 200 without cookies) as built from `scopes` as of `stamp`; compresses it.
  std::shared_ptr<const CachedResponse> store(const std::string& key, const Response& res, std::vector<std::string> scopes,
                                              std::uint64_t stamp);
  // True when the caller is to render `key` and then call rendered(key) (also when it
  // fails). Otherwise another request is rendering it: this waits for that render (at most
  // `patience`), and the caller looks the key up again. An entry that a change outdated
  // meanwhile is not found then, and the caller renders it itself: waiting never serves a
  // page older than the request.
  bool lead_render(const std::string& key, std::chrono::milliseconds patience) const;
  void rendered(const std::string& key) const;
  std::size_t bytes() const { return total_bytes_.load(); }
  std::uint64_t hits() const { return hits_.load(); }
  std::uint64_t misses() const { return misses_.load(); }

 private:
  static constexpr int kShards = 16;
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, std::shared_ptr<const CachedResponse>> entries;
    std::size_t bytes = 0;
  };
  Shard& shard_of(const std::string& key) const;
  void evict(Shard& s, std::size_t budget);

  std::size_t max_bytes_;
  std::chrono::seconds ttl_;
  mutable Shard shards_[kShards];
  std::atomic<std::size_t> total_bytes_{0};
  mutable std::atomic<std::uint64_t> clock_{0};
  mutable std::atomic<std::uint64_t> hits_{0}, misses_{0};
  struct Flight {
    bool done = false;
    std::condition_variable cv;
  };
  mutable std::mutex flights_mutex_;
  mutable std::unordered_map<std::string, std::shared_ptr<Flight>> flights_;
};

// Only a successful response without cookies, in a text type, is shared.
bool is_shareable(const Response& res);
// "br", "gzip" or "" (identity) for an Accept-Encoding header, honouring q=0.
std::string choose_encoding(const std::string& accept_encoding);
// True when an If-None-Match header names `etag` (weak comparison, lists and "*").
bool etag_matches(const std::string& if_none_match, const std::string& etag);
// The response for `req` from an entry: 304 when the client has it, else the bytes in the
// best encoding the client takes.
Response from_cache(const CachedResponse& entry, const Request& req, bool hit);

// Compression, exposed for tests: gzip (RFC 1952) and brotli (RFC 7932) of `text`.
std::string gzip_compress(const std::string& text);
std::string brotli_compress(const std::string& text);

}  // namespace aigc
