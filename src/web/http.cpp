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
    default: return "Unknown";
  }
}

std::string safe_next(const std::string& next) {
  if (next.empty() || next[0] != '/' || next.rfind("//", 0) == 0 || next.find('\\') != std::string::npos ||
      next.find_first_of("\r\n") != std::string::npos)
    return "/";
  return next;
}

}  // namespace aigc
