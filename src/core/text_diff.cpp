#include "core/text_diff.hpp"

#include <algorithm>
#include <unordered_map>

#include "core/text.hpp"

namespace aigc {

namespace {

// The code point at s[i] and its length in bytes; invalid bytes count as one-byte marks.
std::pair<char32_t, std::size_t> decode(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = b < 0x80 ? 1 : (b >> 5) == 6 ? 2 : (b >> 4) == 14 ? 3 : (b >> 3) == 30 ? 4 : 1;
  if (i + n > s.size()) return {0xFFFD, 1};
  if (n == 1) return {b, 1};
  char32_t cp = b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return {0xFFFD, 1};
    cp = (cp << 6) | (c & 0x3F);
  }
  return {cp, n};
}

// Characters written without spaces between words: each is a token of its own.
bool cjk(char32_t c) {
  return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xAC00 && c <= 0xD7AF) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFF00 && c <= 0xFFEF) || c >= 0x20000;
}

enum class Class { space, word, single };

Class class_of(char32_t c) {
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return Class::space;
  if (c < 0x80) return (std::isalnum(static_cast<int>(c)) || c == '_') ? Class::word : Class::single;
  if (cjk(c) || (c >= 0x2000 && c <= 0x206F) || (c >= 0xA0 && c <= 0xBF)) return Class::single;
  return Class::word;  // accented Latin, Cyrillic, Greek...: letters of words
}

// Myers' greedy shortest edit script between a and b (token ids). Returns the operations
// in order, or an empty vector with `gave_up` set when more than kMaxDiffEdits are needed.
std::vector<DiffPiece::Op> myers(const std::vector<int>& a, const std::vector<int>& b, bool& gave_up) {
  const int n = static_cast<int>(a.size()), m = static_cast<int>(b.size());
  const int max = std::min(n + m, kMaxDiffEdits);
  std::vector<std::vector<int>> trace;
  std::vector<int> v(2 * static_cast<std::size_t>(max) + 3, 0);
  const int off = max + 1;
  int found = -1;
  for (int d = 0; d <= max && found < 0; ++d) {
    for (int k = -d; k <= d; k += 2) {
      int x = (k == -d || (k != d && v[off + k - 1] < v[off + k + 1])) ? v[off + k + 1] : v[off + k - 1] + 1;
      int y = x - k;
      while (x < n && y < m && a[x] == b[y]) ++x, ++y;
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.emplace_back(v.begin() + (off - d - 1), v.begin() + (off + d + 2));
  }
  if (found < 0) {
    gave_up = true;
    return {};
  }
  std::vector<DiffPiece::Op> ops;
  int x = n, y = m;
  for (int d = found; d > 0; --d) {
    const auto& pv = trace[static_cast<std::size_t>(d - 1)];  // v after step d-1, indices -(d)..d
    auto at = [&](int k) { return pv[static_cast<std::size_t>(k + d)]; };
    const int k = x - y;
    const bool down = k == -d || (k != d && at(k - 1) < at(k + 1));
    const int pk = down ? k + 1 : k - 1;
    const int px = at(pk), py = px - pk;
    while (x > px + (down ? 0 : 1) && y > py + (down ? 1 : 0)) ops.push_back(DiffPiece::Op::same), --x, --y;
    ops.push_back(down ? DiffPiece::Op::added : DiffPiece::Op::removed);
    x = px, y = py;
  }
  while (x > 0 && y > 0) ops.push_back(DiffPiece::Op::same), --x, --y;
  std::reverse(ops.begin(), ops.end());
  return ops;
}

void append(std::vector<DiffPiece>& out, DiffPiece::Op op, const std::string& text) {
  if (text.empty()) return;
  if (!out.empty() && out.back().op == op) out.back().text += text;
  else out.push_back({op, text});
}

}  // namespace

std::vector<std::string> diff_tokens(std::string_view text) {
  std::vector<std::string> out;
  Class current = Class::single;
  for (std::size_t i = 0; i < text.size();) {
    auto [cp, len] = decode(text, i);
    Class c = class_of(cp);
    if (c == Class::single || out.empty() || c != current) out.emplace_back();
    out.back().append(text.substr(i, len));
    current = c;
    i += len;
  }
  return out;
}

std::vector<DiffPiece> diff_words(std::string_view before, std::string_view after) {
  auto ta = diff_tokens(before), tb = diff_tokens(after);
  std::size_t head = 0;
  while (head < ta.size() && head < tb.size() && ta[head] == tb[head]) ++head;
  std::size_t tail = 0;
  while (tail < ta.size() - head && tail < tb.size() - head && ta[ta.size() - 1 - tail] == tb[tb.size() - 1 - tail]) ++tail;

  std::unordered_map<std::string, int> ids;
  auto intern = [&](const std::vector<std::string>& tokens, std::size_t from, std::size_t to) {
    std::vector<int> v;
    for (std::size_t i = from; i < to; ++i) v.push_back(ids.emplace(tokens[i], static_cast<int>(ids.size())).first->second);
    return v;
  };
  const auto a = intern(ta, head, ta.size() - tail), b = intern(tb, head, tb.size() - tail);

  std::vector<DiffPiece> out;
  std::string joined;
  for (std::size_t i = 0; i < head; ++i) joined += ta[i];
  append(out, DiffPiece::Op::same, joined);
  bool gave_up = false;
  auto ops = myers(a, b, gave_up);
  if (gave_up) {
    joined.clear();
    for (std::size_t i = head; i < ta.size() - tail; ++i) joined += ta[i];
    append(out, DiffPiece::Op::removed, joined);
    joined.clear();
    for (std::size_t i = head; i < tb.size() - tail; ++i) joined += tb[i];
    append(out, DiffPiece::Op::added, joined);
  } else {
    std::size_t i = head, j = head;
    for (auto op : ops) {
      if (op == DiffPiece::Op::same) append(out, op, ta[i++]), ++j;
      else if (op == DiffPiece::Op::removed) append(out, op, ta[i++]);
      else append(out, op, tb[j++]);
    }
  }
  joined.clear();
  for (std::size_t i = ta.size() - tail; i < ta.size(); ++i) joined += ta[i];
  append(out, DiffPiece::Op::same, joined);
  return out;
}

std::string diff_html(const std::vector<DiffPiece>& pieces) {
  std::string out;
  for (const auto& p : pieces) {
    switch (p.op) {
      case DiffPiece::Op::same: out += html_escape(p.text); break;
      case DiffPiece::Op::added: out += "<ins>" + html_escape(p.text) + "</ins>"; break;
      case DiffPiece::Op::removed: out += "<del>" + html_escape(p.text) + "</del>"; break;
    }
  }
  return out;
}

}  // namespace aigc
