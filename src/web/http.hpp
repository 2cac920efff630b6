// HTTP as the rest of the web layer sees it: plain Request and Response values, free of
// RESTinio (which only server.cpp includes). A handler maps a Request to a Response.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/members/member.hpp"

namespace aigc {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without the query
  std::string raw_query;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  // The body: in memory, or an upload the server spooled to disk and mapped; `body_owner`
  // keeps its bytes alive (set whoever builds the Request).
  std::string_view body;
  std::shared_ptr<const void> body_owner;
  std::string remote_ip;
  std::map<std::string, std::string> params;  // from the route pattern
  std::string route;                           // the matched pattern, for metrics

  // Filled by the app before the handler runs.
  std::optional<Member> member;
  bool via_api_token = false;
  std::string lang = "en";
  std::string time_zone = "UTC";
  bool secure = false;     // served over TLS (directly or, with trust_proxy, behind a proxy): cookies get Secure
  std::string csrf;        // the visitor's CSRF token (cookie value)
  bool new_csrf = false;   // the cookie must be set on the response
  // The answer is shared by every visitor who is not signed in (web/response_cache.hpp), so
  // it holds no per-visitor token: pages leave the CSRF token out.
  bool shared = false;
  // The answer is kept in the response cache (shared, or a member's own): the handler adds
  // the finer scopes it depends on to Response::cache_scopes.
  bool cached = false;

  std::string header(const std::string& lower_name) const;
  std::string cookie(const std::string& name) const;
  // Query parameter (first value) or "" when absent. Malformed escapes read as absent.
  std::string query(const std::string& name) const;
  // Parsed urlencoded body; nullopt when malformed or not UTF-8.
  const std::optional<std::multimap<std::string, std::string>>& form() const;
  std::string field(const std::string& name) const;
  bool is_api() const { return path.rfind("/api/", 0) == 0; }

 private:
  mutable bool form_parsed_ = false;
  mutable std::optional<std::multimap<std::string, std::string>> form_;
};

struct Response {
  int status = 200;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  // Instead of body when the bytes are shared (a cached page): sent without a copy.
  std::shared_ptr<const std::string> shared_body;
  // Scopes (store/table_versions.hpp) the answer was built from beyond its route's own, such
  // as "competition:<id>": a cached copy lasts until one of them changes.
  std::vector<std::string> cache_scopes;
  // Set for a long-lived answer (server-sent events): after the head and `body` the server
  // keeps the connection, calls `stream` with a function that sends bytes on it, and holds
  // what `stream` returns (the subscription) until the client goes away.
  using Send = std::function<void(std::shared_ptr<const std::string>)>;
  std::function<std::shared_ptr<void>(Send)> stream;

  static Response html(std::string body, int status = 200);
  static Response json(std::string body, int status = 200);
  static Response text(std::string body, int status = 200, const std::string& type = "text/plain; charset=utf-8");
  static Response redirect(const std::string& location, int status = 303);
  Response& header(std::string name, std::string value);
  std::string header_value(const std::string& name) const;
  Response& set_cookie(const std::string& name, const std::string& value, long max_age_seconds, bool http_only,
                       bool secure);
};

using Handler = std::function<Response(Request&)>;

struct Route {
  std::string method;
  std::string pattern;  // express style: "/members/:handle"
  Handler handler;
  // Largest body the route reads, checked before any of it is read; 0: a form's
  // (max_form_bytes). Upload routes set max_body_bytes, and read a body larger than a form
  // only from a signed-in member.
  std::size_t max_body = 0;
  // Runs on the server's small pool for slow work (password hashing), not on an HTTP
  // thread: a flood of sign-ins queues there (or is told "busy") while everything else is served.
  bool slow = false;
  // Non-empty: visitors who are not signed in share one cached rendering of each address
  // (per language and time zone), kept while none of these tables (store/table_versions.hpp)
  // changes; the handler adds finer scopes to Response::cache_scopes.
  std::vector<std::string> cache_scopes = {};
};

const char* status_text(int status);
// Only same-site relative paths are followed after sign-in or a language switch.
std::string safe_next(const std::string& next);
// True for 127.0.0.0/8, ::1 and IPv4-mapped loopback addresses.
bool is_loopback(const std::string& address);
// A Content-Disposition value that downloads `filename` under its own name, whatever it holds.
std::string content_disposition(const std::string& filename);
// False when a header name or value holds CR, LF or NUL (or the name a colon): such a
// header would split the response, so it is never sent.
bool is_safe_header(const std::string& name, const std::string& value);

}  // namespace aigc
