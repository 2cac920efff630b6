// Every metric the engine offers, by its stable name (used by the CLI and competitions):
// what input it reads, its parameters, which direction is better, and its reference.
#pragma once

#include <string>
#include <vector>

#include "scoring/metric.hpp"

namespace aigc::scoring {

struct ParamSpec {
  std::string name;
  std::string description;  // with the default
};

struct MetricSpec {
  std::string name;
  std::string family;  // classification, regression, ranking, text
  InputKind kind;
  bool probabilities = false;
  bool higher_is_better = true;
  std::vector<ParamSpec> params;
  std::string input;      // what the truth and prediction files hold
  std::string reference;  // the implementation it matches
  MetricFn fn = nullptr;
};

const std::vector<MetricSpec>& all_metrics();
const MetricSpec* find_metric(const std::string& name);

}  // namespace aigc::scoring
