#include <gtest/gtest.h>

#include <tuple>
#include <vector>

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
  EXPECT_EQ(r.toc[1].text, "AIGC 的概述");
  EXPECT_EQ(r.toc[1].label, "一");
  EXPECT_EQ(r.toc[1].level, 2);
  EXPECT_EQ(r.toc[2].text, "附录");
  EXPECT_EQ(r.toc[2].label, "二") << "counted in order, as the contents list shows it";
  EXPECT_NE(r.html.find(">十二、附录</h2>"), std::string::npos) << "the heading keeps the author's text";
}

// The introduction page holds two essays, each numbered 一、二、三、四 (the first says 四
// twice). Its table of contents shows two parts, each counted afresh, and no 四 twice.
TEST(Markdown, SectionNumbersRestartingAtOneBeginANewPartCountedAfresh) {
  auto r = render_markdown("# 介绍\n\n一、概述\n\n正文\n\n二、优势\n\n三、前景\n\n四、战略\n\n四、结论\n\n"
                           "另一篇。\n\n一、背景\n\n二、目标\n\n十一、附录\n");
  std::vector<std::tuple<int, std::string, std::string>> toc;
  for (const auto& e : r.toc)
    if (e.level == 2) toc.emplace_back(e.part, e.label, e.text);
  std::vector<std::tuple<int, std::string, std::string>> expected{
      {0, "一", "概述"}, {0, "二", "优势"}, {0, "三", "前景"}, {0, "四", "战略"}, {0, "五", "结论"},
      {1, "一", "背景"}, {1, "二", "目标"}, {1, "三", "附录"}};
  EXPECT_EQ(toc, expected);
  EXPECT_TRUE(r.html.find("<h2 id=\"四、结论\">四、结论</h2>") != std::string::npos) << "the text itself is the author's" << r.html;
  auto en = render_markdown("## 1. About\n\n## 2. Strengths\n\n## 2.5 GHz chips\n\n## Outlook\n");
  ASSERT_EQ(en.toc.size(), 4u);
  EXPECT_EQ(en.toc[1].label, "2");
  EXPECT_EQ(en.toc[1].text, "Strengths");
  EXPECT_EQ(en.toc[2].label, "") << "a number that is not a section number stays in the text";
  EXPECT_EQ(en.toc[2].text, "2.5 GHz chips");
  EXPECT_EQ(en.toc[3].label, "");
  EXPECT_EQ(en.toc[3].part, 0);
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

namespace aigc {

TEST(Markdown, MathIsKeptAsWrittenForKaTeXAndPricesAreNotMath) {
  auto html = render_markdown("Loss $L = -\\sum_i y_i \\log p_i$ and $a_i * b_j$.\n\n$$\\frac{1}{n} <x>$$\n").html;
  EXPECT_NE(html.find("<span class=\"math\">$L = -\\sum_i y_i \\log p_i$</span>"), std::string::npos) << html;
  EXPECT_NE(html.find("<span class=\"math\">$a_i * b_j$</span>"), std::string::npos) << "no emphasis inside math: " << html;
  EXPECT_NE(html.find("<span class=\"math display\">$$\\frac{1}{n} &lt;x&gt;$$</span>"), std::string::npos) << "escaped: " << html;
  auto prices = render_markdown("It costs $5 and $10, or \\$3 $ 4$.").html;
  EXPECT_EQ(prices.find("class=\"math"), std::string::npos) << prices;
  auto code = render_markdown("`$x$` and\n```\n$y$\n```\n").html;
  EXPECT_EQ(code.find("class=\"math"), std::string::npos) << "code is code: " << code;
  EXPECT_EQ(render_markdown("$$ open and never closed").html.find("class=\"math"), std::string::npos);
}

}  // namespace aigc
