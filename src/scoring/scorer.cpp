#include "scoring/scorer.hpp"

#include <numeric>

#include "scoring/aic_keypoints.hpp"
#include "scoring/coco.hpp"
#include "scoring/registry.hpp"

namespace aigc::scoring {

nlohmann::json ScoreOutcome::errors_json() const {
  auto list = nlohmann::json::array();
  for (const auto& e : errors.kept())
    list.push_back({{"file", e.file}, {"line", e.line}, {"column", e.column}, {"code", e.code}, {"message", e.message}});
  return {{"errors", list}, {"total", errors.total()}};
}

namespace {

bool check_params(const MetricSpec& m, const Params& params, InputErrors& errors) {
  static const char* kInputParams[] = {"id_column", "target", "labels"};
  for (const auto& [key, value] : params) {
    bool known = std::find(std::begin(kInputParams), std::end(kInputParams), key) != std::end(kInputParams);
    for (const auto& p : m.params) known = known || p.name == key;
    if (!known) {
      std::string accepted = "id_column, target, labels";
      for (const auto& p : m.params) accepted += ", " + p.name;
      errors.add("", 0, 0, "unknown_param", {{"name", "'" + key + "'"}, {"metric", m.name}, {"accepted", accepted}});
    }
  }
  return errors.empty();
}

bool run(const MetricSpec& m, const Dataset& d, RowSet rows, const Params& params,
         nlohmann::json& out, InputErrors& errors, const char* part) {
  MetricValue v;
  std::string error;
  if (rows.empty()) {
    out = {{"score", nullptr}, {"rows", 0}, {"details", {{"note", std::string("the ") + part + " split is empty"}}}};
    return true;
  }
  if (!m.fn(d, rows, params, v, error)) {
    errors.add("", 0, 0, "metric_refused", {{"part", part}, {"detail", error}});
    return false;
  }
  out = {{"score", v.score}, {"rows", rows.size()}, {"details", v.details}};
  return true;
}

// Checks the request and loads both files into `d`; nullptr (with errors) on bad input.
const MetricSpec* load(const ScoreRequest& req, Dataset& d, InputErrors& errors) {
  const MetricSpec* m = find_metric(req.metric);
  if (!m) {
    errors.add("", 0, 0, "unknown_metric", {{"metric", "'" + req.metric + "'"}});
    return nullptr;
  }
  if (req.public_fraction && !(*req.public_fraction >= 0.0 && *req.public_fraction <= 1.0)) {
    errors.add("", 0, 0, "bad_public_fraction");
    return nullptr;
  }
  if (!check_params(*m, req.params, errors)) return nullptr;
  LoadOptions opt{m->kind, m->probabilities, req.truth_label, req.pred_label, req.pred_consumed};
  opt.truth_idle = req.truth_idle;
  bool coco = m->kind == InputKind::coco_boxes || m->kind == InputKind::coco_keypoints;
  bool loaded = coco ? load_coco_dataset(req.truth, req.pred, m->kind == InputKind::coco_keypoints, opt, d, errors)
               : m->kind == InputKind::aic_keypoints ? load_aic_dataset(req.truth, req.pred, opt, d, errors)
                                                     : load_csv_dataset(req.truth, req.pred, req.params, opt, d, errors);
  if (!loaded) errors.sort();  // threads and batched lookups find problems out of order
  return loaded ? m : nullptr;
}

}  // namespace

InputErrors validate(const ScoreRequest& req) {
  Dataset d;
  InputErrors errors;
  load(req, d, errors);
  return errors;
}

ScoreOutcome score(const ScoreRequest& req) {
  ScoreOutcome outcome;
  Dataset d;
  const MetricSpec* m = load(req, d, outcome.errors);
  if (!m) return outcome;
  if (req.release_pred && m->kind != InputKind::lists && m->kind != InputKind::texts) req.release_pred();

  // Storage rows in the truth's order (see Dataset::truth_order).
  Column<std::uint32_t> identity;
  if (d.truth_order.empty()) {
    identity.resize(d.rows);
    std::iota(identity.begin(), identity.end(), 0u);
  }
  RowSet all = d.truth_order.empty() ? RowSet(identity) : RowSet(d.truth_order);
  nlohmann::json whole;
  if (!run(*m, d, all, req.params, whole, outcome.errors, "all rows")) return outcome;
  outcome.result = {{"metric", m->name}, {"score", whole["score"]}, {"rows", d.rows},
                    {"higher_is_better", m->higher_is_better}, {"details", whole["details"]}};
  if (req.public_fraction) {
    auto mask = public_mask(d.ids, *req.public_fraction, req.split_seed);
    Column<std::uint32_t> pub, priv;
    pub.reserve(d.rows);
    priv.reserve(d.rows);
    for (std::uint32_t i = 0; i < d.rows; ++i) (mask[i] ? pub : priv).push_back(all[i]);
    nlohmann::json p, q;
    if (!run(*m, d, pub, req.params, p, outcome.errors, "public")) return outcome;
    if (!run(*m, d, priv, req.params, q, outcome.errors, "private")) return outcome;
    outcome.result["public"] = p;
    outcome.result["private"] = q;
    outcome.result["split"] = {{"public_fraction", *req.public_fraction}, {"seed", req.split_seed}};
  }
  outcome.ok = true;
  return outcome;
}

}  // namespace aigc::scoring
