// Search over everything: checks the request, finds the visible matches, counts them by
// kind, field and language (from their ids), ranks them and pages through them.
//
// Ranking is done here, identically for both databases: BM25 over the analysed terms (k1
// 1.2, b 0.75; a title term counts 3 times a body term; Chinese dictionary words add to
// their bigrams), times a small boost for votes and for fresh documents. Up to kExact
// matches are all ranked. Beyond that, ranking every match would cost as much as the
// matches are many, so the kRanked candidates are the newest whose titles match, then the
// newest others. Thread-safe.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/result.hpp"
#include "domain/search/search_document.hpp"
#include "domain/search/search_index.hpp"
#include "store/database.hpp"

namespace aigc {

// The kinds of things the index holds, in the order facets list them.
const std::vector<std::string>& search_kinds();

class SearchService {
 public:
  static constexpr int kExact = 1000;
  static constexpr int kRanked = 300;
  static constexpr int kMaxLimit = 50;

  explicit SearchService(Database& db) : db_(db), index_(db) {}

  Result<SearchResults> search(const SearchRequest& request, const SearchViewer& viewer);

 private:
  // Cached per process: a term's frequency is read at most once a minute.
  std::vector<std::int64_t> document_frequencies(soci::session& sql, const std::vector<std::string>& terms);

  Database& db_;
  SearchIndex index_;
  std::mutex df_mutex_;
  std::unordered_map<std::string, std::int64_t> df_;
  std::chrono::steady_clock::time_point df_since_{};
};

}  // namespace aigc
