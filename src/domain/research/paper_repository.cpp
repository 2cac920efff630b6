#include "domain/research/paper_repository.hpp"

#include "core/text.hpp"
#include "store/integer_rows.hpp"

namespace aigc {

namespace {

const char* kSelect =
    "SELECT p.id, p.submitter_id, m.handle, p.title_en, p.title_zh, p.abstract_en, p.abstract_zh, p.year, p.venue, p.arxiv_id, "
    "p.doi, p.code_url, p.data_url, p.project_url, p.fields, p.tags, p.votes, p.created_at, p.updated_at, p.pdf_blob, p.pdf_bytes "
    "FROM papers p JOIN members m ON m.id = p.submitter_id ";

std::vector<std::string> words(const std::string& s, char sep) {
  std::vector<std::string> out;
  for (auto& w : split(s, sep))
    if (!trim(w).empty()) out.push_back(trim(w));
  return out;
}

std::string joined(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& x : v) out += (out.empty() ? "" : sep) + x;
  return out;
}

void load_authors(soci::session& sql, Paper& p) {
  long long id = p.id, member = 0, confirmed = 0;
  soci::indicator mi = soci::i_ok;
  std::string handle, name, affiliation;
  soci::indicator hi = soci::i_ok;
  soci::statement st = (sql.prepare << "SELECT a.member_id, m.handle, CASE WHEN m.id IS NULL OR m.deleted_at <> 0 THEN a.name "
                                       "ELSE m.display_name END, a.affiliation, a.confirmed_at FROM paper_authors a "
                                       "LEFT JOIN members m ON m.id = a.member_id WHERE a.paper_id = :p ORDER BY a.position",
                        soci::use(id), soci::into(member, mi), soci::into(handle, hi), soci::into(name), soci::into(affiliation),
                        soci::into(confirmed));
  st.execute();
  p.authors.clear();
  while (st.fetch()) {
    PaperAuthor a;
    a.member_id = mi == soci::i_ok ? member : 0;
    a.handle = hi == soci::i_ok ? handle : "";
    a.name = name;
    a.affiliation = affiliation;
    a.confirmed_at = confirmed;
    p.authors.push_back(a);
  }
}

void load_links(soci::session& sql, Paper& p) {
  long long id = p.id, target = 0;
  PaperLink l;
  long long id2 = id;
  soci::statement st = (sql.prepare << "SELECT l.kind, l.target_id, c.slug, c.title_en, c.title_zh FROM paper_links l "
                                       "JOIN competitions c ON l.kind = 'competition' AND c.id = l.target_id WHERE l.paper_id = :p "
                                       "UNION ALL SELECT l.kind, l.target_id, e.slug, e.title_en, e.title_zh FROM paper_links l "
                                       "JOIN events e ON l.kind = 'event' AND e.id = l.target_id WHERE l.paper_id = :p2 ORDER BY 1, 2",
                        soci::use(id), soci::use(id2), soci::into(l.kind), soci::into(target), soci::into(l.key), soci::into(l.title_en),
                        soci::into(l.title_zh));
  st.execute();
  p.links.clear();
  while (st.fetch()) {
    l.target_id = target;
    p.links.push_back(l);
  }
}

void insert_authors_and_links(soci::session& sql, long long id, const Paper& p) {
  int position = 0;
  for (const auto& a : p.authors) {
    long long member = a.member_id, confirmed = a.confirmed_at;
    soci::indicator mi = a.member_id ? soci::i_ok : soci::i_null;
    sql << "INSERT INTO paper_authors (paper_id, position, member_id, name, affiliation, confirmed_at) "
           "VALUES (:p, :n, :m, :name, :aff, :c)",
        soci::use(id), soci::use(position), soci::use(member, mi), soci::use(a.name), soci::use(a.affiliation), soci::use(confirmed);
    ++position;
  }
  for (const auto& l : p.links) {
    long long target = l.target_id;
    sql << "INSERT INTO paper_links (paper_id, kind, target_id) VALUES (:p, :k, :t)", soci::use(id), soci::use(l.kind), soci::use(target);
  }
}

template <class... Uses>
std::vector<Paper> select_papers(soci::session& sql, const std::string& tail, Uses&... uses) {
  Paper p;
  long long id = 0, submitter = 0, votes = 0, created = 0, updated = 0, pdf_bytes = 0;
  int year = 0;
  std::string fields, tags;
  soci::statement st = ((sql.prepare << std::string(kSelect) + tail, soci::into(id), soci::into(submitter),
                         soci::into(p.submitter_handle), soci::into(p.title_en), soci::into(p.title_zh), soci::into(p.abstract_en),
                         soci::into(p.abstract_zh), soci::into(year), soci::into(p.venue), soci::into(p.arxiv_id), soci::into(p.doi),
                         soci::into(p.code_url), soci::into(p.data_url), soci::into(p.project_url), soci::into(fields),
                         soci::into(tags), soci::into(votes), soci::into(created), soci::into(updated),
                         soci::into(p.pdf_blob), soci::into(pdf_bytes)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<Paper> out;
  while (st.fetch()) {
    p.id = id;
    p.submitter_id = submitter;
    p.year = year;
    p.fields = words(fields, ' ');
    p.tags = words(tags, ',');
    p.votes = votes;
    p.created_at = created;
    p.updated_at = updated;
    p.pdf_bytes = pdf_bytes;
    out.push_back(p);
  }
  for (auto& paper : out) {
    load_authors(sql, paper);
    load_links(sql, paper);
  }
  return out;
}

}  // namespace

std::int64_t PaperRepository::insert(soci::session& sql, const Paper& p) {
  long long id = 0, submitter = p.submitter_id, created = p.created_at, updated = p.updated_at;
  int year = p.year;
  std::string fields = joined(p.fields, " "), tags = joined(p.tags, ",");
  sql << "INSERT INTO papers (submitter_id, title_en, title_zh, abstract_en, abstract_zh, year, venue, arxiv_id, doi, code_url, "
         "data_url, project_url, fields, tags, created_at, updated_at) VALUES (:s, :te, :tz, :ae, :az, :y, :v, :ax, :doi, :c, :d, "
         ":pr, :f, :t, :ca, :ua) RETURNING id",
      soci::use(submitter), soci::use(p.title_en), soci::use(p.title_zh), soci::use(p.abstract_en), soci::use(p.abstract_zh),
      soci::use(year), soci::use(p.venue), soci::use(p.arxiv_id), soci::use(p.doi), soci::use(p.code_url), soci::use(p.data_url),
      soci::use(p.project_url), soci::use(fields), soci::use(tags), soci::use(created), soci::use(updated), soci::into(id);
  insert_authors_and_links(sql, id, p);
  return id;
}

void PaperRepository::update(soci::session& sql, const Paper& p) {
  long long id = p.id, updated = p.updated_at;
  int year = p.year;
  std::string fields = joined(p.fields, " "), tags = joined(p.tags, ",");
  sql << "UPDATE papers SET title_en = :te, title_zh = :tz, abstract_en = :ae, abstract_zh = :az, year = :y, venue = :v, "
         "arxiv_id = :ax, doi = :doi, code_url = :c, data_url = :d, project_url = :pr, fields = :f, tags = :t, updated_at = :ua "
         "WHERE id = :id",
      soci::use(p.title_en), soci::use(p.title_zh), soci::use(p.abstract_en), soci::use(p.abstract_zh), soci::use(year),
      soci::use(p.venue), soci::use(p.arxiv_id), soci::use(p.doi), soci::use(p.code_url), soci::use(p.data_url),
      soci::use(p.project_url), soci::use(fields), soci::use(tags), soci::use(updated), soci::use(id);
  sql << "DELETE FROM paper_authors WHERE paper_id = :id", soci::use(id);
  sql << "DELETE FROM paper_links WHERE paper_id = :id", soci::use(id);
  insert_authors_and_links(sql, id, p);
}

void PaperRepository::set_pdf(soci::session& sql, std::int64_t paper_id, const std::string& blob, std::int64_t bytes, std::int64_t at) {
  long long id = paper_id, n = bytes, t = at;
  sql << "UPDATE papers SET pdf_blob = :b, pdf_bytes = :n, updated_at = :t WHERE id = :id", soci::use(blob), soci::use(n), soci::use(t),
      soci::use(id);
}

std::vector<Paper> PaperRepository::linked_to(soci::session& sql, const std::string& kind, std::int64_t target_id, int limit) {
  long long t = target_id;
  std::string k = kind;
  return select_papers(sql, "WHERE p.id IN (SELECT paper_id FROM paper_links WHERE kind = :k AND target_id = :t) ORDER BY p.id DESC "
                            "LIMIT " + std::to_string(limit), k, t);
}

std::optional<Paper> PaperRepository::find(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto v = select_papers(sql, "WHERE p.id = :id", key);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::vector<Paper> PaperRepository::list(soci::session& sql, const std::string& field, const std::string& tag, std::int64_t before_id,
                                         int limit) {
  long long before = before_id > 0 ? before_id : INT64_MAX;
  // Fields and tags are short lists in their columns, delimited so a LIKE matches a whole one.
  std::string f = "% " + field + " %", t = "%," + tag + ",%";
  std::string tail = "WHERE p.id < :b";
  if (!field.empty()) tail += " AND (' ' || p.fields || ' ') LIKE :f";
  if (!tag.empty()) tail += " AND (',' || p.tags || ',') LIKE :t";
  tail += " ORDER BY p.id DESC LIMIT " + std::to_string(limit);
  if (!field.empty() && !tag.empty()) return select_papers(sql, tail, before, f, t);
  if (!field.empty()) return select_papers(sql, tail, before, f);
  if (!tag.empty()) return select_papers(sql, tail, before, t);
  return select_papers(sql, tail, before);
}

std::vector<Paper> PaperRepository::by_member(soci::session& sql, std::int64_t member_id, int limit) {
  long long m = member_id, m2 = member_id;
  return select_papers(sql,
                       "WHERE p.submitter_id = :m OR p.id IN (SELECT paper_id FROM paper_authors WHERE member_id = :m2 AND "
                       "confirmed_at <> 0) ORDER BY p.id DESC LIMIT " + std::to_string(limit),
                       m, m2);
}

std::vector<Paper> PaperRepository::awaiting(soci::session& sql, std::int64_t member_id) {
  long long m = member_id;
  return select_papers(sql, "WHERE p.id IN (SELECT paper_id FROM paper_authors WHERE member_id = :m AND confirmed_at = 0) "
                            "ORDER BY p.id DESC", m);
}

void PaperRepository::confirm_author(soci::session& sql, std::int64_t paper_id, std::int64_t member_id, std::int64_t at) {
  long long p = paper_id, m = member_id, t = at;
  sql << "UPDATE paper_authors SET confirmed_at = :t WHERE paper_id = :p AND member_id = :m", soci::use(t), soci::use(p), soci::use(m);
}

void PaperRepository::unlink_author(soci::session& sql, std::int64_t paper_id, std::int64_t member_id) {
  long long p = paper_id, m = member_id;
  sql << "UPDATE paper_authors SET member_id = NULL, confirmed_at = 0 WHERE paper_id = :p AND member_id = :m", soci::use(p), soci::use(m);
}

std::vector<std::int64_t> PaperRepository::ids(soci::session& sql) {
  return select_ids(sql, "SELECT id FROM papers ORDER BY id");
}

std::int64_t PaperRepository::count(soci::session& sql) {
  long long n = 0;
  sql << "SELECT COUNT(*) FROM papers", soci::into(n);
  return n;
}

}  // namespace aigc
