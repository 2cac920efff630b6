#include "domain/search/snippet.hpp"

#include <algorithm>
#include <unordered_set>

#include "core/text.hpp"
#include "domain/search/text_analysis.hpp"

namespace aigc {

namespace {

// Only the text's beginning is searched for the best stretch: snippets stay fast on books.
constexpr std::size_t kMaxScanBytes = 64 * 1024;
constexpr std::size_t kLeadBytes = 36;  // about six English words or twelve Chinese characters
constexpr std::size_t kMaxBytes = 320;

std::string escaped_flat(std::string_view s) {
  std::string out = html_escape(s);
  for (char& c : out)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return out;
}

}  // namespace

std::string snippet_html(std::string_view text, const std::vector<std::string>& terms, std::size_t window) {
  std::string_view scan = text.substr(0, std::min(text.size(), kMaxScanBytes));
  while (!scan.empty() && scan.size() < text.size() && (static_cast<unsigned char>(text[scan.size()]) & 0xC0) == 0x80)
    scan.remove_suffix(1);
  Analysis a = analyze_text(scan);
  if (a.terms.empty()) return "";
  std::unordered_set<std::string> wanted(terms.begin(), terms.end());
  std::vector<char> hit(a.terms.size());
  for (std::size_t i = 0; i < a.terms.size(); ++i) hit[i] = wanted.count(a.terms[i].term) ? 1 : 0;

  // The window with the most matched terms, then the earliest.
  std::size_t best = 0, best_count = 0, count = 0;
  const std::size_t n = a.terms.size(), w = std::min(window, n);
  for (std::size_t i = 0; i < n; ++i) {
    count += hit[i];
    if (i >= w) count -= hit[i - w];
    if (i + 1 >= w && count > best_count) {
      best_count = count;
      best = i + 1 - w;
    }
  }
  // The snippet starts a few words before the window's first match (at the text's start
  // when that is near) and holds as many whole terms as fit in kMaxBytes.
  std::size_t first = best;
  if (best_count > 0)
    while (!hit[first]) ++first;
  std::size_t start = first;
  while (start > 0 && a.terms[first].begin - a.terms[start - 1].begin <= kLeadBytes) --start;
  std::size_t from = a.terms[start].begin <= kLeadBytes ? 0 : a.terms[start].begin;
  std::size_t last = start;
  while (last + 1 < n && a.terms[last + 1].end - from <= kMaxBytes) ++last;
  std::size_t to = a.terms[last].end;
  if (to - from > kMaxBytes) {  // one very long word
    to = from + kMaxBytes;
    while (to > from && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) --to;
  } else if (last + 1 == n && scan.size() == text.size() && text.size() - from <= kMaxBytes) {
    to = text.size();
  }
  best = from == 0 ? 0 : start;

  std::string out = from > 0 ? "… " : "";
  std::size_t at = from;
  for (std::size_t i = best; i <= last; ++i) {
    if (!hit[i]) continue;
    // Overlapping bigrams merge into one mark.
    std::size_t b = a.terms[i].begin, e = std::min<std::size_t>(a.terms[i].end, to);
    while (i + 1 <= last && hit[i + 1] && a.terms[i + 1].begin <= e) e = std::min<std::size_t>(std::max<std::size_t>(e, a.terms[++i].end), to);
    if (b < at) b = at;
    out += escaped_flat(text.substr(at, b - at));
    out += "<mark>" + escaped_flat(text.substr(b, e - b)) + "</mark>";
    at = e;
  }
  out += escaped_flat(text.substr(at, to - at));
  while (!out.empty() && out.back() == ' ') out.pop_back();
  if (to < text.size()) out += " …";
  return out;
}

}  // namespace aigc
