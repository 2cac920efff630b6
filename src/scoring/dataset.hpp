// Truth and prediction files joined by id into the arrays a metric reads. Everything is
// checked before any number is computed: missing, duplicate and unknown ids, wrong
// headers and column counts, unparsable or non-finite numbers, probabilities outside
// [0,1], labels outside the known set. The Dataset keeps views into both input buffers,
// which must outlive it. Pure: no I/O, no globals.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/column.hpp"
#include "scoring/input_error.hpp"

namespace aigc::scoring {

enum class InputKind {
  labels,  // truth: id,label   pred: id,label
  scores,  // truth: id,label   pred: id,<one column per class, header = class label>
  values,  // truth: id,value   pred: id,value
  lists,   // truth: id,<space-separated relevant items>   pred: id,<space-separated ranked items>
  texts,   // truth: id,<one or more reference columns>     pred: id,<text>
  coco_boxes,      // truth: COCO annotations JSON; pred: COCO results JSON with bbox
  coco_keypoints,  // the same with keypoints
  aic_keypoints,   // AI Challenger 2017 keypoint JSON files (aic_keypoints.hpp)
};

struct CocoData;
struct AicData;

using Params = std::map<std::string, std::string>;

struct Dataset {
  std::size_t rows = 0;
  IdColumn ids;                       // truth order
  // Where each truth row's values are stored, when not at the truth row itself: a shuffled
  // prediction of scores is stored in its own order (see join::JoinedRows). Empty: every
  // per-row array below is in truth order. Otherwise they are all in this storage order
  // (y_true too) and truth row j is at truth_order[j]; rows passed to metrics are storage
  // rows, listed in truth order, so sums add up in the same order either way.
  Column<std::uint32_t> truth_order;
  std::vector<std::string> classes;   // labels and scores: sorted as scikit-learn sorts them
  Column<std::int32_t> y_true, y_pred;  // class indices
  // rows x classes.size(), by row (a row's classes side by side) or, when predictions come
  // in the truth's order, by class (each class's column in one run: the per-class metrics
  // then read it sequentially). score() hides which.
  Column<double> scores;
  // The same values in half the memory when every one of them is an exact multiple of
  // 1e-9 in [0, 1] (probabilities written with at most nine decimals: then `scores` is
  // empty). Each is its value times 1e9; dividing back gives the very double that parsing
  // gave, and distinct values stay distinct integers in the same order, so a metric that
  // only ranks scores (ROC AUC) may sort these integers instead.
  Column<std::uint32_t> fixed_scores;
  static constexpr double kFixedScale = 1e9;
  std::size_t score_row_step = 0, score_class_step = 1;
  std::size_t score_index(std::size_t row, std::size_t cls) const { return row * score_row_step + cls * score_class_step; }
  double score(std::size_t row, std::size_t cls) const {
    return fixed_scores.empty() ? scores[score_index(row, cls)] : fixed_scores[score_index(row, cls)] / kFixedScale;
  }
  // Every row of `scores` sums to 1 within numpy.allclose's tolerance (as scikit-learn
  // checks probabilities); when false, a metric that needs it checks the rows it scores.
  bool scores_sum_to_one = false;
  Column<double> v_true, v_pred;
  std::vector<std::vector<std::string_view>> references;  // lists: relevant items; texts: references
  std::vector<std::vector<std::string_view>> predicted;   // lists: ranked items
  std::vector<std::string_view> hypotheses;               // texts
  std::shared_ptr<const CocoData> coco;                   // COCO kinds: rows are images
  std::shared_ptr<const AicData> aic;                     // aic_keypoints: rows are images
  std::vector<std::shared_ptr<void>> keep_alive;          // readers whose storage views point into
};

// `v` as a fixed score (see Dataset::fixed_scores) in `out`, when it is one.
inline bool to_fixed_score(double v, std::uint32_t& out) {
  if (!(v >= 0.0 && v <= 1.0)) return false;
  out = static_cast<std::uint32_t>(v * Dataset::kFixedScale + 0.5);
  return out / Dataset::kFixedScale == v;
}

struct LoadOptions {
  InputKind kind = InputKind::labels;
  bool probabilities = false;  // scores must lie in [0,1]
  std::string truth_label = "truth";
  std::string pred_label = "pred";
  // When set, called as prediction rows are consumed with a byte range [begin, end) of the
  // prediction that is no longer needed (only for kinds that keep no views into it).
  std::function<void(std::size_t, std::size_t)> pred_consumed;
  // Join a row at a time only (the reference way; csv_load.cpp), never on two threads:
  // for tests that hold the fast ways to it.
  bool sequential_join = false;
  // When set, called once the truth's bytes will only be read again for an error message
  // (a mapping may drop its pages: reading them again must still work).
  std::function<void()> truth_idle;
};

// Parses both buffers (CSV, or JSON Lines when a file starts with '{') and joins them. On any problem returns false with every problem
// (capped) in `errors` and leaves `out` unspecified.
bool load_csv_dataset(std::string_view truth, std::string_view pred, const Params& params, const LoadOptions& options,
                      Dataset& out, InputErrors& errors);

// Deterministic public/private split: an id is public when a hash of (seed, id) falls
// below `fraction`. Returns the public mask in truth order.
std::vector<std::uint8_t> public_mask(const IdColumn& ids, double fraction, std::uint64_t seed);
double split_point(std::string_view id, std::uint64_t seed);

// Sorts labels as scikit-learn's unique_labels would after pandas read them: numerically
// when every label is a number, else by code point.
void sort_labels(std::vector<std::string>& labels);
bool parse_number(std::string_view text, double& out);

}  // namespace aigc::scoring
