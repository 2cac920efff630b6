// load_csv_dataset: a CSV or JSON Lines truth and prediction joined into a Dataset, in
// named stages (CsvLoad::run):
//   1. read_truth         the truth's header, layout and rows (truth_rows.hpp)
//   2. sort_classes       the classes as scikit-learn sorts them; the truth's labels renumbered
//   3. open_prediction    the prediction's header: its id and class columns; the storage
//                         (prediction_store.hpp), and whether scores are kept as billionths
//   4. join               each prediction row to its truth row, by the first way that takes it:
//                           in order on two threads   a large CSV in the truth's order
//                           by index on two threads   a large CSV in any other order
//                           sequentially              any file, a row at a time: the reference
//                         the two-thread ways give up, keeping nothing, on anything unusual
//                         (a quote, a row out of order, a repeated id), and the sequential
//                         way then reads the file and reports each problem at its line
//   5. report_unjoined    the truth's duplicate ids and the ids the prediction lacks
// Every stage adds what is wrong to `errors`; the Dataset is only used when there is none.
// LoadOptions::sequential_join makes the sequential way the only one (tests compare them).
#include <algorithm>
#include <atomic>
#include <limits>
#include <optional>
#include <thread>
#include <unordered_set>

#include "scoring/dataset.hpp"
#include "scoring/prediction_store.hpp"
#include "scoring/radix_sort.hpp"
#include "scoring/truth_rows.hpp"

namespace aigc::scoring {

namespace {

using join::quote;
using join::trim;

// Whether the prediction's first row (a plain CSV line at `body_start`) holds only fixed scores.
bool first_row_scores_fixed(std::string_view pred, std::size_t body_start, const Layout& layout) {
  if (looks_like_jsonl(pred)) return false;
  auto fields = join::first_row_fields(pred, body_start);
  for (int c : layout.extra) {
    double v;
    std::uint32_t fixed;
    if (static_cast<std::size_t>(c) >= fields.size() || !parse_number(trim(fields[static_cast<std::size_t>(c)]), v) || !to_fixed_score(v, fixed))
      return false;
  }
  return !layout.extra.empty();
}

// Rows expected from the first lines' length: columns reserved once, never copied while growing.
std::size_t expected_rows(std::string_view truth) {
  std::size_t rows = 16;
  auto head = truth.substr(0, 1 << 16);
  auto lines = static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n'));
  if (lines > 0) rows += truth.size() / std::max<std::size_t>(1, head.size() / lines) * 5 / 4;
  return rows;
}

class CsvLoad {
 public:
  CsvLoad(std::string_view truth, std::string_view pred, const Params& params, const LoadOptions& opt, bool fixed_allowed,
          Dataset& out, InputErrors& errors)
      : truth_(truth), pred_(pred), params_(params), opt_(opt), fixed_allowed_(fixed_allowed), out_(out), errors_(errors),
        tf_(opt.truth_label), pf_(opt.pred_label), kind_(opt.kind) {}

  // False when scores thought fixed turned out not to be (load again with doubles), or on errors.
  bool run(bool& retry_with_doubles) {
    out_ = Dataset{};
    retry_with_doubles = false;
    if (!read_truth()) return false;
    if (!open_prediction_header()) return false;
    if (labelled()) sort_classes();
    open_prediction();
    join();
    report_unjoined();
    out_.scores_sum_to_one = !store_->some_row_off_one();
    if (joined_.by_place()) out_.truth_order = std::move(joined_.place);
    retry_with_doubles = store_->fixed_failed() && errors_.empty();
    return errors_.empty();
  }

 private:
  bool labelled() const { return kind_ == InputKind::labels || kind_ == InputKind::scores; }
  bool keeps_pred_views() const { return kind_ == InputKind::lists || kind_ == InputKind::texts; }

  // 1. The truth: header, layout, rows.
  bool read_truth() {
    truth_reader_ = std::make_shared<RowReader>(truth_, tf_, errors_);
    if (!truth_reader_->read_header(theader_)) return false;
    if (!resolve_layout(theader_, params_, kind_, true, tf_, tl_, errors_)) return false;
    TruthRows whole;
    read_truth_body(*truth_reader_, truth_, theader_.size(), tl_, kind_, tf_, expected_rows(truth_), whole, errors_);
    out_.ids = std::move(whole.ids);
    out_.y_true = std::move(whole.labels);
    out_.v_true = std::move(whole.values);
    out_.references = std::move(whole.references);
    truth_hashes_ = std::move(whole.hashes);
    integer_ids_ = whole.integer_ids;
    id_values_ = std::move(whole.id_values);
    provisional_names_ = std::move(whole.names);
    truth_line_ = std::move(whole.lines);
    out_.keep_alive.push_back(truth_reader_);  // JSON Lines field texts live in the reader
    out_.rows = out_.ids.size();
    if (out_.rows == 0 && errors_.empty()) errors_.add(tf_, 0, 0, "no_rows");
    return true;
  }

  bool open_prediction_header() {
    pred_reader_ = std::make_shared<RowReader>(pred_, pf_, errors_);
    if (!pred_reader_->read_header(pheader_)) return false;
    return resolve_layout(pheader_, params_, kind_, false, pf_, pl_, errors_);
  }

  // 2. Classes, sorted as scikit-learn sorts them: the truth's labels, --param labels, and
  // for scores the prediction's class columns (as sklearn with labels = those columns).
  void sort_classes() {
    std::vector<std::string> classes;
    IdIndex seen;
    auto add = [&](std::string_view l) {
      if (seen.insert(l, 0) == IdIndex::kNone) classes.emplace_back(l);
    };
    for (auto l : provisional_names_) add(l);
    if (auto it = params_.find("labels"); it != params_.end())
      for (auto l : split_spaces(it->second)) add(l);
    if (kind_ == InputKind::scores)
      for (int c : pl_.extra)
        if (auto name = trim(pheader_[c]); !name.empty()) add(name);
    sort_labels(classes);
    out_.classes = std::move(classes);
    for (std::size_t i = 0; i < out_.classes.size(); ++i) class_index_.insert(out_.classes[i], static_cast<std::uint32_t>(i));
    std::vector<std::int32_t> remap(provisional_names_.size());
    for (std::size_t i = 0; i < remap.size(); ++i) remap[i] = static_cast<std::int32_t>(class_index_.find(provisional_names_[i]));
    for (auto& y : out_.y_true) y = remap[static_cast<std::size_t>(y)];
  }

  // 3. The prediction's id and class columns, the storage and its layout.
  void open_prediction() {
    if (trim(pheader_[pl_.id]) != trim(theader_[tl_.id]))
      errors_.add(pf_, 1, pl_.id + 1, "id_column_renamed", {{"pred", quote(pheader_[pl_.id])}, {"truth", quote(theader_[tl_.id])}});
    const std::size_t k = out_.classes.size();
    if (kind_ == InputKind::scores) {
      std::vector<int> covered(k, 0);
      for (int c : pl_.extra) {
        auto cls = class_index_.find(trim(pheader_[c]));
        if (cls == IdIndex::kNone || covered[cls]) {
          if (cls == IdIndex::kNone) errors_.add(pf_, 1, c + 1, "class_column_unnamed");
          else errors_.add(pf_, 1, c + 1, "column_twice", {{"name", quote(pheader_[c])}});
          score_column_.push_back(-1);
        } else {
          covered[cls] = 1;
          score_column_.push_back(static_cast<std::int32_t>(cls));
        }
      }
      for (std::size_t i = 0; i < k; ++i)
        if (!covered[i]) errors_.add(pf_, 1, 0, "no_class_column", {{"class", quote(out_.classes[i])}});
    }
    // Scores are kept as fixed-point integers when the first row's are (a file's scores are
    // usually all written alike); should a later row's not be, loading starts again with doubles.
    fixed_ = kind_ == InputKind::scores && fixed_allowed_ && first_row_scores_fixed(pred_, pred_reader_->position(), pl_);
    store_.emplace(out_, kind_, opt_.probabilities, pl_, class_index_, score_column_, fixed_, pf_);
    store_->allocate();
    out_.keep_alive.push_back(pred_reader_);
    // Predictions usually come in the truth's order; then scores are stored by class (see
    // Dataset::scores), and the id index (random memory access, the dominant cost of a
    // join) is built only if they stop being.
    in_order_start_ = join::starts_in_truth_order(pred_, pred_reader_->position(), pl_.id, out_.ids);
    if (in_order_start_ && integer_ids_) {
      // Matched by position: the values serve only the duplicate check, as hashes (half
      // the memory; a row's hash is taken from its text again if it must be).
      truth_hashes_.resize(out_.rows);
      for (std::uint32_t i = 0; i < out_.rows; ++i) truth_hashes_[i] = duplicate_hash(i);
      Column<std::uint64_t>().swap(id_values_);
    }
    out_.score_row_step = in_order_start_ ? 1 : k;
    out_.score_class_step = in_order_start_ ? out_.rows : 1;
    // Rows of plain scores are read in one pass, numbers and all; any other line (and one with
    // a probability outside [0, 1]) goes through the general reader, which reports it.
    if (kind_ == InputKind::scores) {
      plain_rows_.enabled = true;
      plain_rows_.id_column = static_cast<std::size_t>(pl_.id);
      plain_rows_.lo = opt_.probabilities ? 0.0 : -std::numeric_limits<double>::infinity();
      plain_rows_.hi = opt_.probabilities ? 1.0 : std::numeric_limits<double>::infinity();
      plain_rows_.billionths = fixed_;
    }
  }

  // 4. The join: the fast ways first, the sequential one for whatever they leave.
  void join() {
    bool done = false;
    const bool fast = !opt_.sequential_join && !keeps_pred_views();
    if (fast && !in_order_start_ && !looks_like_jsonl(pred_)) done = join_by_index_on_two_threads();
    if (!done) pred_line_.assign(out_.rows, 0);
    // The truth's own duplicates are looked for on a second thread while the predictions are
    // parsed (the index finds them itself when it is built).
    if (in_order_start_ && !done) duplicate_check_ = std::thread([this] { find_truth_duplicates(); });
    if (fast && in_order_start_ && !done) done = join_in_order_on_two_threads();
    if (!done) join_sequentially();
    if (duplicate_check_.joinable()) duplicate_check_.join();
    else if (!index_) find_truth_duplicates();  // every row matched in order after all
    if (!index_)
      for (auto [later, first] : truth_duplicates_) report_duplicate(later, first);
  }

  // A large CSV in any other order: both halves joined through the index at once
  // (join::parse_by_index_on_two_threads). Wide rows of scores are stored in the
  // prediction's order (Dataset::truth_order) and y_true follows them.
  bool join_by_index_on_two_threads() {
    const std::size_t k = out_.classes.size();
    Column<std::uint32_t>().swap(truth_hashes_);  // the index finds duplicates itself
    // Joined by value, the truth's bytes are done with (ids are read again only to name
    // one in an error): their pages can go, which keeps the peak within twice the input.
    if (!id_values_.empty() && opt_.truth_idle) opt_.truth_idle();
    build_index();
    if (kind_ == InputKind::scores) {
      joined_.place.assign(out_.rows, RowIndex::kNone);
      out_.score_row_step = 1;
      out_.score_class_step = out_.rows;
    } else {
      joined_.seen.assign(out_.rows, 0);
    }
    auto store = [this](const join::PredRow& r, std::size_t line, std::uint32_t row, InputErrors& errors) { store_->store(r, line, row, errors); };
    auto prefetch = [this](std::uint32_t row) { store_->prefetch(row, joined_.by_place()); };
    bool done = join::parse_by_index_on_two_threads(pred_, pred_reader_->position(), pheader_.size(), static_cast<std::size_t>(pl_.id),
                                                    plain_rows_, pf_, *index_, joined_, store, prefetch, opt_.pred_consumed, errors_);
    if (done && joined_.by_place()) {
      // Scattered stores in one pass: as a load per joined row, the same gather waited on
      // memory for 140 ms.
      Column<std::int32_t> placed_labels;
      placed_labels.resize(out_.rows);
      for (std::size_t j = 0; j < out_.rows; ++j)
        if (auto place = joined_.place[j]; place != RowIndex::kNone) placed_labels[place] = out_.y_true[j];
      out_.y_true = std::move(placed_labels);
    } else if (!done) {
      joined_ = {};
      out_.score_row_step = k;
      out_.score_class_step = 1;
    }
    return done;
  }

  // A large CSV in the truth's order: both halves matched by position at once.
  bool join_in_order_on_two_threads() {
    auto store = [this](const join::PredRow& r, std::size_t line, std::uint32_t row, InputErrors& errors) { store_->store(r, line, row, errors); };
    return join::parse_in_order_on_two_threads(pred_, pred_reader_->position(), pheader_.size(), pl_.id, plain_rows_, pf_, out_,
                                               pred_line_, store, opt_.pred_consumed, errors_);
  }

  // The reference way: each row in file order, matched to the next truth row while the
  // prediction follows the truth's order, else looked up in the index (built then), in
  // batches of prefetched lookups; a second row for one truth row is a duplicate.
  void join_sequentially() {
    constexpr std::uint32_t kNotLookedUp = RowIndex::kNone - 1;
    std::size_t next_in_order = 0, reported = 0;
    auto join_row = [&](const join::PredRow& pred_row, std::size_t row_line, std::uint32_t found) {
      auto id = trim(pred_row.fields[static_cast<std::size_t>(pl_.id)]);
      std::uint32_t row = found;
      if (found == kNotLookedUp && next_in_order < out_.rows && same_bytes(out_.ids[next_in_order], id)) {
        row = static_cast<std::uint32_t>(next_in_order++);
      } else {
        if (found == kNotLookedUp) {
          if (!index_) build_index();
          row = index_->find(id);
        }
        if (row == RowIndex::kNone) {
          errors_.add(pf_, row_line, pl_.id + 1, "unknown_id", {{"id", quote(id)}});
          return;
        }
        next_in_order = row + 1;
      }
      if (pred_line_[row]) {
        errors_.add(pf_, row_line, pl_.id + 1, "duplicate_id", {{"id", quote(id)}, {"first", std::to_string(pred_line_[row])}});
        return;
      }
      pred_line_[row] = static_cast<std::uint32_t>(row_line);
      store_->store(pred_row, row_line, row, errors_);
    };
    auto prefetch_joined = [&](std::uint32_t row) {
      if (row == RowIndex::kNone) return;
      prefetch_for_write(&pred_line_[row]);
      store_->prefetch(row, false);
    };
    // Once out of order, the next row in the truth's order is one more random access, and
    // seldom the one: rows are then looked up in batches.
    std::optional<join::BatchedLookup<decltype(join_row), decltype(prefetch_joined)>> lookups;
    std::size_t line = 0;
    join::PredRow pred_row;
    RowReader& pr = *pred_reader_;
    while (join::read_row(pr, pheader_.size(), plain_rows_, pred_row, line)) {
      if (opt_.pred_consumed && !keeps_pred_views() && pr.position() - reported >= join::kDropEvery) {
        if (lookups) lookups->drain();  // waiting rows' fields point into the range about to be dropped
        opt_.pred_consumed(reported, pr.position());
        reported = pr.position();
      }
      if (!index_) {
        join_row(pred_row, line, kNotLookedUp);
        continue;
      }
      if (!lookups) lookups.emplace(*index_, static_cast<std::size_t>(pl_.id), join_row, prefetch_joined);
      lookups->add(pred_row, line);
    }
    if (lookups) lookups->drain();
  }

  void build_index() {
    // The sequential join is the reference: it compares ids as text.
    const bool by_value = !id_values_.empty() && !opt_.sequential_join;
    index_.emplace(out_.ids, by_value ? &id_values_ : nullptr, [this](std::uint32_t later, std::uint32_t first) { report_duplicate(later, first); });
  }

  void report_duplicate(std::uint32_t later, std::uint32_t first) {
    errors_.add(tf_, truth_line_.at(later), tl_.id + 1, "duplicate_id",
                {{"id", quote(out_.ids[later])}, {"first", std::to_string(truth_line_.at(first))}});
  }

  // The truth duplicate check's hash of a row's id: integer ids hash by value.
  std::uint32_t duplicate_hash(std::uint32_t row) const {
    if (!integer_ids_) return static_cast<std::uint32_t>(hash_bytes(out_.ids[row]));
    std::uint64_t v = 0;
    if (!id_values_.empty()) v = id_values_[row];
    else canonical_integer(out_.ids[row], v);
    return static_cast<std::uint32_t>(hash_integer(v));
  }

  // The truth's own duplicates when no index is built: the ids' 32-bit hashes sorted in
  // place, neighbours compared, then the ids behind a repeated hash compared to tell
  // duplicates from collisions (a million ids have about a hundred).
  void find_truth_duplicates() {
    std::vector<std::uint32_t> repeated;
    if (truth_hashes_.empty()) {  // integer ids keep their values instead (TruthRows)
      truth_hashes_.resize(out_.rows);
      for (std::uint32_t i = 0; i < out_.rows; ++i) truth_hashes_[i] = duplicate_hash(i);
    }
    {
      Column<std::uint32_t> h = std::move(truth_hashes_);
      sort_hashes_in_place(h.data(), h.size());
      for (std::size_t i = 1; i < h.size(); ++i)
        if (h[i] == h[i - 1] && (repeated.empty() || repeated.back() != h[i])) repeated.push_back(h[i]);
    }
    if (repeated.empty()) return;
    // A bit per value of a hash's low 16 bits, set for the repeated ones: all but a few
    // hundredths of the rows are passed over without searching `repeated` (a search a row
    // was 6% of an in-order roc_auc run).
    std::vector<std::uint64_t> maybe(std::size_t{1} << 10, 0);
    for (auto h : repeated) maybe[(h & 0xFFFF) >> 6] |= std::uint64_t{1} << (h & 63);
    IdIndex first_seen(64);
    for (std::uint32_t i = 0; i < out_.rows; ++i) {
      const auto h = duplicate_hash(i);
      if (!(maybe[(h & 0xFFFF) >> 6] >> (h & 63) & 1) || !std::binary_search(repeated.begin(), repeated.end(), h)) continue;
      if (auto first = first_seen.insert(out_.ids[i], i); first != IdIndex::kNone) truth_duplicates_.emplace_back(i, first);
    }
  }

  // 5. Every truth row the prediction did not give (an id on a line refused whole has been
  // reported with that line already): the first ten by name, the rest counted.
  void report_unjoined() {
    std::unordered_set<std::string_view> refused_ids;
    for (const auto& fields : errors_.refused_rows())
      if (static_cast<std::size_t>(pl_.id) < fields.size()) refused_ids.insert(trim(fields[static_cast<std::size_t>(pl_.id)]));
    std::size_t missing = 0;
    for (std::size_t i = 0; i < out_.rows; ++i)
      if (!(joined_.kept() ? joined_.has(i) : pred_line_[i] != 0)) {
        if (!refused_ids.empty() && refused_ids.count(out_.ids[i])) continue;
        if (++missing <= 10)
          errors_.add(pf_, 0, 0, "missing_id",
                      {{"id", quote(out_.ids[i])}, {"line", std::to_string(truth_line_.at(static_cast<std::uint32_t>(i)))}});
      }
    if (missing > 10) errors_.add(pf_, 0, 0, "more_missing_ids", {{"count", std::to_string(missing - 10)}});
  }

  std::string_view truth_, pred_;
  const Params& params_;
  const LoadOptions& opt_;
  bool fixed_allowed_;
  Dataset& out_;
  InputErrors& errors_;
  const std::string &tf_, &pf_;
  InputKind kind_;

  std::shared_ptr<RowReader> truth_reader_, pred_reader_;
  std::vector<std::string_view> theader_, pheader_;
  Layout tl_, pl_;
  Column<std::uint32_t> truth_hashes_;
  // The ids' values when every one is a canonical integer (joined as numbers), else empty.
  Column<std::uint64_t> id_values_;
  bool integer_ids_ = false;
  std::vector<std::string_view> provisional_names_;
  LineMap truth_line_;
  LabelIndex class_index_;
  std::vector<std::int32_t> score_column_;
  bool fixed_ = false, in_order_start_ = false;
  join::PlainRows plain_rows_;
  std::optional<PredictionStore> store_;
  // The prediction line each truth row was joined from (0: none yet); the two-thread join
  // of a shuffled prediction keeps its own record instead (a byte a row, or the places).
  Column<std::uint32_t> pred_line_;
  join::JoinedRows joined_;
  std::optional<RowIndex> index_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> truth_duplicates_;
  std::thread duplicate_check_;
};

}  // namespace

bool load_csv_dataset(std::string_view truth, std::string_view pred, const Params& params, const LoadOptions& opt,
                      Dataset& out, InputErrors& errors) {
  bool retry = false;
  bool ok = CsvLoad(truth, pred, params, opt, true, out, errors).run(retry);
  if (retry) ok = CsvLoad(truth, pred, params, opt, false, out, errors).run(retry);
  return ok;
}

}  // namespace aigc::scoring
