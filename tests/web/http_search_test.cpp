// /search and GET /api/v1/search against the real server: what a reader finds, in either
// language, what they may not see, and what an attacker's text does in a snippet.
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

namespace {

json api_search(Browser& b, const std::string& query) {
  auto r = b.get("/api/v1/search?" + query);
  EXPECT_EQ(r.status, 200) << query << ": " << r.body;
  auto j = json::parse(r.body, nullptr, false);
  return j.is_discarded() ? json::object() : j;
}

std::vector<std::string> urls(const json& results) {
  std::vector<std::string> out;
  for (const auto& h : results["results"]) out.push_back(h["url"].get<std::string>());
  return out;
}

bool has_url(const json& results, const std::string& url) {
  auto u = urls(results);
  return std::find(u.begin(), u.end(), url) != u.end();
}

}  // namespace

TEST(HttpSearch, TheDemoChallengeIsFoundInBothLanguagesWithItsTitleInTheReadersLanguage) {
  Browser b(port());
  auto en = api_search(b, "q=scene+classification");
  ASSERT_TRUE(has_url(en, "/competitions/ai-challenger-demo")) << en.dump();
  auto zh_reader = b.get("/api/v1/search?q=" + url_encode("场景分类"), {{"Accept-Language", "zh-CN"}});
  auto zh = json::parse(zh_reader.body);
  ASSERT_TRUE(has_url(zh, "/competitions/ai-challenger-demo")) << zh.dump();
  EXPECT_EQ(zh["results"][0]["title"], "AI Challenger：场景分类（演示）");
  EXPECT_EQ(zh["results"][0]["type"], "competition");
  EXPECT_TRUE(contains(zh["results"][0]["snippet_html"].get<std::string>(), "<mark>")) << zh.dump();
  // The traditional form of the same words.
  EXPECT_TRUE(has_url(api_search(b, "q=" + url_encode("場景分類")), "/competitions/ai-challenger-demo"));
}

TEST(HttpSearch, APageIsFindableTheMomentItIsSavedAndItsTextStaysText) {
  Browser admin(port());
  sign_in_admin(admin);
  auto word = unique("zebrafish");
  auto r = admin.post("/pages", {{"slug", word}, {"lang", "en"}, {"title", "Notes on " + word},
                                 {"body_md", "We study " + word + " & <img src=x onerror=alert(2)> vision: `<script>alert(1)</script>`."},
                                 {"is_new", "1"}});
  ASSERT_EQ(r.status, 303) << r.body;
  Browser reader(port());
  auto found = api_search(reader, "q=" + word);
  ASSERT_EQ(found["total"], 1) << found.dump();
  auto snippet = found["results"][0]["snippet_html"].get<std::string>();
  EXPECT_FALSE(contains(snippet, "<script")) << snippet;
  EXPECT_FALSE(contains(snippet, "<img")) << snippet;
  EXPECT_TRUE(contains(snippet, "&lt;script&gt;")) << "code keeps its text, escaped: " << snippet;
  EXPECT_TRUE(contains(snippet, "<mark>" + word + "</mark>")) << snippet << "\n" << found.dump();
  auto page = reader.get("/search?q=" + word, {{"Accept-Language", "en"}});
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(contains(page.body, "<script>alert")) << "the page escapes what the snippet holds";
  EXPECT_FALSE(contains(page.body, "<img src=x"));
  EXPECT_TRUE(contains(page.body, "href=\"/pages/" + word + "?lang=en\""));
}

TEST(HttpSearch, MembersAreFoundByNameAndHandleAndTheTypeFacetCountsThem) {
  Browser b(port());
  auto handle = register_member(b, "finder");
  auto r = b.post("/settings/profile", {{"display_name", "Quintessa Marlowe"}, {"country", "SG"}, {"organization", ""},
                                         {"bio_md", "Speech recognition for dialects."}, {"skills", "speech"},
                                         {"preferred_lang", "en"}, {"time_zone", "UTC"}});
  ASSERT_EQ(r.status, 303) << r.body;
  Browser other(port());
  auto by_name = api_search(other, "q=quintessa&type=member");
  ASSERT_TRUE(has_url(by_name, "/members/" + handle)) << by_name.dump();
  EXPECT_EQ(by_name["facets"]["type"][0]["value"], "member");
  EXPECT_TRUE(has_url(api_search(other, "q=" + handle), "/members/" + handle)) << "by handle";
  // The member directory searches names too, with its filters narrowing the results.
  auto directory = other.get("/members?q=quintessa", {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(directory.status, 200);
  EXPECT_TRUE(contains(directory.body, "href=\"/members/" + handle + "\"")) << directory.body.substr(0, 2000);
  EXPECT_TRUE(contains(directory.body, "找到与“quintessa”相关的成员"));
  EXPECT_FALSE(contains(other.get("/members?q=quintessa&country=DE").body, "href=\"/members/" + handle + "\""))
      << "she is in Singapore";
}

TEST(HttpSearch, BadSearchesAreClearErrorsInTheReadersLanguage) {
  Browser b(port());
  auto only_minus = b.get("/api/v1/search?q=-spam");
  EXPECT_EQ(only_minus.status, 422);
  auto err = json::parse(only_minus.body)["error"];
  EXPECT_EQ(err["details"][0]["field"], "q");
  EXPECT_EQ(b.get("/api/v1/search?q=x&limit=many").status, 400);
  EXPECT_EQ(b.get("/api/v1/search?q=x&limit=51").status, 400);
  EXPECT_EQ(b.get("/api/v1/search?q=x&type=planets").status, 422);
  EXPECT_EQ(b.get("/api/v1/search?q=x&cursor=999999").status, 422);
  auto zh = b.get("/search?q=" + url_encode("！！"), {{"Accept-Language", "zh-CN"}});
  EXPECT_EQ(zh.status, 422);
  EXPECT_TRUE(contains(zh.body, "请输入至少一个要搜索的词")) << zh.body.substr(0, 3000);
  EXPECT_TRUE(contains(zh.body, "value=\"！！\"")) << "the search stays in the box";
  auto empty = b.get("/search", {{"Accept-Language", "en"}});
  EXPECT_EQ(empty.status, 200) << "an empty box is a page to search from, not an error";
  EXPECT_TRUE(contains(empty.body, "data-testid=\"search-q\""));
}

TEST(HttpSearch, EveryPageHasTheSearchBoxAndTheSearchPageHasBothLanguages) {
  Browser b(port());
  EXPECT_TRUE(contains(b.get("/").body, "data-testid=\"site-search\""));
  auto zh = b.get("/search?q=" + url_encode("大学"), {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(zh.status, 200);
  EXPECT_TRUE(contains(zh.body, "<h1>搜索</h1>"));
  EXPECT_TRUE(contains(zh.body, "条结果"));
  auto en = b.get("/search?q=university", {{"Accept-Language", "en"}});
  EXPECT_TRUE(contains(en.body, "<h1>Search</h1>"));
  EXPECT_TRUE(contains(en.body, "Organizations"));
}

}  // namespace aigc::test
