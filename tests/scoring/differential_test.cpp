// Differential tests: the engine against scikit-learn 1.2 and NLTK's corpus BLEU (Debian's
// /usr/bin/python3) on hundreds of seeded random cases, including degenerate ones, equal to
// 1e-9 relative (where scikit-learn refuses the data, the engine must refuse it too); and
// against the reference scripts re-stated in oracle_references.py (SQuAD v1.1, CMRC 2018
// with NLTK's tokenizer, AI Challenger 2017 keypoints) on awkward inputs, equal to the bit.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "scoring/scorer.hpp"

namespace aigc::scoring {

using nlohmann::json;

namespace {

std::string read(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream ss;
  ss << f.rdbuf();
  return ss.str();
}

json run_oracle(const std::string& script, int cases) {
  auto dir = std::filesystem::temp_directory_path() / ("aigc-" + script + "-" + std::to_string(::getpid()));
  std::string cmd = "/usr/bin/python3 " + std::string(AIGC_SOURCE_DIR) + "/tests/scoring/" + script + ".py " + dir.string() +
                    " " + std::to_string(cases) + " > /dev/null";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("oracle failed: " + cmd);
  return json::parse(read((dir / "manifest.json").string()));
}

void expect_same(const json& expected, const json& actual, const std::string& what, double tolerance = 1e-9) {
  if (expected.is_null()) {
    EXPECT_TRUE(actual.is_null()) << what << ": expected an empty split, got " << actual.dump();
    return;
  }
  ASSERT_TRUE(actual.is_number()) << what << ": expected " << expected.dump() << ", got " << actual.dump();
  double a = actual.get<double>();
  if (expected.is_string()) {  // "nan": scikit-learn's 0/0
    EXPECT_TRUE(std::isnan(a)) << what << ": expected NaN, got " << a;
    return;
  }
  double e = expected.get<double>();
  EXPECT_NEAR(a, e, tolerance * std::max(1.0, std::abs(e))) << what;
}

bool is_error(const json& v) { return v.is_object() && v.contains("error"); }

struct Tally {
  int compared = 0, refused = 0;
};

Tally compare_all(const json& cases, double tolerance) {
  Tally tally;
  for (const auto& c : cases) {
    std::string truth = read(c["truth"]), pred = read(c["pred"]);
    ScoreRequest req;
    req.metric = c["metric"];
    req.truth = truth;
    req.pred = pred;
    for (const auto& [k, v] : c["params"].items()) req.params[k] = v.get<std::string>();
    bool split = c.contains("public_fraction");
    if (split) {
      req.public_fraction = c["public_fraction"].get<double>();
      req.split_seed = c["split_seed"].get<std::uint64_t>();
    }
    auto out = score(req);
    std::string what = c["metric"].get<std::string>() + " " + c["params"].dump() + " on " + c["truth"].get<std::string>();
    bool refuses = is_error(c["expected"]) || (split && (is_error(c["expected_public"]) || is_error(c["expected_private"])));
    if (refuses) {
      EXPECT_FALSE(out.ok) << what << ": the reference refused (" << c["expected"].dump() << ") but the engine scored "
                           << out.result.dump();
      ++tally.refused;
      continue;
    }
    EXPECT_TRUE(out.ok) << what << ": " << out.errors_json().dump();
    if (!out.ok) continue;
    double tol = c.value("tolerance", tolerance);
    expect_same(c["expected"], out.result["score"], what, tol);
    if (split) {
      expect_same(c["expected_public"], out.result["public"]["score"], what + " (public)", tol);
      expect_same(c["expected_private"], out.result["private"]["score"], what + " (private)", tol);
    }
    ++tally.compared;
  }
  return tally;
}

}  // namespace

TEST(ScoringDifferential, MatchesScikitLearnOnSeededRandomCases) {
  auto cases = run_oracle("oracle", 320);
  ASSERT_GT(cases.size(), 1500u);
  auto tally = compare_all(cases, 1e-9);
  EXPECT_GT(tally.compared, 1400);
  EXPECT_GT(tally.refused, 5);
}

// SQuAD, CMRC, chrF, COCO boxes and the keypoint score are ratios of counts summed as the
// references sum them: the engine must give the reference's very bits. CIDEr-D and COCO
// keypoints are within 1e-12 (numpy's log and exp are not the C library's on every machine).
TEST(ScoringDifferential, MatchesTheReferenceScriptsOnAwkwardInputs) {
  auto cases = run_oracle("oracle_references", 350);
  ASSERT_GT(cases.size(), 550u);
  auto tally = compare_all(cases, 0.0);
  EXPECT_EQ(tally.compared, static_cast<int>(cases.size()));
}

}  // namespace aigc::scoring
