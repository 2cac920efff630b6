// Corpus text metrics: BLEU and chrF as sacrebleu 2.x computes them (corpus statistics
// summed over rows, then one score), ROUGE-L and CIDEr-D as the COCO caption evaluation
// (pycocoevalcap) computes them (mean of per-row scores; CIDEr-D's document frequencies
// come from the references of the rows scored).
#include <algorithm>
#include <cmath>
#include <map>
#include <unordered_map>

#include <array>
#include <deque>
#include <stdexcept>
#include <thread>

#include "scoring/id_index.hpp"
#include "scoring/metric.hpp"
#include "scoring/text_tokenize.hpp"

namespace aigc::scoring {

namespace {

using Counts = std::unordered_map<std::string, double>;

bool flag(const Params& p, const std::string& key, bool fallback, bool& out, std::string& error) {
  auto v = param_or(p, key, fallback ? "true" : "false");
  if (v == "true" || v == "1" || v == "yes") { out = true; return true; }
  if (v == "false" || v == "0" || v == "no") { out = false; return true; }
  error = "parameter " + key + " must be true or false, got '" + v + "'";
  return false;
}

// Word n-grams of orders 1..max_order, keyed by the tokens joined with '\x01'.
Counts word_ngrams(const std::vector<std::string_view>& tokens, int min_order, int max_order) {
  Counts c;
  for (int n = min_order; n <= max_order; ++n)
    for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= tokens.size(); ++i) {
      std::string key(1, static_cast<char>('0' + n));
      for (int k = 0; k < n; ++k) {
        key += '\x01';
        key.append(tokens[i + static_cast<std::size_t>(k)]);
      }
      c[key] += 1;
    }
  return c;
}

int order_of(const std::string& key) { return key[0] - '0'; }

double my_log(double x) { return x == 0.0 ? -9999999999.0 : std::log(x); }

// Tokens interned as numbers, so n-grams are small fixed keys compared without strings.
class Vocab {
 public:
  std::uint32_t id(std::string_view token) {
    if (words_.size() >= (1u << 30)) throw std::length_error("more than 2^30 distinct tokens");
    auto found = index_.find(token);
    if (found != IdIndex::kNone) return found;
    words_.emplace_back(token);
    auto id = static_cast<std::uint32_t>(words_.size() - 1);
    index_.insert(words_.back(), id);
    return id;
  }

 private:
  IdIndex index_{1 << 12};
  std::deque<std::string> words_;  // stable storage for the index's keys
};

// The order (3 bits) and up to four token ids (30 bits each) packed into 128 bits.
using NgramKey = unsigned __int128;
struct NgramCount {
  NgramKey key;
  double count;
};

// Counted n-grams of orders 1..max_order, sorted by key.
std::vector<NgramCount> count_ngrams(const std::vector<std::uint32_t>& ids, int max_order) {
  std::vector<NgramKey> keys;
  keys.reserve(ids.size() * static_cast<std::size_t>(max_order));
  for (int n = 1; n <= max_order; ++n)
    for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= ids.size(); ++i) {
      NgramKey k = static_cast<NgramKey>(n) << 120;
      for (int j = 0; j < n; ++j) k |= static_cast<NgramKey>(ids[i + static_cast<std::size_t>(j)]) << (30 * (3 - j));
      keys.push_back(k);
    }
  std::sort(keys.begin(), keys.end());
  std::vector<NgramCount> out;
  for (const auto& k : keys) {
    if (!out.empty() && out.back().key == k) out.back().count += 1;
    else out.push_back({k, 1});
  }
  return out;
}

}  // namespace

bool bleu(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  auto tokenizer = param_or(params, "tokenize", "13a");
  auto smooth = param_or(params, "smooth_method", "exp");
  bool lowercase;
  if (!flag(params, "lowercase", false, lowercase, error)) return false;
  if (tokenizer != "13a" && tokenizer != "intl" && tokenizer != "zh" && tokenizer != "none") {
    error = "parameter tokenize must be 13a, intl, zh or none, got '" + tokenizer + "'";
    return false;
  }
  if (smooth != "exp" && smooth != "none" && smooth != "floor" && smooth != "add-k") {
    error = "parameter smooth_method must be exp, none, floor or add-k, got '" + smooth + "'";
    return false;
  }
  double smooth_value = smooth == "floor" ? 0.1 : 1.0;
  if (auto v = params.find("smooth_value"); v != params.end() && !parse_number(v->second, smooth_value)) {
    error = "parameter smooth_value must be a number";
    return false;
  }
  const int N = 4;
  auto prep = [&](std::string_view s) {
    std::string t = lowercase ? lower_text(s) : std::string(s);
    auto r = rstrip_text(t);
    if (tokenizer == "13a") return tokenize_13a(r);
    if (tokenizer == "intl") return tokenize_intl(r);
    if (tokenizer == "zh") return tokenize_zh(r);
    return std::string(r);
  };
  // Sufficient statistics are integer counts, so rows can be split across threads and the
  // sums are exactly the sequential ones.
  struct Stats {
    double correct[N] = {0, 0, 0, 0}, total[N] = {0, 0, 0, 0}, sys_len = 0, ref_len = 0;
  };
  auto count_rows = [&](RowSet part, Stats& st) {
    Vocab vocab;
    std::vector<std::uint32_t> ids;
    auto interned = [&](std::string_view text) {
      ids.clear();
      for (auto t : split_whitespace(text)) ids.push_back(vocab.id(t));
      return ids;
    };
    for (auto r : part) {
      // Each n-gram's count is clipped by its largest count in any one reference.
      std::vector<NgramCount> ref_max;
      std::vector<std::size_t> ref_lens;
      for (auto ref : d.references[r]) {
        auto toks = interned(prep(ref));
        ref_lens.push_back(toks.size());
        auto counts = count_ngrams(toks, N);
        std::vector<NgramCount> merged;
        std::merge(ref_max.begin(), ref_max.end(), counts.begin(), counts.end(), std::back_inserter(merged),
                   [](const NgramCount& a, const NgramCount& b) { return a.key < b.key; });
        ref_max.clear();
        for (const auto& c : merged) {
          if (!ref_max.empty() && ref_max.back().key == c.key) ref_max.back().count = std::max(ref_max.back().count, c.count);
          else ref_max.push_back(c);
        }
      }
      auto hyp_ids = interned(prep(d.hypotheses[r]));
      std::size_t hyp_len = hyp_ids.size();
      // Closest reference length; ties go to the shorter reference.
      long best = -1, best_diff = -1;
      for (auto len : ref_lens) {
        long diff = std::labs(static_cast<long>(hyp_len) - static_cast<long>(len));
        if (best_diff == -1 || diff < best_diff) { best_diff = diff; best = static_cast<long>(len); }
        else if (diff == best_diff && static_cast<long>(len) < best) best = static_cast<long>(len);
      }
      for (const auto& c : count_ngrams(hyp_ids, N)) {
        int n = static_cast<int>(c.key >> 120) - 1;
        st.total[n] += c.count;
        auto it = std::lower_bound(ref_max.begin(), ref_max.end(), c.key, [](const NgramCount& a, const NgramKey& k) { return a.key < k; });
        if (it != ref_max.end() && it->key == c.key) st.correct[n] += std::min(c.count, it->count);
      }
      st.sys_len += static_cast<double>(hyp_len);
      st.ref_len += static_cast<double>(best);
    }
  };
  std::size_t threads = rows.size() < 20000 ? 1 : std::max(1u, std::thread::hardware_concurrency());
  std::vector<Stats> parts(threads);
  std::vector<std::thread> pool;
  std::size_t chunk = (rows.size() + threads - 1) / threads;
  for (std::size_t t = 1; t < threads; ++t)
    pool.emplace_back(count_rows, rows.subspan(std::min(rows.size(), t * chunk), std::min(chunk, rows.size() - std::min(rows.size(), t * chunk))), std::ref(parts[t]));
  count_rows(rows.subspan(0, std::min(chunk, rows.size())), parts[0]);
  for (auto& th : pool) th.join();
  double correct[N] = {0, 0, 0, 0}, total[N] = {0, 0, 0, 0}, sys_len = 0, ref_len = 0;
  for (const auto& st : parts) {
    for (int n = 0; n < N; ++n) { correct[n] += st.correct[n]; total[n] += st.total[n]; }
    sys_len += st.sys_len;
    ref_len += st.ref_len;
  }
  double bp = sys_len < ref_len ? (sys_len > 0 ? std::exp(1 - ref_len / sys_len) : 0.0) : 1.0;
  double precisions[N] = {0, 0, 0, 0};
  double score = 0;
  bool any = false;
  for (double c : correct) any = any || c > 0;
  if (any) {
    double smooth_mteval = 1;
    for (int n = 0; n < N; ++n) {
      if (smooth == "add-k" && n > 0) { correct[n] += smooth_value; total[n] += smooth_value; }
      if (total[n] == 0) break;
      if (correct[n] == 0) {
        if (smooth == "exp") { smooth_mteval *= 2; precisions[n] = 100.0 / (smooth_mteval * total[n]); }
        else if (smooth == "floor") precisions[n] = 100.0 * smooth_value / total[n];
      } else {
        precisions[n] = 100.0 * correct[n] / total[n];
      }
    }
    double sum = 0;
    for (double p : precisions) sum += my_log(p);
    score = bp * std::exp(sum / N);
  }
  out.score = score;
  out.details = {{"precisions", {precisions[0], precisions[1], precisions[2], precisions[3]}},
                 {"brevity_penalty", bp}, {"sys_len", sys_len}, {"ref_len", ref_len},
                 {"tokenize", tokenizer}, {"smooth_method", smooth}};
  return true;
}

namespace {

// Character n-grams (over code points) of orders 1..order; whitespace removed unless kept.
std::vector<std::map<std::u32string, double>> char_ngrams(std::string_view s, int order, bool whitespace) {
  std::u32string text;
  if (whitespace) {
    for (char32_t c : code_points_of(s)) text += c;
  } else {
    for (auto t : split_whitespace(s))
      for (char32_t c : code_points_of(t)) text += c;
  }
  std::vector<std::map<std::u32string, double>> out(static_cast<std::size_t>(order));
  for (int n = 1; n <= order; ++n)
    for (std::size_t i = 0; i + static_cast<std::size_t>(n) <= text.size(); ++i) out[static_cast<std::size_t>(n - 1)][text.substr(i, static_cast<std::size_t>(n))] += 1;
  return out;
}

// chrF++'s primitive word splitting: one leading or trailing ASCII punctuation mark.
std::vector<std::string_view> chrf_words(std::string_view s) {
  static const std::string puncts = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";
  std::vector<std::string_view> out;
  for (auto w : split_whitespace(s)) {
    auto cps = code_points_of(w);
    if (cps.size() == 1) { out.push_back(w); continue; }
    if (puncts.find(w.back()) != std::string::npos) { out.push_back(w.substr(0, w.size() - 1)); out.push_back(w.substr(w.size() - 1)); }
    else if (puncts.find(w.front()) != std::string::npos) { out.push_back(w.substr(0, 1)); out.push_back(w.substr(1)); }
    else out.push_back(w);
  }
  return out;
}

double chrf_f(const std::vector<double>& st, int order, double beta, bool eps_smoothing) {
  const double eps = 1e-16, factor = beta * beta;
  double score = 0, avg_p = 0, avg_r = 0;
  int effective = 0;
  for (int i = 0; i < order; ++i) {
    double hyp = st[3 * i], ref = st[3 * i + 1], match = st[3 * i + 2];
    double p = hyp > 0 ? match / hyp : eps, r = ref > 0 ? match / ref : eps;
    double denom = factor * p + r;
    score += denom > 0 ? (1 + factor) * p * r / denom : eps;
    if (hyp > 0 && ref > 0) { avg_p += p; avg_r += r; ++effective; }
  }
  if (eps_smoothing) return 100 * score / order;
  if (effective == 0) return 0.0;
  avg_p /= effective;
  avg_r /= effective;
  if (avg_p + avg_r == 0) return 0.0;
  return 100 * (1 + factor) * avg_p * avg_r / (factor * avg_p + avg_r);
}

}  // namespace

bool chrf(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  int char_order, word_order, beta;
  bool lowercase, whitespace, eps_smoothing;
  if (!param_int(params, "char_order", 6, 1, 20, char_order, error) || !param_int(params, "word_order", 0, 0, 6, word_order, error) ||
      !param_int(params, "beta", 2, 0, 100, beta, error) || !flag(params, "lowercase", false, lowercase, error) ||
      !flag(params, "whitespace", false, whitespace, error) || !flag(params, "eps_smoothing", false, eps_smoothing, error))
    return false;
  const int order = char_order + word_order;
  std::vector<double> corpus(static_cast<std::size_t>(3 * order), 0.0);
  auto stats_of = [&](std::string_view hyp, std::string_view ref) {
    std::vector<double> st;
    auto hc = char_ngrams(hyp, char_order, whitespace), rc = char_ngrams(ref, char_order, whitespace);
    auto add = [&](const auto& h, const auto& r) {
      double hyp_count = 0, match = 0, ref_count = 0;
      for (const auto& [g, c] : h) {
        hyp_count += c;
        if (auto it = r.find(g); it != r.end()) match += std::min(c, it->second);
      }
      for (const auto& [g, c] : r) ref_count += c;
      st.push_back(r.empty() ? 0 : hyp_count);  // no hits counted when the reference has no n-grams
      st.push_back(ref_count);
      st.push_back(match);
    };
    for (int n = 0; n < char_order; ++n) add(hc[static_cast<std::size_t>(n)], rc[static_cast<std::size_t>(n)]);
    if (word_order > 0) {
      auto hw = chrf_words(hyp), rw = chrf_words(ref);
      for (int n = 1; n <= word_order; ++n) add(word_ngrams(hw, n, n), word_ngrams(rw, n, n));
    }
    return st;
  };
  for (auto r : rows) {
    std::string hyp = lowercase ? lower_text(d.hypotheses[r]) : std::string(d.hypotheses[r]);
    std::vector<double> best;
    double best_f = -1;
    for (auto ref_view : d.references[r]) {  // the reference with the best F wins
      std::string ref = lowercase ? lower_text(ref_view) : std::string(ref_view);
      auto st = stats_of(hyp, ref);
      double f = chrf_f(st, order, beta, eps_smoothing);
      if (f > best_f) { best_f = f; best = std::move(st); }
    }
    for (std::size_t i = 0; i < best.size(); ++i) corpus[i] += best[i];
  }
  out.score = chrf_f(corpus, order, beta, eps_smoothing);
  out.details = {{"char_order", char_order}, {"word_order", word_order}, {"beta", beta}};
  return true;
}

bool rouge_l(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  // pycocoevalcap Rouge: tokens are split on single spaces, beta = 1.2, the best precision
  // and the best recall over the references are combined.
  const double beta = 1.2;
  auto split_space = [](std::string_view s) {
    std::vector<std::string_view> t;
    std::size_t start = 0;
    for (;;) {
      auto pos = s.find(' ', start);
      t.push_back(s.substr(start, pos == std::string_view::npos ? std::string_view::npos : pos - start));
      if (pos == std::string_view::npos) break;
      start = pos + 1;
    }
    return t;
  };
  double total = 0;
  for (auto r : rows) {
    auto cand = split_space(d.hypotheses[r]);
    double prec_max = 0, rec_max = 0;
    for (auto ref : d.references[r]) {
      auto toks = split_space(ref);
      std::vector<std::size_t> prev(cand.size() + 1, 0), cur(cand.size() + 1, 0);
      for (std::size_t i = 1; i <= toks.size(); ++i) {
        for (std::size_t j = 1; j <= cand.size(); ++j)
          cur[j] = toks[i - 1] == cand[j - 1] ? prev[j - 1] + 1 : std::max(prev[j], cur[j - 1]);
        std::swap(prev, cur);
      }
      double lcs = static_cast<double>(prev[cand.size()]);
      prec_max = std::max(prec_max, lcs / static_cast<double>(cand.size()));
      rec_max = std::max(rec_max, lcs / static_cast<double>(toks.size()));
    }
    if (prec_max != 0 && rec_max != 0)
      total += (1 + beta * beta) * prec_max * rec_max / (rec_max + beta * beta * prec_max);
  }
  out.score = total / static_cast<double>(rows.size());
  out.details["beta"] = beta;
  return true;
}

bool cider_d(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  const int N = 4;
  const double sigma = 6.0;
  // Document frequency of each n-gram over the rows' reference sets.
  std::unordered_map<std::string, double> df;
  std::vector<std::vector<Counts>> refs(rows.size());
  std::vector<Counts> tests(rows.size());
  for (std::size_t i = 0; i < rows.size(); ++i) {
    std::unordered_map<std::string, int> seen;
    for (auto ref : d.references[rows[i]]) {
      refs[i].push_back(word_ngrams(split_whitespace(ref), 1, N));
      for (const auto& [k, v] : refs[i].back()) seen[k] = 1;
    }
    for (const auto& [k, v] : seen) df[k] += 1;
    tests[i] = word_ngrams(split_whitespace(d.hypotheses[rows[i]]), 1, N);
  }
  const double ref_len = std::log(static_cast<double>(rows.size()));
  struct Vec {
    std::vector<std::unordered_map<std::string, double>> v = std::vector<std::unordered_map<std::string, double>>(N);
    double norm[N] = {0, 0, 0, 0};
    double length = 0;
  };
  auto to_vec = [&](const Counts& counts) {
    Vec x;
    for (const auto& [k, tf] : counts) {
      auto it = df.find(k);
      double dfv = std::log(std::max(1.0, it == df.end() ? 0.0 : it->second));
      int n = order_of(k) - 1;
      double w = tf * (ref_len - dfv);
      x.v[static_cast<std::size_t>(n)][k] = w;
      x.norm[n] += w * w;
      if (n == 1) x.length += tf;  // coco-caption counts bigrams as the "length" (kept)
    }
    for (double& v : x.norm) v = std::sqrt(v);
    return x;
  };
  double total = 0;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    Vec hyp = to_vec(tests[i]);
    double score[N] = {0, 0, 0, 0};
    for (const auto& ref_counts : refs[i]) {
      Vec ref = to_vec(ref_counts);
      double delta = hyp.length - ref.length;
      for (int n = 0; n < N; ++n) {
        double val = 0;
        for (const auto& [k, w] : hyp.v[static_cast<std::size_t>(n)]) {
          auto it = ref.v[static_cast<std::size_t>(n)].find(k);
          double rw = it == ref.v[static_cast<std::size_t>(n)].end() ? 0.0 : it->second;
          val += std::min(w, rw) * rw;
        }
        if (hyp.norm[n] != 0 && ref.norm[n] != 0) val /= hyp.norm[n] * ref.norm[n];
        val *= std::exp(-(delta * delta) / (2 * sigma * sigma));
        score[n] += val;
      }
    }
    double avg = (score[0] + score[1] + score[2] + score[3]) / N;
    avg /= static_cast<double>(refs[i].size());
    total += avg * 10.0;
  }
  out.score = total / static_cast<double>(rows.size());
  out.details["sigma"] = sigma;
  return true;
}

}  // namespace aigc::scoring
