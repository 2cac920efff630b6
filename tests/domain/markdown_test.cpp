#include <gtest/gtest.h>

#include "domain/pages/markdown.hpp"

namespace aigc {

TEST(Markdown, DropsRawHtmlAndScriptUrls) {
  auto r = render_markdown("hi <script>alert(1)</script>\n\n<img src=x onerror=alert(1)>\n\n[x](javascript:alert(1))");
  EXPECT_EQ(r.html.find("<script"), std::string::npos);
  EXPECT_EQ(r.html.find("onerror"), std::string::npos);
  EXPECT_EQ(r.html.find("javascript:"), std::string::npos);
}

TEST(Markdown, RendersGfmTablesAndAutolinks) {
  auto r = render_markdown("| a | b |\n| - | - |\n| 1 | 2 |\n\nsee https://example.org now");
  EXPECT_NE(r.html.find("<table>"), std::string::npos);
  EXPECT_NE(r.html.find("<a href=\"https://example.org\">"), std::string::npos);
}

TEST(Markdown, HeadingsGetUniqueIdsAndFormTheToc) {
  auto r = render_markdown("# Title\n\n## Part\n\ntext\n\n## Part\n");
  ASSERT_EQ(r.toc.size(), 3u);
  EXPECT_EQ(r.first_heading, "Title");
  EXPECT_EQ(r.toc[1].id, "part");
  EXPECT_EQ(r.toc[2].id, "part-1");
  EXPECT_NE(r.html.find("<h2 id=\"part-1\">"), std::string::npos);
}

TEST(Markdown, ChineseSectionLinesBecomeHeadings) {
  auto r = render_markdown("# 介绍页\n\n一、AIGC 的概述\n\n正文。\n\n十二、附录\n\n1.强大的技术实力\n");
  ASSERT_EQ(r.toc.size(), 3u);
  EXPECT_EQ(r.toc[1].text, "一、AIGC 的概述");
  EXPECT_EQ(r.toc[1].level, 2);
  EXPECT_EQ(r.toc[2].text, "十二、附录");
}

TEST(FrontMatter, SplitsYamlFromBody) {
  auto fm = split_front_matter("---\ntitle: Hello\nicon: circle-info\ntags: [a, b]\n---\n\n# Body\n", "x.md");
  ASSERT_TRUE(fm);
  EXPECT_EQ(fm->scalars["title"], "Hello");
  EXPECT_EQ(fm->scalars["icon"], "circle-info");
  EXPECT_NE(fm->json.find("\"tags\":[\"a\",\"b\"]"), std::string::npos);
  EXPECT_EQ(fm->body, "\n# Body\n");
}

TEST(FrontMatter, MalformedYamlNamesFileAndLine) {
  auto fm = split_front_matter("---\ntitle: ok\nbad: [unclosed\n---\nbody", "intro.md");
  ASSERT_FALSE(fm);
  EXPECT_NE(fm.error().message.find("intro.md line"), std::string::npos) << fm.error().message;
}

TEST(FrontMatter, UnterminatedIsAnError) {
  auto fm = split_front_matter("---\ntitle: x\nno end", "a.md");
  ASSERT_FALSE(fm);
  EXPECT_NE(fm.error().message.find("never ends"), std::string::npos);
}

}  // namespace aigc
