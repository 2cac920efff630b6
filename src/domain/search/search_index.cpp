#include "domain/search/search_index.hpp"

#include <algorithm>
#include <map>

#include "core/text.hpp"
#include "domain/search/text_analysis.hpp"

namespace aigc {

namespace {

// Text past this is not indexed (a search finds a book by its first 200 KB).
constexpr std::size_t kMaxBodyBytes = 200 * 1024;
// PostgreSQL positions stop at 16383; the body's start after the title, with a gap so no
// phrase spans the two.
constexpr std::size_t kBodyPositionGap = 64;
constexpr std::size_t kMaxPgPosition = 16383;

std::string cut_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return std::string(s);
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

// " en ", " zh-CN " or " en zh-CN ": a language counts when at least a tenth of the
// letters are in its script.
std::string languages_of(const Analysis& title, const Analysis& body) {
  std::size_t cjk = 0, other = 0;
  for (const Analysis* a : {&title, &body})
    for (const auto& t : a->terms) (t.cjk ? cjk : other) += 1;
  std::size_t all = cjk + other;
  std::string out = " ";
  if (all == 0 || other * 10 >= all) out += "en ";
  if (cjk * 10 >= all && cjk > 0) out += "zh-CN ";
  return out;
}

std::string spaced(const std::vector<std::string>& tags) {
  std::string out = " ";
  for (const auto& t : tags) out += t + " ";
  return out;
}

std::string unspaced(const std::string& s) { return trim(s); }

// A tsvector literal: every term with its positions, the title's weighted A.
std::string tsvector_literal(const Analysis& title, const Analysis& body) {
  std::map<std::string, std::vector<std::string>> positions;
  std::size_t pos = 0;
  auto add = [&](const std::string& term, bool in_title) {
    ++pos;
    auto& list = positions[term];
    if (list.size() < 256) list.push_back(std::to_string(std::min(pos, kMaxPgPosition)) + (in_title ? "A" : ""));
  };
  for (const auto& t : title.terms) add(t.term, true);
  for (const auto& w : title.words) add(w, true);
  pos += kBodyPositionGap;
  for (const auto& t : body.terms) add(t.term, false);
  for (const auto& w : body.words) add(w, false);
  std::string out;
  for (const auto& [term, list] : positions) {
    if (!out.empty()) out += ' ';
    out += '\'';
    for (char c : term) out += c == '\'' ? std::string("''") : c == '\\' ? std::string("\\\\") : std::string(1, c);
    out += "':";
    for (std::size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + list[i];
  }
  return out;
}

std::string like_pattern(const std::string& word) {
  std::string out = "% ";
  for (char c : word) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  return out + " %";
}

// The WHERE clause every read shares, with its bound strings in order. `skip` leaves one
// filter out (a facet counts its own values across the others).
struct Where {
  std::string sql;
  std::vector<std::string> binds;
};

Where where_clause(Dialect dialect, const ParsedQuery& q, const SearchFilter& f, const std::string& skip = "") {
  Where w;
  if (dialect == Dialect::sqlite) {
    w.sql = " WHERE search_fts MATCH :m";
    w.binds.push_back(fts5_match(q));
  } else {
    w.sql = " WHERE d.tsv @@ CAST(:m AS tsquery)";
    w.binds.push_back(pg_tsquery(q));
  }
  const auto viewer = std::to_string(f.viewer.member_id);
  if (!f.viewer.admin) {
    w.sql += " AND (d.audience = 'public'";
    if (f.viewer.member_id != 0) w.sql += " OR d.audience = 'members' OR d.owner_id = " + viewer;
    w.sql += ")";
  }
  if (!f.kind.empty() && skip != "kind") {
    w.sql += " AND d.kind = :k";
    w.binds.push_back(f.kind);
  }
  if (!f.field.empty() && skip != "field") {
    w.sql += " AND d.field = :f";
    w.binds.push_back(f.field);
  }
  if (!f.tag.empty()) {
    w.sql += " AND d.tags LIKE :t ESCAPE '\\'";
    w.binds.push_back(like_pattern(f.tag));
  }
  if (!f.lang.empty() && skip != "lang") {
    w.sql += " AND d.langs LIKE :l ESCAPE '\\'";
    w.binds.push_back(like_pattern(f.lang));
  }
  return w;
}

std::string from_clause(Dialect dialect) {
  return dialect == Dialect::sqlite ? " FROM search_fts JOIN search_documents d ON d.id = search_fts.rowid"
                                    : " FROM search_documents d";
}

template <class... Intos>
soci::statement prepared(soci::session& sql, const std::string& query, std::vector<std::string>& binds, Intos&&... intos) {
  auto prep = (sql.prepare << query);
  (prep, ..., intos);
  for (auto& b : binds) prep, soci::use(b);
  return soci::statement(prep);
}

}  // namespace

void SearchIndex::put(soci::session& sql, const SearchDocument& doc) {
  const std::string body = cut_utf8(doc.body, kMaxBodyBytes);
  Analysis title = analyze_text(doc.title_en + "\n" + doc.title_zh);
  Analysis text = analyze_text(body);
  std::string title_terms = index_terms(title), body_terms = index_terms(text);
  long long title_len = static_cast<long long>(title.terms.size() + title.words.size());
  long long body_len = static_cast<long long>(text.terms.size() + text.words.size());
  std::string tags = spaced(doc.tags), langs = languages_of(title, text);
  long long owner = doc.owner_id, votes = doc.votes, created = doc.created_at, updated = doc.updated_at;
  std::string kind = doc.kind, key = doc.object_key, te = doc.title_en, tz = doc.title_zh, url = doc.url, field = doc.field,
              audience = doc.audience;
  const bool pg = db_.dialect() == Dialect::postgresql;
  std::string tsv = pg ? tsvector_literal(title, text) : "";
  std::string query =
      "INSERT INTO search_documents (kind, object_key, title_en, title_zh, body, url, field, tags, langs, audience, owner_id, "
      "votes, created_at, updated_at, title_terms, body_terms, title_len, body_len" +
      std::string(pg ? ", tsv" : "") +
      ") VALUES (:kind, :key, :te, :tz, :body, :url, :field, :tags, :langs, :aud, :owner, :votes, :c, :u, :tt, :bt, :tl, :bl" +
      std::string(pg ? ", CAST(:tsv AS tsvector)" : "") +
      ") ON CONFLICT (kind, object_key) DO UPDATE SET title_en = excluded.title_en, title_zh = excluded.title_zh, "
      "body = excluded.body, url = excluded.url, field = excluded.field, tags = excluded.tags, langs = excluded.langs, "
      "audience = excluded.audience, owner_id = excluded.owner_id, votes = excluded.votes, created_at = excluded.created_at, "
      "updated_at = excluded.updated_at, title_terms = excluded.title_terms, body_terms = excluded.body_terms, "
      "title_len = excluded.title_len, body_len = excluded.body_len" +
      std::string(pg ? ", tsv = excluded.tsv" : "");
  auto prep = (sql.prepare << query, soci::use(kind), soci::use(key), soci::use(te), soci::use(tz), soci::use(body), soci::use(url),
               soci::use(field), soci::use(tags), soci::use(langs), soci::use(audience), soci::use(owner), soci::use(votes),
               soci::use(created), soci::use(updated), soci::use(title_terms), soci::use(body_terms), soci::use(title_len),
               soci::use(body_len));
  if (pg) prep, soci::use(tsv);
  soci::statement st(prep);
  st.execute(true);
}

void SearchIndex::remove(soci::session& sql, const std::string& kind, const std::string& object_key) {
  sql << "DELETE FROM search_documents WHERE kind = :k AND object_key = :o", soci::use(kind), soci::use(object_key);
}

void SearchIndex::clear(soci::session& sql, const std::string& kind) {
  if (kind.empty()) sql << "DELETE FROM search_documents";
  else sql << "DELETE FROM search_documents WHERE kind = :k", soci::use(kind);
}

std::vector<SearchCandidate> SearchIndex::candidates(soci::session& sql, const ParsedQuery& q, const SearchFilter& f, int limit) {
  const Dialect dialect = db_.dialect();
  Where w = where_clause(dialect, q, f);
  std::string rank = dialect == Dialect::sqlite ? "bm25(search_fts, 3.0, 1.0)" : "-ts_rank(d.tsv, CAST(:m2 AS tsquery))";
  if (dialect == Dialect::postgresql) w.binds.push_back(w.binds.front());
  std::string query = "SELECT d.id, d.kind, d.object_key, d.url, d.title_en, d.title_zh, d.field, d.tags, d.langs, d.votes, "
                      "d.updated_at, d.title_terms, d.body_terms, d.title_len, d.body_len" +
                      from_clause(dialect) + w.sql + " ORDER BY " + rank + ", d.id LIMIT " + std::to_string(limit);
  SearchCandidate c;
  long long id = 0, votes = 0, updated = 0, tl = 0, bl = 0;
  std::string tags, langs;
  soci::statement st = prepared(sql, query, w.binds, soci::into(id), soci::into(c.hit.kind), soci::into(c.hit.object_key),
                                soci::into(c.hit.url), soci::into(c.hit.title_en), soci::into(c.hit.title_zh), soci::into(c.hit.field),
                                soci::into(tags), soci::into(langs), soci::into(votes), soci::into(updated), soci::into(c.title_terms),
                                soci::into(c.body_terms), soci::into(tl), soci::into(bl));
  st.execute();
  std::vector<SearchCandidate> out;
  while (st.fetch()) {
    c.id = id;
    c.hit.votes = votes;
    c.hit.updated_at = updated;
    c.title_len = tl;
    c.body_len = bl;
    c.hit.tags.clear();
    for (auto& t : split(unspaced(tags), ' '))
      if (!t.empty()) c.hit.tags.push_back(t);
    c.hit.langs = unspaced(langs);
    out.push_back(c);
  }
  return out;
}

void SearchIndex::facets(soci::session& sql, const ParsedQuery& q, const SearchFilter& f, SearchResults& out) {
  const Dialect dialect = db_.dialect();
  auto grouped = [&](const std::string& column, const std::string& skip) {
    Where w = where_clause(dialect, q, f, skip);
    std::string value;
    long long n = 0;
    std::vector<FacetCount> counts;
    soci::statement st = prepared(sql, "SELECT d." + column + ", COUNT(*)" + from_clause(dialect) + w.sql + " GROUP BY d." + column,
                                  w.binds, soci::into(value), soci::into(n));
    st.execute();
    while (st.fetch()) counts.push_back({value, n});
    return counts;
  };
  auto by_count = [](std::vector<FacetCount>& v) {
    std::sort(v.begin(), v.end(), [](const FacetCount& a, const FacetCount& b) {
      return a.count != b.count ? a.count > b.count : a.value < b.value;
    });
  };
  out.kinds = grouped("kind", "kind");
  by_count(out.kinds);
  std::vector<FacetCount> fields;
  for (auto& fc : grouped("field", "field"))
    if (!fc.value.empty()) fields.push_back(fc);
  by_count(fields);
  out.fields = fields;
  std::map<std::string, std::int64_t> langs;
  for (auto& fc : grouped("langs", "lang"))
    for (auto& l : split(unspaced(fc.value), ' '))
      if (!l.empty()) langs[l] += fc.count;
  out.langs.clear();
  for (auto& [l, n] : langs) out.langs.push_back({l, n});
  by_count(out.langs);
  // The total honours every filter: the kind facet's count for the chosen kind, or all.
  out.total = 0;
  for (auto& fc : out.kinds)
    if (f.kind.empty() || fc.value == f.kind) out.total += fc.count;
  if (!f.field.empty() || !f.lang.empty()) {
    Where w = where_clause(dialect, q, f);
    long long n = 0;
    soci::statement st = prepared(sql, "SELECT COUNT(*)" + from_clause(dialect) + w.sql, w.binds, soci::into(n));
    st.execute(true);
    out.total = n;
  }
}

std::vector<std::int64_t> SearchIndex::document_frequencies(soci::session& sql, const std::vector<std::string>& terms) {
  std::vector<std::int64_t> out;
  for (const auto& term : terms) {
    long long n = 0;
    soci::indicator ind = soci::i_ok;
    if (db_.dialect() == Dialect::sqlite) {
      sql << "SELECT doc FROM search_vocab WHERE term = :t", soci::use(term), soci::into(n, ind);
    } else {
      std::string lexeme = "'" + term + "'";
      sql << "SELECT COUNT(*) FROM search_documents WHERE tsv @@ CAST(:t AS tsquery)", soci::use(lexeme), soci::into(n, ind);
    }
    out.push_back(sql.got_data() && ind == soci::i_ok ? n : 0);
  }
  return out;
}

SearchIndexStats SearchIndex::stats(soci::session& sql) {
  SearchIndexStats s;
  long long n = 0;
  double t = 0, b = 0;
  soci::indicator it = soci::i_ok, ib = soci::i_ok;
  sql << "SELECT COUNT(*), AVG(title_len), AVG(body_len) FROM search_documents", soci::into(n), soci::into(t, it), soci::into(b, ib);
  s.documents = n;
  s.avg_title_len = it == soci::i_ok ? t : 0;
  s.avg_body_len = ib == soci::i_ok ? b : 0;
  return s;
}

std::string SearchIndex::body_of(soci::session& sql, std::int64_t id) {
  std::string body;
  long long key = id;
  sql << "SELECT body FROM search_documents WHERE id = :id", soci::use(key), soci::into(body);
  return body;
}

std::int64_t SearchIndex::count(soci::session& sql) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM search_documents", soci::into(n);
  return n;
}

}  // namespace aigc
