// A search box's text as the index understands it. Words are ANDed; "quoted words" must
// appear together in that order; -word and -"some words" exclude. Each word goes through
// analyze_text, so a Chinese run becomes a phrase of its bigrams (adjacent, in order) and
// an English word its stem. The same query is written for SQLite FTS5 (MATCH) and for
// PostgreSQL (tsquery), which therefore find the same documents. Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace aigc {

struct ParsedQuery {
  std::vector<std::vector<std::string>> required;  // each a phrase: terms in adjacent positions
  std::vector<std::vector<std::string>> excluded;
  std::vector<std::string> rank_terms;  // distinct terms that count for relevance, dictionary words too
  std::vector<std::string> highlight;   // distinct terms to mark in snippets
};

// Fails with search_query_empty when nothing searchable remains (only punctuation, only
// exclusions), and search_query_too_long past 256 code points or 32 terms.
Result<ParsedQuery> parse_search_query(std::string_view q);

// The query without its exclusions: what a title must have to count as a title match.
ParsedQuery required_only(const ParsedQuery& q);

// required_in: a column the required words must be in (the exclusions hold for every column).
std::string fts5_match(const ParsedQuery& q, const std::string& required_in = "");
std::string pg_tsquery(const ParsedQuery& q);

}  // namespace aigc
