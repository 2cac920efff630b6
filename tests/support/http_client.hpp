// A deliberately plain HTTP/1.1 client for tests: one request per connection, raw bytes
// in and out, so tests can send what a browser never would (bad UTF-8, cut-off bodies).
#pragma once

#include <map>
#include <string>
#include <vector>

namespace aigc::test {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string header(const std::string& lower_name) const;
  std::vector<std::string> all(const std::string& lower_name) const;
};

// Sends `raw` (a complete request) to 127.0.0.1:port and reads the whole response.
// Returns status 0 when the server closed the connection without answering.
HttpResponse send_raw(int port, const std::string& raw, int timeout_ms = 10000);

// A browser-like session: keeps cookies, knows the CSRF token.
class Browser {
 public:
  explicit Browser(int port) : port_(port) {}
  HttpResponse get(const std::string& path, const std::map<std::string, std::string>& headers = {});
  // Form post; adds csrf unless `with_csrf` is false.
  HttpResponse post(const std::string& path, std::map<std::string, std::string> fields, bool with_csrf = true);
  HttpResponse request(const std::string& method, const std::string& path, const std::string& body,
                       std::map<std::string, std::string> headers);
  std::string cookie(const std::string& name) const;
  void set_cookie(const std::string& name, const std::string& value) { cookies_[name] = value; }

 private:
  void remember(const HttpResponse& r);
  int port_;
  std::map<std::string, std::string> cookies_;
};

// A long-lived response (server-sent events) held open, as a browser's EventSource holds it.
class StreamReader {
 public:
  StreamReader(int port, const std::string& path, const std::map<std::string, std::string>& headers = {});
  ~StreamReader();
  StreamReader(const StreamReader&) = delete;
  StreamReader& operator=(const StreamReader&) = delete;
  // Waits up to timeout_ms for what the stream sent (head included) to hold `text`; returns
  // everything read so far either way.
  std::string read_until(const std::string& text, int timeout_ms = 10000);
  bool closed() const { return closed_; }

 private:
  int fd_ = -1;
  bool closed_ = false;
  std::string got_;
};

std::string form_encode(const std::map<std::string, std::string>& fields);

}  // namespace aigc::test
