#include "scoring/text_tokenize.hpp"

#include "scoring/python_unicode.hpp"

#include <unicode/uchar.h>

namespace aigc::scoring {

std::vector<char32_t> code_points_of(std::string_view s) {
  std::vector<char32_t> out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    char32_t cp;
    std::size_t len;
    if (c < 0x80) { cp = c; len = 1; }
    else if ((c >> 5) == 6) { cp = c & 0x1F; len = 2; }
    else if ((c >> 4) == 14) { cp = c & 0x0F; len = 3; }
    else { cp = c & 0x07; len = 4; }
    for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    out.push_back(cp);
    i += len;
  }
  return out;
}

void append_utf8(std::string& out, char32_t cp) {
  if (cp < 0x80) out += static_cast<char>(cp);
  else if (cp < 0x800) { out += static_cast<char>(0xC0 | (cp >> 6)); out += static_cast<char>(0x80 | (cp & 0x3F)); }
  else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

namespace {

// Python's str.isspace().
bool py_space(char32_t c) { return py::is_space(c); }

std::size_t decode_at(std::string_view s, std::size_t i, char32_t& cp) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  std::size_t len = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : 4;
  cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
  for (std::size_t k = 1; k < len && i + k < s.size(); ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
  return len;
}

std::string join_tokens(std::string_view s) {
  std::string out;
  for (auto t : split_whitespace(s)) {
    if (!out.empty()) out += ' ';
    out.append(t);
  }
  return out;
}

// The four regular expressions of sacrebleu's TokenizerRegexp, applied in turn. They only
// look at ASCII characters, so working on bytes gives the same result as on code points.
std::string regexp_tokenize(std::string line) {
  auto rule1 = [](unsigned char c) {
    return (c >= 0x7B && c <= 0x7E) || (c >= 0x5B && c <= 0x60) || (c >= 0x20 && c <= 0x26) || (c >= 0x28 && c <= 0x2B) ||
           (c >= 0x3A && c <= 0x40) || c == 0x2F;
  };
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  auto dotcomma = [](char c) { return c == '.' || c == ','; };
  std::string a, b, c, d;  // reserved: rule 1 at most triples the text, each later rule at most doubles it
  a.reserve(line.size() * 3);
  for (char ch : line) {
    if (rule1(static_cast<unsigned char>(ch))) { a += ' '; a += ch; a += ' '; }
    else a += ch;
  }
  // ([^0-9])([\.,]) -> '\1 \2 '   (non-overlapping, left to right)
  b.reserve(a.size() * 2);
  for (std::size_t i = 0; i < a.size();) {
    if (i + 1 < a.size() && !digit(a[i]) && dotcomma(a[i + 1])) {
      // a[i] may be the last byte of a multi-byte character: still one "character".
      b += a[i]; b += ' '; b += a[i + 1]; b += ' ';
      i += 2;
    } else {
      b += a[i++];
    }
  }
  // ([\.,])([^0-9]) -> ' \1 \2'   ([^0-9] is a whole character)
  c.reserve(b.size() * 2);
  for (std::size_t i = 0; i < b.size();) {
    if (i + 1 < b.size() && dotcomma(b[i]) && !digit(b[i + 1])) {
      char32_t cp;
      std::size_t len = decode_at(b, i + 1, cp);
      c += ' '; c += b[i]; c += ' ';
      c.append(b, i + 1, len);
      i += 1 + len;
    } else {
      c += b[i++];
    }
  }
  // ([0-9])(-) -> '\1 \2 '
  d.reserve(c.size() * 2);
  for (std::size_t i = 0; i < c.size();) {
    if (i + 1 < c.size() && digit(c[i]) && c[i + 1] == '-') {
      d += c[i]; d += ' '; d += '-'; d += ' ';
      i += 2;
    } else {
      d += c[i++];
    }
  }
  return join_tokens(d);
}

void replace_all(std::string& s, std::string_view from, std::string_view to) {
  for (auto pos = s.find(from); pos != std::string::npos; pos = s.find(from, pos + to.size())) s.replace(pos, from.size(), to);
}

bool is_punct(char32_t c) {
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_CONNECTOR_PUNCTUATION: case U_DASH_PUNCTUATION: case U_START_PUNCTUATION: case U_END_PUNCTUATION:
    case U_INITIAL_PUNCTUATION: case U_FINAL_PUNCTUATION: case U_OTHER_PUNCTUATION: return true;
    default: return false;
  }
}
bool is_symbol(char32_t c) {
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_MATH_SYMBOL: case U_CURRENCY_SYMBOL: case U_MODIFIER_SYMBOL: case U_OTHER_SYMBOL: return true;
    default: return false;
  }
}
bool is_number(char32_t c) {
  switch (u_charType(static_cast<UChar32>(c))) {
    case U_DECIMAL_DIGIT_NUMBER: case U_LETTER_NUMBER: case U_OTHER_NUMBER: return true;
    default: return false;
  }
}

// sacrebleu's _UCODE_RANGES compared as Python strings. Two bounds were meant as
// 5-digit code points but '\u20000' is U+2000 followed by '0', so those ranges really
// cover U+2001..U+2A6D and U+2F81..U+2FA1, and Extension B is not included. Kept.
bool sacrebleu_chinese(char32_t c) {
  struct R { char32_t lo, hi; bool open_lo; };
  static const R ranges[] = {
      {0x3400, 0x4DB5, false}, {0x4E00, 0x9FA5, false}, {0x9FA6, 0x9FBB, false}, {0xF900, 0xFA2D, false},
      {0xFA30, 0xFA6A, false}, {0xFA70, 0xFAD9, false}, {0x2000, 0x2A6D, true},  {0x2F80, 0x2FA1, true},
      {0xFF00, 0xFFEF, false}, {0x2E80, 0x2EFF, false}, {0x3000, 0x303F, false}, {0x31C0, 0x31EF, false},
      {0x2F00, 0x2FDF, false}, {0x2FF0, 0x2FFF, false}, {0x3100, 0x312F, false}, {0x31A0, 0x31BF, false},
      {0xFE10, 0xFE1F, false}, {0xFE30, 0xFE4F, false}, {0x2600, 0x26FF, false}, {0x2700, 0x27BF, false},
      {0x3200, 0x32FF, false}, {0x3300, 0x33FF, false},
  };
  for (const auto& r : ranges)
    if ((r.open_lo ? c > r.lo : c >= r.lo) && c <= r.hi) return true;
  return false;
}

}  // namespace

std::vector<std::string_view> split_whitespace(std::string_view s) {
  std::vector<std::string_view> out;
  std::size_t i = 0, start = std::string_view::npos;
  while (i < s.size()) {
    std::size_t len = 1;
    unsigned char b = static_cast<unsigned char>(s[i]);
    bool space;
    if (b < 0x80) {  // ASCII, inline: this loop runs over every byte of every text
      space = (b >= 0x09 && b <= 0x0D) || (b >= 0x1C && b <= 0x20);
    } else {
      char32_t cp;
      len = decode_at(s, i, cp);
      space = py_space(cp);
    }
    if (space) {
      if (start != std::string_view::npos) { out.push_back(s.substr(start, i - start)); start = std::string_view::npos; }
    } else if (start == std::string_view::npos) {
      start = i;
    }
    i += len;
  }
  if (start != std::string_view::npos) out.push_back(s.substr(start));
  return out;
}

std::string lower_text(std::string_view s) { return py::lower(s); }

std::string_view rstrip_text(std::string_view s) {
  auto cps = code_points_of(s);
  std::size_t end = s.size();
  for (std::size_t k = cps.size(); k > 0 && py_space(cps[k - 1]); --k) {
    std::string tmp;
    append_utf8(tmp, cps[k - 1]);
    end -= tmp.size();
  }
  return s.substr(0, end);
}

std::string_view strip_text(std::string_view s) {
  s = rstrip_text(s);
  std::size_t i = 0;
  while (i < s.size()) {
    char32_t cp;
    std::size_t len = decode_at(s, i, cp);
    if (!py_space(cp)) break;
    i += len;
  }
  return s.substr(i);
}

std::string tokenize_13a(std::string_view in) {
  std::string line(in);
  replace_all(line, "<skipped>", "");
  replace_all(line, "-\n", "");
  replace_all(line, "\n", " ");
  replace_all(line, "&quot;", "\"");
  replace_all(line, "&amp;", "&");
  replace_all(line, "&lt;", "<");
  replace_all(line, "&gt;", ">");
  return regexp_tokenize(" " + line + " ");
}

std::string tokenize_zh(std::string_view in) {
  std::string line;
  for (char32_t cp : code_points_of(strip_text(in))) {
    if (sacrebleu_chinese(cp)) { line += ' '; append_utf8(line, cp); line += ' '; }
    else append_utf8(line, cp);
  }
  return regexp_tokenize(line);
}

std::string tokenize_intl(std::string_view in) {
  auto cps = code_points_of(in);
  // (\P{N})(\p{P}) -> '\1 \2 '
  std::vector<char32_t> a;
  for (std::size_t i = 0; i < cps.size();) {
    if (i + 1 < cps.size() && !is_number(cps[i]) && is_punct(cps[i + 1])) {
      a.insert(a.end(), {cps[i], U' ', cps[i + 1], U' '});
      i += 2;
    } else {
      a.push_back(cps[i++]);
    }
  }
  // (\p{P})(\P{N}) -> ' \1 \2'
  std::vector<char32_t> b;
  for (std::size_t i = 0; i < a.size();) {
    if (i + 1 < a.size() && is_punct(a[i]) && !is_number(a[i + 1])) {
      b.insert(b.end(), {U' ', a[i], U' ', a[i + 1]});
      i += 2;
    } else {
      b.push_back(a[i++]);
    }
  }
  // (\p{S}) -> ' \1 '
  std::string out;
  for (char32_t c : b) {
    if (is_symbol(c)) { out += ' '; append_utf8(out, c); out += ' '; }
    else append_utf8(out, c);
  }
  return join_tokens(out);
}

}  // namespace aigc::scoring
