// Text metrics against the references' own published test values (sacrebleu's
// test/test_bleu.py and test/test_chrf.py) and hand-worked cases for pycocoevalcap's
// ROUGE-L and CIDEr-D, whose arithmetic is in the comments.
#include <gtest/gtest.h>

#include <cmath>

#include "scoring/scorer.hpp"
#include "scoring/score_helpers.hpp"
#include "scoring/text_tokenize.hpp"

namespace aigc::scoring {

namespace {

std::string csv_field(const std::string& s) {
  std::string out = "\"";
  for (char c : s) { out += c; if (c == '"') out += '"'; }
  return out + "\"";
}

// One row per hypothesis; reference stream k becomes column ref<k>.
double corpus(const std::string& metric, const std::vector<std::string>& hyps,
              const std::vector<std::vector<std::string>>& ref_streams, Params params = {}) {
  std::string truth = "id", pred = "id,text\n";
  for (std::size_t k = 0; k < ref_streams.size(); ++k) truth += ",ref" + std::to_string(k + 1);
  truth += "\n";
  for (std::size_t i = 0; i < hyps.size(); ++i) {
    truth += "s" + std::to_string(i);
    for (const auto& stream : ref_streams) truth += "," + csv_field(stream[i]);
    truth += "\n";
    pred += "s" + std::to_string(i) + "," + csv_field(hyps[i]) + "\n";
  }
  auto o = test::run_score(metric, truth, pred, std::move(params));
  EXPECT_TRUE(o.ok) << o.errors_json().dump();
  return o.ok ? o.result["score"].get<double>() : -1;
}

const std::vector<std::string> kHyps = {"The dog bit the man.", "It wasn't surprising.", "The man had just bitten him."};
const std::vector<std::vector<std::string>> kRefs = {
    {"The dog bit the man.", "It was not unexpected.", "The man bit him first."},
    {"The dog had bit the man.", "No one was surprised.", "The man had bitten the dog."}};

}  // namespace

TEST(Bleu, MatchesSacrebleusPublishedCorpusValues) {
  EXPECT_NEAR(corpus("bleu", kHyps, kRefs), 48.530827, 1e-6);
  EXPECT_NEAR(corpus("bleu", kHyps, kRefs, {{"tokenize", "13a"}}), 48.530827, 1e-6);
  EXPECT_NEAR(corpus("bleu", kHyps, kRefs, {{"tokenize", "none"}}), 49.1919566, 1e-6);
  EXPECT_NEAR(corpus("bleu", kHyps, kRefs, {{"tokenize", "intl"}}), 43.91623493, 1e-6);
  EXPECT_NEAR(corpus("bleu", kHyps, kRefs, {{"smooth_method", "none"}}), 48.530827, 1e-6);
  EXPECT_EQ(corpus("bleu", {"", "", ""}, kRefs), 0.0);  // empty hypotheses are kept, not dropped
}

TEST(Bleu, TokenizersSplitAsSacrebleuDoes) {
  EXPECT_EQ(tokenize_13a("I'm a student."), "I'm a student .");
  EXPECT_EQ(tokenize_13a("It costs $3,000.50 (approx.) - see 1990-2000."), "It costs $ 3,000.50 ( approx . ) - see 1990 - 2000 .");
  EXPECT_EQ(tokenize_13a("&quot;quoted&quot; &amp; done"), "\" quoted \" & done");
  EXPECT_EQ(tokenize_zh("教我中文吧"), "教 我 中 文 吧");
  EXPECT_EQ(tokenize_zh("我爱AI, 2024年。"), "我 爱 AI , 2024 年 。");
  // sacrebleu's range ('\u20000', '\u2a6d6') really starts after U+2000: U+2010 is split out.
  EXPECT_EQ(tokenize_zh("a\u2010b"), "a \u2010 b");
  EXPECT_EQ(tokenize_intl("Hello, world! 3.14 is €3"), "Hello , world ! 3.14 is € 3");
}

TEST(Chrf, MatchesSacrebleusPublishedValues) {
  Params eps{{"beta", "3"}, {"eps_smoothing", "true"}};
  EXPECT_NEAR(corpus("chrf", {"abcdefg"}, {{"hijklmnop"}}, eps), 0.0, 1e-4);
  EXPECT_NEAR(corpus("chrf", {"aa"}, {{"ab"}}, eps), 8.3333, 1e-4);
  EXPECT_NEAR(corpus("chrf", {"a", "b"}, {{"a", "c"}}, eps), 8.3333, 1e-4);
  EXPECT_NEAR(corpus("chrf", {"a"}, {{"a"}}, eps), 16.6667, 1e-4);
  EXPECT_NEAR(corpus("chrf", {"a b c"}, {{"abc"}}, eps), 50.0, 1e-4);
  EXPECT_NEAR(corpus("chrf", {" risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists ."},
                     {{"risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists ."}}, eps),
              63.361730, 1e-4);
  EXPECT_NEAR(corpus("chrf", {" Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. "},
                     {{"Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."}}, eps),
              64.1302698, 1e-4);
  Params eff{{"beta", "3"}};
  EXPECT_NEAR(corpus("chrf", {"a"}, {{"a"}}, eff), 100.0, 1e-4);
  EXPECT_NEAR(corpus("chrf", {""}, {{"reference"}}, eff), 0.0, 1e-4);
  EXPECT_NEAR(corpus("chrf", {"a", "b"}, {{"a", "c"}}, eff), 50.0, 1e-4);
  EXPECT_NEAR(corpus("chrf", {"aa"}, {{"ab"}}, eff), 25.0, 1e-4);
  Params keep{{"beta", "3"}, {"whitespace", "true"}};
  EXPECT_NEAR(corpus("chrf", {"Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich."},
                     {{"Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich."}}, keep),
              67.3481606, 1e-4);
}

TEST(RougeL, TakesTheBestPrecisionAndTheBestRecallSeparatelyAsCocoDoes) {
  // Row 1: "a b c d" vs "a c d e": LCS 3, P = R = 3/4 -> F = 0.75.
  // Row 2: "a b" vs {"a b c d": P 1, R 1/2; "b": P 1/2, R 1} -> max P = 1, max R = 1 -> F = 1.
  EXPECT_NEAR(corpus("rouge_l", {"a b c d", "a b"}, {{"a c d e", "a b c d"}, {"x", "b"}}), (0.75 + 1.0) / 2, 1e-12);
}

TEST(CiderD, WorkedExample) {
  // Two rows, one reference each; every n-gram has document frequency 1, so weights are
  // tf * ln(2). Row 1, hyp "a b c" vs ref "a b c d": cosines 3/(sqrt3*2), 2/(sqrt2*sqrt3),
  // 1/sqrt2, 0; "length" is the bigram count (2 vs 3), penalty exp(-1/72).
  // Row 2, "x y" vs "x y": cosines 1, 1, 0, 0, no penalty.
  double row1 = (3 / (std::sqrt(3.0) * 2) + 2 / (std::sqrt(2.0) * std::sqrt(3.0)) + 1 / std::sqrt(2.0)) *
                std::exp(-1.0 / 72) / 4 * 10;
  double row2 = 2.0 / 4 * 10;
  EXPECT_NEAR(corpus("cider_d", {"a b c", "x y"}, {{"a b c d", "x y"}}), (row1 + row2) / 2, 1e-12);
  // One row alone: ln(1) = 0 makes every weight zero.
  EXPECT_EQ(corpus("cider_d", {"a b"}, {{"a b"}}), 0.0);
}

}  // namespace aigc::scoring
