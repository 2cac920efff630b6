#include "domain/search/text_analysis.hpp"

#include <gtest/gtest.h>

namespace aigc {
namespace {

std::vector<std::string> terms(std::string_view text) {
  std::vector<std::string> out;
  for (auto& t : analyze_text(text).terms) out.push_back(t.term);
  return out;
}

using V = std::vector<std::string>;

TEST(TextAnalysis, EnglishIsFoldedAndStemmed) {
  EXPECT_EQ(terms("Evaluating the EVALUATION of models"), (V{"evalu", "the", "evalu", "of", "model"}));
  // Full-width letters and digits are their half-width selves.
  EXPECT_EQ(terms("ＢＥＲＴ ２０２４"), (V{"bert", "2024"}));
  // Punctuation inside a word splits it; nothing but letters and digits reaches a term.
  EXPECT_EQ(terms("don't GPT-4 3.5 a_b"), (V{"don", "t", "gpt", "4", "3", "5", "a", "b"}));
}

TEST(TextAnalysis, ChineseRunsBecomeBigramsAndDictionaryWords) {
  Analysis a = analyze_text("机器学习");
  V got;
  for (auto& t : a.terms) got.push_back(t.term);
  EXPECT_EQ(got, (V{"机器", "器学", "学习"}));
  EXPECT_EQ(a.words, (V{"w机器", "w学习"}));
  // A lone character is a term of its own; spaces and punctuation end a run.
  EXPECT_EQ(terms("图，模型 好"), (V{"图", "模型", "好"}));
}

TEST(TextAnalysis, TraditionalFoldsToSimplified) {
  EXPECT_EQ(terms("機器學習"), terms("机器学习"));
  EXPECT_EQ(analyze_text("機器學習").words, analyze_text("机器学习").words);
}

TEST(TextAnalysis, MixedTextKeepsEachScriptApart) {
  EXPECT_EQ(terms("BERT预训练模型"), (V{"bert", "预训", "训练", "练模", "模型"}));
  EXPECT_EQ(terms("日本語のテキスト"), (V{"日本", "本语", "语の", "のテ", "テキ", "キス", "スト"}));
}

TEST(TextAnalysis, TermsPointAtTheOriginalBytes) {
  std::string text = "深度 Learning!";
  Analysis a = analyze_text(text);
  ASSERT_EQ(a.terms.size(), 2u);
  EXPECT_EQ(text.substr(a.terms[0].begin, a.terms[0].end - a.terms[0].begin), "深度");
  EXPECT_EQ(text.substr(a.terms[1].begin, a.terms[1].end - a.terms[1].begin), "Learning");
  EXPECT_EQ(a.terms[1].term, "learn");
}

TEST(TextAnalysis, IndexTermsAreSpaceSeparatedAndSafe) {
  EXPECT_EQ(index_terms(analyze_text("模型 \"quoted\" 'x' OR NOT")), "模型 quot x or not w模型");
  EXPECT_EQ(index_terms(analyze_text("")), "");
  EXPECT_EQ(index_terms(analyze_text(" \t\n!!")), "");
  // A very long run of letters is cut, not refused.
  EXPECT_LE(analyze_text(std::string(5000, 'a')).terms.at(0).term.size(), 64u);
}

}  // namespace
}  // namespace aigc
