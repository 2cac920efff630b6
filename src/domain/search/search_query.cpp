#include "domain/search/search_query.hpp"

#include <algorithm>

#include "core/text.hpp"
#include "domain/search/text_analysis.hpp"

namespace aigc {

namespace {

constexpr std::size_t kMaxQueryCodePoints = 256;
constexpr std::size_t kMaxTerms = 32;

struct Chunk {
  std::string text;
  bool excluded = false;
  bool quoted = false;
};

// Opening and closing quotes a reader may type: ASCII, and the curly and corner quotes of
// Chinese and Japanese input methods.
std::size_t quote_at(std::string_view s, std::size_t i, bool closing) {
  if (s[i] == '"') return 1;
  static const char* open[] = {"\u201C", "\u300C", "\u300E"};
  static const char* close[] = {"\u201D", "\u300D", "\u300F"};
  for (const char* q : closing ? close : open)
    if (s.substr(i, 3) == q) return 3;
  return 0;
}

std::vector<Chunk> split_chunks(std::string_view q) {
  std::vector<Chunk> out;
  std::size_t i = 0;
  auto is_space = [&](std::size_t k) {
    return q[k] == ' ' || q[k] == '\t' || q[k] == '\n' || q[k] == '\r' || q.substr(k, 3) == "\u3000";
  };
  while (i < q.size()) {
    if (is_space(i)) {
      i += q[i] == ' ' || q[i] == '\t' || q[i] == '\n' || q[i] == '\r' ? 1 : 3;
      continue;
    }
    Chunk c;
    if (q[i] == '-' && i + 1 < q.size() && !is_space(i + 1)) {
      c.excluded = true;
      ++i;
    }
    if (std::size_t open = quote_at(q, i, false)) {
      i += open;
      std::size_t j = i;
      std::size_t close = 0;
      while (j < q.size() && (close = quote_at(q, j, true)) == 0) ++j;
      c.text = std::string(q.substr(i, j - i));
      c.quoted = true;
      i = j < q.size() ? j + close : j;
    } else {
      std::size_t j = i;
      while (j < q.size() && !is_space(j)) ++j;
      c.text = std::string(q.substr(i, j - i));
      i = j;
    }
    out.push_back(std::move(c));
  }
  return out;
}

void add_distinct(std::vector<std::string>& list, const std::string& term) {
  if (std::find(list.begin(), list.end(), term) == list.end()) list.push_back(term);
}

// The analysed terms of one unquoted word, grouped: each Chinese run stays one phrase of
// its overlapping bigrams; every other term stands alone.
std::vector<std::vector<std::string>> groups_of(const Analysis& a) {
  std::vector<std::vector<std::string>> out;
  for (std::size_t i = 0; i < a.terms.size(); ++i) {
    const auto& t = a.terms[i];
    bool continues = i > 0 && t.cjk && a.terms[i - 1].cjk && t.begin < a.terms[i - 1].end;
    if (continues) out.back().push_back(t.term);
    else out.push_back({t.term});
  }
  return out;
}

std::string quote_lexeme(const std::string& term) {
  std::string out = "'";
  for (char c : term) {
    if (c == '\'' || c == '\\') out += c == '\'' ? "''" : "\\\\";
    else out += c;
  }
  return out + "'";
}

}  // namespace

Result<ParsedQuery> parse_search_query(std::string_view q) {
  auto too_long = [] {
    return Error::invalid("error.search_query_too_long", "a search is at most 256 characters and 32 words",
                          {{"q", "error.search_query_too_long", "shorten the search to at most 256 characters and 32 words"}});
  };
  if (utf8_length(q) > kMaxQueryCodePoints) return too_long();
  ParsedQuery out;
  std::size_t count = 0;
  for (const Chunk& chunk : split_chunks(q)) {
    Analysis a = analyze_text(chunk.text);
    count += a.terms.size();
    if (a.terms.empty()) continue;
    if (chunk.excluded || chunk.quoted) {
      std::vector<std::string> phrase;
      for (const auto& t : a.terms) phrase.push_back(t.term);
      (chunk.excluded ? out.excluded : out.required).push_back(std::move(phrase));
    } else {
      for (auto& g : groups_of(a)) out.required.push_back(std::move(g));
    }
    if (!chunk.excluded) {
      for (const auto& t : a.terms) {
        add_distinct(out.rank_terms, t.term);
        add_distinct(out.highlight, t.term);
      }
      for (const auto& w : a.words) add_distinct(out.rank_terms, w);
    }
  }
  if (count > kMaxTerms) return too_long();
  if (out.required.empty())
    return Error::invalid("error.search_query_empty", "type a word to search for",
                          {{"q", "error.search_query_empty", "type at least one word or number to search for (not only -exclusions)"}});
  return out;
}

ParsedQuery required_only(const ParsedQuery& q) {
  ParsedQuery out = q;
  out.excluded.clear();
  return out;
}

std::string fts5_match(const ParsedQuery& q, const std::string& required_in) {
  // Terms hold only letters and digits, so wrapping them in double quotes is safe.
  auto phrase = [](const std::vector<std::string>& terms) {
    std::string s = "\"";
    for (std::size_t i = 0; i < terms.size(); ++i) s += (i ? " " : "") + terms[i];
    return s + "\"";
  };
  const std::string column = required_in.empty() ? "" : required_in + " : ";
  std::string expr;
  for (const auto& p : q.required) expr += (expr.empty() ? "" : " AND ") + column + phrase(p);
  for (const auto& p : q.excluded) expr = "(" + expr + ") NOT " + phrase(p);
  return expr;
}

std::string pg_tsquery(const ParsedQuery& q) {
  auto phrase = [&](const std::vector<std::string>& terms) {
    std::string s = "(";
    for (std::size_t i = 0; i < terms.size(); ++i)
      s += (i ? " <-> " : "") + quote_lexeme(terms[i]);
    return s + ")";
  };
  std::string expr;
  for (const auto& p : q.required) expr += (expr.empty() ? "" : " & ") + phrase(p);
  for (const auto& p : q.excluded) expr += " & !" + phrase(p);
  return expr;
}

}  // namespace aigc
