// BLEU as sacrebleu 2.x computes it (corpus statistics summed over rows, then one score)
// and ROUGE-L as the COCO caption evaluation (pycocoevalcap) computes it (mean of per-row
// scores). chrF is in chrf.cpp, CIDEr-D in cider.cpp.
#include <algorithm>
#include <cmath>

#include "scoring/metric.hpp"
#include "scoring/ngram_match.hpp"
#include "scoring/row_parts.hpp"
#include "scoring/text_tokenize.hpp"
#include "scoring/vocab.hpp"

namespace aigc::scoring {

namespace {

double my_log(double x) { return x == 0.0 ? -9999999999.0 : std::log(x); }

}  // namespace

bool bleu(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  auto tokenizer = param_or(params, "tokenize", "13a");
  auto smooth = param_or(params, "smooth_method", "exp");
  bool lowercase;
  if (!param_bool(params, "lowercase", false, lowercase, error)) return false;
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
    NgramMatcher matcher;
    std::vector<std::uint32_t> hyp;
    std::vector<std::vector<std::uint32_t>> refs;
    NgramMatcher::Counts counts[N];
    auto intern = [&](std::string_view text, std::vector<std::uint32_t>& ids) {
      ids.clear();
      for (auto t : split_whitespace(text)) ids.push_back(vocab.id(t));
    };
    for (auto r : part) {
      refs.resize(d.references[r].size());
      for (std::size_t k = 0; k < refs.size(); ++k) intern(prep(d.references[r][k]), refs[k]);
      intern(prep(d.hypotheses[r]), hyp);
      // Closest reference length; ties go to the shorter reference.
      long best = -1, best_diff = -1;
      for (const auto& ref : refs) {
        auto len = static_cast<long>(ref.size());
        long diff = std::labs(static_cast<long>(hyp.size()) - len);
        if (best_diff == -1 || diff < best_diff) { best_diff = diff; best = len; }
        else if (diff == best_diff && len < best) best = len;
      }
      // Each n-gram's count is clipped by its largest count in any one reference.
      matcher.match_best_of(hyp, refs, N, counts);
      for (int n = 0; n < N; ++n) {
        st.total[n] += counts[n].hyp;
        st.correct[n] += counts[n].match;
      }
      st.sys_len += static_cast<double>(hyp.size());
      st.ref_len += static_cast<double>(best);
    }
  };
  std::vector<Stats> parts(row_parts(rows.size(), 20000));
  for_row_parts(rows, parts.size(), [&](std::size_t p, RowSet mine) { count_rows(mine, parts[p]); });
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

}  // namespace aigc::scoring
