// The contract every metric implements: a pure function of the joined dataset, the rows
// to score (all, public or private) and the parameters. A metric that is undefined for
// the data (one class present for ROC AUC, negative targets for RMSLE) says so in `error`
// with the same wording as its reference implementation.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include <nlohmann/json.hpp>

#include "scoring/dataset.hpp"

namespace aigc::scoring {

// Distinct storage rows of the Dataset, in the truth's order.
using RowSet = std::span<const std::uint32_t>;

struct MetricValue {
  double score = 0;
  nlohmann::json details = nlohmann::json::object();
};

using MetricFn = bool (*)(const Dataset&, RowSet, const Params&, MetricValue&, std::string& error);

// Classification (classification.cpp)
bool accuracy(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool top_k_accuracy(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool precision(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool recall(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool f1(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool mcc(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool cohen_kappa(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool balanced_accuracy(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool roc_auc(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool log_loss(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
// Regression (regression.cpp)
bool rmse(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool mae(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool r2(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool rmsle(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool mape(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
// Ranking and retrieval (ranking.cpp)
bool map_at_k(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool ndcg_at_k(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool mrr(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
// Reading comprehension (squad.cpp)
bool squad_em(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool squad_f1(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);

// Text generation (text_metrics.cpp)
bool bleu(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool chrf(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool rouge_l(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool cider_d(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);

// Detection and pose (coco_eval.cpp)
bool coco_bbox_map(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
bool coco_keypoints_map(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);
// AI Challenger 2017 keypoints (aic_keypoints.cpp)
bool aic_keypoints(const Dataset&, RowSet, const Params&, MetricValue&, std::string&);

// Parameter helpers shared by metrics.
std::string param_or(const Params& p, const std::string& key, const std::string& fallback);
bool param_int(const Params& p, const std::string& key, int fallback, int min, int max, int& out, std::string& error);
// true/1/yes or false/0/no.
bool param_bool(const Params& p, const std::string& key, bool fallback, bool& out, std::string& error);

}  // namespace aigc::scoring
