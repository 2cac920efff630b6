// Request security: sliding-window rate limits (registrations; sign-ins are counted in the
// database by MemberService::sign_in), CSRF tokens (double-submit cookie plus an
// Origin check) and the headers every response carries. RateLimiter is thread-safe; its
// counts live in this process (each web server limits on its own).
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <string>
#include <unordered_map>

#include "web/http.hpp"

namespace aigc {

class RateLimiter {
 public:
  // True when `key` has had fewer than `limit` hits in the last `window_seconds`; records the hit.
  bool allow(const std::string& key, int limit, std::int64_t window_seconds, std::int64_t now);

 private:
  void prune(std::deque<std::int64_t>& q, std::int64_t window_seconds, std::int64_t now);
  std::mutex mutex_;
  std::unordered_map<std::string, std::deque<std::int64_t>> hits_;
};

// A browser form is trusted when its csrf field equals the visitor's cookie and, if the
// browser says where the request comes from, that is this site.
bool csrf_ok(const Request& req, const std::string& submitted_token);
// True unless the browser says the request came from another site (Origin, else Referer).
bool same_site_origin(const Request& req);
void add_security_headers(Response& res);

}  // namespace aigc
