#include "scoring/truth_rows.hpp"

#include <cmath>
#include <thread>

#include "scoring/pred_join.hpp"

namespace aigc::scoring {

using join::quote;
using join::trim;

namespace {

int find_column(const std::vector<std::string_view>& header, std::string_view name) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (trim(header[i]) == name) return static_cast<int>(i);
  return -1;
}

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
    if (std::uint64_t v; t.integer_ids && canonical_integer(id, v)) {
      t.id_values.push_back(v);
    } else {
      t.not_integer_ids();
      t.hashes.push_back(static_cast<std::uint32_t>(hash_bytes(id)));
    }
    t.ids.push_back(id);
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
  whole.append(std::move(parts[1]), shift);
  return true;
}

}  // namespace

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

void read_truth_body(RowReader& reader, std::string_view truth, std::size_t columns, const Layout& layout, InputKind kind,
                     const std::string& file, std::size_t expected_rows, TruthRows& t, InputErrors& errors) {
  const bool labelled = kind == InputKind::labels || kind == InputKind::scores;
  if ((labelled || kind == InputKind::values) &&
      read_truth_on_two_threads(truth, reader.position(), columns, layout, kind, file, expected_rows, t, errors))
    return;
  t.reserve(truth, kind, expected_rows);
  read_truth_rows(reader, columns, layout, kind, file, t, errors);
}

}  // namespace aigc::scoring
