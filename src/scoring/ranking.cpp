// Ranking and retrieval metrics with Kaggle's definitions (Ben Hamner's ml_metrics, which
// Kaggle's MAP@K evaluations use): duplicates in a prediction count once; an empty
// relevant set scores 0. NDCG uses binary relevance and log2 discounts.
#include <cmath>
#include <unordered_set>

#include "scoring/metric.hpp"

namespace aigc::scoring {

namespace {

bool read_k(const Params& p, int fallback, int& k, std::string& error) { return param_int(p, "k", fallback, 1, 1000000, k, error); }

}  // namespace

bool map_at_k(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  int k;
  if (!read_k(params, 10, k, error)) return false;
  double total = 0;
  for (auto r : rows) {
    const auto& actual = d.references[r];
    const auto& pred = d.predicted[r];
    if (actual.empty()) continue;  // apk returns 0.0
    std::unordered_set<std::string_view> relevant(actual.begin(), actual.end()), seen;
    double score = 0, hits = 0;
    for (std::size_t i = 0; i < pred.size() && i < static_cast<std::size_t>(k); ++i) {
      if (relevant.count(pred[i]) && seen.insert(pred[i]).second) {
        hits += 1;
        score += hits / static_cast<double>(i + 1);
      }
    }
    total += score / static_cast<double>(std::min<std::size_t>(actual.size(), static_cast<std::size_t>(k)));
  }
  out.score = total / static_cast<double>(rows.size());
  out.details["k"] = k;
  return true;
}

bool ndcg_at_k(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  int k;
  if (!read_k(params, 10, k, error)) return false;
  double total = 0;
  for (auto r : rows) {
    std::unordered_set<std::string_view> relevant(d.references[r].begin(), d.references[r].end()), seen;
    double dcg = 0, idcg = 0;
    const auto& pred = d.predicted[r];
    for (std::size_t i = 0; i < pred.size() && i < static_cast<std::size_t>(k); ++i)
      if (relevant.count(pred[i]) && seen.insert(pred[i]).second) dcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
    for (std::size_t i = 0; i < relevant.size() && i < static_cast<std::size_t>(k); ++i)
      idcg += 1.0 / std::log2(static_cast<double>(i) + 2.0);
    total += idcg == 0 ? 0.0 : dcg / idcg;
  }
  out.score = total / static_cast<double>(rows.size());
  out.details["k"] = k;
  return true;
}

bool mrr(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  int k;
  if (!read_k(params, 1000000, k, error)) return false;
  double total = 0;
  for (auto r : rows) {
    std::unordered_set<std::string_view> relevant(d.references[r].begin(), d.references[r].end());
    const auto& pred = d.predicted[r];
    for (std::size_t i = 0; i < pred.size() && i < static_cast<std::size_t>(k); ++i)
      if (relevant.count(pred[i])) {
        total += 1.0 / static_cast<double>(i + 1);
        break;
      }
  }
  out.score = total / static_cast<double>(rows.size());
  return true;
}

}  // namespace aigc::scoring
