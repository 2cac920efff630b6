#include <nlohmann/json.hpp>

#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

TEST(HttpBadInput, UnknownRoutesAre404AndWrongMethods405) {
  Browser b(port());
  EXPECT_EQ(b.get("/no/such/thing").status, 404);
  auto r = b.request("DELETE", "/members", "", {});
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(r.header("allow"), "GET");
  auto put = b.request("PUT", "/api/v1/pages", "", {});
  EXPECT_EQ(put.status, 405);
  EXPECT_EQ(json::parse(put.body)["error"]["code"], "invalid_input");
}

TEST(HttpBadInput, FormsWithoutOrWithForgedCsrfAreRefusedAndWriteNothing) {
  Browser b(port());
  auto handle = unique("csrf");
  std::map<std::string, std::string> fields = {{"handle", handle}, {"email", handle + "@example.org"},
                                               {"password", "a long enough password"}};
  auto missing = b.post("/register", fields, false);
  EXPECT_EQ(missing.status, 403);
  EXPECT_TRUE(contains(missing.body, "expired")) << "in the reader's language (English by default)";
  Browser zh(port());
  zh.get("/", {{"Accept-Language", "zh-CN"}});
  auto missing_zh = zh.request("POST", "/register", "handle=" + handle, {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept-Language", "zh-CN"}});
  EXPECT_EQ(missing_zh.status, 403);
  EXPECT_TRUE(contains(missing_zh.body, "过期")) << "and in Chinese for a Chinese reader";
  fields["csrf"] = "forged-token-forged-token";
  EXPECT_EQ(b.post("/register", fields, false).status, 403);
  EXPECT_EQ(b.get("/members/" + handle).status, 404);
}

TEST(HttpBadInput, CrossSiteOriginIsRefusedEvenWithTheToken) {
  Browser b(port());
  b.get("/");
  auto body = form_encode({{"lang", "en"}, {"csrf", b.cookie("aigc_csrf")}});
  auto r = b.request("POST", "/lang", body,
                     {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(r.status, 403);
}

TEST(HttpBadInput, InvalidUtf8AndMalformedEscapesAre400) {
  Browser b(port());
  b.get("/");
  std::string body = "handle=%FF%FE&email=x&csrf=" + b.cookie("aigc_csrf");
  auto r = b.request("POST", "/register", body, {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(b.get("/members?skill=%E4%BB").status, 400);
  EXPECT_EQ(b.get("/members?skill=%zz").status, 400);
}

TEST(HttpBadInput, OversizeFormsAre413) {
  Browser b(port());
  b.get("/");
  std::string big(1'200'000, 'a');
  auto r = b.request("POST", "/login", "login=" + big + "&csrf=" + b.cookie("aigc_csrf"),
                     {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 413);
}

TEST(HttpBadInput, BodiesBeyondTheServerLimitAreCutOffWithoutHarm) {
  ServerProcess s(SharedServer::get().db_url, {{"AIGC_MAX_BODY_BYTES", "65536"}});
  std::string raw = "POST /login HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    "Content-Length: 200000\r\n\r\n" + std::string(200000, 'a');
  auto r = send_raw(s.port(), raw, 5000);
  EXPECT_EQ(r.status, 413) << "answered before the body is read, not cut off";
  EXPECT_EQ(Browser(s.port()).get("/healthz").status, 200);  // the server is fine
}

TEST(HttpBadInput, UploadCutOffMidwayLeavesTheServerHealthy) {
  auto raw = std::string("POST /register HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         "Content-Length: 5000\r\n\r\nhandle=half");
  send_raw(port(), raw, 300);  // we stop sending; the server must not wait forever or write anything
  Browser b(port());
  EXPECT_EQ(b.get("/members/half").status, 404);
  EXPECT_EQ(b.get("/healthz").status, 200);
}

TEST(HttpBadInput, SqlLookingInputIsJustText) {
  Browser b(port());
  auto r = b.post("/register", {{"handle", "x'; DROP TABLE members;--"}, {"email", "sql@example.org"},
                                {"password", "a long enough password"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(b.post("/login", {{"login", "' OR 1=1 --"}, {"password", "' OR '1'='1"}}).status, 401);
  auto dir = b.get("/api/v1/members?skill=%27%20OR%201%3D1%20--&country=");
  EXPECT_EQ(dir.status, 200);
  EXPECT_TRUE(json::parse(dir.body)["members"].empty());
  EXPECT_FALSE(json::parse(b.get("/api/v1/members?limit=5").body)["members"].empty());
}

TEST(HttpBadInput, MalformedJsonToTheApiIsExplained) {
  Browser b(port());
  Browser admin(port());
  sign_in_admin(admin);
  admin.post("/settings/tokens", {{"name", "api"}});
  auto tokens = admin.post("/settings/tokens", {{"name", "api2"}});
  auto at = tokens.body.find("aigc_");
  ASSERT_NE(at, std::string::npos);
  auto token = tokens.body.substr(at, tokens.body.find('<', at) - at);
  auto r = b.request("POST", "/api/v1/organizations", "{not json",
                     {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  EXPECT_EQ(r.status, 400) << "a body that is not JSON is a malformed request";
  EXPECT_EQ(json::parse(r.body)["error"]["code"], "bad_request");
  EXPECT_TRUE(contains(json::parse(r.body)["error"]["message"].get<std::string>(), "JSON"));
  auto ok = b.request("POST", "/api/v1/organizations", "{\"name\":\"" + unique("Api Org ") + "\",\"kind\":\"non-profit\"}",
                      {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  EXPECT_EQ(ok.status, 201) << ok.body;
}

}  // namespace aigc::test

namespace aigc::test {

TEST(HttpBadInput, ABadNumberInTheAddressIsA400ThatNamesTheParameter) {
  Browser b(port());
  for (const char* path : {"/api/v1/members?limit=abc", "/api/v1/members?limit=0", "/api/v1/members?limit=1000", "/api/v1/members?after=-5",
                           "/api/v1/members?after=12x", "/api/v1/competitions/ai-challenger-demo/leaderboard?offset=1.5",
                           "/api/v1/competitions/ai-challenger-demo/leaderboard?limit=99999",
                           "/api/v1/competitions/ai-challenger-demo/leaderboard?cursor=12-x"}) {
    auto r = b.get(path);
    ASSERT_EQ(r.status, 400) << path;
    auto e = json::parse(r.body)["error"];
    EXPECT_EQ(e["code"], "bad_request") << path;
    ASSERT_EQ(e["details"].size(), 1u) << path;
    auto name = std::string(path).substr(std::string(path).find('?') + 1);
    EXPECT_EQ(e["details"][0]["field"], name.substr(0, name.find('='))) << path;
  }
  EXPECT_EQ(b.get("/members?after=zzz").status, 400);
  EXPECT_EQ(b.get("/api/v1/members?limit=3").status, 200);
}

TEST(HttpBadInput, MeCarriesTheMembersSkills) {
  Browser b(port());
  register_member(b, "skills");
  ASSERT_EQ(b.post("/settings/profile", {{"display_name", "S"}, {"skills", "nlp, speech"}, {"preferred_lang", "en"}, {"time_zone", "UTC"}}).status, 303);
  auto token = create_token(b);
  Browser api(port());
  auto me = api.request("GET", "/api/v1/me", "", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json::parse(me.body)["skills"], json({"nlp", "speech"}));
}

}  // namespace aigc::test
