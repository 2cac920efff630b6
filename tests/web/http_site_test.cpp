#include <nlohmann/json.hpp>

#include "web/http_fixture.hpp"

namespace aigc::test {

TEST(HttpSite, HomeShowsTheCommunityFromRealData) {
  Browser b(port());
  auto r = b.get("/", {{"Accept-Language", "en"}});
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.body, "<strong>12</strong> <span>partner organizations</span>")) << r.body.substr(0, 3000);
  EXPECT_TRUE(contains(r.body, "Introduction"));
  EXPECT_TRUE(contains(r.body, "Tsinghua University"));
}

TEST(HttpSite, EveryResponseCarriesSecurityHeaders) {
  Browser b(port());
  for (const char* path : {"/", "/nope", "/api/v1/pages", "/static/app.css"}) {
    auto r = b.get(path);
    EXPECT_TRUE(contains(r.header("content-security-policy"), "frame-ancestors 'none'")) << path;
    EXPECT_TRUE(contains(r.header("content-security-policy"), "script-src 'self'")) << path;
    EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << path;
    EXPECT_FALSE(r.header("referrer-policy").empty()) << path;
  }
}

TEST(HttpSite, StaticFilesAreCachedWithEtags) {
  Browser b(port());
  auto r = b.get("/static/app.css");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.header("content-type"), "text/css"));
  EXPECT_TRUE(contains(r.header("cache-control"), "max-age"));
  auto etag = r.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_EQ(b.get("/static/app.css", {{"If-None-Match", etag}}).status, 304);
  EXPECT_EQ(b.get("/static/../CMakeLists.txt").status, 404);
}

TEST(HttpSite, HealthReadinessAndMetrics) {
  Browser b(port());
  EXPECT_EQ(b.get("/healthz").status, 200);
  auto ready = b.get("/readyz");
  EXPECT_EQ(ready.status, 200);
  b.get("/members");
  auto m = b.get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_TRUE(contains(m.body, "aigc_http_requests_total{route=\"/members\",method=\"GET\",status=\"200\"}"));
  EXPECT_TRUE(contains(m.body, "aigc_http_request_duration_seconds_bucket{route=\"/members\",le=\"+Inf\"}"));
}

TEST(HttpSite, LanguageComesFromAcceptLanguageThenTheSwitcher) {
  Browser b(port());
  auto zh = b.get("/", {{"Accept-Language", "zh-CN,zh;q=0.9"}});
  EXPECT_TRUE(contains(zh.body, "<html lang=\"zh-CN\">"));
  EXPECT_TRUE(contains(zh.body, "合作机构"));
  auto sw = b.post("/lang", {{"lang", "en"}, {"next", "/members"}});
  ASSERT_EQ(sw.status, 303);
  EXPECT_EQ(sw.header("location"), "/members");
  auto en = b.get("/", {{"Accept-Language", "zh-CN"}});
  EXPECT_TRUE(contains(en.body, "<html lang=\"en\">"));
  EXPECT_TRUE(contains(en.body, "Partner organizations"));
}

TEST(HttpSite, LanguageSwitchNeverRedirectsOffSite) {
  Browser b(port());
  auto r = b.post("/lang", {{"lang", "zh-CN"}, {"next", "//evil.example/"}});
  EXPECT_EQ(r.header("location"), "/");
}

TEST(HttpSite, ShutsDownCleanlyOnSigtermAndSigint) {
  for (int sig : {15, 2}) {
    ServerProcess s(SharedServer::get().db_url, mail_env());
    Browser b(s.port());
    EXPECT_EQ(b.get("/healthz").status, 200);
    EXPECT_EQ(s.stop(sig), 0);
  }
}

}  // namespace aigc::test

namespace aigc::test {

TEST(HttpSite, ErrorPagesSayWhatWentWrongInTheirTitle) {
  Browser en(port());
  auto missing = en.get("/members/no-such-member-here");
  EXPECT_EQ(missing.status, 404);
  EXPECT_TRUE(contains(missing.body, "<title>Page not found · ")) << missing.body.substr(0, 400);
  Browser zh(port());
  zh.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}});
  auto denied = zh.get("/admin/members");
  EXPECT_EQ(denied.status, 303) << "anonymous: to sign-in";
  register_member(zh, "errpage");
  auto forbidden = zh.get("/admin/outbox");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_TRUE(contains(forbidden.body, "<title>无权访问 · ")) << forbidden.body.substr(0, 400);
}

}  // namespace aigc::test

namespace aigc::test {

TEST(HttpSite, TheApiLinkLeadsToReadableDocumentationOfEveryRoute) {
  Browser b(port());
  auto home = b.get("/", {{"Accept-Language", "en"}});
  EXPECT_TRUE(contains(home.body, "<a href=\"/api\">"));
  auto docs = b.get("/api", {{"Accept-Language", "en"}});
  ASSERT_EQ(docs.status, 200);
  EXPECT_TRUE(contains(docs.body, "<title>API documentation · "));
  EXPECT_TRUE(contains(docs.body, "<strong>GET</strong> /api/v1/competitions/{slug}/leaderboard"));
  EXPECT_TRUE(contains(docs.body, "<strong>POST</strong> /api/v1/notifications/read"));
  EXPECT_TRUE(contains(docs.body, "<code>limit</code>"));
  EXPECT_TRUE(contains(Browser(port()).get("/api", {{"Accept-Language", "zh-CN"}}).body, "API 文档"));
}

}  // namespace aigc::test
