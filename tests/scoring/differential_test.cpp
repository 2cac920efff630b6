// Differential tests: the engine against scikit-learn 1.2 and NLTK's corpus BLEU (Debian's
// /usr/bin/python3) on
// hundreds of seeded random cases, including degenerate ones. Equal to 1e-9 relative;
// where scikit-learn refuses the data, the engine must refuse it too.
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

json run_oracle(int cases) {
  auto dir = std::filesystem::temp_directory_path() / ("aigc-oracle-" + std::to_string(::getpid()));
  std::string cmd = "/usr/bin/python3 " + std::string(AIGC_SOURCE_DIR) + "/tests/scoring/oracle.py " + dir.string() + " " +
                    std::to_string(cases) + " > /dev/null";
  if (std::system(cmd.c_str()) != 0) throw std::runtime_error("oracle failed: " + cmd);
  return json::parse(read((dir / "manifest.json").string()));
}

void expect_same(const json& expected, const json& actual, const std::string& what) {
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
  EXPECT_NEAR(a, e, 1e-9 * std::max(1.0, std::abs(e))) << what;
}

bool is_error(const json& v) { return v.is_object() && v.contains("error"); }

}  // namespace

TEST(ScoringDifferential, MatchesScikitLearnOnSeededRandomCases) {
  auto cases = run_oracle(320);
  ASSERT_GT(cases.size(), 1500u);
  int compared = 0, refused = 0;
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
      EXPECT_FALSE(out.ok) << what << ": scikit-learn refused (" << c["expected"].dump() << ") but the engine scored "
                           << out.result.dump();
      ++refused;
      continue;
    }
    ASSERT_TRUE(out.ok) << what << ": " << out.errors_json().dump();
    expect_same(c["expected"], out.result["score"], what);
    if (split) {
      expect_same(c["expected_public"], out.result["public"]["score"], what + " (public)");
      expect_same(c["expected_private"], out.result["private"]["score"], what + " (private)");
    }
    ++compared;
  }
  EXPECT_GT(compared, 1400);
  EXPECT_GT(refused, 5);
}

}  // namespace aigc::scoring
