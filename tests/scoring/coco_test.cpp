// COCO detection and keypoint mAP, hand-worked against pycocotools' COCOeval rules (not
// packaged in Debian): the arithmetic is in the comments.
#include <gtest/gtest.h>

#include <cmath>

#include "scoring/coco.hpp"
#include "scoring/scorer.hpp"
#include "scoring/score_helpers.hpp"

namespace aigc::scoring {

namespace {


const char* kBoxes = R"({"images":[{"id":7}],"categories":[{"id":1,"name":"car"}],"annotations":[
  {"id":1,"image_id":7,"category_id":1,"bbox":[0,0,10,10],"area":100,"iscrowd":0},
  {"id":2,"image_id":7,"category_id":1,"bbox":[20,20,10,10],"area":100,"iscrowd":0}]})";

}  // namespace

TEST(CocoBbox, HandWorkedAveragePrecisionAndRecall) {
  // d1 = g1 exactly (0.9); d2 = [20,20,10,5], IoU 0.5 with g2 (0.8); d3 hits nothing (0.7).
  // IoU 0.50: TP, TP, FP -> recall reaches 1 at precision 1 -> AP 1.
  // IoU 0.55..0.95 (9 thresholds): TP, FP, FP -> recall 0.5; recall points 0.00..0.50 (51 of
  // 101) have precision 1, the rest 0 -> AP 51/101.
  // AP = (1 + 9 * 51/101) / 10; AR100 = (1 + 9 * 0.5) / 10; AR1 = 0.5 (one detection each).
  auto o = test::run_score("coco_bbox_map", kBoxes, R"([
    {"image_id":7,"category_id":1,"bbox":[0,0,10,10],"score":0.9},
    {"image_id":7,"category_id":1,"bbox":[20,20,10,5],"score":0.8},
    {"image_id":7,"category_id":1,"bbox":[50,50,10,10],"score":0.7}])");
  ASSERT_TRUE(o.ok) << o.errors_json().dump();
  const auto& d = o.result["details"];
  EXPECT_NEAR(o.result["score"].get<double>(), (1 + 9 * 51.0 / 101) / 10, 1e-12);
  EXPECT_NEAR(d["AP50"].get<double>(), 1.0, 1e-12);
  EXPECT_NEAR(d["AP75"].get<double>(), 51.0 / 101, 1e-12);
  EXPECT_NEAR(d["APs"].get<double>(), (1 + 9 * 51.0 / 101) / 10, 1e-12);  // both boxes are small (< 32^2)
  EXPECT_EQ(d["APm"].get<double>(), -1.0);  // no medium truth: -1, as summarize() prints
  EXPECT_NEAR(d["AR100"].get<double>(), 0.55, 1e-12);
  EXPECT_NEAR(d["AR1"].get<double>(), 0.5, 1e-12);
}

TEST(CocoBbox, DetectionsInsideACrowdRegionAreIgnoredNotFalsePositives) {
  // The crowd box's IoU with a detection inside it is intersection / detection area = 1, so
  // the top-scoring detection matches the crowd and is ignored; the other matches the real
  // object: AP 1 at every threshold.
  auto o = test::run_score("coco_bbox_map", R"({"images":[{"id":1}],"categories":[{"id":3}],"annotations":[
      {"id":1,"image_id":1,"category_id":3,"bbox":[0,0,100,100],"area":10000,"iscrowd":1},
      {"id":2,"image_id":1,"category_id":3,"bbox":[200,200,10,10],"area":100,"iscrowd":0}]})",
               R"([{"image_id":1,"category_id":3,"bbox":[10,10,10,10],"score":0.95},
                   {"image_id":1,"category_id":3,"bbox":[200,200,10,10],"score":0.5}])");
  ASSERT_TRUE(o.ok) << o.errors_json().dump();
  EXPECT_NEAR(o.result["score"].get<double>(), 1.0, 1e-12);
}

TEST(CocoKeypoints, ApCountsTheThresholdsTheOksReaches) {
  // One person, all 17 keypoints visible, area 5000; the prediction is shifted by (3, 4).
  // OKS = mean_j exp(-25 / (2 sigma_j)^2 / (5000 + eps) / 2); one truth, one detection, so
  // AP at a threshold is 1 when OKS reaches it and 0 otherwise.
  auto sigmas = keypoint_sigmas("coco");
  std::string gt_kp, dt_kp;
  double oks = 0;
  for (std::size_t j = 0; j < 17; ++j) {
    double x = 100 + 10.0 * static_cast<double>(j), y = 50 + 5.0 * static_cast<double>(j);
    gt_kp += (j ? "," : "") + std::to_string(x) + "," + std::to_string(y) + ",2";
    dt_kp += (j ? "," : "") + std::to_string(x + 3) + "," + std::to_string(y + 4) + ",1";
    oks += std::exp(-25.0 / ((sigmas[j] * 2) * (sigmas[j] * 2)) / (5000 + 2.220446049250313e-16) / 2);
  }
  oks /= 17;
  int reached = 0;
  for (int t = 0; t < 10; ++t) reached += (t == 9 ? 0.95 : t * (0.45 / 9) + 0.5) <= oks;
  auto truth = std::string(R"({"images":[{"id":1}],"categories":[{"id":1,"name":"person"}],"annotations":[
      {"id":1,"image_id":1,"category_id":1,"bbox":[90,40,200,100],"area":5000,"iscrowd":0,"num_keypoints":17,"keypoints":[)") +
               gt_kp + "]}]}";
  auto pred = R"([{"image_id":1,"category_id":1,"score":0.9,"keypoints":[)" + dt_kp + "]}]";
  auto o = test::run_score("coco_keypoints_map", truth, pred);
  ASSERT_TRUE(o.ok) << o.errors_json().dump();
  EXPECT_GT(reached, 0);
  EXPECT_LT(reached, 10);
  EXPECT_NEAR(o.result["score"].get<double>(), reached / 10.0, 1e-12) << "OKS " << oks;
  EXPECT_NEAR(o.result["details"]["APm"].get<double>(), reached / 10.0, 1e-12);  // 5000 is medium
}

TEST(CocoKeypoints, AiChallengersFourteenPointsUseItsSigmas) {
  std::string kp;
  for (int j = 0; j < 14; ++j) kp += (j ? "," : "") + std::to_string(100 + j * 7) + "," + std::to_string(80 + j * 3) + ",1";
  auto truth = std::string(R"({"images":[{"id":"img-a"}],"categories":[{"id":1}],"annotations":[
      {"id":5,"image_id":"img-a","category_id":1,"bbox":[90,70,120,60],"area":7200,"keypoints":[)") + kp + "]}]}";
  auto pred = R"([{"image_id":"img-a","category_id":1,"score":1,"keypoints":[)" + kp + "]}]";
  auto o = test::run_score("coco_keypoints_map", truth, pred);
  ASSERT_TRUE(o.ok) << o.errors_json().dump();
  EXPECT_NEAR(o.result["score"].get<double>(), 1.0, 1e-12);
  auto wrong = test::run_score("coco_keypoints_map", truth, pred, {{"sigmas", "coco"}});
  ASSERT_FALSE(wrong.ok);
  EXPECT_NE(wrong.errors_json().dump().find("sigmas=aic has 14"), std::string::npos);
}

TEST(CocoInput, ProblemsAreLocated) {
  auto bad_json = test::run_score("coco_bbox_map", kBoxes, "[\n  {\"image_id\": 7,\n   \"bbox\": [1,2,3,4] oops}\n]");
  ASSERT_FALSE(bad_json.ok);
  EXPECT_EQ(bad_json.errors.kept()[0].line, 3u);
  auto unknown = test::run_score("coco_bbox_map", kBoxes, R"([{"image_id":8,"category_id":1,"bbox":[0,0,1,1],"score":1},
                                                 {"image_id":7,"category_id":1,"bbox":[0,0,-1,1],"score":1}])");
  ASSERT_FALSE(unknown.ok);
  auto m = unknown.errors_json().dump();
  EXPECT_NE(m.find("[0]: image_id is missing or not one of the truth's images"), std::string::npos) << m;
  EXPECT_NE(m.find("[1]: bbox width and height must not be negative"), std::string::npos) << m;
}

TEST(CocoSplit, PublicAndPrivateAreSplitByImage) {
  std::string truth = R"({"categories":[{"id":1}],"images":[)", anns, pred = "[";
  for (int i = 1; i <= 40; ++i) {
    truth += (i > 1 ? "," : "") + std::string("{\"id\":") + std::to_string(i) + "}";
    anns += (i > 1 ? "," : "") + std::string("{\"id\":") + std::to_string(i) + ",\"image_id\":" + std::to_string(i) +
            ",\"category_id\":1,\"bbox\":[0,0,50,50],\"area\":2500}";
    pred += (i > 1 ? "," : "") + std::string("{\"image_id\":") + std::to_string(i) + ",\"category_id\":1,\"bbox\":[0,0,50," +
            (i % 2 ? "50" : "20") + "],\"score\":0.5}";
  }
  truth += "],\"annotations\":[" + anns + "]}";
  pred += "]";
  ScoreRequest r;
  r.metric = "coco_bbox_map";
  r.truth = truth;
  r.pred = pred;
  r.public_fraction = 0.5;
  r.split_seed = 11;
  auto o = score(r);
  ASSERT_TRUE(o.ok) << o.errors_json().dump();
  EXPECT_EQ(o.result["public"]["rows"].get<int>() + o.result["private"]["rows"].get<int>(), 40);
}

}  // namespace aigc::scoring

namespace aigc::scoring {

namespace {

// Two images, one truth box each; both detections have the same score, the one on image
// "10" hits, the one on image "9" misses. accumulate() ranks all detections by a stable
// sort in image-id order, so the id order decides which of the tied pair counts first.
std::string tied_pair(const std::string& id9, const std::string& id10) {
  return R"({"images":[{"id":)" + id9 + R"(},{"id":)" + id10 + R"(}],"categories":[{"id":1}],"annotations":[
    {"id":1,"image_id":)" + id9 + R"(,"category_id":1,"bbox":[0,0,10,10],"area":100,"iscrowd":0},
    {"id":2,"image_id":)" + id10 + R"(,"category_id":1,"bbox":[0,0,10,10],"area":100,"iscrowd":0}]})";
}
std::string tied_results(const std::string& id9, const std::string& id10) {
  return R"([{"image_id":)" + id9 + R"(,"category_id":1,"bbox":[50,50,10,10],"score":0.5},
             {"image_id":)" + id10 + R"(,"category_id":1,"bbox":[0,0,10,10],"score":0.5}])";
}

}  // namespace

TEST(CocoIds, StringImageIdsSortAsStringsAndThatOrderBreaksScoreTies) {
  // Strings: "10" < "9", so the hit ranks first: precision 1 up to recall 0.5 -> 51/101.
  auto strings = test::run_score("coco_bbox_map", tied_pair("\"9\"", "\"10\""), tied_results("\"9\"", "\"10\""));
  ASSERT_TRUE(strings.ok) << strings.errors_json().dump();
  EXPECT_DOUBLE_EQ(strings.result["score"].get<double>(), 51.0 / 101);
  // Numbers: 9 < 10, the miss ranks first: precision 0.5 at every recall point up to 0.5.
  auto numbers = test::run_score("coco_bbox_map", tied_pair("9", "10"), tied_results("9", "10"));
  ASSERT_TRUE(numbers.ok) << numbers.errors_json().dump();
  EXPECT_DOUBLE_EQ(numbers.result["score"].get<double>(), 0.5 * 51 / 101);
}

TEST(CocoIds, IntegerIdsAreExactPast2To53AndOneEqualsOnePointZero) {
  // 2^53 and 2^53 + 1 are one double but two images in pycocotools.
  auto o = test::run_score("coco_bbox_map", tied_pair("9007199254740992", "9007199254740993"),
                           tied_results("9007199254740992", "9007199254740993"));
  ASSERT_TRUE(o.ok) << o.errors_json().dump();
  EXPECT_EQ(o.result["rows"].get<int>(), 2);
  EXPECT_DOUBLE_EQ(o.result["score"].get<double>(), 0.5 * 51 / 101);
  // An annotation's image_id 7.0 is image 7, as it is one dict key in Python.
  auto same = test::run_score("coco_bbox_map", R"({"images":[{"id":7}],"categories":[{"id":1}],"annotations":[
      {"id":1,"image_id":7.0,"category_id":1,"bbox":[0,0,10,10],"area":100,"iscrowd":0}]})",
                              R"([{"image_id":7,"category_id":1,"bbox":[0,0,10,10],"score":0.5}])");
  ASSERT_TRUE(same.ok) << same.errors_json().dump();
  EXPECT_DOUBLE_EQ(same.result["score"].get<double>(), 1.0);
}

TEST(CocoIds, AMixOfNumberAndStringImageIdsIsRefusedWithAReason) {
  auto o = test::run_score("coco_bbox_map", tied_pair("9", "\"10\""), tied_results("9", "\"10\""));
  ASSERT_FALSE(o.ok);
  EXPECT_NE(o.errors_json().dump().find("all numbers or all strings"), std::string::npos) << o.errors_json().dump();
}

TEST(CocoKeypoints, ResultsWithABoxTakeTheirAreaFromTheBoxAsLoadResDoes) {
  // Truth: one medium person (area 2000). Detection 1 (0.9) has its keypoints exactly;
  // detection 2 (0.95) is far away with its points 10 px apart. loadRes takes areas from
  // the boxes when the first result has one: detection 2's box is 50 x 50 = 2500, medium,
  // so in the medium range it is a false positive ranked first: APm = 0.5. Spanned by its
  // keypoints its area would be 100, outside the range and ignored: APm = 1.
  std::string kp, far_kp;
  for (int j = 0; j < 17; ++j) {
    kp += (j ? "," : "") + std::to_string(100 + 2 * j) + "," + std::to_string(100 + j) + ",2";
    far_kp += (j ? "," : "") + std::to_string(900 + (j % 2) * 10) + "," + std::to_string(900 + (j / 2 % 2) * 10) + ",1";
  }
  std::string truth = R"({"images":[{"id":1}],"categories":[{"id":1}],"annotations":[{"id":1,"image_id":1,"category_id":1,
      "bbox":[90,90,60,40],"area":2000,"iscrowd":0,"num_keypoints":17,"keypoints":[)" + kp + "]}]}";
  auto with_box = test::run_score("coco_keypoints_map", truth,
                                  R"([{"image_id":1,"category_id":1,"score":0.95,"bbox":[0,0,50,50],"keypoints":[)" + far_kp +
                                      R"(]},{"image_id":1,"category_id":1,"score":0.9,"bbox":[90,90,60,40],"keypoints":[)" + kp + "]}]");
  ASSERT_TRUE(with_box.ok) << with_box.errors_json().dump();
  EXPECT_DOUBLE_EQ(with_box.result["details"]["APm"].get<double>(), 0.5);
  auto without = test::run_score("coco_keypoints_map", truth,
                                 R"([{"image_id":1,"category_id":1,"score":0.95,"keypoints":[)" + far_kp +
                                     R"(]},{"image_id":1,"category_id":1,"score":0.9,"keypoints":[)" + kp + "]}]");
  ASSERT_TRUE(without.ok) << without.errors_json().dump();
  EXPECT_DOUBLE_EQ(without.result["details"]["APm"].get<double>(), 1.0);
}

TEST(CocoKeypoints, CocoSigmasAreTenthsDividedByTenAsCocoevalComputesThem) {
  auto s = keypoint_sigmas("coco");
  ASSERT_EQ(s.size(), 17u);
  EXPECT_EQ(s[0], .26 / 10.0);
  EXPECT_NE(s[0], .026);  // the literal is one bit away
  EXPECT_EQ(s[3], .35 / 10.0);
  EXPECT_EQ(s[11], 1.07 / 10.0);
}

}  // namespace aigc::scoring

namespace aigc::scoring {

namespace {

std::string aic_pose(double x, double y, int v) {
  std::string s;
  for (int j = 0; j < 14; ++j) s += (j ? "," : "") + std::to_string(x + j) + "," + std::to_string(y + j) + "," + std::to_string(v);
  return "[" + s + "]";
}

}  // namespace

TEST(AicKeypoints, ScoresTheOfficialWayAndCountsMissingImagesAgainstTheSubmission) {
  // Image a: two truth people, one predicted exactly (OKS 1) -> 1 match, max(2, 1) = 2.
  // Image b: one truth person, not in the submission -> 0 matches, counts 1.
  // Every threshold: 1 / 3.
  std::string truth = R"([{"image_id":"a","human_annotations":{"human1":[0,0,100,200],"human2":[300,300,400,500]},
      "keypoint_annotations":{"human1":)" + aic_pose(10, 10, 1) + R"(,"human2":)" + aic_pose(310, 310, 1) + R"(}},
    {"image_id":"b","human_annotations":{"human1":[0,0,10,10]},"keypoint_annotations":{"human1":)" + aic_pose(1, 1, 1) + "}}]";
  auto o = test::run_score("aic_keypoints", truth, R"([{"image_id":"a.jpg","keypoint_annotations":{"p":)" + aic_pose(10, 10, 1) + "}}]");
  ASSERT_TRUE(o.ok) << o.errors_json().dump();
  EXPECT_NEAR(o.result["score"].get<double>(), 1.0 / 3, 1e-15);
  EXPECT_EQ(o.result["details"]["images_missing"].get<int>(), 1);
}

TEST(AicKeypoints, InputProblemsSayWhatToFix) {
  auto o = test::run_score("aic_keypoints",
                           R"([{"image_id":"a.jpg","human_annotations":{},"keypoint_annotations":{}},
                               {"image_id":"b","human_annotations":{},"keypoint_annotations":{"human1":)" + aic_pose(1, 1, 1) + "}}]",
                           "[]");
  ASSERT_FALSE(o.ok);
  auto text = o.errors_json().dump();
  EXPECT_NE(text.find("contains a '.'"), std::string::npos) << text;
  EXPECT_NE(text.find("person human1 has keypoints but no box"), std::string::npos) << text;
  auto bad = test::run_score("aic_keypoints", R"([{"image_id":"a","human_annotations":{"h":[0,0,1,1]},"keypoint_annotations":{"h":[1,2,1]}}])", "[]");
  ASSERT_FALSE(bad.ok);
  EXPECT_NE(bad.errors_json().dump().find("14 x, y, v triples"), std::string::npos) << bad.errors_json().dump();
}

}  // namespace aigc::scoring
