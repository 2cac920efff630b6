// Joining prediction rows to the truth's rows: the part of loading that decides its speed.
// Lookups through the RowIndex go in batches with each step prefetched; a large CSV
// prediction is parsed in two halves at once, matched by position when it is in the
// truth's order, through the shared index otherwise (rows marked, not locked). For
// dataset.cpp only; the same problems are found, at the same lines, whichever way a file is read.
#pragma once

#include <algorithm>
#include <atomic>
#include <functional>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "scoring/csv.hpp"
#include "scoring/dataset.hpp"
#include "scoring/id_index.hpp"
#include "scoring/jsonl.hpp"

namespace aigc::scoring::join {

// Spaces and tabs around a field are not part of it (ids, labels, numbers).
inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// A value quoted for an error message, cut at 60 bytes.
inline std::string quote(std::string_view s) {
  std::string out = "'";
  out.append(s.substr(0, 60));
  if (s.size() > 60) out += "...";
  return out + "'";
}

// A plain CSV line (no quotes) as fields: for peeking at one row without a reader.
inline std::vector<std::string_view> split(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  for (;;) {
    auto comma = line.find(',', start);
    out.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  if (!out.empty() && !out.back().empty() && out.back().back() == '\r') out.back().remove_suffix(1);
  return out;
}

// A prediction row as read: its fields and, when the reader's one-pass path read it, each
// field's number (see CsvReader::next_plain_numbers_row), so they are not parsed again.
struct PredRow {
  std::vector<std::string_view> fields;
  std::vector<double> numbers;
  std::vector<std::uint32_t> billionths;  // the same numbers in billionths, when asked for
  bool plain = false;
};

// Which rows may take that path: rows of class scores, every score within [lo, hi].
struct PlainRows {
  bool enabled = false;
  std::size_t id_column = 0;
  double lo = 0, hi = 0;
  bool billionths = false;  // for fixed scores (Dataset::fixed_scores)
};

// Reads the next row, by the one-pass path when allowed and the line is plain.
template <class Reader>
bool read_row(Reader& reader, std::size_t columns, const PlainRows& plain_rows, PredRow& row, std::size_t& line) {
  row.plain = plain_rows.enabled &&
              reader.next_plain_numbers_row(columns, plain_rows.id_column, plain_rows.lo, plain_rows.hi, row.fields, row.numbers, line,
                                            plain_rows.billionths ? &row.billionths : nullptr);
  return row.plain || reader.next_row(columns, row.fields, line);
}

// How much of the prediction is read before the pages behind are handed back.
inline constexpr std::size_t kDropEvery = std::size_t{1} << 20;

// The fields of a CSV file's first row (its body starting at `body_start`), split as a plain
// line: for peeking at the first row before reading the file.
inline std::vector<std::string_view> first_row_fields(std::string_view csv, std::size_t body_start) {
  auto body = csv.substr(body_start);
  return split(body.substr(0, std::min(body.find('\n'), body.size())));
}

// Whether the prediction's first row (after the header, at `body_start`) has the truth's
// first id: then the rows are probably in the truth's order. Only a plain CSV line is looked at.
inline bool starts_in_truth_order(std::string_view pred, std::size_t body_start, int id_column, const IdColumn& ids) {
  if (ids.empty() || looks_like_jsonl(pred)) return false;
  auto fields = first_row_fields(pred, body_start);
  return fields.size() > static_cast<std::size_t>(id_column) && trim(fields[static_cast<std::size_t>(id_column)]) == ids[0];
}

// A prediction's body cut at a line break near the middle, for two threads.
struct Halves {
  std::string_view first, second;
  std::size_t first_offset = 0, second_offset = 0;  // in the whole prediction
  std::size_t header_lines = 0;                     // lines before the body
  // The second half's lines are counted from 1; the first half's reader, once done, knows
  // the shift that makes them the file's (counting again would page the half back in).
};

// False when the prediction is JSON Lines, smaller than `min_bytes`, has no line break past
// its middle, or there is only one core.
inline bool cut_in_halves(std::string_view pred, std::size_t body_start, std::size_t min_bytes, Halves& h) {
  if (looks_like_jsonl(pred) || pred.size() - body_start < min_bytes || std::thread::hardware_concurrency() < 2) return false;
  std::string_view body = pred.substr(body_start);
  std::size_t cut = body.find('\n', body.size() / 2);
  if (cut == std::string_view::npos || cut + 1 == body.size()) return false;
  h.first = body.substr(0, cut + 1);
  h.second = body.substr(cut + 1);
  h.first_offset = body_start;
  h.second_offset = body_start + h.first.size();
  h.header_lines = static_cast<std::size_t>(std::count(pred.begin(), pred.begin() + static_cast<long>(body_start), '\n'));
  return true;
}

// Rows looked up through the index wait in batches: a lookup is several dependent cache
// misses (the slot, the candidate's id entry, its bytes, then the row's place in the
// arrays), each a few hundred nanoseconds on a busy virtual machine. Three batches are in
// flight, one step apart: while one is being filled (its slots prefetched as rows come),
// the one before has its id entries prefetched, and the one before that is looked up (a
// tight loop of lookups whose misses overlap) with its target arrays prefetched, then is
// joined a batch later. Each fetch so has a whole batch of work to arrive in. (Prefetching
// every step of one batch back to back, then joining, left the joins waiting on memory:
// two thirds of a shuffled roc_auc join.) Rows are joined in file order.
// `join(pred_row, line, row)` takes each row with the truth row its id matched (or
// RowIndex::kNone); `prefetch_target(row)` asks for that row's arrays.
template <class Join, class PrefetchTarget>
class BatchedLookup {
 public:
  BatchedLookup(const RowIndex& index, std::size_t id_column, Join& join, PrefetchTarget& prefetch_target)
      : index_(index), id_column_(id_column), join_(join), prefetch_target_(prefetch_target) {
    for (auto& b : batches_) b.rows.resize(kBatch);
  }

  void add(const PredRow& pred, std::size_t line) {
    Batch& b = batches_[filling_];
    auto& p = b.rows[b.size++];
    p.pred.fields.assign(pred.fields.begin(), pred.fields.end());
    p.pred.plain = pred.plain;
    if (pred.plain) {
      p.pred.numbers.assign(pred.numbers.begin(), pred.numbers.end());
      p.pred.billionths.assign(pred.billionths.begin(), pred.billionths.end());
    }
    p.line = line;
    p.probe = index_.probe(trim(pred.fields[id_column_]));
    index_.prefetch_slot(p.probe);
    if (b.size == kBatch) step();
  }
  // Joins every waiting row (before the bytes their fields point into go away).
  void drain() {
    for (int i = 0; i < 3; ++i) step();
  }

 private:
  static constexpr std::size_t kBatch = 64;
  struct Pending {
    PredRow pred;
    std::size_t line = 0;
    RowIndex::Probe probe;
    std::uint32_t row = 0;  // found a batch before it is joined
  };
  struct Batch {
    std::vector<Pending> rows;
    std::size_t size = 0;
  };
  // Moves every batch one step on; the oldest is joined and is filled next.
  void step() {
    Batch& filled = batches_[filling_];
    Batch& entries_asked = batches_[(filling_ + 2) % 3];
    Batch& oldest = batches_[(filling_ + 1) % 3];
    for (std::size_t i = 0; i < filled.size; ++i) index_.prefetch_entry(filled.rows[i].probe);
    for (std::size_t i = 0; i < entries_asked.size; ++i) {
      auto& p = entries_asked.rows[i];
      p.row = index_.find(trim(p.pred.fields[id_column_]), p.probe);
      prefetch_target_(p.row);
    }
    for (std::size_t i = 0; i < oldest.size; ++i) join_(oldest.rows[i].pred, oldest.rows[i].line, oldest.rows[i].row);
    oldest.size = 0;
    filling_ = (filling_ + 1) % 3;
  }
  const RowIndex& index_;
  std::size_t id_column_;
  Join& join_;
  PrefetchTarget& prefetch_target_;
  Batch batches_[3];
  std::size_t filling_ = 0;
};

// The common case made fast: a large CSV prediction without quoted fields, in the truth's order.
// Its body is cut at a line break near the middle and both halves are parsed at once. Any
// row out of order (or a quote, or JSON Lines) makes it give up before anything counts,
// and the caller parses sequentially. True when all rows were stored.
template <class Store>
bool parse_in_order_on_two_threads(std::string_view pred, std::size_t body_start, std::size_t columns, int id_column,
                                   const PlainRows& plain_rows, const std::string& file, Dataset& out,
                                   Column<std::uint32_t>& pred_line, Store& store,
                                   const std::function<void(std::size_t, std::size_t)>& consumed, InputErrors& errors) {
  // Below 32 MB the second core is better spent on the truth's duplicate check.
  Halves halves;
  if (!cut_in_halves(pred, body_start, std::size_t{32} << 20, halves)) return false;
  std::string_view first = halves.first, second = halves.second, body = pred.substr(body_start);
  // Where the second half starts in the truth: its first id, searched outward from the
  // proportional position (ids are in memory; the first half's bytes are not touched).
  auto first_line_end = second.find('\n');
  auto first_fields = split(second.substr(0, first_line_end == std::string_view::npos ? second.size() : first_line_end));
  if (first_fields.size() <= static_cast<std::size_t>(id_column) || out.rows == 0) return false;
  auto first_id = trim(first_fields[static_cast<std::size_t>(id_column)]);
  std::size_t guess = std::min(out.rows - 1, static_cast<std::size_t>(static_cast<double>(out.rows) * static_cast<double>(first.size()) / static_cast<double>(body.size())));
  std::size_t start_row = out.rows;
  for (std::size_t d = 0; d < out.rows && start_row == out.rows; ++d) {
    if (guess + d < out.rows && same_bytes(out.ids[guess + d], first_id)) start_row = guess + d;
    else if (d <= guess && same_bytes(out.ids[guess - d], first_id)) start_row = guess - d;
    if (d > 4096 && guess + d >= out.rows && d > guess) break;
  }
  if (start_row == out.rows) return false;
  const std::size_t header_lines = halves.header_lines;
  struct Part {
    std::string_view text;
    std::size_t first_line, first_row, offset;
    InputErrors errors;
    bool in_order = true;
    std::size_t stored = 0, end_line = 0;
  };
  Part parts[2] = {{first, header_lines + 1, 0, halves.first_offset, {}, true, 0, 0},
                   {second, 1, start_row, halves.second_offset, {}, true, 0, 0}};
  auto work = [&](Part& part) {
    CsvReader reader(part.text, file, part.errors, part.first_line);
    PredRow r;
    std::size_t line = 0, row = part.first_row, reported = 0;
    while (read_row(reader, columns, plain_rows, r, line)) {
      if (row >= out.rows || !same_bytes(out.ids[row], trim(r.fields[static_cast<std::size_t>(id_column)]))) {
        part.in_order = false;
        return;
      }
      store(r, line, static_cast<std::uint32_t>(row), part.errors);
      pred_line[row] = static_cast<std::uint32_t>(line);  // marks the row seen (each is, once)
      ++row;
      ++part.stored;
      if (consumed && reader.position() - reported >= kDropEvery) {
        consumed(part.offset + reported, part.offset + reader.position());
        reported = reader.position();
      }
    }
    // A quoted field may hold the line break we cut at: then neither half can be trusted.
    if (reader.saw_quoted_field()) part.in_order = false;
    part.end_line = reader.line();
  };
  std::thread other(work, std::ref(parts[1]));
  work(parts[0]);
  other.join();
  if (!parts[0].in_order || !parts[1].in_order || parts[0].stored != start_row ||
      parts[0].stored + parts[1].stored != out.rows) {
    std::fill(pred_line.begin(), pred_line.end(), 0);  // the caller starts again; values get overwritten
    return false;
  }
  if (!parts[1].errors.empty())  // only now are the first half's lines worth counting
    parts[1].errors.shift_lines(parts[0].end_line - 1);
  errors.merge(parts[0].errors);
  errors.merge(parts[1].errors);
  return true;
}

// What the two-thread join of a shuffled prediction records about the truth rows it joined.
struct JoinedRows {
  // A mark per truth row, when each row's values are stored at its truth row...
  Column<std::uint8_t> seen;
  // ...or, when they are stored in the prediction's order instead (wide rows, such as a
  // score per class: written one after another rather than scattered over the array), the
  // place of each truth row's values: the first half fills places 0, 1, ... and the
  // second n-1, n-2, ..., which meet when every truth row came once. kNone: not joined.
  Column<std::uint32_t> place;
  bool by_place() const { return !place.empty(); }
  bool kept() const { return by_place() || !seen.empty(); }
  bool has(std::size_t truth_row) const { return by_place() ? place[truth_row] != RowIndex::kNone : seen[truth_row] != 0; }
};

// A large CSV prediction in any other order: both halves are parsed at once and joined
// through the index (read-only, shared). `store(pred_row, line, row, errors)` takes each
// joined row (row: where its values go, its place or else its truth row). Each
// joined row is marked (plain stores: no locked instruction on the way) and counted;
// afterwards the marks are counted again, and if fewer rows are marked than were joined,
// some id came twice. Then, or when a quoted field may span the cut, it returns false with
// nothing kept and the caller reads the file in one pass, which reports each repeat against
// its first line (a file with duplicates is read twice; a correct one once).
template <class Store, class PrefetchTarget>
bool parse_by_index_on_two_threads(std::string_view pred, std::size_t body_start, std::size_t columns, std::size_t id_column,
                                   const PlainRows& plain_rows, const std::string& file, const RowIndex& index, JoinedRows& joined, Store& store,
                                   PrefetchTarget& prefetch_target,
                                   const std::function<void(std::size_t, std::size_t)>& consumed, InputErrors& errors) {
  Halves halves;
  if (!cut_in_halves(pred, body_start, std::size_t{1} << 20, halves)) return false;
  struct Part {
    std::string_view text;
    std::size_t first_line, offset;
    bool from_the_end;  // places counted down from the last
    InputErrors errors;
    std::size_t joined = 0;
    bool quoted = false;
    std::size_t end_line = 0;
  };
  Part parts[2] = {{halves.first, halves.header_lines + 1, halves.first_offset, false, {}, 0, false, 0},
                   {halves.second, 1, halves.second_offset, true, {}, 0, false, 0}};
  const std::size_t rows = joined.by_place() ? joined.place.size() : joined.seen.size();
  auto prefetch = [&](std::uint32_t row) {
    if (row == RowIndex::kNone) return;
    if (joined.by_place()) prefetch_for_write(&joined.place[row]);
    else prefetch_for_write(&joined.seen[row]);
    prefetch_target(row);
  };
  auto work = [&](Part& part) {
    CsvReader reader(part.text, file, part.errors, part.first_line);
    auto join_row = [&](const PredRow& r, std::size_t line, std::uint32_t row) {
      if (row == RowIndex::kNone) {
        auto id = trim(r.fields[id_column]);
        part.errors.add(file, line, id_column + 1, "unknown_id", {{"id", quote(id)}});
        return;
      }
      // With a repeated id both threads may mark one row, or (more joined rows than places)
      // store at one place: atomic, so defined, but relaxed; the counts reject the result.
      std::size_t n = part.joined++;
      if (!joined.by_place()) {
        std::atomic_ref<std::uint8_t>(joined.seen[row]).store(1, std::memory_order_relaxed);
        store(r, line, row, part.errors);
      } else if (n < rows) {
        auto place = static_cast<std::uint32_t>(part.from_the_end ? rows - 1 - n : n);
        std::atomic_ref<std::uint32_t>(joined.place[row]).store(place, std::memory_order_relaxed);
        store(r, line, place, part.errors);
      }
    };
    BatchedLookup lookups(index, id_column, join_row, prefetch);
    PredRow r;
    std::size_t line = 0, reported = 0;
    while (read_row(reader, columns, plain_rows, r, line)) {
      lookups.add(r, line);
      if (consumed && reader.position() - reported >= kDropEvery) {
        lookups.drain();
        consumed(part.offset + reported, part.offset + reader.position());
        reported = reader.position();
      }
    }
    lookups.drain();
    part.quoted = reader.saw_quoted_field();
    part.end_line = reader.line();
  };
  std::thread other(work, std::ref(parts[1]));
  work(parts[0]);
  other.join();
  std::size_t marked = 0;
  if (joined.by_place()) {
    for (auto p : joined.place) marked += p != RowIndex::kNone;
  } else {
    for (auto s : joined.seen) marked += s;
  }
  if (parts[0].quoted || parts[1].quoted || marked != parts[0].joined + parts[1].joined) return false;
  parts[1].errors.shift_lines(parts[0].end_line - 1);
  errors.merge(parts[0].errors);
  errors.merge(parts[1].errors);
  return true;
}

}  // namespace aigc::scoring::join
