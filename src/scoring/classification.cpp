// Classification metrics as scikit-learn 1.2.1 computes them (sklearn/metrics/_classification.py
// and _ranking.py): labels are those present in y_true or y_pred of the rows scored,
// sorted; zero_division gives 0; binary averaging uses pos_label (default "1").
#include <algorithm>
#include <cstring>
#include <thread>
#include <type_traits>
#include <cmath>
#include <limits>
#include <numeric>

#include "scoring/metric.hpp"
#include "scoring/radix_sort.hpp"

namespace aigc::scoring {

std::string param_or(const Params& p, const std::string& key, const std::string& fallback) {
  auto it = p.find(key);
  return it == p.end() ? fallback : it->second;
}

bool param_bool(const Params& p, const std::string& key, bool fallback, bool& out, std::string& error) {
  auto v = param_or(p, key, fallback ? "true" : "false");
  if (v == "true" || v == "1" || v == "yes") { out = true; return true; }
  if (v == "false" || v == "0" || v == "no") { out = false; return true; }
  error = "parameter " + key + " must be true or false, got '" + v + "'";
  return false;
}

bool param_int(const Params& p, const std::string& key, int fallback, int min, int max, int& out, std::string& error) {
  auto it = p.find(key);
  if (it == p.end()) { out = fallback; return true; }
  double v;
  if (!parse_number(it->second, v) || v != std::floor(v) || v < min || v > max) {
    error = "parameter " + key + " must be a whole number from " + std::to_string(min) + " to " + std::to_string(max) +
            ", got '" + it->second + "'";
    return false;
  }
  out = static_cast<int>(v);
  return true;
}

namespace {

// Confusion matrix over the labels present in the scored rows (as sklearn's unique_labels).
struct Confusion {
  std::vector<std::int32_t> labels;  // dataset class index of each present label
  std::vector<double> m;             // labels x labels, row = true
  std::size_t k() const { return labels.size(); }
  double at(std::size_t t, std::size_t p) const { return m[t * k() + p]; }
};

Confusion confusion(const Dataset& d, RowSet rows) {
  const std::size_t K = d.classes.size();
  std::vector<std::uint64_t> full(K * K, 0);
  for (auto r : rows) ++full[static_cast<std::size_t>(d.y_true[r]) * K + static_cast<std::size_t>(d.y_pred[r])];
  std::vector<std::uint8_t> present(K, 0);
  for (std::size_t t = 0; t < K; ++t)
    for (std::size_t p = 0; p < K; ++p)
      if (full[t * K + p]) present[t] = present[p] = 1;
  Confusion c;
  std::vector<std::size_t> pos(K);
  for (std::size_t i = 0; i < K; ++i)
    if (present[i]) { pos[i] = c.labels.size(); c.labels.push_back(static_cast<std::int32_t>(i)); }
  c.m.assign(c.k() * c.k(), 0.0);
  for (std::size_t t = 0; t < K; ++t)
    for (std::size_t p = 0; p < K; ++p)
      if (full[t * K + p]) c.m[pos[t] * c.k() + pos[p]] = static_cast<double>(full[t * K + p]);
  return c;
}

enum class Which { precision, recall, f1 };

bool prf(const Dataset& d, RowSet rows, const Params& params, Which which, MetricValue& out, std::string& error) {
  auto average = param_or(params, "average", "binary");
  if (average != "binary" && average != "macro" && average != "micro" && average != "weighted") {
    error = "parameter average must be binary, macro, micro or weighted, got '" + average + "'";
    return false;
  }
  auto c = confusion(d, rows);
  std::vector<std::size_t> use;  // indices into c.labels
  if (average == "binary") {
    if (c.k() > 2) {
      error = "Target is multiclass but average='binary'. Please choose another average setting, one of "
              "[None, 'micro', 'macro', 'weighted'].";
      return false;
    }
    auto pos_label = param_or(params, "pos_label", "1");
    int found = -1;
    for (std::size_t i = 0; i < c.k(); ++i)
      if (d.classes[static_cast<std::size_t>(c.labels[i])] == pos_label) found = static_cast<int>(i);
    if (found < 0) {
      if (c.k() >= 2) {
        error = "pos_label=" + pos_label + " is not a valid label: use --param pos_label=<one of the labels>";
        return false;
      }
      out.score = 0;  // the positive label never occurs: every count is zero
      return true;
    }
    use.push_back(static_cast<std::size_t>(found));
  } else {
    for (std::size_t i = 0; i < c.k(); ++i) use.push_back(i);
  }
  const std::size_t K = c.k();
  std::vector<double> tp(use.size()), pred_sum(use.size()), true_sum(use.size());
  for (std::size_t u = 0; u < use.size(); ++u) {
    std::size_t i = use[u];
    tp[u] = c.at(i, i);
    for (std::size_t j = 0; j < K; ++j) {
      pred_sum[u] += c.at(j, i);
      true_sum[u] += c.at(i, j);
    }
  }
  if (average == "micro") {
    tp = {std::accumulate(tp.begin(), tp.end(), 0.0)};
    pred_sum = {std::accumulate(pred_sum.begin(), pred_sum.end(), 0.0)};
    true_sum = {std::accumulate(true_sum.begin(), true_sum.end(), 0.0)};
  }
  const std::size_t n = tp.size();
  std::vector<double> p(n), r(n), f(n);
  for (std::size_t i = 0; i < n; ++i) {
    p[i] = pred_sum[i] == 0 ? 0.0 : tp[i] / pred_sum[i];
    r[i] = true_sum[i] == 0 ? 0.0 : tp[i] / true_sum[i];
    double denom = p[i] + r[i];
    f[i] = 2 * p[i] * r[i] / (denom == 0.0 ? 1.0 : denom);
  }
  const auto& v = which == Which::precision ? p : which == Which::recall ? r : f;
  double score;
  if (average == "weighted") {
    double wsum = std::accumulate(true_sum.begin(), true_sum.end(), 0.0), acc = 0;
    for (std::size_t i = 0; i < n; ++i) acc += v[i] * true_sum[i];
    score = wsum == 0 ? 0.0 : acc / wsum;
  } else {
    score = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(n);
  }
  out.score = score;
  if (average != "micro") {
    nlohmann::json per = nlohmann::json::object();
    for (std::size_t u = 0; u < use.size(); ++u)
      per[d.classes[static_cast<std::size_t>(c.labels[use[u]])]] = {{"precision", p[u]}, {"recall", r[u]}, {"f1", f[u]}, {"support", true_sum[u]}};
    out.details["per_class"] = per;
  }
  out.details["average"] = average;
  return true;
}

// Binary ROC AUC as the Mann-Whitney statistic: for each positive, the negatives scored
// lower count 1 and those tied count 1/2. This is the same area as sklearn's roc_curve +
// auc (trapezoids, tied scores forming one step), computed on exact counts and divided
// once. `keys` holds the positives' score keys first (n_pos of them), then the negatives'.
// Keys are order keys of doubles (order_key) or fixed scores, whose order is the same.
void sort_keys(std::uint64_t* v, std::size_t n, std::uint64_t* tmp) { sort_score_keys(v, n, tmp); }
void sort_keys(std::uint32_t* v, std::size_t n, std::uint32_t* tmp) { sort_fixed_keys(v, n, tmp); }

template <class Key>
double binary_auc(Column<Key>& keys, std::size_t n_pos, Column<Key>& tmp) {
  const std::size_t n_neg = keys.size() - n_pos;
  tmp.resize(keys.size());
  sort_keys(keys.data(), n_pos, tmp.data());
  sort_keys(keys.data() + n_pos, n_neg, tmp.data());
  const Key *pos = keys.data(), *neg = keys.data() + n_pos;
  double u = 0;
  std::size_t below = 0;
  for (std::size_t i = 0; i < n_pos;) {
    std::size_t j = i;
    while (j < n_pos && pos[j] == pos[i]) ++j;
    while (below < n_neg && neg[below] < pos[i]) ++below;
    std::size_t tied = below;
    while (tied < n_neg && neg[tied] == pos[i]) ++tied;
    u += static_cast<double>(j - i) * (static_cast<double>(below) + 0.5 * static_cast<double>(tied - below));
    i = j;
  }
  return u / (static_cast<double>(n_pos) * static_cast<double>(n_neg));
}

// For counts that do not depend on the order of the rows: given every row, they are read
// in storage order, which is sequential memory even where the truth's order is not (a
// shuffled prediction of scores is stored in its own order; see Dataset::truth_order).
template <class F>
void for_each_row_in_any_order(const Dataset& d, RowSet rows, F&& f) {
  if (rows.size() == d.rows) {
    for (std::uint32_t r = 0; r < d.rows; ++r) f(r);
  } else {
    for (auto r : rows) f(r);
  }
}

// Score keys of the rows for class c, positives (label == positive) first: the fixed
// scores themselves when the dataset has them (std::uint32_t keys), else order keys.
template <class Key>
std::size_t split_keys(const Dataset& d, RowSet rows, std::size_t c, std::int32_t positive, Column<Key>& keys) {
  keys.resize(rows.size());
  std::size_t front = 0, back = rows.size();
  for_each_row_in_any_order(d, rows, [&](std::uint32_t r) {
    Key k;
    if constexpr (std::is_same_v<Key, std::uint32_t>) k = d.fixed_scores[d.score_index(r, c)];
    else k = order_key(d.score(r, c));
    if (d.y_true[r] == positive) keys[front++] = k;
    else keys[--back] = k;
  });
  return front;
}

// ROC AUC of each class against the rest, for the given classes.
template <class Key>
void one_vs_rest_aucs(const Dataset& d, RowSet rows, std::size_t first, std::size_t step, std::vector<double>& aucs) {
  Column<Key> mine, scratch;
  for (std::size_t c = first; c < aucs.size(); c += step) {
    auto n_pos = split_keys(d, rows, c, static_cast<std::int32_t>(c), mine);
    aucs[c] = binary_auc(mine, n_pos, scratch);
  }
}

}  // namespace

bool accuracy(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  std::size_t hits = 0;
  for (auto r : rows) hits += d.y_true[r] == d.y_pred[r];
  out.score = static_cast<double>(hits) / static_cast<double>(rows.size());
  out.details["correct"] = hits;
  return true;
}

bool precision(const Dataset& d, RowSet rows, const Params& p, MetricValue& o, std::string& e) { return prf(d, rows, p, Which::precision, o, e); }
bool recall(const Dataset& d, RowSet rows, const Params& p, MetricValue& o, std::string& e) { return prf(d, rows, p, Which::recall, o, e); }
bool f1(const Dataset& d, RowSet rows, const Params& p, MetricValue& o, std::string& e) { return prf(d, rows, p, Which::f1, o, e); }

bool balanced_accuracy(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  auto c = confusion(d, rows);
  double sum = 0;
  std::size_t n = 0;
  for (std::size_t i = 0; i < c.k(); ++i) {
    double support = 0;
    for (std::size_t j = 0; j < c.k(); ++j) support += c.at(i, j);
    if (support == 0) continue;  // a class only predicted: sklearn drops its NaN recall
    sum += c.at(i, i) / support;
    ++n;
  }
  out.score = sum / static_cast<double>(n);
  return true;
}

bool mcc(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  auto c = confusion(d, rows);
  const std::size_t K = c.k();
  std::vector<double> t_sum(K, 0), p_sum(K, 0);
  double n_correct = 0;
  for (std::size_t i = 0; i < K; ++i) {
    n_correct += c.at(i, i);
    for (std::size_t j = 0; j < K; ++j) {
      t_sum[i] += c.at(i, j);
      p_sum[j] += c.at(i, j);
    }
  }
  double n = std::accumulate(p_sum.begin(), p_sum.end(), 0.0);
  double tp = 0, pp = 0, tt = 0;
  for (std::size_t i = 0; i < K; ++i) {
    tp += t_sum[i] * p_sum[i];
    pp += p_sum[i] * p_sum[i];
    tt += t_sum[i] * t_sum[i];
  }
  double cov_ytyp = n_correct * n - tp, cov_ypyp = n * n - pp, cov_ytyt = n * n - tt;
  out.score = cov_ypyp * cov_ytyt == 0 ? 0.0 : cov_ytyp / std::sqrt(cov_ytyt * cov_ypyp);
  return true;
}

bool cohen_kappa(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  auto weights = param_or(params, "weights", "none");
  if (weights != "none" && weights != "linear" && weights != "quadratic") {
    error = "parameter weights must be none, linear or quadratic, got '" + weights + "'";
    return false;
  }
  auto c = confusion(d, rows);
  const std::size_t K = c.k();
  std::vector<double> sum0(K, 0), sum1(K, 0);
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = 0; j < K; ++j) {
      sum0[j] += c.at(i, j);  // column sums (predicted)
      sum1[i] += c.at(i, j);  // row sums (true)
    }
  double total = std::accumulate(sum0.begin(), sum0.end(), 0.0);
  double num = 0, den = 0;
  for (std::size_t i = 0; i < K; ++i)
    for (std::size_t j = 0; j < K; ++j) {
      double w = weights == "none" ? (i == j ? 0.0 : 1.0)
                 : weights == "linear" ? std::abs(static_cast<double>(i) - static_cast<double>(j))
                                       : (static_cast<double>(i) - static_cast<double>(j)) * (static_cast<double>(i) - static_cast<double>(j));
      double expected = sum0[i] * sum1[j] / total;  // sklearn: np.outer(sum0, sum1) / sum(sum0)
      num += w * c.at(i, j);
      den += w * expected;
    }
  out.score = 1.0 - num / den;
  out.details["weights"] = weights;
  return true;
}

bool top_k_accuracy(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  const std::size_t K = d.classes.size();
  int k;
  if (!param_int(params, "k", 2, 1, static_cast<int>(std::max<std::size_t>(K, 1)), k, error)) return false;
  std::size_t hits = 0;
  if (K == 2) {
    // Binary, as sklearn: k=1 thresholds the greater label's score at 0.5 (0 when the
    // scores are not all within [0,1]); k=2 always hits.
    double lo = 1, hi = 0;
    for (auto r : rows) { lo = std::min(lo, d.score(r, 1)); hi = std::max(hi, d.score(r, 1)); }
    double threshold = lo >= 0 && hi <= 1 ? 0.5 : 0.0;
    for (auto r : rows) hits += k >= 2 || (d.score(r, 1) > threshold) == (d.y_true[r] == 1);
    out.score = static_cast<double>(hits) / static_cast<double>(rows.size());
    out.details["k"] = k;
    return true;
  }
  for_each_row_in_any_order(d, rows, [&](std::uint32_t r) {
    auto t = static_cast<std::size_t>(d.y_true[r]);
    const double s_t = d.score(r, t);
    // sklearn ranks by a stable ascending sort, reversed: ties go to the higher column.
    std::size_t ahead = 0;
    for (std::size_t j = 0; j < K; ++j)
      if (double s_j = d.score(r, j); s_j > s_t || (s_j == s_t && j > t)) ++ahead;
    hits += ahead < static_cast<std::size_t>(k);
  });
  out.score = static_cast<double>(hits) / static_cast<double>(rows.size());
  out.details["k"] = k;
  return true;
}

bool roc_auc(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string& error) {
  const std::size_t K = d.classes.size();
  std::vector<std::uint8_t> present(K, 0);
  for_each_row_in_any_order(d, rows, [&](std::uint32_t r) { present[static_cast<std::size_t>(d.y_true[r])] = 1; });
  std::size_t n_present = static_cast<std::size_t>(std::count(present.begin(), present.end(), 1));
  if (n_present < 2) {
    error = "Only one class present in y_true. ROC AUC score is not defined in that case.";
    return false;
  }
  std::vector<double> aucs(K);
  auto work = [&](std::size_t first, std::size_t step) {
    if (d.fixed_scores.empty()) one_vs_rest_aucs<std::uint64_t>(d, rows, first, step, aucs);
    else one_vs_rest_aucs<std::uint32_t>(d, rows, first, step, aucs);
  };
  if (K == 2) {
    // Binary: the score of the greater label, as sklearn takes classes_[1] as positive.
    work(1, 1);
    out.score = aucs[1];
    out.details["positive_label"] = d.classes[1];
    return true;
  }
  if (n_present != K) {
    error = "Number of classes in y_true not equal to the number of columns in 'y_score'";
    return false;
  }
  for (auto r : d.scores_sum_to_one ? RowSet{} : rows) {
    double s = 0;
    for (std::size_t j = 0; j < K; ++j) s += d.score(r, j);
    if (!(std::abs(1.0 - s) <= 1e-8 + 1e-5 * std::abs(s))) {
      error = "Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes";
      return false;
    }
  }
  // One-vs-rest: each class is independent, so the classes are spread over the cores.
  std::size_t threads = rows.size() < 50000 ? 1 : std::min<std::size_t>(K, std::max(1u, std::thread::hardware_concurrency()));
  std::vector<std::thread> pool;
  for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t, threads);
  work(0, threads);
  for (auto& t : pool) t.join();
  double sum = 0;
  nlohmann::json per = nlohmann::json::object();
  for (std::size_t c = 0; c < K; ++c) {
    per[d.classes[c]] = aucs[c];
    sum += aucs[c];
  }
  out.score = sum / static_cast<double>(K);
  out.details["per_class"] = per;
  out.details["multi_class"] = "ovr";
  out.details["average"] = "macro";
  return true;
}

bool log_loss(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string& error) {
  const std::size_t K = d.classes.size();
  if (K < 2) {
    error = "y_true contains only one label (" + (K ? d.classes[0] : std::string()) +
            "). Please provide the true labels explicitly through the labels argument.";
    return false;
  }
  const double eps = std::numeric_limits<double>::epsilon();
  double total = 0;
  for (auto r : rows) {
    double sum = 0, p_true = 0;
    for (std::size_t j = 0; j < K; ++j) {
      double p = std::clamp(d.score(r, j), eps, 1 - eps);
      sum += p;
      if (static_cast<std::int32_t>(j) == d.y_true[r]) p_true = p;
    }
    total += -std::log(p_true / sum);
  }
  out.score = total / static_cast<double>(rows.size());
  return true;
}

}  // namespace aigc::scoring
