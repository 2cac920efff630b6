#include <nlohmann/json.hpp>

#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

TEST(HttpPages, ApiListsEveryPageWithSlugTitleLanguageAndUrl) {
  Browser b(port());
  auto r = b.get("/api/v1/pages");
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(contains(r.header("content-type"), "application/json"));
  auto pages = json::parse(r.body)["pages"];
  std::set<std::string> langs;
  for (const auto& p : pages) {
    EXPECT_TRUE(p.contains("slug") && p.contains("title") && p.contains("lang") && p.contains("url"));
    if (p["slug"] == "introduction") langs.insert(p["lang"].get<std::string>());
  }
  EXPECT_EQ(langs, (std::set<std::string>{"en", "zh-CN"}));
}

TEST(HttpPages, TheIntroductionPageHasFrontMatterHtmlAndToc) {
  Browser b(port());
  auto r = b.get("/api/v1/pages/introduction?lang=zh-CN");
  ASSERT_EQ(r.status, 200);
  auto p = json::parse(r.body);
  EXPECT_EQ(p["title"], "介绍页");
  EXPECT_EQ(p["front_matter"]["icon"], "circle-info");
  EXPECT_EQ(p["front_matter"]["cover"], "/assets/images/cover.png");
  EXPECT_EQ(p["cover"].get<std::string>().rfind("/media/", 0), 0u) << "the cover came along into the media library";
  std::vector<std::string> toc;
  for (const auto& e : p["toc"]) toc.push_back(e["label"].get<std::string>() + e["text"].get<std::string>());
  ASSERT_GE(toc.size(), 5u);
  EXPECT_EQ(toc[0], "介绍页");
  EXPECT_EQ(toc[1], "一AIGC 的概述");
  EXPECT_TRUE(contains(p["html"].get<std::string>(), "<h2 id=\""));
}

// GitBook's front matter shows: the cover above the page, the icon by the title; the
// cover is served from the media library, which serves nothing it did not take in.
TEST(HttpPages, TheCoverAndIconShowAndTheCoverIsServed) {
  Browser b(port());
  auto page = b.get("/pages/introduction", {{"Accept-Language", "en"}});
  ASSERT_EQ(page.status, 200);
  auto at = page.body.find("<img src=\"/media/");
  ASSERT_NE(at, std::string::npos) << "a cover";
  auto url = page.body.substr(at + 10, 75);
  EXPECT_TRUE(contains(page.body, "data-testid=\"page-icon\"><svg class=\"icon\"")) << "Font Awesome's circle-info, inline";
  auto cover = b.get(url);
  EXPECT_EQ(cover.status, 200) << url;
  EXPECT_EQ(cover.header("content-type"), "image/png");
  EXPECT_TRUE(contains(cover.header("cache-control"), "immutable"));
  EXPECT_EQ(b.get("/media/" + std::string(64, '0') + ".png").status, 404);
  EXPECT_EQ(b.get("/media/..%2F..%2Fetc%2Fpasswd").status, 404);
}

// The introduction holds two texts, each numbered from 一: the contents list them as two
// parts, each counted afresh, so no number repeats within a list.
TEST(HttpPages, PageRendersInTheViewersLanguageWithTocAndTheOtherLanguageLinked) {
  Browser b(port());
  auto zh = b.get("/pages/introduction", {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(zh.status, 200);
  EXPECT_TRUE(contains(zh.body, "data-testid=\"toc\""));
  EXPECT_TRUE(contains(zh.body, "<span class=\"toc-num\">一</span> AIGC 的概述"));
  EXPECT_TRUE(contains(zh.body, "<h3 class=\"toc-part\">第 2 部分</h3>"));
  auto first_part = zh.body.substr(zh.body.find("data-testid=\"toc-part\""));
  first_part = first_part.substr(0, first_part.find("</ol>"));
  EXPECT_EQ(first_part.find("toc-num\">四</span>"), first_part.rfind("toc-num\">四</span>")) << "四 once in a list";
  EXPECT_TRUE(contains(first_part, "toc-num\">五</span>"));
  EXPECT_TRUE(contains(zh.body, "data-testid=\"also-in\"") && contains(zh.body, "?lang=en")) << "the switch to English";
  auto en = b.get("/pages/introduction", {{"Accept-Language", "en"}});
  EXPECT_TRUE(contains(en.body, "About AIGC"));
  EXPECT_EQ(b.get("/pages/no-such-page").status, 404);
}

TEST(HttpPages, AdminsEditPagesInTheBrowserAndOthersCannot) {
  Browser member(port());
  register_member(member, "pg");
  EXPECT_EQ(member.get("/pages/introduction/edit").status, 403);
  EXPECT_EQ(member.post("/pages", {{"slug", "introduction"}, {"lang", "en"}, {"body_md", "# Hacked"}}).status, 403);
  Browser admin(port());
  sign_in_admin(admin);
  auto form = admin.get("/pages/introduction/edit?lang=en");
  ASSERT_EQ(form.status, 200);
  EXPECT_TRUE(contains(form.body, "About AIGC"));
  auto slug = unique("guide-");
  auto saved = admin.post("/pages", {{"slug", slug}, {"lang", "en"}, {"title", "Guide"}, {"is_new", "1"},
                                     {"body_md", "# Guide\n\n## Step one\n\n<script>x()</script>"}});
  ASSERT_EQ(saved.status, 303) << saved.body;
  auto page = admin.get("/pages/" + slug + "?lang=en");
  EXPECT_TRUE(contains(page.body, "<h2 id=\"step-one\">Step one</h2>"));
  EXPECT_FALSE(contains(page.body, "<script>x()"));
  auto bad = admin.post("/pages", {{"slug", "Not A Slug"}, {"lang", "fr"}, {"body_md", "x"}, {"is_new", "1"}});
  EXPECT_EQ(bad.status, 422);
}

TEST(HttpApi, ErrorsHaveOneShape) {
  Browser b(port());
  auto r = b.get("/api/v1/members/nobody-here");
  EXPECT_EQ(r.status, 404);
  auto e = json::parse(r.body);
  EXPECT_EQ(e["error"]["code"], "not_found");
  EXPECT_TRUE(e["error"]["message"].is_string());
  EXPECT_TRUE(e["error"]["details"].is_array());
  auto unknown = json::parse(b.get("/api/v1/nothing").body);
  EXPECT_EQ(unknown["error"]["code"], "not_found");
}

TEST(HttpApi, OpenApiDocumentIsServed) {
  Browser b(port());
  auto r = b.get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  auto doc = json::parse(r.body);
  EXPECT_TRUE(doc["paths"].contains("/api/v1/pages/{slug}"));
}

TEST(HttpApi, OrganizationsAndMembersAreReadable) {
  Browser b(port());
  auto orgs = json::parse(b.get("/api/v1/organizations?kind=university").body)["organizations"];
  ASSERT_GE(orgs.size(), 4u);
  for (const auto& o : orgs) EXPECT_EQ(o["kind"], "university");
  auto one = json::parse(b.get("/api/v1/organizations/tsinghua-university").body);
  EXPECT_EQ(one["country"], "CN");
  auto admin = json::parse(b.get("/api/v1/members/aigc-admin").body);
  EXPECT_FALSE(admin.contains("email"));  // private fields only for the member themself
}

}  // namespace aigc::test
