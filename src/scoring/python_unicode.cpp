#include "scoring/python_unicode.hpp"

#include <algorithm>
#include <cstdio>
#include <span>
#include <vector>

#include "scoring/text_tokenize.hpp"

namespace aigc::scoring {

namespace python_unicode_data {
extern const char* const kUnicodeVersion;
extern const CodeRange kWord[], kDecimal[], kCaseIgnorable[], kCased[], kUpper[], kLowercase[];
extern const std::size_t kWord_size, kDecimal_size, kCaseIgnorable_size, kCased_size, kUpper_size, kLowercase_size;
extern const LowerEntry kLower[];
extern const std::size_t kLower_size;
extern const IgnoreCaseExtra kIgnoreCaseExtra[];
extern const std::size_t kIgnoreCaseExtra_size;
}  // namespace python_unicode_data

namespace py {

namespace {

using namespace python_unicode_data;

bool in(const CodeRange* ranges, std::size_t n, char32_t c) {
  auto end = ranges + n;
  auto it = std::upper_bound(ranges, end, c, [](char32_t v, const CodeRange& r) { return v < r.lo; });
  return it != ranges && c <= (it - 1)->hi;
}

bool case_ignorable(char32_t c) { return in(kCaseIgnorable, kCaseIgnorable_size, c); }
bool cased(char32_t c) { return in(kCased, kCased_size, c); }

std::string icu_class(const CodeRange* ranges, std::size_t n) {
  std::string out = "[";
  char buf[32];
  for (std::size_t i = 0; i < n; ++i) {
    if (ranges[i].lo == ranges[i].hi) std::snprintf(buf, sizeof buf, "\\x{%X}", static_cast<unsigned>(ranges[i].lo));
    else std::snprintf(buf, sizeof buf, "\\x{%X}-\\x{%X}", static_cast<unsigned>(ranges[i].lo), static_cast<unsigned>(ranges[i].hi));
    out += buf;
  }
  return out + "]";
}

const CodeRange kSpace[] = {{0x09, 0x0D}, {0x1C, 0x20}, {0x85, 0x85}, {0xA0, 0xA0}, {0x1680, 0x1680}, {0x2000, 0x200A},
                            {0x2028, 0x2029}, {0x202F, 0x202F}, {0x205F, 0x205F}, {0x3000, 0x3000}};

}  // namespace

const char* unicode_version() { return kUnicodeVersion; }

bool is_word(char32_t c) {
  if (c < 0x80) return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  return in(kWord, kWord_size, c);
}
bool is_decimal(char32_t c) { return c < 0x80 ? c >= '0' && c <= '9' : in(kDecimal, kDecimal_size, c); }
bool is_space(char32_t c) {
  if (c < 0x80) return (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x20);
  return in(kSpace, std::size(kSpace), c);
}

bool is_upper(char32_t c) { return c < 0x80 ? c >= 'A' && c <= 'Z' : in(kUpper, kUpper_size, c); }
bool is_lower(char32_t c) { return c < 0x80 ? c >= 'a' && c <= 'z' : in(kLowercase, kLowercase_size, c); }

std::string lower(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  std::vector<char32_t> cps;
  bool ascii = std::all_of(text.begin(), text.end(), [](char ch) { return static_cast<unsigned char>(ch) < 0x80; });
  if (ascii) {
    for (char ch : text) out += (ch >= 'A' && ch <= 'Z') ? static_cast<char>(ch + 32) : ch;
    return out;
  }
  cps = code_points_of(text);
  for (std::size_t i = 0; i < cps.size(); ++i) {
    char32_t c = cps[i];
    if (c == 0x3A3) {  // capital sigma: final (ς) after a cased letter and not before one
      std::size_t j = i;
      while (j > 0 && case_ignorable(cps[j - 1])) --j;
      bool final_sigma = j > 0 && cased(cps[j - 1]);
      if (final_sigma) {
        std::size_t k = i + 1;
        while (k < cps.size() && case_ignorable(cps[k])) ++k;
        final_sigma = k == cps.size() || !cased(cps[k]);
      }
      append_utf8(out, final_sigma ? 0x3C2 : 0x3C3);
      continue;
    }
    auto end = kLower + kLower_size;
    auto it = std::lower_bound(kLower, end, c, [](const LowerEntry& e, char32_t v) { return e.cp < v; });
    if (it != end && it->cp == c) out += it->utf8;
    else append_utf8(out, c);
  }
  return out;
}

const std::string& icu_word_class() {
  static const std::string s = icu_class(kWord, kWord_size);
  return s;
}
const std::string& icu_decimal_class() {
  static const std::string s = icu_class(kDecimal, kDecimal_size);
  return s;
}
const std::string& icu_space_class() {
  static const std::string s = icu_class(kSpace, std::size(kSpace));
  return s;
}

std::string icu_ignorecase_letter(char letter) {
  std::string out = "[";
  out += letter;
  out += static_cast<char>(letter - 32);
  char buf[16];
  for (std::size_t i = 0; i < kIgnoreCaseExtra_size; ++i)
    if (kIgnoreCaseExtra[i].letter == letter) {
      std::snprintf(buf, sizeof buf, "\\x{%X}", static_cast<unsigned>(kIgnoreCaseExtra[i].cp));
      out += buf;
    }
  return out + "]";
}

}  // namespace py
}  // namespace aigc::scoring
