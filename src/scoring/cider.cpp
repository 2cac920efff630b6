// CIDEr-D as pycocoevalcap's CiderD computes it (n = 4, sigma = 6, document frequencies
// from the references of the rows scored). No n-gram is kept per row: the texts become
// word ids (4 bytes a word); the references' n-grams (order and word ids packed into 128
// bits, compared exactly) are counted into per-thread tables, which grow with the distinct
// n-grams, not with the rows; then each row is scored on its own, on one thread per core.
// The sums run in the reference's order (a sentence's n-grams in order of first
// appearance, as Python's dicts keep them; the mean over rows as numpy sums), and the
// length penalty is np.e ** x as Python computes it. What remains is numpy's own log,
// which on AVX-512 machines differs from the C library's in the last bit for some numbers
// (1e-16 relative).
#include <algorithm>
#include <cmath>
#include <span>
#include <thread>
#include <vector>

#include "scoring/column.hpp"
#include "scoring/metric.hpp"
#include "scoring/numpy_like.hpp"
#include "scoring/row_parts.hpp"
#include "scoring/text_tokenize.hpp"
#include "scoring/vocab.hpp"

namespace aigc::scoring {

namespace {

constexpr int kN = 4;
constexpr double kSigma = 6.0;

// An n-gram as its order and up to four word ids (30 bits each), exactly.
struct Gram128 {
  std::uint64_t hi, lo;
  bool operator==(const Gram128&) const = default;
  std::uint64_t hash() const {
    std::uint64_t h = (hi ^ (lo * 0x9E3779B97F4A7C15ULL)) * 0xD6E8FEB86659FD93ULL;
    return h ^ (h >> 32);
  }
};

Gram128 gram_of(const std::uint32_t* words, int n) {
  unsigned __int128 k = static_cast<unsigned __int128>(n) << 120;
  for (int j = 0; j <= n; ++j) k |= static_cast<unsigned __int128>(words[j]) << (30 * (3 - j));
  return {static_cast<std::uint64_t>(k >> 64), static_cast<std::uint64_t>(k)};
}

// Document frequencies of the references' n-grams: a flat open-addressing table, one per
// thread, each holding the n-grams whose hash picks it. While counting, a slot holds the
// number of rows and the last row counted; then the same 8 bytes hold log(max(1, rows)).
class FrequencyTable {
 public:
  void count(const Gram128& g, std::uint64_t h, std::uint32_t row) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    for (std::size_t i = (h >> 16) & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.key.hi == kEmpty) {
        s = {g, {row, 1}};
        ++size_;
        return;
      }
      if (s.key == g) {
        if (s.value.counting.last_row != row) { s.value.counting.last_row = row; ++s.value.counting.rows; }
        return;
      }
    }
  }
  void finish() {
    for (auto& s : slots_)
      if (s.key.hi != kEmpty) s.value.log_df = std::log(std::max(1.0, static_cast<double>(s.value.counting.rows)));
  }
  // log(max(1, df)): 0 for an n-gram no reference holds.
  double log_df(const Gram128& g, std::uint64_t h) const {
    if (slots_.empty()) return 0.0;
    for (std::size_t i = (h >> 16) & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.key.hi == kEmpty) return 0.0;
      if (s.key == g) return s.value.log_df;
    }
  }

 private:
  static constexpr std::uint64_t kEmpty = ~0ULL;  // an order fits in 3 bits: hi never has all bits set
  struct Slot {
    Gram128 key;
    union {
      struct {
        std::uint32_t last_row, rows;
      } counting;
      double log_df;
    } value;
  };
  void grow() {
    Column<Slot> old = std::move(slots_);
    Slot empty{};
    empty.key.hi = kEmpty;
    slots_.assign(old.empty() ? 1u << 14 : old.size() * 2, empty);
    mask_ = slots_.size() - 1;
    for (const auto& s : old)
      if (s.key.hi != kEmpty)
        for (std::size_t i = (s.key.hash() >> 16) & mask_;; i = (i + 1) & mask_)
          if (slots_[i].key.hi == kEmpty) { slots_[i] = s; break; }
  }
  Column<Slot> slots_;  // in huge pages where the kernel allows: a 4 KiB page fault per 170 slots was a fifth of the run
  std::size_t mask_ = 0, size_ = 0;
};

// A sentence's n-grams in order of first appearance within each order, with their counts.
struct Sentence {
  struct Gram {
    Gram128 id;
    double tf;
  };
  std::vector<Gram> grams[kN];
};


// Short sentences are searched directly; past this many n-grams, by sorting.
constexpr std::size_t kShort = 48;

// Counts repeated n-grams once, in order of first appearance (as a Python dict keeps them).
using Ordered = std::vector<std::pair<std::pair<std::uint64_t, std::uint64_t>, std::uint32_t>>;

void merge_repeats(std::vector<Sentence::Gram>& grams, Ordered& sorted) {
  std::size_t kept = 0;
  if (grams.size() <= kShort) {
    for (std::size_t i = 0; i < grams.size(); ++i) {
      std::size_t k = 0;
      while (k < kept && grams[k].id != grams[i].id) ++k;
      if (k < kept) grams[k].tf += 1;
      else grams[kept++] = grams[i];
    }
    grams.resize(kept);
    return;
  }
  sorted.clear();
  for (std::uint32_t i = 0; i < grams.size(); ++i) sorted.push_back({{grams[i].id.hi, grams[i].id.lo}, i});
  std::sort(sorted.begin(), sorted.end());
  std::vector<double> tf(grams.size(), 0.0);  // by first position
  for (std::size_t i = 0; i < sorted.size();) {
    std::size_t j = i;
    while (j < sorted.size() && sorted[j].first == sorted[i].first) ++j;
    tf[sorted[i].second] = static_cast<double>(j - i);
    i = j;
  }
  for (std::size_t i = 0; i < grams.size(); ++i)
    if (tf[i] > 0) grams[kept++] = {grams[i].id, tf[i]};
  grams.resize(kept);
}

// A reference's weight for an n-gram (0 when it has none): a scan of a short reference,
// else a binary search.
class RefWeights {
 public:
  RefWeights(const std::vector<Sentence::Gram>& grams, const std::vector<double>& w, Ordered& sorted)
      : grams_(grams), w_(w), sorted_(sorted), scan_(grams.size() <= kShort) {
    if (scan_) return;
    sorted_.clear();
    for (std::uint32_t i = 0; i < grams.size(); ++i) sorted_.push_back({{grams[i].id.hi, grams[i].id.lo}, i});
    std::sort(sorted_.begin(), sorted_.end());
  }
  double of(const Gram128& id) const {
    if (scan_) {
      for (std::size_t k = 0; k < grams_.size(); ++k)
        if (grams_[k].id == id) return w_[k];
      return 0.0;
    }
    auto key = std::make_pair(id.hi, id.lo);
    auto it = std::lower_bound(sorted_.begin(), sorted_.end(), std::make_pair(key, 0u));
    return it != sorted_.end() && it->first == key ? w_[it->second] : 0.0;
  }

 private:
  const std::vector<Sentence::Gram>& grams_;
  const std::vector<double>& w_;
  Ordered& sorted_;
  bool scan_;
};

}  // namespace

bool cider_d(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  // Pass 0: every text as word ids, once (4 bytes a word, less than the text itself): each
  // row's references, then its hypothesis. Pass 1: count, per n-gram of the references,
  // the rows whose references hold it, each thread the n-grams whose hash falls to it.
  Vocab vocab;
  std::vector<std::uint32_t> words;
  std::vector<std::size_t> text_start{0}, row_text;  // row_text[i]: row i's first text
  for (auto r : rows) {
    row_text.push_back(text_start.size() - 1);
    auto add = [&](std::string_view text) {
      for (auto t : split_whitespace(text)) words.push_back(vocab.id(t));
      text_start.push_back(words.size());
    };
    for (auto ref : d.references[r]) add(ref);
    add(d.hypotheses[r]);
  }
  auto text = [&](std::size_t k) {
    return std::span<const std::uint32_t>(words.data() + text_start[k], text_start[k + 1] - text_start[k]);
  };
  auto for_each_gram = [](std::span<const std::uint32_t> ws, int n, auto&& fn) {
    for (std::size_t i = 0; i + static_cast<std::size_t>(n) < ws.size(); ++i) fn(gram_of(&ws[i], n));
  };
  const std::size_t parts = row_parts(rows.size(), 1000);
  std::vector<FrequencyTable> tables(parts);
  std::vector<std::thread> pool;
  auto count_part = [&](std::size_t t) {
    for (std::uint32_t i = 0; i < rows.size(); ++i)
      for (std::size_t k = 0; k < d.references[rows[i]].size(); ++k) {
        auto ws = text(row_text[i] + k);
        for (int n = 0; n < kN; ++n)
          for_each_gram(ws, n, [&](const Gram128& g) {
            auto h = g.hash();
            if (h % parts == t) tables[t].count(g, h, i);
          });
      }
    tables[t].finish();
  };
  for (std::size_t t = 1; t < parts; ++t) pool.emplace_back(count_part, t);
  count_part(0);
  for (auto& th : pool) th.join();
  auto log_df = [&](const Gram128& g) {
    auto h = g.hash();
    return tables[h % parts].log_df(g, h);
  };
  const double ref_len = std::log(static_cast<double>(rows.size()));

  // Pass 2: each row on its own.
  std::vector<double> row_scores(rows.size());
  for_row_parts(rows, parts, [&](std::size_t, RowSet mine) {
    const std::size_t first = static_cast<std::size_t>(mine.data() - rows.data());
    Ordered sorted;  // for long sentences
    auto sentence = [&](std::span<const std::uint32_t> ws, Sentence& s) {
      for (int n = 0; n < kN; ++n) {
        auto& grams = s.grams[n];
        grams.clear();
        for_each_gram(ws, n, [&](const Gram128& g) { grams.push_back({g, 1.0}); });
        merge_repeats(grams, sorted);
      }
    };
    struct Vec {
      std::vector<double> w[kN];
      double norm[kN];
      double length;
    };
    auto to_vec = [&](const Sentence& s, Vec& v) {
      v.length = 0;
      for (int n = 0; n < kN; ++n) {
        v.w[n].clear();
        double norm = 0;
        for (const auto& g : s.grams[n]) {
          double w = g.tf * (ref_len - log_df(g.id));
          v.w[n].push_back(w);
          norm += w * w;
          if (n == 1) v.length += g.tf;  // coco-caption counts bigrams as the "length" (kept)
        }
        v.norm[n] = std::sqrt(norm);
      }
    };
    Sentence hs, rs;
    Vec hv, rv;
    for (std::size_t j = 0; j < mine.size(); ++j) {
      auto r = mine[j];
      const std::size_t refs = d.references[r].size(), first_text = row_text[first + j];
      sentence(text(first_text + refs), hs);
      to_vec(hs, hv);
      double score[kN] = {0, 0, 0, 0};
      for (std::size_t k = 0; k < refs; ++k) {
        sentence(text(first_text + k), rs);
        to_vec(rs, rv);
        double delta = hv.length - rv.length;
        for (int n = 0; n < kN; ++n) {
          RefWeights weights(rs.grams[n], rv.w[n], sorted);
          double val = 0;
          for (std::size_t k = 0; k < hs.grams[n].size(); ++k) {
            double wh = hv.w[n][k], wr = weights.of(hs.grams[n][k].id);
            val += std::min(wh, wr) * wr;
          }
          if (hv.norm[n] != 0 && rv.norm[n] != 0) val /= hv.norm[n] * rv.norm[n];
          val *= std::pow(2.718281828459045, -(delta * delta) / (2 * kSigma * kSigma));  // np.e ** x
          score[n] += val;
        }
      }
      double avg = numpy_sum(score, kN) / kN;
      avg /= static_cast<double>(refs);
      row_scores[first + j] = avg * 10.0;
    }
  });
  out.score = numpy_mean(row_scores);
  out.details["sigma"] = kSigma;
  return true;
}

}  // namespace aigc::scoring
