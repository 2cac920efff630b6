#include "domain/search/search_service.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <unordered_map>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/research/fields.hpp"
#include "domain/search/snippet.hpp"

namespace aigc {

namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;
constexpr double kTitleWeight = 3.0;
// Document frequencies change slowly; a process re-reads a term's at most this often.
constexpr auto kDfMaxAge = std::chrono::seconds(60);

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
  if (!parse_int(cursor, n) || n < 0 || n > SearchService::kExact)
    return Error::invalid("error.search_cursor", "cursor is not one this search gave",
                          {{"cursor", "error.search_cursor", "use the next_cursor of the previous page, or none for the first page"}});
  return static_cast<int>(n);
}

}  // namespace

const std::vector<std::string>& search_kinds() {
  static const std::vector<std::string> kinds = {"paper", "topic", "reply", "event", "talk", "standard", "competition", "page", "organization", "member"};
  return kinds;
}

namespace {
// Every kind the index will hold, in the order of their numbers (ids carry them): append only.
const std::vector<std::string>& all_kinds() {
  static const std::vector<std::string> kinds = {"",      "member", "organization", "page",  "competition",
                                                 "paper", "topic",  "reply",        "event", "standard", "talk"};
  return kinds;
}
}  // namespace

int search_kind_number(const std::string& kind) {
  const auto& kinds = all_kinds();
  auto it = std::find(kinds.begin() + 1, kinds.end(), kind);
  return it == kinds.end() ? 0 : static_cast<int>(it - kinds.begin());
}

const std::string& search_kind_name(int number) {
  const auto& kinds = all_kinds();
  return number > 0 && number < static_cast<int>(kinds.size()) ? kinds[static_cast<std::size_t>(number)] : kinds[0];
}

std::vector<std::int64_t> SearchService::document_frequencies(soci::session& sql, const std::vector<std::string>& terms) {
  std::vector<std::int64_t> out(terms.size());
  std::vector<std::string> missing;
  {
    std::lock_guard lock(df_mutex_);
    auto now = std::chrono::steady_clock::now();
    if (now - df_since_ > kDfMaxAge || df_.size() > 100000) {
      df_.clear();
      df_since_ = now;
    }
    for (const auto& t : terms)
      if (!df_.count(t)) missing.push_back(t);
  }
  auto fresh = index_.document_frequencies(sql, missing);
  std::lock_guard lock(df_mutex_);
  for (std::size_t i = 0; i < missing.size(); ++i) df_[missing[i]] = fresh[i];
  for (std::size_t i = 0; i < terms.size(); ++i) out[i] = df_.count(terms[i]) ? df_[terms[i]] : 0;
  return out;
}

Result<SearchResults> SearchService::search(const SearchRequest& request, const SearchViewer& viewer) {
  auto parsed = parse_search_query(request.q);
  if (!parsed) return parsed.error();
  std::vector<Problem> problems;
  const auto& kinds = search_kinds();
  if (!request.kind.empty() && std::find(kinds.begin(), kinds.end(), request.kind) == kinds.end())
    problems.push_back({"type", "error.search_type", "type must be one of: paper, topic, reply, event, talk, standard, competition, page, organization, member",
                        {}, {{"value", request.kind}}});
  if (!request.lang.empty() && request.lang != "en" && request.lang != "zh-CN")
    problems.push_back({"lang", "error.search_lang", "lang must be en or zh-CN"});
  if (request.limit < 1 || request.limit > kMaxLimit)
    problems.push_back({"limit", "error.search_limit", "limit must be between 1 and 50"});
  if (!request.field.empty() && !research_field_number(request.field))
    problems.push_back({"field", "error.search_field", "field must be one of the research fields, such as computer-vision or nlp",
                        {}, {{"value", request.field}}});
  if (request.tag.size() > 100 || !is_single_line(request.tag))
    problems.push_back({"tag", "error.search_filter", "a tag is one line of at most 100 characters"});
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", problems);
  auto offset = parse_cursor(request.cursor);
  if (!offset) return offset.error();

  const ParsedQuery& q = parsed.value();
  // The kind, field and language filters and the facets read the ids' bits: one pass over
  // the matches counts them all and keeps the newest that pass every filter.
  const int want_kind = request.kind.empty() ? -1 : search_kind_number(request.kind);
  const int want_field = request.field.empty() ? -1 : research_field_number(request.field).value_or(0);
  const int want_lang = request.lang.empty() ? 0 : request.lang == "en" ? 1 : 2;
  auto passes = [&](std::int64_t id) {
    const auto f = search_id_facets(id);
    return (want_kind < 0 || f.kind == want_kind) && (want_field < 0 || f.field == want_field) &&
           (want_lang == 0 || (f.langs & want_lang) != 0);
  };
  SearchResults out;
  return db_.with_session([&](soci::session& sql) -> Result<SearchResults> {
    std::array<std::int64_t, 32> kinds{}, fields{};
    std::int64_t en = 0, zh = 0;
    std::vector<std::int64_t> newest;  // up to kExact + 1 of the matches that pass
    index_.for_each_match(sql, q, viewer, request.tag, false, [&](std::int64_t id) {
      const auto f = search_id_facets(id);
      const bool kind_ok = want_kind < 0 || f.kind == want_kind, field_ok = want_field < 0 || f.field == want_field,
                 lang_ok = want_lang == 0 || (f.langs & want_lang) != 0;
      // Each facet counts with the other filters applied, not its own.
      if (field_ok && lang_ok) ++kinds[static_cast<std::size_t>(f.kind)];
      if (kind_ok && lang_ok && f.field != 0) ++fields[static_cast<std::size_t>(f.field)];
      if (kind_ok && field_ok) {
        en += f.langs & 1;
        zh += (f.langs >> 1) & 1;
      }
      if (kind_ok && field_ok && lang_ok) {
        ++out.total;
        if (newest.size() <= static_cast<std::size_t>(kExact)) newest.push_back(id);
      }
      return true;
    });
    for (int k = 1; k < 32; ++k)
      if (kinds[static_cast<std::size_t>(k)]) out.kinds.push_back({search_kind_name(k), kinds[static_cast<std::size_t>(k)]});
    const auto& field_list = research_fields();
    for (int k = 1; k < 32 && k <= static_cast<int>(field_list.size()); ++k)
      if (fields[static_cast<std::size_t>(k)]) out.fields.push_back({field_list[static_cast<std::size_t>(k - 1)].id, fields[static_cast<std::size_t>(k)]});
    if (en) out.langs.push_back({"en", en});
    if (zh) out.langs.push_back({"zh-CN", zh});
    for (auto* facet : {&out.kinds, &out.fields, &out.langs})
      std::sort(facet->begin(), facet->end(), [](const FacetCount& a, const FacetCount& b) {
        return a.count != b.count ? a.count > b.count : a.value < b.value;
      });
    if (out.total == 0) return out;

    // Which matches get ranked: all of few; of many, the newest whose titles match, then
    // the newest others.
    std::vector<std::int64_t> picked;
    if (out.total <= kExact) {
      picked = newest;
    } else {
      index_.for_each_match(sql, q, viewer, request.tag, true, [&](std::int64_t id) {
        if (passes(id)) picked.push_back(id);
        return picked.size() < static_cast<std::size_t>(kRanked);
      });
      std::set<std::int64_t> have(picked.begin(), picked.end());
      for (std::size_t i = 0; i < newest.size() && picked.size() < static_cast<std::size_t>(kRanked); ++i)
        if (!have.count(newest[i])) picked.push_back(newest[i]);
    }
    std::vector<SearchCandidate> found = index_.rows(sql, picked);
    out.ranked = static_cast<std::int64_t>(found.size());

    const SearchIndexStats s = index_.stats(sql);
    const double n_docs = static_cast<double>(std::max<std::int64_t>(s.documents, 1));
    const std::vector<std::int64_t> df = document_frequencies(sql, q.rank_terms);
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
