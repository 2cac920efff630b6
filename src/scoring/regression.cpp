// Regression metrics as scikit-learn 1.2.1 computes them (sklearn/metrics/_regression.py).
#include <cmath>
#include <limits>

#include "scoring/metric.hpp"

namespace aigc::scoring {

namespace {

double mean_squared(const Dataset& d, RowSet rows, bool logs) {
  double sum = 0;
  for (auto r : rows) {
    double e = logs ? std::log1p(d.v_true[r]) - std::log1p(d.v_pred[r]) : d.v_true[r] - d.v_pred[r];
    sum += e * e;
  }
  return sum / static_cast<double>(rows.size());
}

}  // namespace

bool rmse(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  double mse = mean_squared(d, rows, false);
  out.score = std::sqrt(mse);
  out.details["mse"] = mse;
  return true;
}

bool mae(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  double sum = 0;
  for (auto r : rows) sum += std::abs(d.v_pred[r] - d.v_true[r]);
  out.score = sum / static_cast<double>(rows.size());
  return true;
}

bool r2(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  if (rows.size() < 2) {  // as sklearn: NaN, with a warning
    out.score = std::numeric_limits<double>::quiet_NaN();
    out.details["note"] = "R^2 score is not well-defined with less than two samples.";
    return true;
  }
  double mean = 0;
  for (auto r : rows) mean += d.v_true[r];
  mean /= static_cast<double>(rows.size());
  double num = 0, den = 0;
  for (auto r : rows) {
    double e = d.v_true[r] - d.v_pred[r], m = d.v_true[r] - mean;
    num += e * e;
    den += m * m;
  }
  // sklearn's force_finite: constant truth scores 1.0 when predicted exactly, else 0.0.
  if (den == 0) out.score = num == 0 ? 1.0 : 0.0;
  else out.score = 1.0 - num / den;
  return true;
}

bool rmsle(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string& error) {
  for (auto r : rows)
    if (d.v_true[r] < 0 || d.v_pred[r] < 0) {
      error = "Mean Squared Logarithmic Error cannot be used when targets contain negative values (id '" +
              std::string(d.ids[r]) + "').";
      return false;
    }
  double msle = mean_squared(d, rows, true);
  out.score = std::sqrt(msle);
  out.details["msle"] = msle;
  return true;
}

bool mape(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  const double eps = std::numeric_limits<double>::epsilon();
  double sum = 0;
  for (auto r : rows) sum += std::abs(d.v_pred[r] - d.v_true[r]) / std::max(std::abs(d.v_true[r]), eps);
  out.score = sum / static_cast<double>(rows.size());
  return true;
}

}  // namespace aigc::scoring
