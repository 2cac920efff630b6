#include <gtest/gtest.h>

#include "web/http.hpp"
#include "web/route_table.hpp"

namespace aigc {

namespace {

std::vector<Route> routes() {
  Handler h = [](Request&) { return Response::text("x"); };
  return {{"GET", "/", h}, {"GET", "/members/:handle", h}, {"POST", "/members/:handle", h}, {"GET", "/members/new", h},
          {"GET", "/static/:file(.*)", h}, {"GET", "/competitions/:slug/files/:name", h}, {"POST", "/a/b", h, 42}};
}

}  // namespace

TEST(RouteTable, MatchesSegmentsInRegistrationOrderAndKeepsParamsRaw) {
  auto list = routes();
  RouteTable t(list);
  auto m = t.match("GET", "/members/ada%20l");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.route->pattern, "/members/:handle");
  ASSERT_EQ(m.params.size(), 1u);
  EXPECT_EQ(m.params[0], (std::pair<std::string, std::string>{"handle", "ada%20l"}));
  EXPECT_EQ(t.match("GET", "/members/new").route->pattern, "/members/:handle") << "first registered wins";
  auto files = t.match("GET", "/competitions/c1/files/train.csv");
  ASSERT_NE(files.route, nullptr);
  EXPECT_EQ(files.params[1].second, "train.csv");
  EXPECT_EQ(t.match("POST", "/a/b").route->max_body, 42u);
}

TEST(RouteTable, AWildcardTakesTheRestOfThePath) {
  auto list = routes();
  RouteTable t(list);
  auto m = t.match("GET", "/static/css/site.css");
  ASSERT_NE(m.route, nullptr);
  EXPECT_EQ(m.params[0].second, "css/site.css");
}

TEST(RouteTable, NoMatchSaysWhichMethodsThePathTakes) {
  auto list = routes();
  RouteTable t(list);
  auto m = t.match("DELETE", "/members/ada");
  EXPECT_EQ(m.route, nullptr);
  EXPECT_EQ(m.allowed, "GET, POST");
  EXPECT_EQ(t.match("GET", "/members/").route, nullptr) << "an empty segment is no handle";
  EXPECT_EQ(t.match("GET", "/members/ada/extra").route, nullptr);
  EXPECT_EQ(t.match("GET", "/nothing").allowed, "");
}

TEST(HttpValues, SafeNextKeepsSameSitePathsOnly) {
  EXPECT_EQ(safe_next("/competitions/x?a=1"), "/competitions/x?a=1");
  for (const char* bad : {"//evil.example", "/\t/evil.example", "/%09/evil.example", "/%2F/evil.example", "\\\\evil.example",
                          "/\\evil.example", "https://evil.example", " //evil.example", "/\r\n/evil", "", "evil"})
    EXPECT_EQ(safe_next(bad), "/") << bad;
}

TEST(HttpValues, HeadersWithLineBreaksAreUnsafeAndDownloadsKeepTheirName) {
  EXPECT_TRUE(is_safe_header("Content-Type", "text/csv"));
  EXPECT_FALSE(is_safe_header("X", "a\r\nSet-Cookie: x=1"));
  EXPECT_FALSE(is_safe_header("X", std::string("a\0b", 3)));
  EXPECT_FALSE(is_safe_header("X\nY", "a"));
  auto d = content_disposition("dev \"final\";\r\n.csv");
  EXPECT_TRUE(is_safe_header("Content-Disposition", d)) << d;
  EXPECT_EQ(d.find("\"final\""), std::string::npos) << d;
  EXPECT_NE(d.find("filename*=UTF-8''dev%20%22final%22%3B%0D%0A.csv"), std::string::npos) << d;
  EXPECT_TRUE(is_loopback("127.0.0.1"));
  EXPECT_TRUE(is_loopback("::1"));
  EXPECT_FALSE(is_loopback("10.0.0.1"));
  EXPECT_FALSE(is_loopback("1270.0.0.1"));
}

}  // namespace aigc
