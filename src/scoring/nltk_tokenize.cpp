#include "scoring/nltk_tokenize.hpp"

#include <memory>
#include <stdexcept>

#include <unicode/regex.h>
#include <unicode/unistr.h>

#include "scoring/punkt.hpp"
#include "scoring/python_unicode.hpp"
#include "scoring/text_tokenize.hpp"

namespace aigc::scoring {

namespace {

struct Rule {
  std::unique_ptr<icu::RegexPattern> pattern;
  icu::UnicodeString replacement;
};

// Python's \b with Python's \w: a word character on exactly one side.
std::string boundary(const std::string& w) {
  std::string nw = "[^" + w.substr(1);
  return "(?:(?<=" + w + ")(?!" + w + ")|(?<!" + w + ")(?=" + w + "))";
}

// A pattern written with Python's classes, in ICU syntax: {\w}, {\d}, {\s}, {^\d} and {\b}
// are Python's, {x} is the ASCII letter x under (?i); other braces ({2,}) are quantifiers.
std::string translate(std::string_view python) {
  static const std::string w = py::icu_word_class(), d = py::icu_decimal_class(), s = py::icu_space_class();
  std::string out;
  for (std::size_t i = 0; i < python.size(); ++i) {
    if (python[i] != '{') { out += python[i]; continue; }
    auto close = python.find('}', i);
    auto name = python.substr(i + 1, close - i - 1);
    if (name == "\\w") out += w;
    else if (name == "\\d") out += d;
    else if (name == "\\s") out += s;
    else if (name == "^\\d") out += "[^" + d.substr(1);
    else if (name == "\\b") out += boundary(w);
    else if (name.size() == 1 && name[0] >= 'a' && name[0] <= 'z') out += py::icu_ignorecase_letter(name[0]);
    else { out += python[i]; continue; }
    i = close;
  }
  return out;
}

Rule rule(std::string_view python, const char* replacement) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse{};
  auto text = translate(python);
  std::unique_ptr<icu::RegexPattern> p(
      icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(text), UREGEX_UNIX_LINES, parse, status));
  if (U_FAILURE(status)) throw std::logic_error("nltk_tokenize: bad pattern " + std::string(python) + ": " + u_errorName(status));
  return {std::move(p), icu::UnicodeString::fromUTF8(replacement)};
}

struct Rules {
  std::vector<Rule> before_padding, after_padding;
};

// nltk/tokenize/destructive.py, NLTKWordTokenizer.tokenize, in order. Python's r" \1 "
// is ICU's " $1 ", \g<0> is $0.
const Rules& rules() {
  static const Rules r = [] {
    Rules out;
    auto& a = out.before_padding;
    // STARTING_QUOTES
    a.push_back(rule("([«“‘„]|[`]+)", " $1 "));
    a.push_back(rule("^\"", "``"));
    a.push_back(rule("(``)", " $1 "));
    a.push_back(rule("([ \\(\\[\\x{7B}<])(\"|'{2})", "$1 `` "));
    a.push_back(rule("(')(?!{r}{e}|{v}{e}|{l}{l}|{m}|{t}|{s}|{d}|{n})({\\w}){\\b}", "$1 $2"));
    // PUNCTUATION
    a.push_back(rule("([^\\.])(\\.)([\\]\\)\\x{7D}>\"'»”’ ]*){\\s}*$", "$1 $2 $3 "));
    a.push_back(rule("([:,])({^\\d})", " $1 $2"));
    a.push_back(rule("([:,])$", " $1 "));
    a.push_back(rule("\\.{2,}", " $0 "));
    a.push_back(rule("[;@#\\$%\\&]", " $0 "));
    a.push_back(rule("([^\\.])(\\.)([\\]\\)\\x{7D}>\"']*){\\s}*$", "$1 $2$3 "));
    a.push_back(rule("[?!]", " $0 "));
    a.push_back(rule("([^'])' ", "$1 ' "));
    a.push_back(rule("[*]", " $0 "));
    // PARENS_BRACKETS, DOUBLE_DASHES
    a.push_back(rule("[\\]\\[\\(\\)\\x{7B}\\x{7D}<>]", " $0 "));
    a.push_back(rule("--", " -- "));
    auto& b = out.after_padding;
    // ENDING_QUOTES
    b.push_back(rule("([»”’])", " $1 "));
    b.push_back(rule("''", " '' "));
    b.push_back(rule("\"", " '' "));
    b.push_back(rule("([^' ])('[sS]|'[mM]|'[dD]|') ", "$1 $2 "));
    b.push_back(rule("([^' ])('ll|'LL|'re|'RE|'ve|'VE|n't|N'T) ", "$1 $2 "));
    // CONTRACTIONS2, CONTRACTIONS3 (all (?i))
    for (const char* c : {"{\\b}({c}{a}{n})({n}{o}{t}){\\b}", "{\\b}({d})('{y}{e}){\\b}", "{\\b}({g}{i}{m})({m}{e}){\\b}",
                          "{\\b}({g}{o}{n})({n}{a}){\\b}", "{\\b}({g}{o}{t})({t}{a}){\\b}", "{\\b}({l}{e}{m})({m}{e}){\\b}",
                          "{\\b}({m}{o}{r}{e})('{n}){\\b}", "{\\b}({w}{a}{n})({n}{a})(?={\\s})", " ('{t})({i}{s}){\\b}",
                          " ('{t})({w}{a}{s}){\\b}"})
      b.push_back(rule(c, " $1 $2 "));
    return out;
  }();
  return r;
}

void apply(const std::vector<Rule>& rs, icu::UnicodeString& text) {
  for (const auto& r : rs) {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> m(r.pattern->matcher(text, status));
    if (U_FAILURE(status)) throw std::runtime_error("nltk_tokenize: matcher failed");
    icu::UnicodeString replaced = m->replaceAll(r.replacement, status);
    if (U_FAILURE(status)) throw std::runtime_error("nltk_tokenize: replace failed");
    text = std::move(replaced);
  }
}

}  // namespace

std::vector<std::string> nltk_word_tokenize(std::string_view text) {
  std::vector<std::string> out;
  for (const auto& sentence : punkt_sentences(text))
    for (auto& t : nltk_treebank_tokenize(sentence)) out.push_back(std::move(t));
  return out;
}

std::vector<std::string> nltk_treebank_tokenize(std::string_view input) {
  auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(input.data(), static_cast<int32_t>(input.size())));
  const auto& r = rules();
  apply(r.before_padding, text);
  text = icu::UnicodeString(u" ") + text + icu::UnicodeString(u" ");
  apply(r.after_padding, text);
  std::string utf8;
  text.toUTF8String(utf8);
  std::vector<std::string> out;
  for (auto t : split_whitespace(utf8)) out.emplace_back(t);
  return out;
}

}  // namespace aigc::scoring
