#include "scoring/registry.hpp"

namespace aigc::scoring {

namespace {

const char* kLabels = "truth: id,label; pred: id,label (labels must be among the truth's)";
const char* kScores = "truth: id,label; pred: id and one column per class whose header is the class label";
const char* kValues = "truth: id,value; pred: id,value (finite numbers)";
const char* kLists = "truth: id,relevant items separated by spaces; pred: id,ranked items separated by spaces";
const char* kCocoBoxes = "truth: COCO annotations JSON (images, annotations with bbox and area, categories); pred: COCO results JSON [{image_id, category_id, bbox, score}]";
const char* kCocoKeypoints = "truth: COCO annotations JSON with keypoints; pred: COCO results JSON [{image_id, category_id, keypoints, score}]";
const char* kAicKeypoints =
    "truth: AI Challenger keypoint JSON [{image_id, human_annotations: {human1: [x1, y1, x2, y2]}, keypoint_annotations: "
    "{human1: [x, y, v] x 14}}]; pred: [{image_id, keypoint_annotations: {...}}]";
const char* kTexts = "truth: id and one or more reference columns; pred: id,answer text";

const ParamSpec kAverage{"average", "binary (default), macro, micro or weighted"};
const ParamSpec kPosLabel{"pos_label", "the positive label for average=binary (default 1)"};
const ParamSpec kK{"k", "cut-off rank (default 10)"};

}  // namespace

const std::vector<MetricSpec>& all_metrics() {
  static const std::vector<MetricSpec> metrics = {
      {"accuracy", "classification", InputKind::labels, false, true, {}, kLabels, "sklearn.metrics.accuracy_score", accuracy},
      {"top_k_accuracy", "classification", InputKind::scores, false, true, {{"k", "how many top classes may hold the truth (default 2)"}}, kScores,
       "sklearn.metrics.top_k_accuracy_score with labels = the class columns", top_k_accuracy},
      {"precision", "classification", InputKind::labels, false, true, {kAverage, kPosLabel}, kLabels, "sklearn.metrics.precision_score", precision},
      {"recall", "classification", InputKind::labels, false, true, {kAverage, kPosLabel}, kLabels, "sklearn.metrics.recall_score", recall},
      {"f1", "classification", InputKind::labels, false, true, {kAverage, kPosLabel}, kLabels, "sklearn.metrics.f1_score", f1},
      {"mcc", "classification", InputKind::labels, false, true, {}, kLabels, "sklearn.metrics.matthews_corrcoef", mcc},
      {"cohen_kappa", "classification", InputKind::labels, false, true, {{"weights", "none (default), linear or quadratic"}}, kLabels,
       "sklearn.metrics.cohen_kappa_score", cohen_kappa},
      {"balanced_accuracy", "classification", InputKind::labels, false, true, {}, kLabels, "sklearn.metrics.balanced_accuracy_score", balanced_accuracy},
      {"roc_auc", "classification", InputKind::scores, true, true, {}, kScores,
       "sklearn.metrics.roc_auc_score (binary: score of the greater label; multiclass: multi_class='ovr', average='macro')", roc_auc},
      {"log_loss", "classification", InputKind::scores, true, false, {}, kScores, "sklearn.metrics.log_loss with labels = the class columns", log_loss},
      {"rmse", "regression", InputKind::values, false, false, {}, kValues, "sklearn.metrics.mean_squared_error(squared=False)", rmse},
      {"mae", "regression", InputKind::values, false, false, {}, kValues, "sklearn.metrics.mean_absolute_error", mae},
      {"r2", "regression", InputKind::values, false, true, {}, kValues, "sklearn.metrics.r2_score", r2},
      {"rmsle", "regression", InputKind::values, false, false, {}, kValues, "sklearn.metrics.mean_squared_log_error(squared=False)", rmsle},
      {"mape", "regression", InputKind::values, false, false, {}, kValues, "sklearn.metrics.mean_absolute_percentage_error", mape},
      {"map_at_k", "ranking", InputKind::lists, false, true, {kK}, kLists, "Kaggle MAP@K (ml_metrics.mapk)", map_at_k},
      {"ndcg_at_k", "ranking", InputKind::lists, false, true, {kK}, kLists, "NDCG@K, binary relevance, log2 discount", ndcg_at_k},
      {"mrr", "ranking", InputKind::lists, false, true, {{"k", "only the first k ranks count (default all)"}}, kLists, "mean reciprocal rank", mrr},
      {"coco_bbox_map", "detection", InputKind::coco_boxes, false, true, {}, kCocoBoxes,
       "pycocotools COCOeval(iouType='bbox'): AP@[.50:.95], AP50, AP75, APs/m/l, AR1/10/100, ARs/m/l", coco_bbox_map},
      {"coco_keypoints_map", "detection", InputKind::coco_keypoints, false, true,
       {{"sigmas", "coco (17 keypoints), aic (AI Challenger, 14) or numbers separated by spaces; default by keypoint count"}},
       kCocoKeypoints, "pycocotools COCOeval(iouType='keypoints'): OKS AP, AP50, AP75, APm/l, AR, AR50, AR75, ARm/l", coco_keypoints_map},
      {"aic_keypoints", "detection", InputKind::aic_keypoints, false, true, {}, kAicKeypoints,
       "AI Challenger 2017 keypoint_eval.py: best OKS per truth person, matches over max(#truth, #predicted), mean over OKS .50:.95",
       aic_keypoints},
      {"bleu", "text", InputKind::texts, false, true,
       {{"tokenize", "13a (default), intl, zh or none"}, {"lowercase", "true or false (default)"},
        {"smooth_method", "exp (default), none, floor or add-k"}, {"smooth_value", "for floor (0.1) and add-k (1)"}},
       kTexts, "sacrebleu 2.x corpus_bleu (0-100)", bleu},
      {"chrf", "text", InputKind::texts, false, true,
       {{"char_order", "character n-gram order (default 6)"}, {"word_order", "word n-gram order (default 0; 2 = chrF++)"},
        {"beta", "recall weight (default 2)"}, {"lowercase", "default false"}, {"whitespace", "keep spaces in character n-grams (default false)"},
        {"eps_smoothing", "chrF++.py-style smoothing (default false)"}},
       kTexts, "sacrebleu 2.x corpus_chrf (0-100)", chrf},
      {"rouge_l", "text", InputKind::texts, false, true, {}, kTexts,
       "pycocoevalcap Rouge (ROUGE-L, beta 1.2, tokens split on spaces); mean over rows", rouge_l},
      {"cider_d", "text", InputKind::texts, false, true, {}, kTexts,
       "pycocoevalcap CiderD (n = 4, sigma = 6, document frequencies from the scored rows' references)", cider_d},
      {"squad_em", "text", InputKind::texts, false, true, {{"lang", "en (SQuAD v1.1, default) or zh (CMRC 2018)"}}, kTexts,
       "SQuAD v1.1 evaluate-v1.1.py exact_match; CMRC 2018 cmrc2018_evaluate.py EM", squad_em},
      {"squad_f1", "text", InputKind::texts, false, true, {{"lang", "en (SQuAD v1.1, default) or zh (CMRC 2018)"}}, kTexts,
       "SQuAD v1.1 evaluate-v1.1.py f1; CMRC 2018 cmrc2018_evaluate.py F1", squad_f1},
  };
  return metrics;
}

const MetricSpec* find_metric(const std::string& name) {
  for (const auto& m : all_metrics())
    if (m.name == name) return &m;
  return nullptr;
}

}  // namespace aigc::scoring
