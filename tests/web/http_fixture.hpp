// One real server per test binary run, on a fresh database (SQLite or PostgreSQL, per
// AIGC_TEST_DB) with the demo content loaded, shared by the HTTP tests.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include <nlohmann/json.hpp>

#include "support/http_client.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_server.hpp"

namespace aigc::test {

constexpr const char* kAdminPassword = "admin-password-for-tests";

struct SharedServer {
  std::string db_url;
  std::unique_ptr<SmtpSink> smtp;  // every mail the server sends arrives here, over SMTP
  std::unique_ptr<ServerProcess> server;
  static SharedServer& get() {
    static SharedServer s = [] {
      SharedServer s;
      s.db_url = fresh_database_url("http");
      std::string out;
      int code = ServerProcess::run_cli("seed --demo --db " + s.db_url + " --admin-password " + kAdminPassword +
                                            " --content " + source_dir() + "/content/pages",
                                        &out);
      if (code != 0) throw std::runtime_error("seeding failed: " + out);
      // Every test member registers and signs in from 127.0.0.1: lift the per-address limits.
      // Custom scorers that hang are stopped after 3 s; submissions are at most 64 KiB.
      s.smtp = std::make_unique<SmtpSink>();
      s.server = std::make_unique<ServerProcess>(
          s.db_url, std::map<std::string, std::string>{{"AIGC_REGISTRATIONS_PER_HOUR", "100000"},
                                                       {"AIGC_LOGIN_ATTEMPTS", "100000"},
                                                       {"AIGC_SCORER_WALL_SECONDS", "3"},
                                                       {"AIGC_MAX_SUBMISSION_BYTES", "65536"},
                                                       {"AIGC_SMTP_HOST", "127.0.0.1"},
                                                       {"AIGC_SMTP_PORT", std::to_string(s.smtp->port())},
                                                       {"AIGC_SMTP_SECURITY", "none"},
                                                       {"AIGC_WORKER_POLL_MS", "20"}});
      return s;
    }();
    return s;
  }
};

inline int port() { return SharedServer::get().server->port(); }
inline const SmtpSink& mailbox() { return *SharedServer::get().smtp; }
// Settings that make another server (or worker) deliver its mail to mailbox() too.
inline std::map<std::string, std::string> mail_env(std::map<std::string, std::string> env = {}) {
  env.emplace("AIGC_SMTP_HOST", "127.0.0.1");
  env.emplace("AIGC_SMTP_PORT", std::to_string(mailbox().port()));
  env.emplace("AIGC_SMTP_SECURITY", "none");
  env.emplace("AIGC_WORKER_POLL_MS", "20");
  return env;
}

// Thread-safe: some tests act as several people at once.
inline std::string unique(const std::string& prefix) {
  static std::mutex mu;
  static std::mt19937 rng(std::random_device{}());
  std::lock_guard lock(mu);
  return prefix + std::to_string(rng() % 100000000);
}

// Follows the link in the nth mail to `email` (whose path starts with `prefix`), as its
// reader would: opens it, then presses the button. Returns the final response.
inline HttpResponse follow_mailed_link(Browser& b, const std::string& email, const std::string& prefix = "/verify/",
                                       std::size_t nth = 1) {
  auto mail = mailbox().wait_for_mail_to(email, nth);
  auto path = link_path(mail.text, prefix);
  EXPECT_FALSE(path.empty()) << "no " << prefix << " link in the mail to " << email << ": " << mail.text;
  if (path.empty()) return {};
  EXPECT_EQ(b.get(path).status, 200);
  return b.post(path, {});
}

// Registers a new member in `b` and follows the mailed link, which signs them in; returns the handle.
inline std::string register_member(Browser& b, const std::string& prefix = "m") {
  auto handle = unique(prefix);
  auto r = b.post("/register", {{"handle", handle}, {"email", handle + "@example.org"},
                                {"password", "a long enough password"}, {"country", "CN"}});
  EXPECT_EQ(r.status, 200) << r.body;
  auto done = follow_mailed_link(b, handle + "@example.org");
  EXPECT_EQ(done.status, 303) << done.body;
  return handle;
}

inline void sign_in_admin(Browser& b) {
  auto r = b.post("/login", {{"login", "aigc-admin"}, {"password", kAdminPassword}});
  ASSERT_EQ(r.status, 303) << r.body;
}

// The code of the first problem an API error names ("" when it names none).
inline std::string first_problem(const HttpResponse& r) {
  auto j = nlohmann::json::parse(r.body, nullptr, false);
  if (j.is_discarded() || !j.contains("error") || j["error"]["details"].empty()) return "";
  return j["error"]["details"][0]["code"].get<std::string>();
}

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// A multipart/form-data body with `fields` and one file part named "file".
inline std::string multipart(const std::string& boundary, const std::map<std::string, std::string>& fields,
                             const std::string& filename, const std::string& content) {
  std::string body;
  for (const auto& [k, v] : fields) body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + k + "\"\r\n\r\n" + v + "\r\n";
  body += "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename +
          "\"\r\nContent-Type: text/csv\r\n\r\n" + content + "\r\n--" + boundary + "--\r\n";
  return body;
}

constexpr const char* kBoundary = "aigcTestBoundary7";

// Uploads a file the way the browser form does (with the CSRF token).
inline HttpResponse upload(Browser& b, const std::string& path, std::map<std::string, std::string> fields,
                           const std::string& filename, const std::string& content) {
  fields["csrf"] = b.cookie("aigc_csrf");
  return b.request("POST", path, multipart(kBoundary, fields, filename, content),
                   {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}});
}

// Submits through the API with a bearer token.
inline HttpResponse api_submit(int port, const std::string& token, const std::string& slug, const std::string& content,
                               const std::string& phase = "") {
  Browser api(port);
  std::map<std::string, std::string> fields;
  if (!phase.empty()) fields["phase"] = phase;
  return api.request("POST", "/api/v1/competitions/" + slug + "/submissions", multipart(kBoundary, fields, "pred.csv", content),
                     {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary},
                      {"Authorization", "Bearer " + token}});
}

// A personal API token for the member signed in to `b`.
inline std::string create_token(Browser& b) {
  auto r = b.post("/settings/tokens", {{"name", "tests"}});
  auto at = r.body.find("data-testid=\"new-token\">");
  if (at == std::string::npos) return "";
  at += 24;
  return r.body.substr(at, r.body.find('<', at) - at);
}

// Polls a submission until it is scored or failed (15 s at most); returns its last state.
inline nlohmann::json wait_done(Browser& b, const std::string& id) {
  nlohmann::json s;
  for (int i = 0; i < 150; ++i) {
    s = nlohmann::json::parse(b.get("/api/v1/submissions/" + id).body);
    if (s.value("status", "") == "scored" || s.value("status", "") == "failed") return s;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return s;
}

// The id of the submission a browser upload redirected to.
inline std::string submission_id_of(const HttpResponse& r) {
  auto loc = r.header("location");
  return loc.substr(loc.rfind('/') + 1);
}

}  // namespace aigc::test
