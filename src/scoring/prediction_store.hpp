// Where a joined prediction row's values go (csv_load.cpp's storage stage): the label's
// class, the value, the row of class scores (as doubles or as fixed billionths), the ranked
// items or the text, at a storage row chosen by the join. Checks each value as it stores it
// and reports what is wrong at the row's line. Stores are relaxed atomics: when an id
// repeats, two join threads may store at one place before the join gives up on the result.
#pragma once

#include <atomic>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "scoring/dataset.hpp"
#include "scoring/id_index.hpp"
#include "scoring/plain_decimal.hpp"
#include "scoring/pred_join.hpp"
#include "scoring/truth_rows.hpp"

namespace aigc::scoring {

class PredictionStore {
 public:
  // `score_column[j]`: the class of the prediction's j-th score column, or -1 (reported).
  // `fixed`: scores are kept as Dataset::fixed_scores.
  PredictionStore(Dataset& out, InputKind kind, bool probabilities, const Layout& layout, const LabelIndex& classes,
                  const std::vector<std::int32_t>& score_column, bool fixed, const std::string& file)
      : out_(out), kind_(kind), probabilities_(probabilities), layout_(layout), classes_(classes),
        score_column_(score_column), fixed_(fixed), file_(file), k_(out.classes.size()) {}

  // Allocates the arrays the prediction fills, one slot per truth row.
  void allocate() {
    if (kind_ == InputKind::scores) {  // every cell is written, or loading fails
      if (fixed_) out_.fixed_scores.resize(out_.rows * k_);
      else out_.scores.resize(out_.rows * k_);
    }
    if (kind_ == InputKind::labels) out_.y_pred.assign(out_.rows, 0);
    if (kind_ == InputKind::values) out_.v_pred.assign(out_.rows, 0);
    if (kind_ == InputKind::lists) out_.predicted.assign(out_.rows, {});
    if (kind_ == InputKind::texts) out_.hypotheses.assign(out_.rows, {});
  }

  // Stores one prediction row's values at storage row `row`.
  void store(const join::PredRow& pred_row, std::size_t line, std::uint32_t row, InputErrors& errors) {
    const auto& fields = pred_row.fields;
    switch (kind_) {
      case InputKind::labels: {
        auto label = join::trim(fields[layout_.target]);
        auto cls = classes_.find(label);
        if (cls == IdIndex::kNone) {
          errors.add(file_, line, layout_.target + 1, "unknown_label", {{"label", join::quote(label)}});
          break;
        }
        std::atomic_ref<std::int32_t>(out_.y_pred[row]).store(static_cast<std::int32_t>(cls), std::memory_order_relaxed);
        break;
      }
      case InputKind::scores: store_scores(pred_row, line, row, errors); break;
      case InputKind::values: {
        double v;
        if (!parse_number(fields[layout_.target], v) || !std::isfinite(v)) {
          errors.add(file_, line, layout_.target + 1, "not_a_number", {{"value", join::quote(fields[layout_.target])}});
          break;
        }
        std::atomic_ref<double>(out_.v_pred[row]).store(v, std::memory_order_relaxed);
        break;
      }
      case InputKind::lists: out_.predicted[row] = split_spaces(fields[layout_.target]); break;
      case InputKind::texts: out_.hypotheses[row] = fields[layout_.target]; break;
      case InputKind::coco_boxes:
      case InputKind::coco_keypoints:
      case InputKind::aic_keypoints: break;  // JSON inputs: load_coco_dataset, load_aic_dataset
    }
  }

  // Asks for the cache lines storage row `row` will be written at (kNone: nothing).
  // `in_sequence`: rows are stored one after another (by place), no need.
  void prefetch(std::uint32_t row, bool in_sequence) const {
    if (row == RowIndex::kNone) return;
    if (kind_ == InputKind::labels) prefetch_for_write(&out_.y_pred[row]);
    else if (kind_ == InputKind::values) prefetch_for_write(&out_.v_pred[row]);
    else if (kind_ == InputKind::scores && !in_sequence) {
      auto cell = [&](std::size_t c) -> const void* {
        return fixed_ ? static_cast<const void*>(&out_.fixed_scores[out_.score_index(row, c)]) : &out_.scores[out_.score_index(row, c)];
      };
      if (out_.score_class_step == 1) {
        prefetch_for_write(cell(0));
        prefetch_for_write(cell(k_ - 1));
      } else {
        for (std::size_t c = 0; c < k_; ++c) prefetch_for_write(cell(c));
      }
    }
  }

  // A later score was not a fixed billionth after all: load again with doubles.
  bool fixed_failed() const { return fixed_failed_.load(); }
  // Some row of scores does not sum to 1 (within numpy.allclose's tolerance).
  bool some_row_off_one() const { return some_row_off_one_.load(); }

 private:
  void store_scores(const join::PredRow& pred_row, std::size_t line, std::uint32_t row, InputErrors& errors) {
    thread_local std::vector<double> values;  // this row's, by class
    values.assign(k_, 0.0);
    for (std::size_t j = 0; j < layout_.extra.size(); ++j) {
      double v;
      auto f = pred_row.fields[layout_.extra[j]];
      if (pred_row.plain) {  // parsed and checked as it was read
        v = pred_row.numbers[layout_.extra[j]];
      } else if (!parse_number(f, v) || !std::isfinite(v)) {
        errors.add(file_, line, layout_.extra[j] + 1, "not_a_number", {{"value", join::quote(f)}});
        continue;
      }
      if (probabilities_ && (v < 0.0 || v > 1.0)) {  // plain rows were checked: never
        errors.add(file_, line, layout_.extra[j] + 1, "probability_out_of_range", {{"value", join::quote(f)}});
        continue;
      }
      if (score_column_[j] < 0) continue;
      const auto c = static_cast<std::size_t>(score_column_[j]);
      values[c] = v;
      if (fixed_) {
        // A plain row's are counted as it was read; any other's are checked.
        std::uint32_t m = pred_row.plain ? pred_row.billionths[layout_.extra[j]] : kNotBillionths;
        if (!pred_row.plain ? !to_fixed_score(v, m) : m == kNotBillionths) fixed_failed_.store(true, std::memory_order_relaxed);
        std::atomic_ref<std::uint32_t>(out_.fixed_scores[out_.score_index(row, c)]).store(m, std::memory_order_relaxed);
      } else {
        std::atomic_ref<double>(out_.scores[out_.score_index(row, c)]).store(v, std::memory_order_relaxed);
      }
    }
    double sum = 0;
    for (std::size_t c = 0; c < k_; ++c) sum += values[c];
    if (!(std::abs(1.0 - sum) <= 1e-8 + 1e-5 * std::abs(sum))) some_row_off_one_.store(true, std::memory_order_relaxed);
  }

  Dataset& out_;
  InputKind kind_;
  bool probabilities_;
  const Layout& layout_;
  const LabelIndex& classes_;
  const std::vector<std::int32_t>& score_column_;
  bool fixed_;
  const std::string& file_;
  std::size_t k_;
  std::atomic<bool> fixed_failed_{false}, some_row_off_one_{false};  // written by both halves' threads
};

}  // namespace aigc::scoring
