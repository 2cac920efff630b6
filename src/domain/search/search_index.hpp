// The search index's SQL: one row per searchable object in search_documents, its title and
// body as pre-analysed terms (text_analysis.hpp), and its visibility and tags as terms of a
// third column, so the full-text index alone decides what matches and may be shown. Its
// kind, field and languages are packed into its id (search_document.hpp), so facets and
// those filters are counted from the matching ids without reading a row.
//
// SQLite keeps an FTS5 table over the terms in step by triggers (migration 8). PostgreSQL
// keeps two tsvectors (everything; the title and filter terms) in the narrow table
// search_match (migration 14) and, for each of their lexemes, a posting list of ids
// (search_postings.hpp, migration 20), which put() writes: the lists answer a query, and
// a tsvector is read only to check a phrase.
// That, and how a new id's sequence is drawn, are the index's dialect differences; they stay
// in this file, search_postings and the migrations. Callers bring the session (and the
// transaction).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/search/search_document.hpp"
#include "domain/search/search_postings.hpp"
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

struct SearchIndexStats {
  std::int64_t documents = 0;
  double avg_title_len = 0, avg_body_len = 0;
};

class SearchIndex {
 public:
  // PostgreSQL: up to this many candidates of a phrase are checked row by row; more, and
  // the GIN index's bitmap finds the phrase (it visits each match's row once anyway).
  static constexpr std::size_t kMaxRowsChecked = 20000;

  explicit SearchIndex(Database& db, std::size_t max_rows_checked = kMaxRowsChecked)
      : db_(db), max_rows_checked_(max_rows_checked) {}

  // Inserts or replaces the document of (kind, object_key).
  void put(soci::session& sql, const SearchDocument& doc);
  // put() of many documents in one transaction: on PostgreSQL each posting list the new
  // documents share is written once, not once per document.
  void put_all(soci::session& sql, const std::vector<SearchDocument>& docs);
  void remove(soci::session& sql, const std::string& kind, const std::string& object_key);
  // Removes every document of one kind (all kinds when empty): for a rebuild.
  void clear(soci::session& sql, const std::string& kind = "");

  // Calls on_id with the id of every match `viewer` may see (with `tag`, when set), newest
  // first, until it returns false. title_only: the query's required words must be in the
  // title as well.
  void for_each_match(soci::session& sql, const ParsedQuery& q, const SearchViewer& viewer, const std::string& tag,
                      bool title_only, const std::function<bool(std::int64_t)>& on_id);
  // The rows of these ids (in no particular order), with their terms.
  std::vector<SearchCandidate> rows(soci::session& sql, const std::vector<std::int64_t>& ids);
  // In how many documents each term occurs (visible or not: a corpus statistic).
  std::vector<std::int64_t> document_frequencies(soci::session& sql, const std::vector<std::string>& terms);
  SearchIndexStats stats(soci::session& sql);
  std::string body_of(soci::session& sql, std::int64_t id);

 private:
  // New documents' posting lists that put_all writes at its end.
  using PendingPostings = std::vector<std::pair<std::int64_t, PostingTerms>>;
  void put(soci::session& sql, const SearchDocument& doc, PendingPostings* pending);

  Database& db_;
  std::size_t max_rows_checked_;
};

}  // namespace aigc
