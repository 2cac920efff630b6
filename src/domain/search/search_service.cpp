#include "domain/search/search_service.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/search/snippet.hpp"

namespace aigc {

namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr double kTitleWeight = 3.0;
// Corpus statistics change slowly; a process re-reads them at most this often.
constexpr auto kStatsMaxAge = std::chrono::seconds(60);

std::unordered_map<std::string, int> term_counts(const std::string& terms, const std::unordered_map<std::string, int>& wanted) {
  std::unordered_map<std::string, int> out;
  std::size_t i = 0;
  while (i < terms.size()) {
    std::size_t j = terms.find(' ', i);
    if (j == std::string::npos) j = terms.size();
    std::string t = terms.substr(i, j - i);
    if (wanted.count(t)) ++out[t];
    i = j + 1;
  }
  return out;
}

Result<int> parse_cursor(const std::string& cursor) {
  if (cursor.empty()) return 0;
  std::int64_t n = 0;
  if (!parse_int(cursor, n) || n < 0 || n > SearchService::kRanked)
    return Error::invalid("error.search_cursor", "cursor is not one this search gave",
                          {{"cursor", "error.search_cursor", "use the next_cursor of the previous page, or none for the first page"}});
  return static_cast<int>(n);
}

}  // namespace

const std::vector<std::string>& search_kinds() {
  static const std::vector<std::string> kinds = {"competition", "page", "organization", "member"};
  return kinds;
}

SearchIndexStats SearchService::stats(soci::session& sql) {
  std::lock_guard lock(stats_mutex_);
  auto now = std::chrono::steady_clock::now();
  if (stats_at_ == std::chrono::steady_clock::time_point{} || now - stats_at_ > kStatsMaxAge) {
    stats_ = index_.stats(sql);
    stats_at_ = now;
  }
  return stats_;
}

Result<SearchResults> SearchService::search(const SearchRequest& request, const SearchViewer& viewer) {
  auto parsed = parse_search_query(request.q);
  if (!parsed) return parsed.error();
  std::vector<Problem> problems;
  const auto& kinds = search_kinds();
  if (!request.kind.empty() && std::find(kinds.begin(), kinds.end(), request.kind) == kinds.end())
    problems.push_back({"type", "error.search_type", "type must be one of: competition, page, organization, member",
                        {}, {{"value", request.kind}}});
  if (!request.lang.empty() && request.lang != "en" && request.lang != "zh-CN")
    problems.push_back({"lang", "error.search_lang", "lang must be en or zh-CN"});
  if (request.limit < 1 || request.limit > kMaxLimit)
    problems.push_back({"limit", "error.search_limit", "limit must be between 1 and 50"});
  for (const auto* v : {&request.field, &request.tag})
    if (v->size() > 100 || !is_single_line(*v))
      problems.push_back({v == &request.field ? "field" : "tag", "error.search_filter", "a filter is one line of at most 100 characters"});
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  auto offset = parse_cursor(request.cursor);
  if (!offset) return offset.error();

  const ParsedQuery& q = parsed.value();
  SearchFilter filter{request.kind, request.field, request.tag, request.lang, viewer};
  SearchResults out;
  return db_.with_session([&](soci::session& sql) -> Result<SearchResults> {
    std::vector<SearchCandidate> found = index_.candidates(sql, q, filter, kRanked);
    index_.facets(sql, q, filter, out);
    out.ranked = static_cast<std::int64_t>(found.size());
    if (found.empty()) return out;

    const SearchIndexStats s = stats(sql);
    const double n_docs = static_cast<double>(std::max<std::int64_t>(s.documents, 1));
    const std::vector<std::int64_t> df = index_.document_frequencies(sql, q.rank_terms);
    std::unordered_map<std::string, int> wanted;
    for (std::size_t i = 0; i < q.rank_terms.size(); ++i) wanted[q.rank_terms[i]] = static_cast<int>(i);
    std::vector<double> idf(q.rank_terms.size());
    for (std::size_t i = 0; i < idf.size(); ++i) {
      double d = static_cast<double>(std::min<std::int64_t>(df[i], s.documents));
      idf[i] = std::log(1.0 + (n_docs - d + 0.5) / (d + 0.5));
    }
    const double avg_t = std::max(s.avg_title_len, 1.0), avg_b = std::max(s.avg_body_len, 1.0);
    const double now = static_cast<double>(now_utc());
    for (auto& c : found) {
      auto in_title = term_counts(c.title_terms, wanted), in_body = term_counts(c.body_terms, wanted);
      const double nt = 1 - kB + kB * static_cast<double>(c.title_len) / avg_t;
      const double nb = 1 - kB + kB * static_cast<double>(c.body_len) / avg_b;
      double score = 0;
      for (const auto& [term, i] : wanted) {
        double tf = kTitleWeight * (in_title.count(term) ? in_title[term] : 0) / nt + (in_body.count(term) ? in_body[term] : 0) / nb;
        if (tf > 0) score += idf[static_cast<std::size_t>(i)] * tf * (kK1 + 1) / (tf + kK1);
      }
      const double age_days = std::max(0.0, now - static_cast<double>(c.hit.updated_at)) / 86400.0;
      score *= (1 + 0.1 * std::log1p(static_cast<double>(std::max<std::int64_t>(c.hit.votes, 0)))) * (1 + 0.2 * std::exp(-age_days / 365.0));
      c.hit.score = score;
    }
    std::sort(found.begin(), found.end(), [](const SearchCandidate& a, const SearchCandidate& b) {
      if (a.hit.score != b.hit.score) return a.hit.score > b.hit.score;
      if (a.hit.updated_at != b.hit.updated_at) return a.hit.updated_at > b.hit.updated_at;
      return a.id > b.id;
    });
    const std::size_t from = static_cast<std::size_t>(offset.value());
    const std::size_t to = std::min(found.size(), from + static_cast<std::size_t>(request.limit));
    for (std::size_t i = from; i < to; ++i) {
      SearchHit hit = found[i].hit;
      hit.snippet_html = snippet_html(index_.body_of(sql, found[i].id), q.highlight);
      out.hits.push_back(std::move(hit));
    }
    if (to < found.size()) out.next_cursor = std::to_string(to);
    return out;
  });
}

}  // namespace aigc
