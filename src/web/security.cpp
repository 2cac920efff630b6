#include "web/security.hpp"

#include "core/crypto.hpp"

namespace aigc {

void RateLimiter::prune(std::deque<std::int64_t>& q, std::int64_t window_seconds, std::int64_t now) {
  while (!q.empty() && q.front() <= now - window_seconds) q.pop_front();
}

bool RateLimiter::allow(const std::string& key, int limit, std::int64_t window_seconds, std::int64_t now) {
  std::lock_guard lock(mutex_);
  if (hits_.size() > 100000) hits_.clear();  // bound memory under a flood of distinct keys
  auto& q = hits_[key];
  prune(q, window_seconds, now);
  if (static_cast<int>(q.size()) >= limit) return false;
  q.push_back(now);
  return true;
}

bool csrf_ok(const Request& req, const std::string& submitted) {
  auto cookie = req.cookie("aigc_csrf");
  if (cookie.empty() || submitted.empty() || !constant_time_equals(cookie, submitted)) return false;
  auto origin = req.header("origin");
  if (!origin.empty() && origin != "null") {
    auto host = req.header("host");
    auto scheme_end = origin.find("://");
    if (scheme_end == std::string::npos || origin.substr(scheme_end + 3) != host) return false;
  }
  return true;
}

bool same_site_origin(const Request& req) {
  auto host = req.header("host");
  auto same = [&](const std::string& url, bool whole) {
    auto scheme_end = url.find("://");
    if (scheme_end == std::string::npos) return false;
    auto rest = url.substr(scheme_end + 3);
    if (!whole) rest = rest.substr(0, rest.find('/'));
    return !host.empty() && rest == host;
  };
  auto origin = req.header("origin");
  if (!origin.empty()) return same(origin, true);  // "null" (a sandboxed or privacy-stripped origin) is refused
  auto referer = req.header("referer");
  if (!referer.empty()) return same(referer, false);
  return true;  // no browser leaves out both on a cross-site form post
}

void add_security_headers(Response& res) {
  res.header("Content-Security-Policy",
             "default-src 'self'; img-src 'self' data: https:; style-src 'self'; script-src 'self'; "
             "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'");
  res.header("X-Content-Type-Options", "nosniff");
  res.header("X-Frame-Options", "DENY");
  res.header("Referrer-Policy", "strict-origin-when-cross-origin");
  res.header("Cross-Origin-Opener-Policy", "same-origin");
}

}  // namespace aigc
