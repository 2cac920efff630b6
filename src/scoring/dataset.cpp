#include "scoring/dataset.hpp"

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <numeric>
#include <optional>
#include <thread>
#include <unordered_set>

#include <fast_float/fast_float.h>

#include "scoring/csv.hpp"
#include "scoring/jsonl.hpp"
#include "scoring/id_index.hpp"
#include "scoring/plain_decimal.hpp"
#include "scoring/pred_join.hpp"
#include "scoring/radix_sort.hpp"

namespace aigc::scoring {

using join::quote;
using join::trim;

namespace {

int find_column(const std::vector<std::string_view>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (trim(header[i]) == name) return static_cast<int>(i);
  return -1;
}

std::vector<std::string_view> split_spaces(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::size_t start = i;
    while (i < s.size() && s[i] != ' ') ++i;
    if (i > start) out.push_back(s.substr(start, i - start));
  }
  return out;
}

struct Layout {
  int id = 0;
  int target = -1;            // labels, values, lists, texts (pred)
  std::vector<int> extra;     // texts (truth): reference columns; scores (pred): class columns
};

// Where the id and the target live in a header, or an error naming what was expected.
bool resolve_layout(const std::vector<std::string_view>& header, const Params& params, InputKind kind, bool is_truth,
                    const std::string& file, Layout& layout, InputErrors& errors) {
  auto param = [&](const char* key, const char* fallback) {
    auto it = params.find(key);
    return it == params.end() ? std::string(fallback) : it->second;
  };
  std::string id_name = param("id_column", "");
  layout.id = id_name.empty() ? 0 : find_column(header, id_name);
  if (layout.id < 0) {
    errors.add(file, 1, 0, "no_id_column", {{"name", quote(id_name)}});
    return false;
  }
  if (header.size() < 2) {
    errors.add(file, 1, 0, "header_too_short", {{"count", std::to_string(header.size())}});
    return false;
  }
  auto others = [&] {
    std::vector<int> v;
    for (int i = 0; i < static_cast<int>(header.size()); ++i)
      if (i != layout.id) v.push_back(i);
    return v;
  };
  if (kind == InputKind::scores && !is_truth) {
    layout.extra = others();
    return true;
  }
  if (kind == InputKind::texts && is_truth && !params.count("target")) {
    layout.extra = others();  // every other column is a reference
    return true;
  }
  std::string target = param("target", "");
  if (!target.empty()) {
    layout.target = find_column(header, target);
    if (layout.target < 0) {
      errors.add(file, 1, 0, "no_target_column", {{"name", quote(target)}});
      return false;
    }
  } else if (header.size() == 2) {
    layout.target = layout.id == 0 ? 1 : 0;
  } else {
    const char* names[] = {"label", "value", "prediction", "target", "items", "text"};
    for (const char* n : names)
      if ((layout.target = find_column(header, n)) >= 0) break;
    if (layout.target < 0) {
      errors.add(file, 1, 0, "ambiguous_target");
      return false;
    }
  }
  if (kind == InputKind::texts) layout.extra = {layout.target};
  return true;
}

}  // namespace

bool parse_number(std::string_view text, double& out) {
  text = trim(text);
  if (text.empty()) return false;
  const char* first = text.data();
  if (*first == '+') ++first;
  if (parse_plain_decimal(first, text.data() + text.size(), out)) return true;
  auto r = fast_float::from_chars(first, text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

void sort_labels(std::vector<std::string>& labels) {
  std::vector<double> values(labels.size());
  bool numeric = true;
  for (std::size_t i = 0; i < labels.size() && numeric; ++i) numeric = parse_number(labels[i], values[i]);
  if (numeric) {
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<std::string> sorted;
    for (auto i : order) sorted.push_back(labels[i]);
    labels = std::move(sorted);
  } else {
    std::sort(labels.begin(), labels.end());
  }
}

double split_point(std::string_view id, std::uint64_t seed) {
  // FNV-1a over the id, mixed with the seed by SplitMix64: stable across platforms.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
  std::uint64_t z = h ^ (seed + 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

std::vector<std::uint8_t> public_mask(const IdColumn& ids, double fraction, std::uint64_t seed) {
  std::vector<std::uint8_t> mask(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) mask[i] = split_point(ids[i], seed) < fraction;
  return mask;
}

namespace {

// CSV or JSON Lines, chosen by looking at the data; the same reading interface either way.
class RowReader {
 public:
  RowReader(std::string_view data, const std::string& label, InputErrors& errors) {
    if (looks_like_jsonl(data)) jsonl_.emplace(data, label, errors);
    else csv_.emplace(data, label, errors);
  }
  bool read_header(std::vector<std::string_view>& h) { return csv_ ? csv_->read_header(h) : jsonl_->read_header(h); }
  bool next_row(std::size_t columns, std::vector<std::string_view>& f, std::size_t& line) {
    return csv_ ? csv_->next_row(columns, f, line) : jsonl_->next_row(columns, f, line);
  }
  // CSV only: JSON Lines rows always take next_row.
  bool next_plain_numbers_row(std::size_t columns, std::size_t id_column, double lo, double hi,
                              std::vector<std::string_view>& f, std::vector<double>& numbers, std::size_t& line,
                              std::vector<std::uint32_t>* billionths) {
    return csv_ && csv_->next_plain_numbers_row(columns, id_column, lo, hi, f, numbers, line, billionths);
  }
  std::size_t position() const { return csv_ ? csv_->position() : jsonl_->position(); }

 private:
  std::optional<CsvReader> csv_;
  std::optional<JsonlReader> jsonl_;
};

// One stretch of the truth's rows: the whole file, or one half of it on each of two threads.
struct TruthRows {
  IdColumn ids;
  // 32-bit hashes of the ids, taken while their bytes are in cache; the duplicate check
  // sorts them in place.
  Column<std::uint32_t> hashes;
  LineMap lines;
  // Labels get provisional numbers in order of first appearance (remapped once the classes
  // are sorted), so no per-row copy of the label text is kept.
  Column<std::int32_t> labels;
  LabelIndex provisional;
  std::vector<std::string_view> names;
  Column<double> values;
  std::vector<std::vector<std::string_view>> references;

  void reserve(std::string_view truth, InputKind kind, std::size_t rows) {
    ids.reset(truth, rows);
    hashes.reserve(rows);
    if (kind == InputKind::labels || kind == InputKind::scores) labels.reserve(rows);
    if (kind == InputKind::values) values.reserve(rows);
  }
  // Appends the rows that follow these, whose lines are counted `line_shift` too low.
  void append(const TruthRows& next, std::size_t line_shift) {
    const auto row_shift = static_cast<std::uint32_t>(ids.size());
    ids.append(next.ids);
    hashes.insert(hashes.end(), next.hashes.begin(), next.hashes.end());
    lines.append(next.lines, row_shift, line_shift);
    std::vector<std::int32_t> renumber(next.names.size());
    for (std::size_t i = 0; i < next.names.size(); ++i) {
      auto n = static_cast<std::uint32_t>(names.size());
      auto existing = provisional.insert(next.names[i], n);
      if (existing == IdIndex::kNone) names.push_back(next.names[i]);
      renumber[i] = static_cast<std::int32_t>(existing == IdIndex::kNone ? n : existing);
    }
    for (auto l : next.labels) labels.push_back(renumber[static_cast<std::size_t>(l)]);
    values.insert(values.end(), next.values.begin(), next.values.end());
    references.insert(references.end(), next.references.begin(), next.references.end());
  }
};

template <class Reader>
void read_truth_rows(Reader& reader, std::size_t columns, const Layout& tl, InputKind kind, const std::string& tf, TruthRows& t,
                     InputErrors& errors) {
  std::vector<std::string_view> fields;
  std::string_view last_label;
  std::uint32_t last_number = 0;
  std::size_t line = 0;
  const bool labelled = kind == InputKind::labels || kind == InputKind::scores;
  while (reader.next_row(columns, fields, line)) {
    auto id = trim(fields[tl.id]);
    if (id.empty()) { errors.add(tf, line, tl.id + 1, "empty_id"); continue; }
    if (id.size() > IdColumn::kMaxLength) { errors.add(tf, line, tl.id + 1, "id_too_long"); continue; }
    t.lines.add(static_cast<std::uint32_t>(t.ids.size()), line);
    t.ids.push_back(id);
    t.hashes.push_back(static_cast<std::uint32_t>(hash_bytes(id)));
    if (labelled) {
      auto label = trim(fields[tl.target]);
      if (label.empty()) errors.add(tf, line, tl.target + 1, "empty_label");
      if (!same_bytes(label, last_label) || t.names.empty()) {
        auto n = static_cast<std::uint32_t>(t.names.size());
        auto existing = t.provisional.insert(label, n);
        if (existing == IdIndex::kNone) t.names.push_back(label);
        last_number = existing == IdIndex::kNone ? n : existing;
        last_label = label;
      }
      t.labels.push_back(static_cast<std::int32_t>(last_number));
    } else if (kind == InputKind::values) {
      double v;
      if (!parse_number(fields[tl.target], v) || !std::isfinite(v)) {
        errors.add(tf, line, tl.target + 1, "not_a_number", {{"value", quote(fields[tl.target])}});
        v = 0;
      }
      t.values.push_back(v);
    } else if (kind == InputKind::lists) {
      t.references.push_back(split_spaces(fields[tl.target]));
    } else {
      std::vector<std::string_view> refs;
      for (int c : tl.extra)
        if (!fields[c].empty()) refs.push_back(fields[c]);
      if (refs.empty()) errors.add(tf, line, 0, "empty_references");
      t.references.push_back(std::move(refs));
    }
  }
}

// The truth's body in two halves, each read on its own thread, then joined into `whole`.
// False (nothing kept) when the truth is under 4 MB, JSON Lines, or has a quoted field,
// which may hold the line break it was cut at.
bool read_truth_on_two_threads(std::string_view truth, std::size_t body_start, std::size_t columns, const Layout& tl,
                               InputKind kind, const std::string& tf, std::size_t expected_rows, TruthRows& whole,
                               InputErrors& errors) {
  join::Halves halves;
  if (!join::cut_in_halves(truth, body_start, std::size_t{4} << 20, halves)) return false;
  TruthRows parts[2];
  InputErrors part_errors[2];
  bool quoted[2] = {false, false};
  std::size_t end_line[2] = {0, 0};
  auto work = [&](int i) {
    parts[i].reserve(truth, kind, i ? expected_rows / 2 + 16 : expected_rows);  // the first takes the second in
    CsvReader reader(i ? halves.second : halves.first, tf, part_errors[i], i ? 1 : halves.header_lines + 1);
    read_truth_rows(reader, columns, tl, kind, tf, parts[i], part_errors[i]);
    quoted[i] = reader.saw_quoted_field();
    end_line[i] = reader.line();
  };
  std::thread other(work, 1);
  work(0);
  other.join();
  if (quoted[0] || quoted[1]) return false;
  const std::size_t shift = end_line[0] - 1;
  part_errors[1].shift_lines(shift);
  errors.merge(part_errors[0]);
  errors.merge(part_errors[1]);
  whole = std::move(parts[0]);
  whole.append(parts[1], shift);
  return true;
}

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

// load_csv_dataset; `fixed_allowed`: scores may be kept as Dataset::fixed_scores.
bool load_csv(std::string_view truth, std::string_view pred, const Params& params, const LoadOptions& opt, bool fixed_allowed,
              Dataset& out, InputErrors& errors) {
  const auto& tf = opt.truth_label;
  const auto& pf = opt.pred_label;
  out = Dataset{};
  // --- truth ---
  auto tr_holder = std::make_shared<RowReader>(truth, tf, errors);
  RowReader& tr = *tr_holder;
  std::vector<std::string_view> theader, fields;
  if (!tr.read_header(theader)) return false;
  Layout tl;
  if (!resolve_layout(theader, params, opt.kind, true, tf, tl, errors)) return false;
  // Rows expected from the first lines' length: reserved once, never copied while growing.
  std::size_t expected_rows = 16;
  {
    auto head = truth.substr(0, 1 << 16);
    auto lines = static_cast<std::size_t>(std::count(head.begin(), head.end(), '\n'));
    if (lines > 0) expected_rows += truth.size() / std::max<std::size_t>(1, head.size() / lines) * 5 / 4;
  }
  const bool labelled = opt.kind == InputKind::labels || opt.kind == InputKind::scores;
  TruthRows whole;
  // A large truth of labels or values is read in two halves at once.
  bool read = (labelled || opt.kind == InputKind::values) &&
              read_truth_on_two_threads(truth, tr.position(), theader.size(), tl, opt.kind, tf, expected_rows, whole, errors);
  if (!read) {
    whole.reserve(truth, opt.kind, expected_rows);
    read_truth_rows(tr, theader.size(), tl, opt.kind, tf, whole, errors);
  }
  out.ids = std::move(whole.ids);
  out.y_true = std::move(whole.labels);
  out.v_true = std::move(whole.values);
  out.references = std::move(whole.references);
  Column<std::uint32_t> truth_hashes = std::move(whole.hashes);
  const auto& provisional_names = whole.names;
  const LineMap& truth_line = whole.lines;
  out.keep_alive.push_back(tr_holder);  // JSON Lines field texts live in the reader
  out.rows = out.ids.size();
  if (out.rows == 0 && errors.empty()) errors.add(tf, 0, 0, "no_rows");

  auto pr_holder = std::make_shared<RowReader>(pred, pf, errors);
  RowReader& pr = *pr_holder;
  std::vector<std::string_view> pheader;
  if (!pr.read_header(pheader)) return false;
  Layout pl;
  if (!resolve_layout(pheader, params, opt.kind, false, pf, pl, errors)) return false;

  // Classes, sorted as scikit-learn sorts them: the truth's labels, --param labels, and
  // for scores the prediction's class columns (as sklearn with labels = those columns).
  LabelIndex class_index;
  if (labelled) {
    std::vector<std::string> classes;
    {
      IdIndex seen;
      auto add = [&](std::string_view l) {
        if (seen.insert(l, 0) == IdIndex::kNone) classes.emplace_back(l);
      };
      for (auto l : provisional_names) add(l);
      if (auto it = params.find("labels"); it != params.end())
        for (auto l : split_spaces(it->second)) add(l);
      if (opt.kind == InputKind::scores)
        for (int c : pl.extra)
          if (auto name = trim(pheader[c]); !name.empty()) add(name);
    }
    sort_labels(classes);
    out.classes = std::move(classes);
    for (std::size_t i = 0; i < out.classes.size(); ++i) class_index.insert(out.classes[i], static_cast<std::uint32_t>(i));
    std::vector<std::int32_t> remap(provisional_names.size());
    for (std::size_t i = 0; i < remap.size(); ++i) remap[i] = static_cast<std::int32_t>(class_index.find(provisional_names[i]));
    for (auto& y : out.y_true) y = remap[static_cast<std::size_t>(y)];
  }

  // --- predictions ---
  if (trim(pheader[pl.id]) != trim(theader[tl.id]))
    errors.add(pf, 1, pl.id + 1, "id_column_renamed", {{"pred", quote(pheader[pl.id])}, {"truth", quote(theader[tl.id])}});
  std::vector<std::int32_t> score_column;  // pred column -> class index
  const std::size_t k = out.classes.size();
  if (opt.kind == InputKind::scores) {
    std::vector<int> covered(k, 0);
    for (int c : pl.extra) {
      auto cls = class_index.find(trim(pheader[c]));
      if (cls == IdIndex::kNone || covered[cls]) {
        if (cls == IdIndex::kNone) errors.add(pf, 1, c + 1, "class_column_unnamed");
        else errors.add(pf, 1, c + 1, "column_twice", {{"name", quote(pheader[c])}});
        score_column.push_back(-1);
      } else {
        covered[cls] = 1;
        score_column.push_back(static_cast<std::int32_t>(cls));
      }
    }
    for (std::size_t i = 0; i < k; ++i)
      if (!covered[i]) errors.add(pf, 1, 0, "no_class_column", {{"class", quote(out.classes[i])}});
  }
  // Scores are kept as fixed-point integers when the first row's are (a file's scores are
  // usually all written alike); should a later row's not be, loading starts again with doubles.
  const bool fixed = opt.kind == InputKind::scores && fixed_allowed && first_row_scores_fixed(pred, pr.position(), pl);
  std::atomic<bool> fixed_failed{false};  // written by both halves' threads
  if (opt.kind == InputKind::scores) {  // every cell is written, or loading fails
    if (fixed) out.fixed_scores.resize(out.rows * k);
    else out.scores.resize(out.rows * k);
  }

  // The prediction line each truth row was joined from (0: none yet); the two-thread join
  // of a shuffled prediction keeps its own record instead (a byte a row, or the places).
  Column<std::uint32_t> pred_line;
  join::JoinedRows joined;
  if (opt.kind == InputKind::labels) out.y_pred.assign(out.rows, 0);
  if (opt.kind == InputKind::values) out.v_pred.assign(out.rows, 0);
  if (opt.kind == InputKind::lists) out.predicted.assign(out.rows, {});
  if (opt.kind == InputKind::texts) out.hypotheses.assign(out.rows, {});
  // Predictions usually come in the truth's order, so the id index (random memory access,
  // the dominant cost of a join) is built only when they do not.
  out.keep_alive.push_back(pr_holder);
  std::optional<RowIndex> index;
  auto report_duplicate = [&](std::uint32_t later, std::uint32_t first) {
    errors.add(tf, truth_line.at(later), tl.id + 1, "duplicate_id",
               {{"id", quote(out.ids[later])}, {"first", std::to_string(truth_line.at(first))}});
  };
  auto build_index = [&] { index.emplace(out.ids, report_duplicate); };
  // The truth's own duplicates, for when every prediction matches in order (otherwise the
  // index finds them): the ids' 32-bit hashes sorted in place, neighbours compared, then the
  // ids behind a repeated hash compared to tell duplicates from collisions (a million ids
  // have about a hundred). It runs on a second thread while the predictions are parsed,
  // unless they do not even start in order.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> truth_duplicates;
  auto find_truth_duplicates = [&out, &truth_duplicates, &truth_hashes] {
    std::vector<std::uint32_t> repeated;
    {
      Column<std::uint32_t> h = std::move(truth_hashes);
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
    for (std::uint32_t i = 0; i < out.rows; ++i) {
      const auto h = static_cast<std::uint32_t>(hash_bytes(out.ids[i]));
      if (!(maybe[(h & 0xFFFF) >> 6] >> (h & 63) & 1) || !std::binary_search(repeated.begin(), repeated.end(), h)) continue;
      if (auto first = first_seen.insert(out.ids[i], i); first != IdIndex::kNone) truth_duplicates.emplace_back(i, first);
    }
  };
  std::thread duplicate_check;
  const bool in_order_start = join::starts_in_truth_order(pred, pr.position(), pl.id, out.ids);
  if (in_order_start) {  // by class (see Dataset::scores)
    out.score_row_step = 1;
    out.score_class_step = out.rows;
  } else {
    out.score_row_step = k;
    out.score_class_step = 1;
  }
  if (in_order_start) duplicate_check = std::thread(find_truth_duplicates);
  std::atomic<bool> some_row_off_one{false};  // written by both halves' threads
  // Rows of plain scores are read in one pass, numbers and all; any other line (and one with
  // a probability outside [0, 1]) goes through the general reader, which reports it.
  join::PlainRows plain_rows;
  if (opt.kind == InputKind::scores) {
    plain_rows.enabled = true;
    plain_rows.id_column = static_cast<std::size_t>(pl.id);
    plain_rows.lo = opt.probabilities ? 0.0 : -std::numeric_limits<double>::infinity();
    plain_rows.hi = opt.probabilities ? 1.0 : std::numeric_limits<double>::infinity();
    plain_rows.billionths = fixed;
  }
  // Stores one prediction row's values at storage row `row` (its truth row, unless stored
  // by place). The stores are relaxed atomics: when an id repeats, two threads may store at
  // one place before the join gives up on the result.
  auto store = [&](const join::PredRow& pred_row, std::size_t line, std::uint32_t row, InputErrors& errors) {
      const auto& fields = pred_row.fields;
      switch (opt.kind) {
        case InputKind::labels: {
          auto label = trim(fields[pl.target]);
          auto cls = class_index.find(label);
          if (cls == IdIndex::kNone) {
            errors.add(pf, line, pl.target + 1, "unknown_label", {{"label", quote(label)}});
            break;
          }
          std::atomic_ref<std::int32_t>(out.y_pred[row]).store(static_cast<std::int32_t>(cls), std::memory_order_relaxed);
          break;
        }
        case InputKind::scores: {
          thread_local std::vector<double> values;  // this row's, by class
          values.assign(k, 0.0);
          for (std::size_t j = 0; j < pl.extra.size(); ++j) {
            double v;
            auto f = fields[pl.extra[j]];
            if (pred_row.plain) {  // parsed and checked as it was read
              v = pred_row.numbers[pl.extra[j]];
            } else if (!parse_number(f, v) || !std::isfinite(v)) {
              errors.add(pf, line, pl.extra[j] + 1, "not_a_number", {{"value", quote(f)}});
              continue;
            }
            if (opt.probabilities && (v < 0.0 || v > 1.0)) {  // plain rows were checked: never
              errors.add(pf, line, pl.extra[j] + 1, "probability_out_of_range", {{"value", quote(f)}});
              continue;
            }
            if (score_column[j] < 0) continue;
            const auto c = static_cast<std::size_t>(score_column[j]);
            values[c] = v;
            if (fixed) {
              // A plain row's are counted as it was read; any other's are checked.
              std::uint32_t m = pred_row.plain ? pred_row.billionths[pl.extra[j]] : kNotBillionths;
              if (!pred_row.plain ? !to_fixed_score(v, m) : m == kNotBillionths) fixed_failed.store(true, std::memory_order_relaxed);
              std::atomic_ref<std::uint32_t>(out.fixed_scores[out.score_index(row, c)]).store(m, std::memory_order_relaxed);
            } else {
              std::atomic_ref<double>(out.scores[out.score_index(row, c)]).store(v, std::memory_order_relaxed);
            }
          }
          double sum = 0;
          for (std::size_t c = 0; c < k; ++c) sum += values[c];
          if (!(std::abs(1.0 - sum) <= 1e-8 + 1e-5 * std::abs(sum))) some_row_off_one.store(true, std::memory_order_relaxed);
          break;
        }
        case InputKind::values: {
          double v;
          if (!parse_number(fields[pl.target], v) || !std::isfinite(v)) {
            errors.add(pf, line, pl.target + 1, "not_a_number", {{"value", quote(fields[pl.target])}});
            break;
          }
          std::atomic_ref<double>(out.v_pred[row]).store(v, std::memory_order_relaxed);
          break;
        }
        case InputKind::lists: out.predicted[row] = split_spaces(fields[pl.target]); break;
        case InputKind::texts: out.hypotheses[row] = fields[pl.target]; break;
        case InputKind::coco_boxes:
        case InputKind::coco_keypoints:
        case InputKind::aic_keypoints: break;  // JSON inputs: load_coco_dataset, load_aic_dataset
      }
  };
  auto prefetch_target = [&](std::uint32_t row) {
    if (row == RowIndex::kNone) return;
    if (opt.kind == InputKind::labels) prefetch_for_write(&out.y_pred[row]);
    else if (opt.kind == InputKind::values) prefetch_for_write(&out.v_pred[row]);
    else if (opt.kind == InputKind::scores) {
      if (joined.by_place()) {
        return;  // the values go in sequence
      }
      auto cell = [&](std::size_t c) -> const void* {
        return fixed ? static_cast<const void*>(&out.fixed_scores[out.score_index(row, c)]) : &out.scores[out.score_index(row, c)];
      };
      if (out.score_class_step == 1) {
        prefetch_for_write(cell(0));
        prefetch_for_write(cell(k - 1));
      } else {
        for (std::size_t c = 0; c < k; ++c) prefetch_for_write(cell(c));
      }
    }
  };
  std::size_t next_in_order = 0, reported = 0;
  const bool keeps_pred_views = opt.kind == InputKind::lists || opt.kind == InputKind::texts;
  bool done = false;
  if (!keeps_pred_views && !in_order_start && !looks_like_jsonl(pred)) {
    Column<std::uint32_t>().swap(truth_hashes);  // the index finds duplicates itself
    build_index();
    // A row of scores is wide: stored in the prediction's order, by class like the truth's
    // order, it is written in sequence instead of scattered (and y_true follows it).
    if (opt.kind == InputKind::scores) {
      joined.place.assign(out.rows, RowIndex::kNone);
      out.score_row_step = 1;
      out.score_class_step = out.rows;
    } else {
      joined.seen.assign(out.rows, 0);
    }
    done = join::parse_by_index_on_two_threads(pred, pr.position(), pheader.size(), static_cast<std::size_t>(pl.id), plain_rows, pf,
                                               *index, joined, store, prefetch_target, opt.pred_consumed, errors);
    if (done && joined.by_place()) {
      // y_true follows the values into storage order. Scattered stores in one pass: as a
      // load per joined row, the same gather waited on memory for 140 ms.
      Column<std::int32_t> placed_labels;
      placed_labels.resize(out.rows);
      for (std::size_t j = 0; j < out.rows; ++j)
        if (auto place = joined.place[j]; place != RowIndex::kNone) placed_labels[place] = out.y_true[j];
      out.y_true = std::move(placed_labels);
    } else if (!done) {
      joined = {};
      out.score_row_step = k;
      out.score_class_step = 1;
    }
  }
  if (!done) pred_line.assign(out.rows, 0);
  if (!keeps_pred_views && in_order_start)
    done = join::parse_in_order_on_two_threads(pred, pr.position(), pheader.size(), pl.id, plain_rows, pf, out, pred_line, store,
                                               opt.pred_consumed, errors);
  // Joins one row to the truth and stores it. `found` is the row its id matched when the
  // batched lookups already looked it up (once out of order, the next row in the truth's
  // order is one more random access, and seldom the one), else kNotLookedUp.
  constexpr std::uint32_t kNotLookedUp = RowIndex::kNone - 1;
  auto join_row = [&](const join::PredRow& pred_row, std::size_t row_line, std::uint32_t found) {
    auto id = trim(pred_row.fields[static_cast<std::size_t>(pl.id)]);
    std::uint32_t row = found;
    if (found == kNotLookedUp && next_in_order < out.rows && same_bytes(out.ids[next_in_order], id)) {
      row = static_cast<std::uint32_t>(next_in_order++);
    } else {
      if (found == kNotLookedUp) {
        if (!index) build_index();
        row = index->find(id, hash_bytes(id));
      }
      if (row == RowIndex::kNone) {
        errors.add(pf, row_line, pl.id + 1, "unknown_id", {{"id", quote(id)}});
        return;
      }
      next_in_order = row + 1;
    }
    if (pred_line[row]) {
      errors.add(pf, row_line, pl.id + 1, "duplicate_id", {{"id", quote(id)}, {"first", std::to_string(pred_line[row])}});
      return;
    }
    pred_line[row] = static_cast<std::uint32_t>(row_line);
    store(pred_row, row_line, row, errors);
  };
  auto prefetch_joined = [&](std::uint32_t row) {
    if (row == RowIndex::kNone) return;
    prefetch_for_write(&pred_line[row]);
    prefetch_target(row);
  };
  std::optional<join::BatchedLookup<decltype(join_row), decltype(prefetch_joined)>> lookups;
  std::size_t line = 0;
  join::PredRow pred_row;
  while (!done && join::read_row(pr, pheader.size(), plain_rows, pred_row, line)) {
    if (opt.pred_consumed && !keeps_pred_views && pr.position() - reported >= join::kDropEvery) {
      if (lookups) lookups->drain();  // waiting rows' fields point into the range about to be dropped
      opt.pred_consumed(reported, pr.position());
      reported = pr.position();
    }
    if (!index) {
      join_row(pred_row, line, kNotLookedUp);
      continue;
    }
    if (!lookups) lookups.emplace(*index, static_cast<std::size_t>(pl.id), join_row, prefetch_joined);
    lookups->add(pred_row, line);
  }
  if (lookups) lookups->drain();
  if (duplicate_check.joinable()) duplicate_check.join();
  else if (!index) find_truth_duplicates();  // every row matched in order after all
  if (!index)
    for (auto [later, first] : truth_duplicates) report_duplicate(later, first);
  // An id on a line refused whole has been reported with that line already.
  std::unordered_set<std::string_view> refused_ids;
  for (const auto& fields : errors.refused_rows())
    if (static_cast<std::size_t>(pl.id) < fields.size()) refused_ids.insert(trim(fields[static_cast<std::size_t>(pl.id)]));
  std::size_t missing = 0;
  for (std::size_t i = 0; i < out.rows; ++i)
    if (!(joined.kept() ? joined.has(i) : pred_line[i] != 0)) {
      if (!refused_ids.empty() && refused_ids.count(out.ids[i])) continue;
      if (++missing <= 10)
        errors.add(pf, 0, 0, "missing_id",
                   {{"id", quote(out.ids[i])}, {"line", std::to_string(truth_line.at(static_cast<std::uint32_t>(i)))}});
    }
  if (missing > 10) errors.add(pf, 0, 0, "more_missing_ids", {{"count", std::to_string(missing - 10)}});
  out.scores_sum_to_one = !some_row_off_one.load();
  if (joined.by_place()) out.truth_order = std::move(joined.place);
  if (fixed_failed.load() && errors.empty()) return load_csv(truth, pred, params, opt, false, out, errors);
  return errors.empty();
}

}  // namespace

bool load_csv_dataset(std::string_view truth, std::string_view pred, const Params& params, const LoadOptions& opt,
                      Dataset& out, InputErrors& errors) {
  return load_csv(truth, pred, params, opt, true, out, errors);
}

}  // namespace aigc::scoring
