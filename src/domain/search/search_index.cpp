#include "domain/search/search_index.hpp"

#include <algorithm>
#include <array>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <set>

#include "core/text.hpp"
#include "domain/research/fields.hpp"
#include "domain/search/search_postings.hpp"
#include "domain/search/text_analysis.hpp"
#include "store/integer_rows.hpp"

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

// A tsvector literal: every term with its positions (the body's only when asked for), and
// the filter terms.
std::string tsvector_literal(const Analysis& title, const Analysis* body, const std::string& meta) {
  std::map<std::string, std::vector<std::string>> positions;
  std::size_t pos = 0;
  auto add = [&](const std::string& term) {
    ++pos;
    auto& list = positions[term];
    if (list.size() < 256) list.push_back(std::to_string(std::min(pos, kMaxPgPosition)));
  };
  for (const auto& t : title.terms) add(t.term);
  for (const auto& w : title.words) add(w);
  pos += kBodyPositionGap;
  if (body) {
    for (const auto& t : body->terms) add(t.term);
    for (const auto& w : body->words) add(w);
  }
  std::string out;
  // The filters at one position past the text.
  for (const auto& m : split(meta, ' '))
    if (!m.empty()) out += "'" + m + "':" + std::to_string(std::min(pos + 1, kMaxPgPosition)) + " ";
  for (const auto& [term, list] : positions) {
    if (!out.empty() && out.back() != ' ') out += ' ';
    out += '\'';
    for (char c : term) out += c == '\'' ? std::string("''") : c == '\\' ? std::string("\\\\") : std::string(1, c);
    out += "':";
    for (std::size_t i = 0; i < list.size(); ++i) out += (i ? "," : "") + list[i];
  }
  return out;
}

// Filters are terms of the meta column: "y", the filter's name, and the value in hex (so
// any value is letters and digits, and no word of a text can be one).
std::string filter_term(const std::string& name, const std::string& value) {
  static const char* hex = "0123456789abcdef";
  std::string out = "y" + name;
  for (unsigned char c : value) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

std::string meta_terms_of(const SearchDocument& doc) {
  std::string out = filter_term("aud", doc.audience);
  if (doc.owner_id != 0) out += " " + filter_term("owner", std::to_string(doc.owner_id));
  for (const auto& t : doc.tags) out += " " + filter_term("tag", t);
  return out;
}

// A document's lexemes in search_match's two tsvectors (tsvector_literal's terms), from
// its stored terms.
PostingTerms posting_terms(const std::string& title_terms, const std::string& body_terms, const std::string& meta) {
  std::set<std::string> all, title;
  for (const auto* from : {&title_terms, &meta})
    for (auto& t : split(*from, ' '))
      if (!t.empty()) title.insert(t);
  all = title;
  for (auto& t : split(body_terms, ' '))
    if (!t.empty()) all.insert(t);
  return {{all.begin(), all.end()}, {title.begin(), title.end()}};
}

PostingTerms minus(const PostingTerms& a, const PostingTerms& b) {
  PostingTerms out;
  std::set_difference(a.all.begin(), a.all.end(), b.all.begin(), b.all.end(), std::back_inserter(out.all));
  std::set_difference(a.title.begin(), a.title.end(), b.title.begin(), b.title.end(), std::back_inserter(out.title));
  return out;
}

int lang_bits(const std::string& langs) {
  return (langs.find(" en ") != std::string::npos ? 1 : 0) | (langs.find(" zh-CN ") != std::string::npos ? 2 : 0);
}

// The full-text query for what the viewer asked and may see: the words in the title or
// body, the tag in the meta column. Visibility is written as what to leave out (drafts and
// members-only documents are few), so the index never walks the list of every public one.
// title_only (SQLite): the required words must be in the title as well.
std::string match_expression(Dialect dialect, const ParsedQuery& q, const SearchViewer& viewer, const std::string& tag,
                             bool title_only = false) {
  const std::string owner_only = filter_term("aud", "owner"), members_only = filter_term("aud", "members");
  const std::string mine = filter_term("owner", std::to_string(viewer.member_id));
  if (dialect == Dialect::sqlite) {
    auto meta = [](const std::string& t) { return "meta_terms : \"" + t + "\""; };
    // A filter term is no text's term (see filter_term), so only the title needs a column
    // filter, and FTS5 reads no positions without one.
    std::string m = "(" + fts5_match(q, title_only ? "title_terms" : "") + ")";
    if (!tag.empty()) m += " AND " + meta(filter_term("tag", tag));
    if (!viewer.admin && viewer.member_id == 0) m = "(" + m + ") NOT (" + meta(owner_only) + " OR " + meta(members_only) + ")";
    if (!viewer.admin && viewer.member_id != 0) m = "(" + m + ") NOT (" + meta(owner_only) + " NOT " + meta(mine) + ")";
    return m;
  }
  // No weights: a weight (or a phrase) is checked only with the row's tsvector in hand.
  auto meta = [](const std::string& t) { return "'" + t + "'"; };
  std::string m = "(" + pg_tsquery(q) + ")";
  if (!tag.empty()) m += " & " + meta(filter_term("tag", tag));
  if (!viewer.admin && viewer.member_id == 0) m += " & !(" + meta(owner_only) + " | " + meta(members_only) + ")";
  if (!viewer.admin && viewer.member_id != 0) m += " & !(" + meta(owner_only) + " & !" + meta(mine) + ")";
  return m;
}

// PostgreSQL's planner takes a sequential scan with a filter over the GIN index's bitmap
// when a word is frequent (a sixth of the rows and more): the filter reads and tests every
// row's tsvector, the bitmap only visits the matching rows. Within `run`, in a transaction
// of its own, it may not.
void gin_planned(soci::session& sql, const std::function<void()>& run) {
  soci::transaction tr(sql);
  sql << "SET LOCAL enable_seqscan = off";
  run();
  tr.commit();
}

// The ids a query of one integer column returns, ascending.
std::vector<std::int64_t> sorted_ids(soci::session& sql, const std::string& query, std::vector<std::string> params) {
  auto out = select_ids(sql, query, std::move(params));
  std::sort(out.begin(), out.end());
  return out;
}

// PostgreSQL's matches, ascending: the posting lists decide which documents have every
// required term and none of an excluded one, and may be seen; only a phrase (words in
// adjacent positions, which the lists do not keep) needs the candidate's tsvector.
std::vector<std::int64_t> pg_matches(soci::session& sql, const ParsedQuery& q, const SearchViewer& viewer,
                                     const std::string& tag, bool title_only, std::size_t max_rows_checked) {
  const std::string owner_only = filter_term("aud", "owner"), members_only = filter_term("aud", "members");
  const std::string mine = filter_term("owner", std::to_string(viewer.member_id));
  const std::string tag_term = tag.empty() ? "" : filter_term("tag", tag);
  std::vector<std::string> terms = {owner_only, members_only, mine}, required;
  if (!tag_term.empty()) terms.push_back(tag_term);
  for (const auto& p : q.required) required.insert(required.end(), p.begin(), p.end());
  terms.insert(terms.end(), required.begin(), required.end());
  for (const auto& p : q.excluded) terms.insert(terms.end(), p.begin(), p.end());
  const auto all = read_postings(sql, 0, terms);
  const auto title = title_only ? read_postings(sql, 1, required) : decltype(all){};
  static const std::vector<std::int64_t> none;
  auto of = [](const auto& lists, const std::string& t) -> const std::vector<std::int64_t>& {
    auto it = lists.find(t);
    return it == lists.end() ? none : it->second;
  };
  auto having = [&](const auto& lists, const std::vector<std::string>& phrase) {
    std::vector<std::int64_t> r = of(lists, phrase[0]);
    for (std::size_t i = 1; i < phrase.size(); ++i) r = intersect_ids(r, of(lists, phrase[i]));
    return r;
  };
  std::vector<std::int64_t> r;
  bool phrases = false;
  for (std::size_t i = 0; i < q.required.size(); ++i) {
    r = i == 0 ? having(all, q.required[i]) : intersect_ids(r, having(all, q.required[i]));
    if (title_only) r = intersect_ids(r, having(title, q.required[i]));
    phrases = phrases || q.required[i].size() > 1;
  }
  if (!tag_term.empty()) r = intersect_ids(r, of(all, tag_term));
  if (!viewer.admin && viewer.member_id == 0) r = subtract_ids(subtract_ids(r, of(all, owner_only)), of(all, members_only));
  if (!viewer.admin && viewer.member_id != 0) r = subtract_ids(r, subtract_ids(of(all, owner_only), of(all, mine)));
  std::vector<std::int64_t> unsure;  // have every word of an excluded phrase
  for (const auto& e : q.excluded) {
    if (e.size() == 1) r = subtract_ids(r, of(all, e[0]));
    else unsure = unite_ids(unsure, having(all, e));
  }
  const std::vector<std::int64_t> check = phrases ? r : intersect_ids(r, unsure);
  if (check.empty()) return r;

  std::vector<std::string> params = {match_expression(Dialect::postgresql, q, viewer, tag)};
  std::string condition = "tsv @@ CAST(:p AS tsquery)";
  if (title_only) {
    condition += " AND title_tsv @@ CAST(:t AS tsquery)";
    params.push_back(pg_tsquery(required_only(q)));
  }
  if (check.size() > max_rows_checked) {
    std::vector<std::int64_t> out;
    gin_planned(sql, [&] { out = sorted_ids(sql, "SELECT id FROM search_match WHERE " + condition, params); });
    return out;
  }
  params.insert(params.begin(), pg_array(check));
  auto confirmed = sorted_ids(sql, "SELECT id FROM search_match WHERE id = ANY(CAST(:ids AS bigint[])) AND " + condition, params);
  return unite_ids(subtract_ids(r, check), confirmed);
}

// BM25's statistics change with every document: each in one of sixteen rows.
void adjust_stats(soci::session& sql, std::int64_t id, long long documents, long long title_terms, long long body_terms) {
  int shard = static_cast<int>((id >> kSearchIdFacetBits) & 15);
  sql << "UPDATE search_stats SET documents = documents + :n, title_terms = title_terms + :t, body_terms = body_terms + :b "
         "WHERE shard = :s",
      soci::use(documents), soci::use(title_terms), soci::use(body_terms), soci::use(shard);
}

// A document's row as the index last wrote it (its terms: what its posting lists hold).
struct IndexedRow {
  long long id = 0, title_len = 0, body_len = 0;
  std::string title_terms, body_terms, meta;
};

std::optional<IndexedRow> indexed_row(soci::session& sql, const std::string& kind, const std::string& object_key) {
  IndexedRow r;
  soci::indicator found = soci::i_null;
  sql << "SELECT id, title_len, body_len, title_terms, body_terms, meta_terms FROM search_documents "
         "WHERE kind = :k AND object_key = :o",
      soci::use(kind), soci::use(object_key), soci::into(r.id, found), soci::into(r.title_len), soci::into(r.body_len),
      soci::into(r.title_terms), soci::into(r.body_terms), soci::into(r.meta);
  if (!sql.got_data() || found != soci::i_ok) return std::nullopt;
  return r;
}

}  // namespace

void SearchIndex::put(soci::session& sql, const SearchDocument& doc) { put(sql, doc, nullptr); }

void SearchIndex::put_all(soci::session& sql, const std::vector<SearchDocument>& docs) {
  PendingPostings pending;
  for (const auto& doc : docs) put(sql, doc, &pending);
  if (!pending.empty()) add_postings(sql, pending);
}

void SearchIndex::put(soci::session& sql, const SearchDocument& doc, PendingPostings* pending) {
  if (db_.dialect() == Dialect::postgresql) lock_search_writers(sql);
  const std::string body = cut_utf8(doc.body, kMaxBodyBytes);
  Analysis title = analyze_text(doc.title_en + "\n" + doc.title_zh);
  Analysis text = analyze_text(body);
  std::string title_terms = index_terms(title), body_terms = index_terms(text);
  long long title_len = static_cast<long long>(title.terms.size() + title.words.size());
  long long body_len = static_cast<long long>(text.terms.size() + text.words.size());
  std::string tags = spaced(doc.tags), langs = languages_of(title, text);
  std::string meta = meta_terms_of(doc);
  long long owner = doc.owner_id, votes = doc.votes, created = doc.created_at, updated = doc.updated_at;
  std::string kind = doc.kind, key = doc.object_key, te = doc.title_en, tz = doc.title_zh, url = doc.url, field = doc.field,
              audience = doc.audience;
  const bool pg = db_.dialect() == Dialect::postgresql;
  std::string tsv = pg ? tsvector_literal(title, &text, meta) : "", title_tsv = pg ? tsvector_literal(title, nullptr, meta) : "";
  const std::int64_t bits =
      search_id_facet_bits(search_kind_number(doc.kind), research_field_number(doc.field).value_or(0), lang_bits(langs));

  // The same facets keep the id (an update in place); others need a new id.
  const auto old = indexed_row(sql, kind, key);
  const bool exists = old.has_value();
  long long id = exists ? old->id : 0, old_title_len = exists ? old->title_len : 0, old_body_len = exists ? old->body_len : 0;
  const bool in_place = exists && (id & ((std::int64_t{1} << kSearchIdFacetBits) - 1)) == bits;
  const PostingTerms terms = pg ? posting_terms(title_terms, body_terms, meta) : PostingTerms{};
  const PostingTerms old_terms = pg && exists ? posting_terms(old->title_terms, old->body_terms, old->meta) : PostingTerms{};
  if (exists && pending && !pending->empty()) {  // what is taken out must be in first
    add_postings(sql, *pending);
    pending->clear();
  }
  if (exists && !in_place) {
    sql << "DELETE FROM search_documents WHERE id = :id", soci::use(id);
    adjust_stats(sql, id, -1, -old_title_len, -old_body_len);
    if (pg) change_postings(sql, id, {}, old_terms);
  }
  if (pg && in_place) change_postings(sql, id, minus(terms, old_terms), minus(old_terms, terms));
  if (in_place) adjust_stats(sql, id, 0, title_len - old_title_len, body_len - old_body_len);
  if (!in_place) {
    long long seq = 0;
    if (pg) {
      sql << "SELECT nextval('search_documents_seq')", soci::into(seq);
    } else {  // writers are serialized (BEGIN IMMEDIATE): the largest id is ours to follow
      long long max_id = 0;
      soci::indicator ind = soci::i_ok;
      sql << "SELECT MAX(id) FROM search_documents", soci::into(max_id, ind);
      seq = (ind == soci::i_ok ? (max_id >> kSearchIdFacetBits) : 0) + 1;
    }
    id = (seq << kSearchIdFacetBits) | bits;
    adjust_stats(sql, id, 1, title_len, body_len);
    if (pg && pending) pending->emplace_back(id, terms);
    else if (pg) change_postings(sql, id, terms, {});
  }
  std::string query =
      in_place ? "UPDATE search_documents SET title_en = :te, title_zh = :tz, body = :body, url = :url, field = :field, "
                 "tags = :tags, langs = :langs, audience = :aud, owner_id = :owner, votes = :votes, created_at = :c, "
                 "updated_at = :u, title_terms = :tt, body_terms = :bt, title_len = :tl, body_len = :bl, meta_terms = :meta "
                 "WHERE id = :id"
               : "INSERT INTO search_documents (title_en, title_zh, body, url, field, tags, langs, audience, owner_id, votes, "
                 "created_at, updated_at, title_terms, body_terms, title_len, body_len, meta_terms, id, kind, object_key) "
                 "VALUES (:te, :tz, :body, :url, :field, :tags, :langs, :aud, :owner, :votes, :c, :u, :tt, :bt, :tl, :bl, "
                 ":meta, :id, :kind, :key)";
  // PostgreSQL writes the row and its tsvectors (search_match) in one statement.
  if (pg)
    query = "WITH d AS (" + query + " RETURNING id) " +
            (in_place ? "UPDATE search_match SET tsv = CAST(:tsv AS tsvector), title_tsv = CAST(:ttsv AS tsvector) FROM d "
                        "WHERE search_match.id = d.id"
                      : "INSERT INTO search_match (id, tsv, title_tsv) SELECT id, CAST(:tsv AS tsvector), CAST(:ttsv AS tsvector) "
                        "FROM d");
  auto prep = (sql.prepare << query, soci::use(te), soci::use(tz), soci::use(body), soci::use(url), soci::use(field),
               soci::use(tags), soci::use(langs), soci::use(audience), soci::use(owner), soci::use(votes), soci::use(created),
               soci::use(updated), soci::use(title_terms), soci::use(body_terms), soci::use(title_len), soci::use(body_len),
               soci::use(meta), soci::use(id));
  if (!in_place) prep, soci::use(kind), soci::use(key);
  if (pg) prep, soci::use(tsv), soci::use(title_tsv);
  soci::statement st(prep);
  st.execute(true);
}

void SearchIndex::remove(soci::session& sql, const std::string& kind, const std::string& object_key) {
  const bool pg = db_.dialect() == Dialect::postgresql;
  if (pg) lock_search_writers(sql);
  const auto row = indexed_row(sql, kind, object_key);
  if (!row) return;
  sql << "DELETE FROM search_documents WHERE id = :id", soci::use(row->id);
  adjust_stats(sql, row->id, -1, -row->title_len, -row->body_len);
  if (pg) change_postings(sql, row->id, {}, posting_terms(row->title_terms, row->body_terms, row->meta));
}

void SearchIndex::clear(soci::session& sql, const std::string& kind) {
  const bool pg = db_.dialect() == Dialect::postgresql;
  if (pg) lock_search_writers(sql);
  if (kind.empty()) {
    if (pg) sql << "DELETE FROM search_postings";
    sql << "DELETE FROM search_documents";
    sql << "UPDATE search_stats SET documents = 0, title_terms = 0, body_terms = 0";
    return;
  }
  long long shard = 0, n = 0, t = 0, b = 0;
  std::string k = kind;
  std::vector<std::array<long long, 4>> per_shard;
  soci::statement st = (sql.prepare << "SELECT (id / 4096) % 16, COUNT(*), SUM(title_len), SUM(body_len) FROM search_documents "
                                       "WHERE kind = :k GROUP BY (id / 4096) % 16",
                        soci::use(k), soci::into(shard), soci::into(n), soci::into(t), soci::into(b));
  st.execute();
  while (st.fetch()) per_shard.push_back({shard, n, t, b});
  for (const auto& [s, docs, title, body] : per_shard)
    adjust_stats(sql, s << kSearchIdFacetBits, -docs, -title, -body);
  // Each document's entries out of its terms' rows, a few thousand documents at a time.
  for (long long after = -1; pg;) {
    long long id = 0;
    std::string title_terms, body_terms, meta;
    std::vector<std::pair<std::int64_t, PostingTerms>> gone;
    soci::statement docs = (sql.prepare << "SELECT id, title_terms, body_terms, meta_terms FROM search_documents "
                                           "WHERE kind = :k AND id > :after ORDER BY id LIMIT 2000",
                            soci::use(k), soci::use(after), soci::into(id), soci::into(title_terms), soci::into(body_terms),
                            soci::into(meta));
    docs.execute();
    while (docs.fetch()) gone.emplace_back(id, posting_terms(title_terms, body_terms, meta));
    if (gone.empty()) break;
    for (const auto& [doc, terms] : gone) change_postings(sql, doc, {}, terms);
    after = gone.back().first;
  }
  sql << "DELETE FROM search_documents WHERE kind = :k", soci::use(k);
}

void SearchIndex::for_each_match(soci::session& sql, const ParsedQuery& q, const SearchViewer& viewer, const std::string& tag,
                                 bool title_only, const std::function<bool(std::int64_t)>& on_id) {
  if (db_.dialect() == Dialect::sqlite) {
    for_each_integer(db_, sql, "SELECT rowid FROM search_fts WHERE search_fts MATCH ?1 ORDER BY rowid DESC",
                     match_expression(Dialect::sqlite, q, viewer, tag, title_only), on_id);
    return;
  }
  const std::vector<std::int64_t> ids = pg_matches(sql, q, viewer, tag, title_only, max_rows_checked_);
  for (auto it = ids.rbegin(); it != ids.rend(); ++it)
    if (!on_id(*it)) return;
}

std::vector<SearchCandidate> SearchIndex::rows(soci::session& sql, const std::vector<std::int64_t>& ids) {
  std::vector<SearchCandidate> out;
  if (ids.empty()) return out;
  std::string list;
  for (auto id : ids) list += (list.empty() ? "" : ",") + std::to_string(id);
  SearchCandidate c;
  long long id = 0, votes = 0, updated = 0, tl = 0, bl = 0;
  std::string tags, langs;
  soci::statement st =
      (sql.prepare << "SELECT id, kind, object_key, url, title_en, title_zh, field, tags, langs, votes, updated_at, title_terms, "
                      "body_terms, title_len, body_len FROM search_documents WHERE id IN (" + list + ")",
       soci::into(id), soci::into(c.hit.kind), soci::into(c.hit.object_key), soci::into(c.hit.url), soci::into(c.hit.title_en),
       soci::into(c.hit.title_zh), soci::into(c.hit.field), soci::into(tags), soci::into(langs), soci::into(votes),
       soci::into(updated), soci::into(c.title_terms), soci::into(c.body_terms), soci::into(tl), soci::into(bl));
  st.execute();
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

std::vector<std::int64_t> SearchIndex::document_frequencies(soci::session& sql, const std::vector<std::string>& terms) {
  std::vector<std::int64_t> out;
  for (const auto& term : terms) {
    if (db_.dialect() == Dialect::postgresql) {
      out.push_back(posting_count(sql, term));
      continue;
    }
    long long n = 0;
    soci::indicator ind = soci::i_ok;
    sql << "SELECT doc FROM search_vocab WHERE term = :t", soci::use(term), soci::into(n, ind);
    out.push_back(sql.got_data() && ind == soci::i_ok ? n : 0);
  }
  return out;
}

SearchIndexStats SearchIndex::stats(soci::session& sql) {
  SearchIndexStats s;
  long long n = 0, t = 0, b = 0;
  sql << "SELECT SUM(documents), SUM(title_terms), SUM(body_terms) FROM search_stats", soci::into(n), soci::into(t), soci::into(b);
  s.documents = n;
  s.avg_title_len = n > 0 ? static_cast<double>(t) / static_cast<double>(n) : 0;
  s.avg_body_len = n > 0 ? static_cast<double>(b) / static_cast<double>(n) : 0;
  return s;
}

std::string SearchIndex::body_of(soci::session& sql, std::int64_t id) {
  std::string body;
  long long key = id;
  sql << "SELECT body FROM search_documents WHERE id = :id", soci::use(key), soci::into(body);
  return body;
}

}  // namespace aigc
