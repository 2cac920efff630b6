// The first stage of loading CSV / JSON Lines inputs (csv_load.cpp): the header's layout
// (which column is the id, which the target) and the truth's rows, read on two threads when
// the file is large. The rows keep views into the truth buffer; labels get provisional
// numbers in order of first appearance, renumbered once the classes are sorted.
#pragma once

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/column.hpp"
#include "scoring/csv.hpp"
#include "scoring/dataset.hpp"
#include "scoring/id_index.hpp"
#include "scoring/input_error.hpp"
#include "scoring/jsonl.hpp"

namespace aigc::scoring {

struct Layout {
  int id = 0;
  int target = -1;            // labels, values, lists, texts (pred)
  std::vector<int> extra;     // texts (truth): reference columns; scores (pred): class columns
};

// Where the id and the target live in a header, or false with an error naming what was expected.
bool resolve_layout(const std::vector<std::string_view>& header, const Params& params, InputKind kind, bool is_truth,
                    const std::string& file, Layout& layout, InputErrors& errors);

// Items separated by spaces (ranking lists, --param labels).
std::vector<std::string_view> split_spaces(std::string_view s);

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
  // While every id is a canonical integer: their values (RowIndex's integer mode). Else
  // 32-bit hashes of the ids (hash_bytes), taken while their bytes are in cache; the
  // duplicate check sorts them in place. One or the other is kept, never both.
  Column<std::uint64_t> id_values;
  Column<std::uint32_t> hashes;
  bool integer_ids = true;
  std::size_t expected_rows = 0;
  LineMap lines;
  // Labels get provisional numbers in order of first appearance (remapped once the classes
  // are sorted), so no per-row copy of the label text is kept.
  Column<std::int32_t> labels;
  LabelIndex provisional;
  std::vector<std::string_view> names;
  Column<double> values;
  std::vector<std::vector<std::string_view>> references;

  // From here on ids are hashed: the rows so far are, from their bytes.
  void not_integer_ids() {
    if (!integer_ids) return;
    integer_ids = false;
    Column<std::uint64_t>().swap(id_values);
    hashes.reserve(std::max(expected_rows, ids.size() * 5 / 4 + 16));
    for (std::size_t i = 0; i < ids.size(); ++i) hashes.push_back(static_cast<std::uint32_t>(hash_bytes(ids[i])));
  }
  void reserve(std::string_view truth, InputKind kind, std::size_t rows) {
    expected_rows = rows;
    ids.reset(truth, rows);
    id_values.reserve(rows);
    if (kind == InputKind::labels || kind == InputKind::scores) labels.reserve(rows);
    if (kind == InputKind::values) values.reserve(rows);
  }
  // Appends the rows that follow these, whose lines are counted `line_shift` too low;
  // each of `next`'s columns is freed once copied (a million rows' worth at a time was the
  // peak of a whole integer-id run).
  void append(TruthRows&& next, std::size_t line_shift) {
    const auto row_shift = static_cast<std::uint32_t>(ids.size());
    if (integer_ids && next.integer_ids) {
      id_values.insert(id_values.end(), next.id_values.begin(), next.id_values.end());
    } else {
      not_integer_ids();
      if (next.integer_ids)
        for (std::size_t i = 0; i < next.ids.size(); ++i) hashes.push_back(static_cast<std::uint32_t>(hash_bytes(next.ids[i])));
      else
        hashes.insert(hashes.end(), next.hashes.begin(), next.hashes.end());
    }
    Column<std::uint64_t>().swap(next.id_values);
    Column<std::uint32_t>().swap(next.hashes);
    ids.append(next.ids);
    next.ids = IdColumn{};
    lines.append(next.lines, row_shift, line_shift);
    std::vector<std::int32_t> renumber(next.names.size());
    for (std::size_t i = 0; i < next.names.size(); ++i) {
      auto n = static_cast<std::uint32_t>(names.size());
      auto existing = provisional.insert(next.names[i], n);
      if (existing == IdIndex::kNone) names.push_back(next.names[i]);
      renumber[i] = static_cast<std::int32_t>(existing == IdIndex::kNone ? n : existing);
    }
    for (auto l : next.labels) labels.push_back(renumber[static_cast<std::size_t>(l)]);
    Column<std::int32_t>().swap(next.labels);
    values.insert(values.end(), next.values.begin(), next.values.end());
    references.insert(references.end(), next.references.begin(), next.references.end());
  }
};

// Reads every row of the truth's body (after its header) into `t`: one reader, or, for a
// large CSV of labels or values, two halves on two threads joined in order. `expected_rows`
// sizes the columns once.
void read_truth_body(RowReader& reader, std::string_view truth, std::size_t columns, const Layout& layout, InputKind kind,
                     const std::string& file, std::size_t expected_rows, TruthRows& t, InputErrors& errors);

}  // namespace aigc::scoring
