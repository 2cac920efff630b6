// Reading comprehension, scored as the official SQuAD v1.1 evaluation script does
// (normalize: lower-case, drop ASCII punctuation, drop the articles a/an/the, collapse
// whitespace; F1 over the bag of tokens; best over the references; reported x100), and with
// --param lang=zh as CMRC 2018's evaluation does (Chinese characters are tokens, F1 from
// the longest common substring of tokens, punctuation removed).
#include <algorithm>
#include <unordered_map>

#include "scoring/metric.hpp"
#include "scoring/nltk_tokenize.hpp"
#include "scoring/python_unicode.hpp"
#include "scoring/text_tokenize.hpp"

namespace aigc::scoring {

namespace {

// Python's \w in a str pattern: str.isalnum() (every numeral too: ², ½, Ⅷ, ①) or '_'.
using py::is_word;
using py::lower;

std::vector<std::string> squad_tokens(std::string_view text) {
  std::vector<char32_t> cps;
  for (char32_t c : code_points_of(lower(text)))
    if (!(c < 0x80 && std::ispunct(static_cast<int>(c)))) cps.push_back(c);  // string.punctuation is ASCII
  // re.sub(r'\b(a|an|the)\b', ' ', text): whole words between non-word characters.
  std::string s;
  for (std::size_t i = 0; i < cps.size();) {
    bool boundary_before = i == 0 || !is_word(cps[i - 1]);
    std::size_t len = 0;
    if (boundary_before) {
      for (std::u32string_view article : {std::u32string_view(U"the"), std::u32string_view(U"an"), std::u32string_view(U"a")}) {
        if (i + article.size() <= cps.size() && std::equal(article.begin(), article.end(), cps.begin() + static_cast<long>(i)) &&
            (i + article.size() == cps.size() || !is_word(cps[i + article.size()]))) {
          len = article.size();
          break;
        }
      }
    }
    if (len) {
      s += ' ';
      i += len;
    } else {
      append_utf8(s, cps[i++]);
    }
  }
  std::vector<std::string> out;
  for (auto t : split_whitespace(s)) out.emplace_back(t);
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& t : v) out += (out.empty() ? "" : " ") + t;
  return out;
}

double bag_f1(const std::vector<std::string>& pred, const std::vector<std::string>& gold) {
  std::unordered_map<std::string, int> counts;
  for (const auto& t : gold) ++counts[t];
  int same = 0;
  for (const auto& t : pred) {
    auto it = counts.find(t);
    if (it != counts.end() && it->second > 0) { --it->second; ++same; }
  }
  if (same == 0) return 0;
  double p = static_cast<double>(same) / static_cast<double>(pred.size());
  double r = static_cast<double>(same) / static_cast<double>(gold.size());
  return 2 * p * r / (p + r);
}

// --- CMRC 2018 ---
const std::vector<std::string>& cmrc_punctuation() {
  static const std::vector<std::string> p = {"-", ":", "_", "*", "^", "/", "\\", "~", "`", "+", "=", "，", "。", "：", "？",
                                             "！", "“", "”", "；", "’", "《", "》", "……", "·", "、", "「", "」", "（", "）",
                                             "－", "～", "『", "』"};
  return p;
}

// Each code point as its own UTF-8 string.
std::vector<std::string> code_points(const std::string& s) {
  std::vector<std::string> out;
  for (char32_t cp : code_points_of(s)) {
    out.emplace_back();
    append_utf8(out.back(), cp);
  }
  return out;
}

bool is_punct_cp(const std::string& cp) {
  const auto& p = cmrc_punctuation();
  return std::find(p.begin(), p.end(), cp) != p.end();
}

bool is_cjk(const std::string& cp) {
  if (cp.size() != 3) return false;
  unsigned v = ((static_cast<unsigned char>(cp[0]) & 0x0F) << 12) | ((static_cast<unsigned char>(cp[1]) & 0x3F) << 6) |
               (static_cast<unsigned char>(cp[2]) & 0x3F);
  return v >= 0x4E00 && v <= 0x9FA5;
}

// Non-Chinese runs go through nltk.word_tokenize, as cmrc2018_evaluate.py does.
void word_tokens(const std::string& run, std::vector<std::string>& out) {
  if (run.empty()) return;
  for (auto& t : nltk_word_tokenize(run)) out.push_back(std::move(t));
}

// str.lower().strip(): Unicode case mapping and whitespace, as Python has them.
std::string strip(const std::string& s) { return std::string(strip_text(s)); }

std::vector<std::string> mixed_segmentation(std::string_view text) {
  std::vector<std::string> out;
  std::string run;
  for (const auto& cp : code_points(strip(lower(text)))) {
    if (is_punct_cp(cp)) continue;
    if (is_cjk(cp)) {
      word_tokens(run, out);
      run.clear();
      out.push_back(cp);
    } else {
      run += cp;
    }
  }
  word_tokens(run, out);
  return out;
}

std::string without_punctuation(std::string_view text) {
  std::string out;
  for (const auto& cp : code_points(strip(lower(text))))
    if (!is_punct_cp(cp)) out += cp;
  return out;
}

std::size_t longest_common_substring(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  std::size_t best = 0;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : 0;
      best = std::max(best, cur[j]);
    }
    std::swap(prev, cur);
  }
  return best;
}

bool chinese(const Params& p, std::string& error, bool& zh) {
  auto lang = param_or(p, "lang", "en");
  if (lang != "en" && lang != "zh") {
    error = "parameter lang must be en (SQuAD) or zh (CMRC 2018), got '" + lang + "'";
    return false;
  }
  zh = lang == "zh";
  return true;
}

}  // namespace

bool squad_em(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  bool zh;
  if (!chinese(params, error, zh)) return false;
  double hits = 0;
  for (auto r : rows) {
    auto pred = zh ? without_punctuation(d.hypotheses[r]) : join(squad_tokens(d.hypotheses[r]));
    for (auto ref : d.references[r])
      if ((zh ? without_punctuation(ref) : join(squad_tokens(ref))) == pred) { hits += 1; break; }
  }
  out.score = 100.0 * hits / static_cast<double>(rows.size());
  out.details["lang"] = zh ? "zh" : "en";
  return true;
}

bool squad_f1(const Dataset& d, RowSet rows, const Params& params, MetricValue& out, std::string& error) {
  bool zh;
  if (!chinese(params, error, zh)) return false;
  double total = 0;
  for (auto r : rows) {
    double best = 0;
    if (zh) {
      auto pred = mixed_segmentation(d.hypotheses[r]);
      for (auto ref : d.references[r]) {
        auto gold = mixed_segmentation(ref);
        auto lcs = longest_common_substring(gold, pred);
        if (lcs == 0) continue;
        double p = static_cast<double>(lcs) / static_cast<double>(pred.size());
        double rc = static_cast<double>(lcs) / static_cast<double>(gold.size());
        best = std::max(best, 2 * p * rc / (p + rc));
      }
    } else {
      auto pred = squad_tokens(d.hypotheses[r]);
      for (auto ref : d.references[r]) best = std::max(best, bag_f1(pred, squad_tokens(ref)));
    }
    total += best;
  }
  out.score = 100.0 * total / static_cast<double>(rows.size());
  out.details["lang"] = zh ? "zh" : "en";
  return true;
}

}  // namespace aigc::scoring
