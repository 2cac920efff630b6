#include "domain/search/search_query.hpp"
#include "domain/search/snippet.hpp"

#include <gtest/gtest.h>

namespace aigc {
namespace {

using Phrases = std::vector<std::vector<std::string>>;

TEST(SearchQuery, ChineseRunsArePhrasesOfBigramsAndEnglishWordsStandAlone) {
  auto q = parse_search_query("BERT 预训练模型");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->required, (Phrases{{"bert"}, {"预训", "训练", "练模", "模型"}}));
  EXPECT_EQ(fts5_match(q.value()), R"("bert" AND "预训 训练 练模 模型")");
  EXPECT_EQ(pg_tsquery(q.value()), "('bert') & ('预训' <-> '训练' <-> '练模' <-> '模型')");
  // The dictionary's words count for ranking, not for matching.
  EXPECT_NE(std::find(q->rank_terms.begin(), q->rank_terms.end(), "w模型"), q->rank_terms.end());
}

TEST(SearchQuery, QuotesKeepWordsTogetherAndMinusExcludes) {
  auto q = parse_search_query("\"image segmentation\" -medical -\"医学 影像\" “深度 学习”");
  ASSERT_TRUE(q) << q.error().message;
  EXPECT_EQ(q->required, (Phrases{{"imag", "segment"}, {"深度", "学习"}}));
  EXPECT_EQ(q->excluded, (Phrases{{"medic"}, {"医学", "影像"}}));
  EXPECT_EQ(fts5_match(q.value()), R"((("imag segment" AND "深度 学习") NOT "medic") NOT "医学 影像")");
  EXPECT_EQ(pg_tsquery(q.value()), "('imag' <-> 'segment') & ('深度' <-> '学习') & !('medic') & !('医学' <-> '影像')");
  // Excluded words are never highlighted.
  EXPECT_EQ(q->highlight, (std::vector<std::string>{"imag", "segment", "深度", "学习"}));
}

TEST(SearchQuery, OperatorsAndQuotesInTheTextCannotReachTheIndexSyntax) {
  for (const char* text : {"a\" OR \"b", "NEAR(x y)", "x* ^y", "'; DROP TABLE x; --", "col:value", "\\' \\\\"}) {
    auto q = parse_search_query(text);
    if (!q) continue;
    for (const auto& phrase : q->required)
      for (const auto& term : phrase)
        for (char c : term) EXPECT_TRUE(std::isalnum(static_cast<unsigned char>(c)) || (c & 0x80)) << text << ": " << term;
  }
}

TEST(SearchQuery, NothingToSearchForIsAClearError) {
  for (const char* text : {"", "   ", "!!! ???", "-spam", "\"\""}) {
    auto q = parse_search_query(text);
    ASSERT_FALSE(q) << text;
    EXPECT_EQ(q.error().key, "error.search_query_empty");
    EXPECT_EQ(q.error().problems.at(0).field, "q");
  }
  auto long_one = parse_search_query(std::string(300, 'a'));
  ASSERT_FALSE(long_one);
  EXPECT_EQ(long_one.error().key, "error.search_query_too_long");
  std::string many;
  for (int i = 0; i < 40; ++i) many += "w" + std::to_string(i) + " ";
  EXPECT_FALSE(parse_search_query(many));
}

TEST(Snippet, MarksTheDensestStretchAndEscapesTheRest) {
  std::string text = "Intro <b>text</b> that goes on and on. " + std::string(400, 'x') +
                     " Later we evaluate models; the evaluation of models is hard & slow.";
  auto html = snippet_html(text, {"evalu", "model"});
  EXPECT_NE(html.find("<mark>evaluate</mark> <mark>models</mark>"), std::string::npos) << html;
  EXPECT_NE(html.find("hard &amp; slow"), std::string::npos) << html;
  EXPECT_EQ(html.find("<b>"), std::string::npos) << "the text's own markup is escaped";
  EXPECT_EQ(html.rfind("… ", 0), 0u) << "a cut beginning shows an ellipsis: " << html;
}

TEST(Snippet, OverlappingChineseBigramsAreOneMarkAndTraditionalTextIsMarked) {
  EXPECT_EQ(snippet_html("我们研究機器學習方法", {"机器", "器学", "学习"}), "我们研究<mark>機器學習</mark>方法");
  EXPECT_EQ(snippet_html("没有匹配的文字", {"模型"}), "没有匹配的文字");
  EXPECT_EQ(snippet_html("", {"x"}), "");
}

}  // namespace
}  // namespace aigc
