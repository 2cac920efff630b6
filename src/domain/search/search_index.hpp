// The search index's SQL: one row per searchable object in search_documents, its title and
// body as pre-analysed terms (text_analysis.hpp). SQLite keeps an FTS5 table over those
// terms in step by triggers (migration 8); PostgreSQL keeps a weighted tsvector with a GIN
// index, which put() writes. That is the index's one dialect difference, and it stays in
// this file and the migration. Both find documents with the same query (search_query.hpp),
// so both return the same documents. Callers bring the session (and the transaction).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/search/search_document.hpp"
#include "domain/search/search_query.hpp"
#include "store/database.hpp"

namespace aigc {

// A matching document with what ranking needs (its terms), not yet its body.
struct SearchCandidate {
  std::int64_t id = 0;
  SearchHit hit;
  std::string title_terms, body_terms;
  std::int64_t title_len = 0, body_len = 0;
};

struct SearchFilter {
  std::string kind, field, tag, lang;
  SearchViewer viewer;
};

struct SearchIndexStats {
  std::int64_t documents = 0;
  double avg_title_len = 0, avg_body_len = 0;
};

class SearchIndex {
 public:
  explicit SearchIndex(Database& db) : db_(db) {}

  // Inserts or replaces the document of (kind, object_key).
  void put(soci::session& sql, const SearchDocument& doc);
  void remove(soci::session& sql, const std::string& kind, const std::string& object_key);
  // Removes every document of one kind (all kinds when empty): for a rebuild.
  void clear(soci::session& sql, const std::string& kind = "");

  // Up to `limit` visible matches, best first by the database's own rank (FTS5's bm25,
  // PostgreSQL's ts_rank), for the service to rank exactly.
  std::vector<SearchCandidate> candidates(soci::session& sql, const ParsedQuery& q, const SearchFilter& f, int limit);
  // Visible matches counted by kind, field and language.
  void facets(soci::session& sql, const ParsedQuery& q, const SearchFilter& f, SearchResults& out);
  // In how many documents each term occurs (visible or not: a corpus statistic).
  std::vector<std::int64_t> document_frequencies(soci::session& sql, const std::vector<std::string>& terms);
  SearchIndexStats stats(soci::session& sql);
  std::string body_of(soci::session& sql, std::int64_t id);
  std::int64_t count(soci::session& sql);

 private:
  Database& db_;
};

}  // namespace aigc
