// Hand-checked cases for metrics whose references are not packaged here (Kaggle's MAP@K,
// the SQuAD v1.1 and CMRC 2018 evaluation scripts); the expected numbers are worked out
// in the comments.
#include <gtest/gtest.h>

#include "scoring/scorer.hpp"
#include "scoring/score_helpers.hpp"

namespace aigc::scoring {

double score_of(const std::string& metric, const std::string& truth, const std::string& pred, Params params = {}) {
  auto o = test::run_score(metric, truth, pred, std::move(params));
  EXPECT_TRUE(o.ok) << o.errors_json().dump();
  return o.ok ? o.result["score"].get<double>() : -1;
}

TEST(Ranking, MapAtKFollowsKaggle) {
  // q1: actual {a,b}, predicted a x b: P@1=1 (hit), P@3=2/3 (hit) -> (1 + 2/3) / min(2,3) = 0.8333...
  // q2: actual {c}, predicted x y z: 0.   q3: actual {d}, predicted d d: duplicate counts once -> 1.
  std::string truth = "id,items\nq1,a b\nq2,c\nq3,d\n", pred = "id,items\nq1,a x b\nq2,x y z\nq3,d d\n";
  EXPECT_NEAR(score_of("map_at_k", truth, pred, {{"k", "3"}}), (5.0 / 6.0 + 0 + 1) / 3, 1e-12);
  // k=1: q1 -> 1/min(2,1) * 1 = 1; q2 -> 0; q3 -> 1.
  EXPECT_NEAR(score_of("map_at_k", truth, pred, {{"k", "1"}}), 2.0 / 3, 1e-12);
}

TEST(Ranking, NdcgAndMrr) {
  // q1: relevant {a,b}; ranking x a b -> DCG = 1/log2(3) + 1/log2(4); IDCG = 1 + 1/log2(3).
  std::string truth = "id,items\nq1,a b\n", pred = "id,items\nq1,x a b\n";
  double dcg = 1 / std::log2(3.0) + 0.5, idcg = 1 + 1 / std::log2(3.0);
  EXPECT_NEAR(score_of("ndcg_at_k", truth, pred, {{"k", "3"}}), dcg / idcg, 1e-12);
  EXPECT_NEAR(score_of("mrr", truth, pred), 0.5, 1e-12);  // first relevant at rank 2
}

TEST(Squad, OfficialNormalizationAndBestReference) {
  // "The Eiffel Tower!" normalizes to "eiffel tower" = the first reference: EM 100.
  // Row 2: "in Paris, France" -> {in, paris, france} vs "Paris" -> P=1/3, R=1 -> F1 = 0.5; EM 0.
  std::string truth = "id,answer,alt\n1,Eiffel Tower,the tower\n2,Paris,\n";
  std::string pred = "id,text\n1,The Eiffel Tower!\n2,\"in Paris, France\"\n";
  EXPECT_NEAR(score_of("squad_em", truth, pred), 50.0, 1e-12);
  EXPECT_NEAR(score_of("squad_f1", truth, pred), (100.0 + 50.0) / 2, 1e-12);
}

TEST(Squad, ArticlesAreRemovedAtWordBoundariesLikeTheOfficialRegex) {
  // re.sub(r'\b(a|an|the)\b', ' ', ...): "a" before the non-word "“" is an article; "an" inside
  // "banana" and "the" in "theory" are not. So "a“tower” theory" -> "“tower” theory".
  std::string truth = "id,answer\n1,“tower” theory\n2,banana\n";
  std::string pred = "id,text\n1,a“tower” the theory\n2,an banana\n";
  EXPECT_NEAR(score_of("squad_em", truth, pred), 100.0, 1e-12);
}

TEST(Squad, ChineseModeScoresCharactersAsCmrcDoes) {
  // Reference 北京大学 (4 tokens), prediction 北京大学的 (5 tokens): LCS 4 -> P=4/5, R=1 -> F1 = 8/9.
  // EM compares strings without punctuation: "北京大学。" equals "北京大学".
  std::string truth = "id,answer\n1,北京大学\n2,北京大学\n";
  std::string pred = "id,text\n1,北京大学的\n2,北京大学。\n";
  EXPECT_NEAR(score_of("squad_f1", truth, pred, {{"lang", "zh"}}), 100.0 * (8.0 / 9.0 + 1.0) / 2, 1e-9);
  EXPECT_NEAR(score_of("squad_em", truth, pred, {{"lang", "zh"}}), 50.0, 1e-12);
}

TEST(Classification, UndefinedCasesSayWhyLikeTheReference) {
  ScoreRequest r;
  r.metric = "roc_auc";
  std::string truth = "id,label\na,1\nb,1\n", pred = "id,0,1\na,0.2,0.8\nb,0.4,0.6\n";
  r.truth = truth;
  r.pred = pred;
  r.params = {{"labels", "0 1"}};
  auto o = score(r);
  ASSERT_FALSE(o.ok);
  EXPECT_NE(o.errors_json().dump().find("Only one class present in y_true"), std::string::npos);
}

TEST(Classification, MinusZeroAndZeroScoresTieInRocAuc) {
  // sklearn sees -0.0 == 0.0: the positive and the negative tie, AUC 0.5 (not 0 or 1).
  std::string truth = "id,label\na,1\nb,0\n";
  EXPECT_DOUBLE_EQ(score_of("roc_auc", truth, "id,0,1\na,0,-0\nb,1,0\n"), 0.5);
  EXPECT_DOUBLE_EQ(score_of("roc_auc", truth, "id,0,1\na,0,0\nb,1,-0.0\n"), 0.5);
}

TEST(Classification, MulticlassRocAucNeedsRowsSummingToOne) {
  ScoreRequest r;
  r.metric = "roc_auc";
  std::string truth = "id,label\na,x\nb,y\nc,z\n";
  std::string good = "id,x,y,z\na,0.5,0.25,0.25\nb,0.2,0.7,0.1\nc,0.1,0.1,0.8\n";
  std::string bad = "id,x,y,z\na,0.5,0.25,0.25\nb,0.2,0.7,0.3\nc,0.1,0.1,0.8\n";  // b sums to 1.2
  r.truth = truth;
  r.pred = good;
  EXPECT_TRUE(score(r).ok);
  r.pred = bad;
  auto o = score(r);
  ASSERT_FALSE(o.ok);
  EXPECT_NE(o.errors_json().dump().find("should sum up to 1.0 over classes"), std::string::npos) << o.errors_json().dump();
}

}  // namespace aigc::scoring
