// Python's str and re semantics on Unicode text, for matching reference scripts that are
// Python programs (SQuAD's normalize_answer, CMRC 2018's evaluation, NLTK's tokenizer,
// sacrebleu): which code points re's \w, \d and \s match, str.lower() with its full
// mappings and final sigma, and which characters (?i) lets an ASCII letter match. The
// tables come from Python 3.11 (Unicode 14.0.0) by scripts/gen-python-unicode, not from
// ICU, whose Unicode version and idea of a "word character" differ (ICU's \w has no ½,
// no Ⅷ, no ①; Python's has them all).
#pragma once

#include <string>
#include <string_view>

namespace aigc::scoring {

struct CodeRange {
  char32_t lo, hi;
};
struct LowerEntry {
  char32_t cp;
  const char* utf8;
};
struct IgnoreCaseExtra {
  char letter;
  char32_t cp;
};

namespace py {

const char* unicode_version();
bool is_word(char32_t c);     // re's \w on str: str.isalnum() or '_'
bool is_decimal(char32_t c);  // re's \d on str: str.isdecimal()
bool is_space(char32_t c);    // re's \s and str.isspace()
bool is_upper(char32_t c);    // str.isupper() of the one character
bool is_lower(char32_t c);    // str.islower() of the one character
// str.lower() of UTF-8 text (already validated).
std::string lower(std::string_view text);
// A character class in ICU regex syntax with exactly the code points of \w, \d or \s
// above, so that ICU runs a Python pattern with Python's classes.
const std::string& icu_word_class();
const std::string& icu_decimal_class();
const std::string& icu_space_class();
// An ICU class of what (?i)`letter` matches in Python: both cases and the extra
// characters Python folds onto it (ſ for s, K for k, İ and ı for i).
std::string icu_ignorecase_letter(char letter);

}  // namespace py
}  // namespace aigc::scoring
