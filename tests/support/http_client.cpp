#include "support/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <cstring>

#include "core/text.hpp"

namespace aigc::test {

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers)
    if (k == name) return v;
  return {};
}

std::vector<std::string> HttpResponse::all(const std::string& name) const {
  std::vector<std::string> out;
  for (const auto& [k, v] : headers)
    if (k == name) out.push_back(v);
  return out;
}

namespace {

HttpResponse parse(const std::string& raw) {
  HttpResponse r;
  auto head_end = raw.find("\r\n\r\n");
  if (raw.size() < 12 || head_end == std::string::npos) return r;
  r.status = std::atoi(raw.c_str() + 9);
  auto lines = split(raw.substr(0, head_end), '\n');
  for (std::size_t i = 1; i < lines.size(); ++i) {
    auto colon = lines[i].find(':');
    if (colon == std::string::npos) continue;
    std::string name = lines[i].substr(0, colon);
    for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    r.headers.emplace_back(name, trim(lines[i].substr(colon + 1)));
  }
  std::string body = raw.substr(head_end + 4);
  if (r.header("transfer-encoding") == "chunked") {
    std::string decoded;
    std::size_t pos = 0;
    while (pos < body.size()) {
      auto nl = body.find("\r\n", pos);
      if (nl == std::string::npos) break;
      auto size = std::stoul(body.substr(pos, nl - pos), nullptr, 16);
      if (size == 0) break;
      decoded += body.substr(nl + 2, size);
      pos = nl + 2 + size + 2;
    }
    body = decoded;
  }
  r.body = body;
  return r;
}

}  // namespace

HttpResponse send_raw(int port, const std::string& raw, int timeout_ms) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return {};
  }
  std::size_t sent = 0;
  while (sent < raw.size()) {
    auto n = ::send(fd, raw.data() + sent, raw.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  std::string in;
  char buf[65536];
  // Read until the server closes or the declared body has arrived.
  for (;;) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) break;
    auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    in.append(buf, static_cast<std::size_t>(n));
    auto head_end = in.find("\r\n\r\n");
    if (head_end == std::string::npos) continue;
    auto r = parse(in.substr(0, head_end + 4));
    auto cl = r.header("content-length");
    if (!cl.empty() && in.size() >= head_end + 4 + std::stoul(cl)) break;
    if (cl.empty() && r.header("transfer-encoding") == "chunked" && in.find("\r\n0\r\n\r\n") != std::string::npos) break;
    if (cl.empty() && (r.status == 204 || r.status == 304)) break;
  }
  ::close(fd);
  return parse(in);
}

StreamReader::StreamReader(int port, const std::string& path, const std::map<std::string, std::string>& headers) {
  fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(port));
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    closed_ = true;
    return;
  }
  std::string raw = "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port) + "\r\nAccept: text/event-stream\r\n";
  for (const auto& [k, v] : headers) raw += k + ": " + v + "\r\n";
  raw += "\r\n";
  if (::send(fd_, raw.data(), raw.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(raw.size())) closed_ = true;
}

StreamReader::~StreamReader() {
  if (fd_ >= 0) ::close(fd_);
}

std::string StreamReader::read_until(const std::string& text, int timeout_ms) {
  char buf[65536];
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (!closed_ && got_.find(text) == std::string::npos) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) break;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) break;
    auto n = ::recv(fd_, buf, sizeof buf, 0);
    if (n <= 0) {
      closed_ = true;
      break;
    }
    got_.append(buf, static_cast<std::size_t>(n));
  }
  return got_;
}

std::string form_encode(const std::map<std::string, std::string>& fields) {
  std::string out;
  for (const auto& [k, v] : fields) {
    if (!out.empty()) out += '&';
    out += url_encode(k) + "=" + url_encode(v);
  }
  return out;
}

HttpResponse Browser::request(const std::string& method, const std::string& path, const std::string& body,
                              std::map<std::string, std::string> headers) {
  std::string raw = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(port_) +
                    "\r\nConnection: close\r\n";
  std::string cookie;
  for (const auto& [k, v] : cookies_) cookie += (cookie.empty() ? "" : "; ") + k + "=" + v;
  if (!cookie.empty()) headers["Cookie"] = cookie;
  if (!body.empty() || method == "POST") headers["Content-Length"] = std::to_string(body.size());
  for (const auto& [k, v] : headers) raw += k + ": " + v + "\r\n";
  raw += "\r\n" + body;
  auto r = send_raw(port_, raw);
  remember(r);
  return r;
}

HttpResponse Browser::get(const std::string& path, const std::map<std::string, std::string>& headers) {
  return request("GET", path, "", headers);
}

HttpResponse Browser::post(const std::string& path, std::map<std::string, std::string> fields, bool with_csrf) {
  if (cookies_.count("aigc_csrf") == 0) get("/healthz");
  if (with_csrf) fields["csrf"] = cookie("aigc_csrf");
  return request("POST", path, form_encode(fields), {{"Content-Type", "application/x-www-form-urlencoded"}});
}

std::string Browser::cookie(const std::string& name) const {
  auto it = cookies_.find(name);
  return it == cookies_.end() ? std::string() : it->second;
}

void Browser::remember(const HttpResponse& r) {
  for (const auto& c : r.all("set-cookie")) {
    auto semi = c.find(';');
    auto pair = c.substr(0, semi);
    auto eq = pair.find('=');
    if (eq == std::string::npos) continue;
    auto name = pair.substr(0, eq), value = pair.substr(eq + 1);
    if (c.find("Max-Age=0") != std::string::npos) cookies_.erase(name);
    else cookies_[name] = value;
  }
}

}  // namespace aigc::test
