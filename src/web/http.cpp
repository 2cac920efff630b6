#include "web/http.hpp"

#include "core/text.hpp"

namespace aigc {

std::string Request::header(const std::string& lower_name) const {
  for (const auto& [k, v] : headers)
    if (k == lower_name) return v;
  return {};
}

std::string Request::cookie(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (k != "cookie") continue;
    for (auto& part : split(v, ';')) {
      auto item = trim(part);
      auto eq = item.find('=');
      if (eq != std::string::npos && item.compare(0, eq, name) == 0 && eq == name.size()) return item.substr(eq + 1);
    }
  }
  return {};
}

std::string Request::query(const std::string& name) const {
  auto parsed = parse_form(raw_query);
  if (!parsed) return {};
  auto it = parsed->find(name);
  return it == parsed->end() ? std::string() : it->second;
}

const std::optional<std::multimap<std::string, std::string>>& Request::form() const {
  if (!form_parsed_) {
    form_ = parse_form(body);
    form_parsed_ = true;
  }
  return form_;
}

std::string Request::field(const std::string& name) const {
  const auto& f = form();
  if (!f) return {};
  auto it = f->find(name);
  return it == f->end() ? std::string() : it->second;
}

Response Response::html(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.header("Content-Type", "text/html; charset=utf-8");
  return r;
}

Response Response::json(std::string body, int status) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.header("Content-Type", "application/json; charset=utf-8");
  return r;
}

Response Response::text(std::string body, int status, const std::string& type) {
  Response r;
  r.status = status;
  r.body = std::move(body);
  r.header("Content-Type", type);
  return r;
}

Response Response::redirect(const std::string& location, int status) {
  Response r;
  r.status = status;
  r.header("Location", location);
  return r;
}

Response& Response::header(std::string name, std::string value) {
  headers.emplace_back(std::move(name), std::move(value));
  return *this;
}

std::string Response::header_value(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

Response& Response::set_cookie(const std::string& name, const std::string& value, long max_age, bool http_only,
                               bool secure) {
  std::string c = name + "=" + value + "; Path=/; SameSite=Lax; Max-Age=" + std::to_string(max_age);
  if (http_only) c += "; HttpOnly";
  if (secure) c += "; Secure";
  return header("Set-Cookie", c);
}

const char* status_text(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 204: return "No Content";
    case 303: return "See Other";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Entity";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 503: return "Service Unavailable";
    case 507: return "Insufficient Storage";
    default: return "Unknown";
  }
}

namespace {

std::string browser_read_path(const std::string& next) {
  // Read the address as a browser would: it drops every tab and line break and trims
  // spaces and controls at both ends, so "/\t/evil.example" is "//evil.example", off-site.
  std::string n;
  for (char c : next)
    if (c != '\t' && c != '\n' && c != '\r') n += c;
  auto is_space_or_control = [](char c) { return static_cast<unsigned char>(c) <= 0x20; };
  while (!n.empty() && is_space_or_control(n.front())) n.erase(n.begin());
  while (!n.empty() && is_space_or_control(n.back())) n.pop_back();
  // Same-site paths only: "/x", never "//host", "/\\host" or "\\host" (browsers read \ as /).
  if (n.empty() || n[0] != '/' || (n.size() > 1 && (n[1] == '/' || n[1] == '\\')) || n.find('\\') != std::string::npos ||
      !is_single_line(n))
    return "";
  return n;
}

}  // namespace

std::string safe_next(const std::string& next) {
  auto n = browser_read_path(next);
  // Decoded once more, it must still be a same-site path: a later decoding (a form that
  // carries it on, a proxy) must not turn "/%09/host" into "//host".
  auto decoded = url_decode(n, false);
  if (n.empty() || !decoded || browser_read_path(*decoded).empty()) return "/";
  return n;
}

bool is_loopback(const std::string& address) {
  return address.rfind("127.", 0) == 0 || address == "::1" || address.rfind("::ffff:127.", 0) == 0;
}

std::string content_disposition(const std::string& filename) {
  // A plain ASCII fallback name, and the exact name percent-encoded (RFC 6266 / 5987).
  std::string ascii;
  for (char c : filename) {
    auto u = static_cast<unsigned char>(c);
    ascii += (u >= 0x20 && u < 0x7F && c != '"' && c != '\\' && c != ';') ? c : '_';
  }
  return "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''" + url_encode(filename);
}

bool is_safe_header(const std::string& name, const std::string& value) {
  return name.find_first_of(std::string("\r\n\0:", 4)) == std::string::npos &&
         value.find_first_of(std::string("\r\n\0", 3)) == std::string::npos;
}

}  // namespace aigc
