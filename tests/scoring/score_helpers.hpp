// Shared by the scoring tests: score two in-memory files with a metric.
#pragma once

#include <string>

#include "scoring/scorer.hpp"

namespace aigc::scoring::test {

inline ScoreOutcome run_score(const std::string& metric, const std::string& truth, const std::string& pred,
                              Params params = {}) {
  ScoreRequest r;
  r.metric = metric;
  r.truth = truth;
  r.pred = pred;
  r.params = std::move(params);
  return score(r);
}

}  // namespace aigc::scoring::test
