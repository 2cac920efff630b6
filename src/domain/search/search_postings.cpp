#include "domain/search/search_postings.hpp"

#include <algorithm>
#include <iterator>
#include <stdexcept>
#include <tuple>

namespace aigc {

namespace {

constexpr std::int64_t kEntryMask = (std::int64_t{1} << kPostingEntryBits) - 1;

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::string posting_entry(std::int64_t id) {
  static const char* hex = "0123456789abcdef";
  const std::int64_t v = id & kEntryMask;
  std::string out = "\\x";
  for (int shift = 20; shift >= 0; shift -= 4) out += hex[(v >> shift) & 15];
  return out;
}

void decode_posting(std::int64_t block, std::string_view text, std::vector<std::int64_t>& out) {
  if (text.size() < 2 || text[0] != '\\' || text[1] != 'x' || (text.size() - 2) % 6 != 0)
    throw std::runtime_error("search_postings: a posting row is not a bytea of 3-byte entries in hex");
  const std::int64_t base = block << kPostingEntryBits;
  out.reserve(out.size() + (text.size() - 2) / 6);
  for (std::size_t i = 2; i < text.size(); i += 6) {
    std::int64_t v = 0;
    for (std::size_t k = 0; k < 6; ++k) {
      int d = hex_value(text[i + k]);
      if (d < 0) throw std::runtime_error("search_postings: a posting row is not a bytea of 3-byte entries in hex");
      v = (v << 4) | d;
    }
    out.push_back(base | v);
  }
}

std::vector<std::int64_t> intersect_ids(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  std::vector<std::int64_t> out;
  std::set_intersection(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<std::int64_t> subtract_ids(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  if (b.empty()) return a;
  std::vector<std::int64_t> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::vector<std::int64_t> unite_ids(const std::vector<std::int64_t>& a, const std::vector<std::int64_t>& b) {
  std::vector<std::int64_t> out;
  std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

std::string pg_array(const std::vector<std::string>& values) {
  std::string out = "{";
  for (const auto& v : values) {
    if (out.size() > 1) out += ',';
    out += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    out += '"';
  }
  return out + "}";
}

std::string pg_array(const std::vector<std::int64_t>& values) {
  std::string out = "{";
  for (auto v : values) {
    if (out.size() > 1) out += ',';
    out += std::to_string(v);
  }
  return out + "}";
}

void lock_search_writers(soci::session& sql) { sql << "SELECT pg_advisory_xact_lock(7002)"; }

void change_postings(soci::session& sql, std::int64_t id, const PostingTerms& added, const PostingTerms& removed) {
  std::vector<std::string> terms;
  std::vector<std::int64_t> fields, adds;
  auto list = [&](const std::vector<std::string>& of, int field, int add) {
    for (const auto& t : of) {
      terms.push_back(t);
      fields.push_back(field);
      adds.push_back(add);
    }
  };
  list(added.all, 0, 1);
  list(added.title, 1, 1);
  list(removed.all, 0, 0);
  list(removed.title, 1, 0);
  if (terms.empty()) return;
  std::string t = pg_array(terms), f = pg_array(fields), a = pg_array(adds), entry = posting_entry(id), entry_again = entry;
  long long block = id >> kPostingEntryBits;

  // A row a removal would create stays empty; one an addition updates gets the entry in
  // its place (or keeps it, when it is already there).
  sql << "INSERT INTO search_postings (term, field, block, ids) "
         "SELECT u.term, u.field, :b, CASE WHEN u.add = 1 THEN CAST(:e AS bytea) ELSE CAST('' AS bytea) END "
         "FROM unnest(CAST(:t AS text[]), CAST(:f AS smallint[]), CAST(:a AS smallint[])) AS u(term, field, add) "
         "ORDER BY u.term, u.field "
         "ON CONFLICT (term, field, block) DO UPDATE SET "
         "ids = aigc_posting_put(search_postings.ids, CAST(:e2 AS bytea), length(EXCLUDED.ids) > 0)",
      soci::use(block), soci::use(entry), soci::use(t), soci::use(f), soci::use(a), soci::use(entry_again);
}

void add_postings(soci::session& sql, const std::vector<std::pair<std::int64_t, PostingTerms>>& documents) {
  std::map<std::tuple<std::string, int, std::int64_t>, std::vector<std::int64_t>> lists;
  for (const auto& [id, terms] : documents) {
    const std::int64_t block = id >> kPostingEntryBits;
    for (const auto& t : terms.all) lists[{t, 0, block}].push_back(id);
    for (const auto& t : terms.title) lists[{t, 1, block}].push_back(id);
  }
  if (lists.empty()) return;
  std::vector<std::string> terms, entries;
  std::vector<std::int64_t> fields, blocks;
  for (auto& [key, ids] : lists) {
    std::sort(ids.begin(), ids.end());
    std::string hex;
    hex.reserve(ids.size() * 6);
    for (auto id : ids) hex += posting_entry(id).substr(2);
    terms.push_back(std::get<0>(key));
    fields.push_back(std::get<1>(key));
    blocks.push_back(std::get<2>(key));
    entries.push_back(std::move(hex));
  }
  std::string t = pg_array(terms), f = pg_array(fields), b = pg_array(blocks), e = pg_array(entries);
  sql << "INSERT INTO search_postings (term, field, block, ids) "
         "SELECT u.term, u.field, u.block, decode(u.entries, 'hex') "
         "FROM unnest(CAST(:t AS text[]), CAST(:f AS smallint[]), CAST(:b AS bigint[]), CAST(:e AS text[])) "
         "AS u(term, field, block, entries) "
         "ON CONFLICT (term, field, block) DO UPDATE SET ids = aigc_posting_merge(search_postings.ids, EXCLUDED.ids)",
      soci::use(t), soci::use(f), soci::use(b), soci::use(e);
}

std::map<std::string, std::vector<std::int64_t>> read_postings(soci::session& sql, int field,
                                                               const std::vector<std::string>& terms) {
  std::map<std::string, std::vector<std::int64_t>> out;
  if (terms.empty()) return out;
  std::string list = pg_array(terms), term, ids;
  int f = field;
  long long block = 0;
  soci::statement st = (sql.prepare << "SELECT term, block, ids FROM search_postings WHERE term = ANY(CAST(:t AS text[])) "
                                       "AND field = :f ORDER BY term, block",
                        soci::use(list), soci::use(f), soci::into(term), soci::into(block), soci::into(ids));
  st.execute();
  while (st.fetch()) decode_posting(block, ids, out[term]);
  return out;
}

std::int64_t posting_count(soci::session& sql, const std::string& term) {
  long long n = 0;
  soci::indicator ind = soci::i_ok;
  std::string t = term;
  sql << "SELECT SUM(length(ids)) / 3 FROM search_postings WHERE term = :t AND field = 0", soci::use(t), soci::into(n, ind);
  return sql.got_data() && ind == soci::i_ok ? n : 0;
}

}  // namespace aigc
