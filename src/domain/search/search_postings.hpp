// PostgreSQL's posting lists for the search index (search_index.cpp): for each lexeme of
// search_match's two tsvectors (field 0: `tsv`, everything; field 1: `title_tsv`, the title
// and filter terms), the ids of the documents that have it, in rows of one block of 1,024
// sequence numbers (`search_postings`, migration 20). A GIN index answers with row
// addresses, so each of a frequent word's 100,000 matches cost a visit to its row for the
// id; a posting row answers with the ids themselves, 3 bytes each.
//
// An entry is the id's low 22 bits (the sequence's low 10 and the facet bits), big-endian,
// so bytes sort as numbers; the block is the id above them. Rows are kept sorted and
// without duplicates by aigc_posting_put (migration 20), which a writer calls for every
// term of a document in one statement. Writers of the index take turns (an advisory lock
// held to commit): new documents share the newest block and every public one has the
// public audience's filter term, so they would queue on that row anyway, and a transaction
// may write many documents (an event and its talks, a reindex batch): rows locked document
// by document would let two such transactions wait on each other.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <soci/soci.h>

namespace aigc {

inline constexpr int kPostingEntryBits = 22;

// A document's lexemes in each field, distinct.
struct PostingTerms {
  std::vector<std::string> all, title;
};

// The text form of the one-entry bytea for `id` ("\x" and six hex digits).
std::string posting_entry(std::int64_t id);
// Appends the ids of a posting row of `block` to `out`, from the bytea's text form as
// PostgreSQL sends it ("\x" and hex digits); throws std::runtime_error on anything else.
void decode_posting(std::int64_t block, std::string_view bytea_text, std::vector<std::int64_t>& out);

// Set operations on ascending id lists.
std::vector<std::int64_t> intersect_ids(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b);
std::vector<std::int64_t> subtract_ids(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b);
std::vector<std::int64_t> unite_ids(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b);

// A PostgreSQL text[] (or bigint[]) literal of these values.
std::string pg_array(const std::vector<std::string>& values);
std::string pg_array(const std::vector<std::int64_t>& values);

// Waits for the other writers of the search index to commit: called before a writer's
// first read or write of it (put, remove, clear), so that nothing else of the index (its
// statistics' rows) is locked first.
void lock_search_writers(soci::session& sql);

// Adds `id` under the terms of `added` and takes it from those of `removed`, in one
// statement (the caller's transaction).
void change_postings(soci::session& sql, std::int64_t id, const PostingTerms& added, const PostingTerms& removed);
// Adds new documents under their terms: one row update per list they share, however many
// documents (the caller's transaction, after lock_search_writers).
void add_postings(soci::session& sql, const std::vector<std::pair<std::int64_t, PostingTerms>>& documents);
// Each of `terms`' ids in `field` (0 or 1), ascending; a term without any maps to nothing.
std::map<std::string, std::vector<std::int64_t>> read_postings(soci::session& sql, int field,
                                                               const std::vector<std::string>& terms);
// How many documents have `term` anywhere (field 0).
std::int64_t posting_count(soci::session& sql, const std::string& term);

}  // namespace aigc
