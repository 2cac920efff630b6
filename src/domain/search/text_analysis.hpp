// The search's text analysis: one function for indexing and for queries, so a query term
// is spelled exactly as the index spells it. Text is broken into words by ICU (its
// dictionary handles Chinese and Japanese), folded (NFKC case folding: full-width and
// half-width, upper and lower case become one; Traditional Chinese becomes Simplified),
// Latin-script words are stemmed by Snowball's English stemmer, and every run of Chinese,
// Japanese or Korean characters is indexed as overlapping character bigrams (a lone
// character as itself), so a two-character query finds the word inside any compound.
// ICU's dictionary words of such runs are kept apart (`words`), prefixed with kWordMark,
// for ranking: "学习" as a word outranks "学习" straddling "数学" and "习题".
//
// Terms hold only letters and digits (no spaces, no ASCII punctuation), so SQLite's
// `ascii` FTS5 tokenizer and PostgreSQL's quoted tsquery lexemes keep each one whole.
// Thread-safe (per-thread ICU and Snowball objects).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace aigc {

inline constexpr std::string_view kWordMark = "w";

struct AnalyzedTerm {
  std::string term;
  std::uint32_t begin = 0;  // byte range in the analysed text the term came from
  std::uint32_t end = 0;
  bool cjk = false;  // a character bigram or unigram
};

struct Analysis {
  std::vector<AnalyzedTerm> terms;  // in text order: position = index
  std::vector<std::string> words;   // ICU dictionary words of CJK runs, marked
};

Analysis analyze_text(std::string_view utf8);

// The terms, then the marked words, joined by single spaces: what the index stores.
std::string index_terms(const Analysis& analysis);

}  // namespace aigc
