// The loader's fast joins held to its reference: every file joined on two threads (in the
// truth's order, or through the index in any other) must give the Dataset and the problems
// that the sequential join (LoadOptions::sequential_join) gives, value for value and line
// for line: labels, values and class scores; in order, shuffled, with the truth itself
// shuffled; clean, and with duplicate, unknown and missing ids and bad values.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "scoring/dataset.hpp"

namespace aigc::scoring {

namespace {

struct Loaded {
  bool ok;
  Dataset d;
  InputErrors errors;
};

Loaded load(const std::string& truth, const std::string& pred, InputKind kind, bool sequential) {
  Loaded l;
  LoadOptions opt;
  opt.kind = kind;
  opt.probabilities = kind == InputKind::scores;
  opt.sequential_join = sequential;
  l.ok = load_csv_dataset(truth, pred, {}, opt, l.d, l.errors);
  l.errors.sort();
  return l;
}

// The Dataset's contents in the truth's order, whatever its storage order.
std::vector<std::string> contents(const Dataset& d) {
  std::vector<std::string> rows;
  for (std::size_t j = 0; j < d.rows; ++j) {
    std::size_t r = d.truth_order.empty() ? j : d.truth_order[j];
    std::string row = std::string(d.ids[j]);
    if (!d.y_true.empty()) row += " t" + std::to_string(d.y_true[r]);
    if (!d.y_pred.empty()) row += " p" + std::to_string(d.y_pred[r]);
    if (!d.v_pred.empty()) row += " v" + std::to_string(d.v_pred[r]);
    for (std::size_t c = 0; (!d.scores.empty() || !d.fixed_scores.empty()) && c < d.classes.size(); ++c)
      row += " s" + std::to_string(d.score(r, c));
    rows.push_back(row);
  }
  return rows;
}

std::string problems(const InputErrors& e) {
  std::string out = std::to_string(e.total()) + " problems\n";
  for (const auto& p : e.kept()) out += p.file + ":" + std::to_string(p.line) + ":" + std::to_string(p.column) + " " + p.message + "\n";
  return out;
}

void expect_same_as_sequential(const std::string& truth, const std::string& pred, InputKind kind, const std::string& what) {
  auto fast = load(truth, pred, kind, false), reference = load(truth, pred, kind, true);
  EXPECT_EQ(fast.ok, reference.ok) << what;
  EXPECT_EQ(problems(fast.errors), problems(reference.errors)) << what;
  if (fast.ok && reference.ok) {
    EXPECT_EQ(fast.d.classes, reference.d.classes) << what;
    EXPECT_TRUE(contents(fast.d) == contents(reference.d)) << what;
    EXPECT_EQ(fast.d.scores_sum_to_one, reference.d.scores_sum_to_one) << what;
  }
}

struct Files {
  std::string truth, pred;
};

// n rows; the prediction in the truth's order or shuffled; the truth itself maybe shuffled.
Files make(InputKind kind, std::size_t n, bool shuffle_pred, bool shuffle_truth, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::size_t> t_order(n), p_order(n);
  for (std::size_t i = 0; i < n; ++i) t_order[i] = p_order[i] = i;
  if (shuffle_truth) std::shuffle(t_order.begin(), t_order.end(), rng);
  if (shuffle_pred) std::shuffle(p_order.begin(), p_order.end(), rng);
  else p_order = t_order;
  auto id = [](std::size_t i) { return std::to_string(7000000000ULL + i * 7919 % 100003 * 100000 + i); };
  Files f;
  f.truth = kind == InputKind::values ? "id,value\n" : "id,label\n";
  f.pred = kind == InputKind::values ? "id,value\n" : kind == InputKind::labels ? "id,label\n" : "id,a,b,c\n";
  for (auto i : t_order) f.truth += id(i) + "," + (kind == InputKind::values ? std::to_string(i % 97) + ".5" : std::string(1, "abc"[i % 3])) + "\n";
  for (auto i : p_order) {
    f.pred += id(i) + ",";
    if (kind == InputKind::values) f.pred += std::to_string((i * 31) % 89) + ".25";
    else if (kind == InputKind::labels) f.pred += std::string(1, "abc"[(i * 7) % 3]);
    else f.pred += "0.2,0.3" + std::string(",0.5");
    f.pred += "\n";
  }
  return f;
}

// Replaces line `line` (1-based, the header is line 1) of a file.
void set_line(std::string& file, std::size_t line, const std::string& text) {
  std::size_t at = 0;
  for (std::size_t l = 1; l < line; ++l) at = file.find('\n', at) + 1;
  file.replace(at, file.find('\n', at) - at, text);
}

}  // namespace

TEST(ScoringJoin, FastJoinsGiveWhatTheSequentialJoinGives) {
  // 120,000 rows make the files large enough (over 1 MB) for the two-thread join by index.
  for (auto kind : {InputKind::labels, InputKind::values, InputKind::scores})
    for (int shape = 0; shape < 3; ++shape) {
      auto f = make(kind, 120000, shape > 0, shape == 2, 17u + static_cast<unsigned>(shape));
      std::string what = "kind " + std::to_string(static_cast<int>(kind)) + " shape " + std::to_string(shape);
      expect_same_as_sequential(f.truth, f.pred, kind, what + " clean");
      // Problems late in the file (the second half): a repeated id, an unknown one, a bad
      // value; and so ids missing.
      auto bad = f.pred;
      std::string early = bad.substr(bad.find('\n') + 1, bad.find(',', bad.find('\n')) - bad.find('\n') - 1);
      set_line(bad, 100000, early + (kind == InputKind::scores ? ",0.2,0.3,0.5" : kind == InputKind::values ? ",1.5" : ",a"));
      set_line(bad, 110000, "424242" + std::string(kind == InputKind::scores ? ",0.2,0.3,0.5" : ",1"));
      set_line(bad, 115000, bad.substr(0, 0) + "7000000000" + std::string(kind == InputKind::scores ? ",x,0.3,0.5" : ",x"));
      expect_same_as_sequential(f.truth, bad, kind, what + " with problems");
      // A duplicate in the truth.
      auto dup_truth = f.truth;
      set_line(dup_truth, 90000, dup_truth.substr(dup_truth.find('\n') + 1, dup_truth.find('\n', dup_truth.find('\n') + 1) - dup_truth.find('\n') - 1));
      expect_same_as_sequential(dup_truth, f.pred, kind, what + " with a truth duplicate");
    }
}

// Integer ids are joined by value on the fast ways and as text by the reference: texts of
// the same number that are other ids ("07", "+7") must stay unknown, an id padded with
// spaces must still match, and a truth whose ids stop being canonical integers part way
// (in either half of a two-thread read) must join as text throughout.
TEST(ScoringJoin, IntegerIdsJoinByValueAsTheirTextDoes) {
  for (auto kind : {InputKind::labels, InputKind::scores}) {
    auto f = make(kind, 330000, true, true, 29u);  // a truth over 4 MB: read in two halves
    std::string what = "kind " + std::to_string(static_cast<int>(kind));
    const std::string tail = kind == InputKind::scores ? ",0.2,0.3,0.5" : ",a";
    auto first_id = [](const std::string& file, std::size_t line) {
      std::size_t at = 0;
      for (std::size_t l = 1; l < line; ++l) at = file.find('\n', at) + 1;
      return file.substr(at, file.find(',', at) - at);
    };
    auto look_alikes = f.pred;
    set_line(look_alikes, 20000, "0" + first_id(f.pred, 20000) + tail);
    set_line(look_alikes, 70000, "+" + first_id(f.pred, 70000) + tail);
    set_line(look_alikes, 90000, " " + first_id(f.pred, 90000) + " " + tail);
    expect_same_as_sequential(f.truth, look_alikes, kind, what + " look-alike ids");
    for (std::size_t line : {std::size_t{10}, std::size_t{300000}}) {
      auto truth = f.truth, pred = f.pred;
      std::string id = first_id(truth, line);
      set_line(truth, line, "x" + id + ",b");
      auto at = pred.find("\n" + id + ",");
      ASSERT_NE(at, std::string::npos);
      pred.insert(at + 1, "x");
      expect_same_as_sequential(truth, pred, kind, what + " a text id at line " + std::to_string(line));
    }
    // Ids of 19 digits (the longest kept as numbers) and 20 (kept as text).
    for (const char* prefix : {"922337203", "1844674407"}) {
      auto truth = f.truth, pred = f.pred;
      for (auto* file : {&truth, &pred}) {
        std::string out;
        for (std::size_t at = 0; at < file->size();) {
          auto end = file->find('\n', at);
          auto line = file->substr(at, end - at);
          out += (at == 0 ? line : prefix + line) + "\n";
          at = end + 1;
        }
        *file = out;
      }
      expect_same_as_sequential(truth, pred, kind, what + " ids prefixed " + prefix);
    }
  }
}

}  // namespace aigc::scoring
