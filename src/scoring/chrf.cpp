// chrF and chrF++ as sacrebleu 2.x computes them: character n-grams (whitespace removed
// unless kept) and optionally word n-grams; per row the statistics of the reference with
// the best F; corpus statistics summed, then one F-beta over the orders that occur. The
// n-grams are matched as sequences of numbers (code points, word ids) by NgramMatcher, on
// one thread per core over contiguous parts of the rows; the statistics are integer counts,
// so the sum is the same whatever the split.
#include <string>
#include <vector>

#include "scoring/metric.hpp"
#include "scoring/ngram_match.hpp"
#include "scoring/python_unicode.hpp"
#include "scoring/row_parts.hpp"
#include "scoring/text_tokenize.hpp"
#include "scoring/vocab.hpp"

namespace aigc::scoring {

namespace {

// The text's code points; without `whitespace`, ''.join(text.split()).
void char_symbols(std::string_view text, bool whitespace, std::vector<std::uint32_t>& out) {
  out.clear();
  for (char32_t c : code_points_of(text))
    if (whitespace || !py::is_space(c)) out.push_back(static_cast<std::uint32_t>(c));
}

// chrF++'s primitive tokenization (_remove_punctuation): a word of more than one character
// loses one trailing, else one leading, ASCII punctuation mark as a word of its own.
void word_symbols(std::string_view text, Vocab& vocab, std::vector<std::uint32_t>& out) {
  static const std::string_view puncts = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  out.clear();
  for (auto w : split_whitespace(text)) {
    bool one_char = code_points_of(w).size() == 1;
    if (!one_char && puncts.find(w.back()) != std::string_view::npos) {
      out.push_back(vocab.id(w.substr(0, w.size() - 1)));
      out.push_back(vocab.id(w.substr(w.size() - 1)));
    } else if (!one_char && puncts.find(w.front()) != std::string_view::npos) {
      out.push_back(vocab.id(w.substr(0, 1)));
      out.push_back(vocab.id(w.substr(1)));
    } else {
      out.push_back(vocab.id(w));
    }
  }
}

struct Settings {
  int char_order = 6, word_order = 0, beta = 2;
  bool lowercase = false, whitespace = false, eps_smoothing = false;
  int order() const { return char_order + word_order; }
};

// sacrebleu's _compute_f_score over [hyp, ref, match] triples.
double f_score(const std::vector<double>& st, const Settings& s) {
  const double eps = 1e-16, factor = static_cast<double>(s.beta) * s.beta;
  double score = 0, avg_p = 0, avg_r = 0;
  int effective = 0;
  for (int i = 0; i < s.order(); ++i) {
    double hyp = st[3 * i], ref = st[3 * i + 1], match = st[3 * i + 2];
    double p = hyp > 0 ? match / hyp : eps, r = ref > 0 ? match / ref : eps;
    double denom = factor * p + r;
    score += denom > 0 ? (1 + factor) * p * r / denom : eps;
    if (hyp > 0 && ref > 0) { avg_p += p; avg_r += r; ++effective; }
  }
  if (s.eps_smoothing) return 100 * score / s.order();
  if (effective == 0) return 0.0;
  avg_p /= effective;
  avg_r /= effective;
  if (avg_p + avg_r == 0) return 0.0;
  double f = (1 + factor) * avg_p * avg_r;
  f /= factor * avg_p + avg_r;
  return 100 * f;
}

// The best reference's statistics summed over one part of the rows.
struct PartStats {
  Vocab vocab;
  NgramMatcher matcher;
  std::vector<std::uint32_t> hyp_chars, hyp_words, ref_chars, ref_words;
  std::vector<NgramMatcher::Counts> counts;
  std::vector<double> stats, best, sum;

  void row(const Dataset& d, std::uint32_t r, const Settings& s) {
    const std::size_t order = static_cast<std::size_t>(s.order());
    counts.resize(order);
    auto text = [&](std::string_view t) { return s.lowercase ? py::lower(t) : std::string(t); };
    std::string hyp = text(d.hypotheses[r]);
    char_symbols(hyp, s.whitespace, hyp_chars);
    if (s.word_order > 0) word_symbols(hyp, vocab, hyp_words);
    double best_f = -1;
    for (auto ref_view : d.references[r]) {
      std::string ref = text(ref_view);
      char_symbols(ref, s.whitespace, ref_chars);
      matcher.match(hyp_chars, ref_chars, s.char_order, counts.data());
      if (s.word_order > 0) {
        word_symbols(ref, vocab, ref_words);
        matcher.match(hyp_words, ref_words, s.word_order, counts.data() + s.char_order);
      }
      stats.clear();
      for (const auto& c : counts) {
        stats.push_back(c.ref > 0 ? c.hyp : 0);  // no hits counted when the reference has no n-gram of the order
        stats.push_back(c.ref);
        stats.push_back(c.match);
      }
      double f = f_score(stats, s);
      if (f > best_f) { best_f = f; best = stats; }
    }
    if (sum.size() < best.size()) sum.resize(best.size(), 0.0);
    for (std::size_t i = 0; i < best.size(); ++i) sum[i] += best[i];
  }
};

}  // namespace

bool chrf(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  Settings s;
  if (!param_int(params, "char_order", 6, 1, 20, s.char_order, error) || !param_int(params, "word_order", 0, 0, 6, s.word_order, error) ||
      !param_int(params, "beta", 2, 0, 100, s.beta, error) || !param_bool(params, "lowercase", false, s.lowercase, error) ||
      !param_bool(params, "whitespace", false, s.whitespace, error) || !param_bool(params, "eps_smoothing", false, s.eps_smoothing, error))
    return false;
  const std::size_t parts = row_parts(rows.size(), 2000);
  std::vector<PartStats> part(parts);
  for_row_parts(rows, parts, [&](std::size_t p, RowSet mine) {
    for (auto r : mine) part[p].row(d, r, s);
  });
  std::vector<double> corpus(static_cast<std::size_t>(3 * s.order()), 0.0);
  for (const auto& p : part)
    for (std::size_t i = 0; i < p.sum.size(); ++i) corpus[i] += p.sum[i];
  out.score = f_score(corpus, s);
  out.details = {{"char_order", s.char_order}, {"word_order", s.word_order}, {"beta", s.beta}};
  return true;
}

}  // namespace aigc::scoring
