// The one search index over everything searchable: what an area hands it (a document),
// what a reader asks (a query) and gets back (hits with snippets, facets). Each area says
// what of its objects is indexed and who may see it (`audience`); the index is written
// in the area's own transaction, so search never shows what did not commit and never
// misses what did.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aigc {

// A document's id carries what the facets count, so counting them reads no row: bits 0-1
// its languages (1 English, 2 Chinese), bits 2-6 its field's number (0: none), bits 7-11
// its kind's number; the bits above, a sequence.
inline constexpr int kSearchIdFacetBits = 12;
struct SearchIdFacets {
  int kind = 0, field = 0, langs = 0;
};
inline std::int64_t search_id_facet_bits(int kind, int field, int langs) {
  return (static_cast<std::int64_t>(kind) << 7) | (static_cast<std::int64_t>(field) << 2) | langs;
}
inline SearchIdFacets search_id_facets(std::int64_t id) {
  return {static_cast<int>((id >> 7) & 31), static_cast<int>((id >> 2) & 31), static_cast<int>(id & 3)};
}
// The number of a kind in the fixed list of every kind the index will hold (append-only:
// ids carry it); 0 for an unknown kind.
int search_kind_number(const std::string& kind);
const std::string& search_kind_name(int number);

struct SearchDocument {
  std::string kind;        // member, competition, organization, page; papers, topics... later
  std::string object_key;  // unique within kind: an id or a slug
  std::string title_en, title_zh;  // either may be empty; both are searched
  std::string body;        // plain text (markdown already rendered to text)
  std::string url;         // where a hit leads, site-relative
  std::string field;       // a research field's id (domain/research/fields.hpp), or empty
  std::vector<std::string> tags;
  std::string audience = "public";  // public | members (signed in) | owner (and admins)
  std::int64_t owner_id = 0;
  std::int64_t votes = 0;
  std::int64_t created_at = 0, updated_at = 0;
};

// Who is asking: decides which audiences they see.
struct SearchViewer {
  std::int64_t member_id = 0;  // 0: anonymous
  bool admin = false;
};

struct SearchRequest {
  std::string q;
  std::string kind, field, tag, lang;  // filters; empty: any
  int limit = 20;                      // 1..50
  std::string cursor;                  // from the previous page's next_cursor
};

struct SearchHit {
  std::string kind, object_key, url, title_en, title_zh, field;
  std::vector<std::string> tags;
  std::string langs;         // "en", "zh-CN" or "en zh-CN": the languages its text is in
  std::string snippet_html;  // escaped text with the matched words in <mark>
  std::int64_t updated_at = 0, votes = 0;
  double score = 0;
};

struct FacetCount {
  std::string value;
  std::int64_t count = 0;
};

struct SearchResults {
  std::vector<SearchHit> hits;
  std::int64_t total = 0;         // every visible match, before the ranking's cut
  std::int64_t ranked = 0;        // how many of them are ranked and can be paged through
  std::string next_cursor;        // empty on the last page
  std::vector<FacetCount> kinds, fields, langs;
};

}  // namespace aigc
