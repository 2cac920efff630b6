// What a security review attacked, over HTTP: each finding's path, walked again. Servers of
// their own where a test changes what a server remembers (sign-in counts) or how it is set up.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

namespace {

// A seeded database and a server of its own on it, with `env`.
struct OwnServer {
  using Env = std::map<std::string, std::string>;
  OwnServer() : OwnServer(Env{}) {}
  explicit OwnServer(Env env) {
    db_url = fresh_database_url("hardening");
    std::string out;
    EXPECT_EQ(ServerProcess::run_cli("seed --demo --db " + db_url + " --admin-password " + kAdminPassword + " --content " +
                                         source_dir() + "/content/pages", &out), 0) << out;
    env.emplace("AIGC_REGISTRATIONS_PER_HOUR", "100000");
    server = std::make_unique<ServerProcess>(db_url, mail_env(env));
  }
  int port() const { return server->port(); }
  std::string db_url;
  std::unique_ptr<ServerProcess> server;
};

std::string location_after_sign_in(const std::string& next) {
  Browser b(port());
  b.get("/login");
  auto r = b.post("/login", {{"login", "aigc-admin"}, {"password", kAdminPassword}, {"next", next}});
  EXPECT_EQ(r.status, 303) << r.body;
  return r.header("location");
}

}  // namespace

TEST(HttpHardening, SignInFollowsOnlySameSitePathsAsABrowserReadsThem) {
  for (const std::string next : {"/\t/evil.example", "/%09/evil.example", "//evil.example", "/\\evil.example", "\\\\evil.example",
                                  " //evil.example", "https://evil.example/", "/\n/evil.example", "\t//evil.example", "/\r\n/x"}) {
    auto where = location_after_sign_in(next);
    EXPECT_EQ(where.rfind("/", 0), 0u) << next;
    EXPECT_NE(where.rfind("//", 0), 0u) << next << " -> " << where;
    EXPECT_EQ(where.find('\\'), std::string::npos) << next << " -> " << where;
    EXPECT_EQ(where.find("evil"), std::string::npos) << next << " -> " << where;
  }
  EXPECT_EQ(location_after_sign_in("/competitions/demo?tab=1"), "/competitions/demo?tab=1") << "a same-site path is kept";
}

TEST(HttpHardening, TheSignInLimitCountsEveryAttemptFirstPerAccountAcrossServers) {
  OwnServer one(OwnServer::Env{{"AIGC_LOGIN_ATTEMPTS", "5"}});
  // A second server on the same database: the count is the database's, not a process's.
  // Both send the outbox: each must send to the test's SMTP server, whichever claims a mail.
  ServerProcess two(one.db_url, mail_env({{"AIGC_LOGIN_ATTEMPTS", "5"}}));
  Browser victim(one.port());
  auto handle = register_member(victim, "victim");
  // 40 wrong passwords at once, by handle and by e-mail, on both servers; the right one among them.
  std::atomic<int> evaluated{0}, limited{0}, right_got_in{0};
  std::vector<std::future<void>> burst;
  for (int i = 0; i < 40; ++i)
    burst.push_back(std::async(std::launch::async, [&, i] {
      Browser b(i % 2 ? one.port() : two.port());
      b.get("/login");
      std::string login = i % 3 ? handle : handle + "@example.org";
      auto r = b.post("/login", {{"login", login}, {"password", i == 25 ? "a long enough password" : "wrong password " + std::to_string(i)}});
      if (r.status == 429) ++limited;
      else if (r.status == 303) ++right_got_in;
      else ++evaluated;
    }));
  for (auto& f : burst) f.get();
  EXPECT_LE(evaluated + right_got_in, 5) << "at most the limit's attempts reach the password check";
  EXPECT_GE(limited, 35);
  // The account stays locked for the window, on either server, even with the right password.
  Browser later(two.port());
  later.get("/login");
  EXPECT_EQ(later.post("/login", {{"login", handle}, {"password", "a long enough password"}}).status, 429);
}

TEST(HttpHardening, AFloodOfSignInsLeavesTheServerAnswering) {
  OwnServer s(OwnServer::Env{{"AIGC_LOGIN_ATTEMPTS", "1000"}});
  std::atomic<bool> done{false};
  std::atomic<int> busy{0};
  std::vector<std::future<void>> flood;
  for (int i = 0; i < 48; ++i)
    flood.push_back(std::async(std::launch::async, [&, i] {
      Browser b(s.port());
      b.get("/login");
      for (int k = 0; k < 2 && !done; ++k)
        if (b.post("/login", {{"login", "aigc-admin"}, {"password", "wrong password " + std::to_string(i * 10 + k)}}).status == 503)
          ++busy;
    }));
  double worst = 0;
  for (int i = 0; i < 10; ++i) {
    auto start = std::chrono::steady_clock::now();
    auto r = send_raw(s.port(), "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 20000);
    worst = std::max(worst, std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    EXPECT_EQ(r.status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  done = true;
  for (auto& f : flood) f.get();
  // Before, 87 wrong sign-ins made /healthz wait 12 s: hashing took every HTTP thread. Now
  // sign-ins wait on their own small pool; this bounds liveness, not speed.
  EXPECT_LT(worst, 5.0) << "hashing waits for its few slots; other requests do not";
  EXPECT_GT(busy, 0) << "past its slots and queue, a sign-in is told the server is busy";
}

TEST(HttpHardening, ReadinessReadsTheDatabaseFileItself) {
  OwnServer s;
  EXPECT_EQ(send_raw(s.port(), "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status, 200);
  if (s.db_url.rfind("sqlite://", 0) != 0) GTEST_SKIP() << "the file checks are SQLite's";
  auto path = s.db_url.substr(9);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    std::string garbage(std::filesystem::file_size(path), 'x');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
  }
  auto corrupted = send_raw(s.port(), "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(corrupted.status, 503) << corrupted.body;
  std::filesystem::remove(path);
  auto missing = send_raw(s.port(), "GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(missing.status, 503);
  EXPECT_TRUE(contains(missing.body, "missing")) << missing.body;
}

TEST(HttpHardening, MetricsAreForLoopbackOrTheMetricsToken) {
  EXPECT_EQ(send_raw(port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status, 200) << "loopback";
  OwnServer proxied(OwnServer::Env{{"AIGC_TRUST_PROXY", "true"}});
  auto from_afar = send_raw(proxied.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 203.0.113.9\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(from_afar.status, 403);
  OwnServer tokened(OwnServer::Env{{"AIGC_METRICS_TOKEN", "metrics-secret-123"}});
  EXPECT_EQ(send_raw(tokened.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status, 403);
  auto with = send_raw(tokened.port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer metrics-secret-123\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(with.status, 200);
  EXPECT_TRUE(contains(with.body, "# TYPE"));
}

TEST(HttpHardening, AnApiTokenCannotMintOrListTokens) {
  Browser b(port());
  register_member(b, "tok");
  auto token = create_token(b);
  ASSERT_FALSE(token.empty());
  Browser api(port());
  auto minted = api.request("POST", "/settings/tokens", "name=child",
                            {{"Authorization", "Bearer " + token}, {"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(minted.status, 403) << minted.body;
  EXPECT_EQ(api.get("/settings/tokens", {{"Authorization", "Bearer " + token}}).status, 403);
  EXPECT_EQ(b.get("/settings/tokens").status, 200) << "the browser session still manages them";
}

TEST(HttpHardening, AnOrganizationIsEditedByItsOwnManagers) {
  Browser admin(port());
  sign_in_admin(admin);
  Browser a(port()), b(port());
  auto ha = register_member(a, "orga"), hb = register_member(b, "orgb");
  for (const auto& h : {ha, hb}) ASSERT_EQ(admin.post("/admin/members/role", {{"handle", h}, {"role", "organizer"}}).status, 303);
  auto slug = unique("lab-");
  ASSERT_EQ(a.post("/organizations", {{"slug", slug}, {"name", "Lab " + slug}, {"kind", "university"}, {"country", "CN"}}).status, 303);
  std::map<std::string, std::string> edit = {{"name", "Renamed"}, {"kind", "university"}, {"country", "CN"}};
  EXPECT_EQ(b.post("/organizations/" + slug, edit).status, 403) << "another organizer";
  EXPECT_EQ(b.get("/organizations/" + slug + "/edit").status, 403);
  EXPECT_FALSE(contains(b.get("/organizations/" + slug).body, "/edit\""));
  ASSERT_EQ(a.post("/organizations/" + slug + "/managers/add", {{"handle", hb}}).status, 303);
  EXPECT_EQ(b.post("/organizations/" + slug, edit).status, 303) << "named a manager";
  EXPECT_TRUE(contains(b.get("/organizations/" + slug).body, "@" + hb));
  EXPECT_EQ(admin.post("/organizations/" + slug, edit).status, 303) << "admins edit any";
}

TEST(HttpHardening, WeakPasswordsAndControlCharactersAreRefusedWithTheReason) {
  struct Case {
    std::string password, key;
  };
  for (const auto& c : std::vector<Case>{{"1234567890", "error.password_common"}, {"qwertyuiop", "error.password_common"},
                                         {"Password123", "error.password_common"}, {"zzzzzzzzzzzz", "error.password_repeated"},
                                         {"short", "error.password_length"}}) {
    Browser b(port());
    b.get("/register");
    auto handle = unique("pw");
    auto r = b.post("/register", {{"handle", handle}, {"email", handle + "@example.org"}, {"password", c.password}, {"country", "CN"}});
    EXPECT_EQ(r.status, 422) << c.password;
  }
  auto handle = unique("nul");
  Browser reg(port());
  reg.get("/register");
  auto nul = reg.post("/register", {{"handle", handle}, {"email", handle + std::string("\0x", 2) + "@example.org"},
                                    {"password", "a long enough password"}, {"country", "CN"}});
  EXPECT_EQ(nul.status, 422) << "a NUL in an e-mail address";
  auto crlf = reg.post("/register", {{"handle", handle}, {"email", handle + "@example.org"}, {"display_name", "Eve\r\nBcc: x@y.z"},
                                     {"password", "a long enough password"}, {"country", "CN"}});
  EXPECT_EQ(crlf.status, 422) << "a line break in a display name";
}

namespace {

std::string raw_request(const std::string& head_lines, const std::string& body = "") {
  return head_lines + "Host: x\r\nConnection: close\r\n\r\n" + body;
}

long resident_peak_kb(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("VmHWM:", 0) == 0) return std::stol(line.substr(6));
  return -1;
}

}  // namespace

TEST(HttpHardening, RequestsBreakingALimitGetTheirStatusNotADroppedConnection) {
  auto status = [](const std::string& raw) { return send_raw(port(), raw, 10000).status; };
  EXPECT_EQ(status(raw_request("POST /login HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 300000000\r\n")), 413);
  EXPECT_EQ(status(raw_request("GET / HTTP/1.1\r\nX-Big: " + std::string(100 * 1024, 'a') + "\r\n")), 431);
  std::string many;
  for (int i = 0; i < 20000; ++i) many += "X-H" + std::to_string(i) + ": 1\r\n";
  EXPECT_EQ(status(raw_request("GET / HTTP/1.1\r\n" + many)), 431);
  EXPECT_EQ(status(raw_request("GET /" + std::string(20000, 'a') + " HTTP/1.1\r\n")), 414);
  EXPECT_EQ(status(raw_request("GET /members/%FF%FE HTTP/1.1\r\n")), 400);
  EXPECT_EQ(status("HELLO THERE\r\n\r\n"), 400);
  // Chunked bodies: counted as they come on a form route, and refused unsigned on an upload route.
  std::string chunk(64 * 1024, 'a'), chunks;
  for (int i = 0; i < 20; ++i) chunks += "10000\r\n" + chunk + "\r\n";
  EXPECT_EQ(status(raw_request("POST /register HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                               "Transfer-Encoding: chunked\r\n", chunks + "0\r\n\r\n")), 413);
  EXPECT_EQ(status(raw_request("POST /register HTTP/1.1\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                               "Transfer-Encoding: chunked\r\n", "5\r\nhandl\r\n0\r\n\r\n")), 403) << "a small one is read (and lacks its CSRF token)";
  EXPECT_EQ(status(raw_request("POST /competitions/demo/submissions HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                               "Transfer-Encoding: chunked\r\n", "5\r\nhello\r\n0\r\n\r\n")), 401);
  EXPECT_EQ(status(raw_request("GET / HTTP/1.1\r\n")), 200) << "and the server serves on";
}

TEST(HttpHardening, AnonymousUploadsAreRefusedBeforeTheirBodyIsRead) {
  OwnServer s;
  long before = resident_peak_kb(s.server->pid());
  std::vector<std::future<int>> posts;
  for (const char* path : {"/login", "/competitions/demo/submissions", "/competitions/demo/files", "/api/v1/competitions/demo/submissions"})
    posts.push_back(std::async(std::launch::async, [&, path] {
      // Declares 200 MB and sends 8 MB of it: nothing past the headers should be kept.
      std::string head = std::string("POST ") + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                         "Content-Length: 200000000\r\nConnection: close\r\n\r\n";
      return send_raw(s.port(), head + std::string(8 << 20, 'x'), 10000).status;
    }));
  for (auto& p : posts) {
    int st = p.get();
    EXPECT_TRUE(st == 401 || st == 413) << st;
  }
  long after = resident_peak_kb(s.server->pid());
  EXPECT_LT(after - before, 64 * 1024) << "peak memory grew by " << (after - before) / 1024 << " MiB";
  EXPECT_EQ(send_raw(s.port(), raw_request("GET /healthz HTTP/1.1\r\n")).status, 200);
}

TEST(HttpHardening, ALargeUploadIsSpooledToDiskAndReadBackWhole) {
  Browser admin(port());
  sign_in_admin(admin);
  auto slug = unique("big-");
  ASSERT_EQ(admin.post("/competitions", {{"slug", slug}, {"title_en", "Big"}, {"visibility", "published"}}).status, 303);
  std::string data = "id,x\n";
  for (int i = 0; data.size() < (3u << 20); ++i) data += "r" + std::to_string(i) + "," + std::to_string(i * 7 % 1000) + "\n";
  auto r = upload(admin, "/competitions/" + slug + "/files", {{"kind", "public"}}, "train.csv", data);
  ASSERT_EQ(r.status, 303) << r.body;
  auto back = admin.get("/competitions/" + slug + "/files/train.csv");
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(back.body.size(), data.size());
  EXPECT_TRUE(back.body == data) << "the bytes come back as sent";
}

}  // namespace aigc::test
