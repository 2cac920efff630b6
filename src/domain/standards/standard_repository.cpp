#include "domain/standards/standard_repository.hpp"

#include <nlohmann/json.hpp>

namespace aigc {

namespace {

const char* kGroupSelect = "SELECT id, slug, name_en, name_zh, charter_md, created_by, created_at FROM working_groups ";

template <class... Uses>
std::vector<WorkingGroup> select_groups(soci::session& sql, const std::string& tail, Uses&... uses) {
  WorkingGroup g;
  long long id = 0, by = 0, at = 0;
  soci::statement st = ((sql.prepare << std::string(kGroupSelect) + tail, soci::into(id), soci::into(g.slug), soci::into(g.name_en),
                         soci::into(g.name_zh), soci::into(g.charter_md), soci::into(by), soci::into(at)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<WorkingGroup> out;
  while (st.fetch()) {
    g.id = id;
    g.created_by = by;
    g.created_at = at;
    out.push_back(g);
  }
  return out;
}

void load_group(soci::session& sql, WorkingGroup& g) {
  long long gid = g.id;
  GroupMember m;
  long long mid = 0, since = 0;
  soci::statement st = (sql.prepare << "SELECT w.member_id, m.handle, m.display_name, w.role, w.state, w.since "
                                       "FROM working_group_members w JOIN members m ON m.id = w.member_id WHERE w.group_id = :g "
                                       "ORDER BY CASE w.role WHEN 'chair' THEN 0 WHEN 'editor' THEN 1 ELSE 2 END, m.handle",
                        soci::use(gid), soci::into(mid), soci::into(m.handle), soci::into(m.display_name), soci::into(m.role),
                        soci::into(m.state), soci::into(since));
  st.execute();
  g.members.clear();
  while (st.fetch()) {
    m.member_id = mid;
    m.since = since;
    g.members.push_back(m);
  }
  std::string slug;
  soci::statement orgs = (sql.prepare << "SELECT o.slug FROM working_group_organizations w JOIN organizations o ON o.id = "
                                         "w.organization_id WHERE w.group_id = :g ORDER BY o.slug",
                          soci::use(gid), soci::into(slug));
  orgs.execute();
  g.organizations.clear();
  while (orgs.fetch()) g.organizations.push_back(slug);
}

const char* kStandardSelect =
    "SELECT s.id, s.group_id, g.slug, s.number, s.year, s.title_en, s.title_zh, s.scope_md, s.status, s.created_by, s.created_at, "
    "s.updated_at, s.latest_version, s.last_anchor, s.version FROM standards s JOIN working_groups g ON g.id = s.group_id ";

template <class... Uses>
std::vector<Standard> select_standards(soci::session& sql, const std::string& tail, Uses&... uses) {
  Standard s;
  long long id = 0, gid = 0, by = 0, at = 0, upd = 0, version = 0;
  int number = 0, year = 0, latest = 0, anchor = 0;
  soci::statement st = ((sql.prepare << std::string(kStandardSelect) + tail, soci::into(id), soci::into(gid), soci::into(s.group_slug),
                         soci::into(number), soci::into(year), soci::into(s.title_en), soci::into(s.title_zh), soci::into(s.scope_md),
                         soci::into(s.status), soci::into(by), soci::into(at), soci::into(upd), soci::into(latest), soci::into(anchor),
                         soci::into(version)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<Standard> out;
  while (st.fetch()) {
    s.id = id;
    s.group_id = gid;
    s.number = number;
    s.year = year;
    s.created_by = by;
    s.created_at = at;
    s.updated_at = upd;
    s.latest_version = latest;
    s.last_anchor = anchor;
    s.version = version;
    out.push_back(s);
  }
  return out;
}

const char* kCommentSelect =
    "SELECT c.id, c.standard_id, c.parent_id, c.member_id, m.handle, c.version_number, c.anchor, c.clause_number, c.passage, c.type, "
    "c.body_md, c.proposed_change, c.votes, c.created_at, c.disposition, c.disposition_reason, c.applied_version, c.decided_by, "
    "c.decided_at FROM standard_comments c JOIN members m ON m.id = c.member_id ";

template <class... Uses>
std::vector<StandardComment> select_comments(soci::session& sql, const std::string& tail, Uses&... uses) {
  StandardComment c;
  long long id = 0, sid = 0, parent = 0, mid = 0, votes = 0, at = 0, by = 0, decided = 0;
  int version = 0, applied = 0;
  soci::statement st =
      ((sql.prepare << std::string(kCommentSelect) + tail, soci::into(id), soci::into(sid), soci::into(parent), soci::into(mid),
        soci::into(c.handle), soci::into(version), soci::into(c.anchor), soci::into(c.clause_number), soci::into(c.passage),
        soci::into(c.type), soci::into(c.body_md), soci::into(c.proposed_change), soci::into(votes), soci::into(at),
        soci::into(c.disposition), soci::into(c.disposition_reason), soci::into(applied), soci::into(by), soci::into(decided)),
       ..., soci::use(uses));
  st.execute();
  std::vector<StandardComment> out;
  while (st.fetch()) {
    c.id = id;
    c.standard_id = sid;
    c.parent_id = parent;
    c.member_id = mid;
    c.version_number = version;
    c.votes = votes;
    c.created_at = at;
    c.applied_version = applied;
    c.decided_by = by;
    c.decided_at = decided;
    out.push_back(c);
  }
  return out;
}

const char* kBallotSelect =
    "SELECT id, standard_id, version_number, stage, electorate, opens_at, closes_at, approve_num, approve_den, disapprove_num, "
    "disapprove_den, state, approved, approve, approve_with_comments, disapprove, abstain, closed_at, created_by, created_at FROM ballots ";

template <class... Uses>
std::vector<Ballot> select_ballots(soci::session& sql, const std::string& tail, Uses&... uses) {
  Ballot b;
  long long id = 0, sid = 0, opens = 0, closes = 0, yes = 0, yes_c = 0, no = 0, abstain = 0, closed = 0, by = 0, at = 0;
  int version = 0, an = 0, ad = 0, dn = 0, dd = 0, approved = 0;
  soci::statement st =
      ((sql.prepare << std::string(kBallotSelect) + tail, soci::into(id), soci::into(sid), soci::into(version), soci::into(b.stage),
        soci::into(b.electorate), soci::into(opens), soci::into(closes), soci::into(an), soci::into(ad), soci::into(dn), soci::into(dd),
        soci::into(b.state), soci::into(approved), soci::into(yes), soci::into(yes_c), soci::into(no), soci::into(abstain),
        soci::into(closed), soci::into(by), soci::into(at)),
       ..., soci::use(uses));
  st.execute();
  std::vector<Ballot> out;
  while (st.fetch()) {
    b.id = id;
    b.standard_id = sid;
    b.version_number = version;
    b.opens_at = opens;
    b.closes_at = closes;
    b.rule = {an, ad, dn, dd};
    b.approved = approved != 0;
    b.tally = {yes, yes_c, no, abstain};
    b.closed_at = closed;
    b.created_by = by;
    b.created_at = at;
    out.push_back(b);
  }
  return out;
}

std::vector<BallotVote> select_votes(soci::session& sql, const std::string& table, std::int64_t ballot_id, const std::string& order) {
  BallotVote v;
  long long bid = ballot_id, mid = 0, at = 0;
  std::string org_name;
  soci::indicator org_ind = soci::i_null;
  soci::statement st = (sql.prepare << "SELECT v.voter, v.member_id, m.handle, v.position, v.reasons, v.at, o.name FROM " + table +
                                           " v JOIN members m ON m.id = v.member_id LEFT JOIN organizations o ON v.voter = 'o' || "
                                           "CAST(o.id AS TEXT) WHERE v.ballot_id = :b ORDER BY " + order,
                        soci::use(bid), soci::into(v.voter), soci::into(mid), soci::into(v.handle), soci::into(v.position),
                        soci::into(v.reasons), soci::into(at), soci::into(org_name, org_ind));
  st.execute();
  std::vector<BallotVote> out;
  while (st.fetch()) {
    v.member_id = mid;
    v.at = at;
    v.voter_name = org_ind == soci::i_ok ? org_name : "@" + v.handle;
    out.push_back(v);
  }
  return out;
}

}  // namespace

std::string clauses_json(const std::vector<Clause>& clauses) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : clauses)
    out.push_back({{"anchor", c.anchor}, {"number", c.number}, {"title", c.title}, {"level", c.level}, {"body", c.body_md}});
  return out.dump();
}

std::vector<Clause> clauses_from_json(const std::string& json) {
  std::vector<Clause> out;
  const auto parsed = nlohmann::json::parse(json, nullptr, false);
  if (!parsed.is_array()) return out;
  for (const auto& j : parsed)
    out.push_back({j.value("anchor", ""), j.value("number", ""), j.value("title", ""), j.value("level", 0), j.value("body", "")});
  return out;
}

std::int64_t StandardRepository::insert_group(soci::session& sql, const WorkingGroup& g) {
  long long id = 0, by = g.created_by, at = g.created_at;
  sql << "INSERT INTO working_groups (slug, name_en, name_zh, charter_md, created_by, created_at) VALUES (:s, :n, :z, :c, :b, :t) "
         "RETURNING id",
      soci::use(g.slug), soci::use(g.name_en), soci::use(g.name_zh), soci::use(g.charter_md), soci::use(by), soci::use(at),
      soci::into(id);
  return id;
}

std::optional<WorkingGroup> StandardRepository::find_group(soci::session& sql, const std::string& slug) {
  std::string s = slug;
  auto found = select_groups(sql, "WHERE slug = :s", s);
  if (found.empty()) return std::nullopt;
  load_group(sql, found[0]);
  return found[0];
}

std::optional<WorkingGroup> StandardRepository::find_group_by_id(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto found = select_groups(sql, "WHERE id = :i", key);
  if (found.empty()) return std::nullopt;
  load_group(sql, found[0]);
  return found[0];
}

std::vector<WorkingGroup> StandardRepository::groups(soci::session& sql) {
  auto out = select_groups(sql, "ORDER BY name_en");
  for (auto& g : out) load_group(sql, g);
  return out;
}

void StandardRepository::set_group_member(soci::session& sql, std::int64_t group_id, std::int64_t member_id, const std::string& role,
                                          const std::string& state, std::int64_t since) {
  long long g = group_id, m = member_id, at = since;
  sql << "DELETE FROM working_group_members WHERE group_id = :g AND member_id = :m", soci::use(g), soci::use(m);
  if (role.empty()) return;
  sql << "INSERT INTO working_group_members (group_id, member_id, role, state, since) VALUES (:g, :m, :r, :s, :t)", soci::use(g),
      soci::use(m), soci::use(role), soci::use(state), soci::use(at);
}

void StandardRepository::add_group_organization(soci::session& sql, std::int64_t group_id, std::int64_t organization_id) {
  long long g = group_id, o = organization_id, n = 0;
  sql << "SELECT COUNT(*) FROM working_group_organizations WHERE group_id = :g AND organization_id = :o", soci::use(g), soci::use(o),
      soci::into(n);
  if (n == 0) sql << "INSERT INTO working_group_organizations (group_id, organization_id) VALUES (:g, :o)", soci::use(g), soci::use(o);
}

bool StandardRepository::group_has_organization(soci::session& sql, std::int64_t group_id, std::int64_t organization_id) {
  long long g = group_id, o = organization_id, n = 0;
  sql << "SELECT COUNT(*) FROM working_group_organizations WHERE group_id = :g AND organization_id = :o", soci::use(g), soci::use(o),
      soci::into(n);
  return n > 0;
}

std::int64_t StandardRepository::insert_standard(soci::session& sql, const Standard& s) {
  long long id = 0, g = s.group_id, by = s.created_by, at = s.created_at, upd = s.updated_at, version = s.version;
  int number = s.number, year = s.year, latest = s.latest_version, anchor = s.last_anchor;
  sql << "INSERT INTO standards (group_id, number, year, title_en, title_zh, scope_md, status, created_by, created_at, updated_at, "
         "latest_version, last_anchor, version) VALUES (:g, :n, :y, :te, :tz, :sc, :st, :b, :c, :u, :l, :a, :v) RETURNING id",
      soci::use(g), soci::use(number), soci::use(year), soci::use(s.title_en), soci::use(s.title_zh), soci::use(s.scope_md),
      soci::use(s.status), soci::use(by), soci::use(at), soci::use(upd), soci::use(latest), soci::use(anchor), soci::use(version),
      soci::into(id);
  return id;
}

void StandardRepository::update_standard(soci::session& sql, const Standard& s) {
  long long id = s.id, upd = s.updated_at;
  int number = s.number, year = s.year, latest = s.latest_version, anchor = s.last_anchor;
  sql << "UPDATE standards SET number = :n, year = :y, title_en = :te, title_zh = :tz, scope_md = :sc, status = :st, updated_at = :u, "
         "latest_version = :l, last_anchor = :a, version = version + 1 WHERE id = :id",
      soci::use(number), soci::use(year), soci::use(s.title_en), soci::use(s.title_zh), soci::use(s.scope_md), soci::use(s.status),
      soci::use(upd), soci::use(latest), soci::use(anchor), soci::use(id);
}

std::optional<Standard> StandardRepository::find_standard(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto found = select_standards(sql, "WHERE s.id = :i", key);
  if (found.empty()) return std::nullopt;
  return found[0];
}

std::vector<Standard> StandardRepository::standards(soci::session& sql, const std::string& status, std::int64_t group_id) {
  std::string st = status;
  long long g = group_id;
  return select_standards(sql, "WHERE (:st = '' OR s.status = :st2) AND (:g = 0 OR s.group_id = :g2) ORDER BY s.updated_at DESC, s.id DESC",
                          st, st, g, g);
}

void StandardRepository::lock_standard(soci::session& sql, std::int64_t id, bool postgresql) {
  if (!postgresql) return;
  long long key = id, got = 0;
  sql << "SELECT id FROM standards WHERE id = :i FOR UPDATE", soci::use(key), soci::into(got);
}

int StandardRepository::next_number(soci::session& sql) {
  int n = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT MAX(number) FROM standards", soci::into(n, ind);
  return (ind == soci::i_ok ? n : 0) + 1;
}

void StandardRepository::add_transition(soci::session& sql, std::int64_t standard_id, const StatusChange& c) {
  long long sid = standard_id, mid = c.member_id, at = c.at;
  sql << "INSERT INTO standard_transitions (standard_id, from_status, to_status, member_id, reason, created_at) VALUES (:s, :f, :t, :m, "
         ":r, :a)",
      soci::use(sid), soci::use(c.from), soci::use(c.to), soci::use(mid), soci::use(c.reason), soci::use(at);
}

std::vector<StatusChange> StandardRepository::transitions(soci::session& sql, std::int64_t standard_id) {
  long long sid = standard_id, mid = 0, at = 0;
  StatusChange c;
  soci::statement st = (sql.prepare << "SELECT t.from_status, t.to_status, t.reason, m.handle, t.member_id, t.created_at FROM "
                                       "standard_transitions t JOIN members m ON m.id = t.member_id WHERE t.standard_id = :s ORDER BY t.id",
                        soci::use(sid), soci::into(c.from), soci::into(c.to), soci::into(c.reason), soci::into(c.handle), soci::into(mid),
                        soci::into(at));
  st.execute();
  std::vector<StatusChange> out;
  while (st.fetch()) {
    c.member_id = mid;
    c.at = at;
    out.push_back(c);
  }
  return out;
}

std::vector<std::pair<std::int64_t, StatusChange>> StandardRepository::recent_transitions(soci::session& sql, int limit) {
  long long sid = 0, mid = 0, at = 0;
  int n = limit;
  StatusChange c;
  soci::statement st = (sql.prepare << "SELECT t.standard_id, t.from_status, t.to_status, t.reason, m.handle, t.member_id, t.created_at FROM "
                                       "standard_transitions t JOIN members m ON m.id = t.member_id ORDER BY t.created_at DESC, t.id DESC LIMIT :n",
                        soci::use(n), soci::into(sid), soci::into(c.from), soci::into(c.to), soci::into(c.reason), soci::into(c.handle),
                        soci::into(mid), soci::into(at));
  st.execute();
  std::vector<std::pair<std::int64_t, StatusChange>> out;
  while (st.fetch()) {
    c.member_id = mid;
    c.at = at;
    out.emplace_back(sid, c);
  }
  return out;
}

void StandardRepository::insert_version(soci::session& sql, const StandardVersion& v) {
  long long sid = v.standard_id, by = v.created_by, at = v.created_at;
  int number = v.number;
  std::string en = clauses_json(v.clauses_en), zh = clauses_json(v.clauses_zh);
  sql << "INSERT INTO standard_versions (standard_id, number, text_en, text_zh, clauses_en, clauses_zh, note, created_by, created_at) "
         "VALUES (:s, :n, :te, :tz, :ce, :cz, :no, :b, :a)",
      soci::use(sid), soci::use(number), soci::use(v.text_en), soci::use(v.text_zh), soci::use(en), soci::use(zh), soci::use(v.note),
      soci::use(by), soci::use(at);
}

std::optional<StandardVersion> StandardRepository::find_version(soci::session& sql, std::int64_t standard_id, int number) {
  long long sid = standard_id, id = 0, by = 0, at = 0;
  int n = number;
  StandardVersion v;
  std::string en, zh;
  soci::indicator ind = soci::i_null;
  sql << "SELECT v.id, v.text_en, v.text_zh, v.clauses_en, v.clauses_zh, v.note, v.created_by, v.created_at, m.handle FROM "
         "standard_versions v JOIN members m ON m.id = v.created_by WHERE v.standard_id = :s AND v.number = :n",
      soci::use(sid), soci::use(n), soci::into(id, ind), soci::into(v.text_en), soci::into(v.text_zh), soci::into(en), soci::into(zh),
      soci::into(v.note), soci::into(by), soci::into(at), soci::into(v.author_handle);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  v.id = id;
  v.standard_id = standard_id;
  v.number = number;
  v.created_by = by;
  v.created_at = at;
  v.clauses_en = clauses_from_json(en);
  v.clauses_zh = clauses_from_json(zh);
  return v;
}

std::vector<StandardVersion> StandardRepository::versions(soci::session& sql, std::int64_t standard_id) {
  long long sid = standard_id, id = 0, by = 0, at = 0;
  int n = 0;
  StandardVersion v;
  soci::statement st = (sql.prepare << "SELECT v.id, v.number, v.note, v.created_by, v.created_at, m.handle FROM standard_versions v "
                                       "JOIN members m ON m.id = v.created_by WHERE v.standard_id = :s ORDER BY v.number",
                        soci::use(sid), soci::into(id), soci::into(n), soci::into(v.note), soci::into(by), soci::into(at),
                        soci::into(v.author_handle));
  st.execute();
  std::vector<StandardVersion> out;
  while (st.fetch()) {
    v.id = id;
    v.standard_id = standard_id;
    v.number = n;
    v.created_by = by;
    v.created_at = at;
    out.push_back(v);
  }
  return out;
}

std::int64_t StandardRepository::insert_review(soci::session& sql, const PublicReview& r) {
  long long id = 0, sid = r.standard_id, opens = r.opens_at, closes = r.closes_at, by = r.created_by, at = r.opens_at;
  int version = r.version_number;
  sql << "INSERT INTO public_reviews (standard_id, version_number, opens_at, closes_at, created_by, created_at, notified) VALUES (:s, "
         ":v, :o, :c, :b, :a, 0) RETURNING id",
      soci::use(sid), soci::use(version), soci::use(opens), soci::use(closes), soci::use(by), soci::use(at), soci::into(id);
  return id;
}

std::optional<PublicReview> StandardRepository::latest_review(soci::session& sql, std::int64_t standard_id) {
  long long sid = standard_id, id = 0, opens = 0, closes = 0, by = 0;
  int version = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id, version_number, opens_at, closes_at, created_by FROM public_reviews WHERE standard_id = :s ORDER BY id DESC LIMIT 1",
      soci::use(sid), soci::into(id, ind), soci::into(version), soci::into(opens), soci::into(closes), soci::into(by);
  if (!sql.got_data() || ind != soci::i_ok) return std::nullopt;
  return PublicReview{id, standard_id, version, opens, closes, by};
}

std::vector<PublicReview> StandardRepository::reviews_to_announce(soci::session& sql, std::int64_t now) {
  long long t = now, id = 0, sid = 0, opens = 0, closes = 0, by = 0;
  int version = 0;
  soci::statement st = (sql.prepare << "SELECT id, standard_id, version_number, opens_at, closes_at, created_by FROM public_reviews "
                                       "WHERE notified = 0 AND closes_at <= :t ORDER BY id",
                        soci::use(t), soci::into(id), soci::into(sid), soci::into(version), soci::into(opens), soci::into(closes), soci::into(by));
  st.execute();
  std::vector<PublicReview> out;
  while (st.fetch()) out.push_back({id, sid, version, opens, closes, by});
  return out;
}

bool StandardRepository::mark_review_announced(soci::session& sql, std::int64_t review_id) {
  long long id = review_id;
  soci::statement st = (sql.prepare << "UPDATE public_reviews SET notified = 1 WHERE id = :i AND notified = 0", soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::int64_t StandardRepository::insert_comment(soci::session& sql, const StandardComment& c) {
  long long id = 0, sid = c.standard_id, parent = c.parent_id, mid = c.member_id, at = c.created_at;
  int version = c.version_number;
  sql << "INSERT INTO standard_comments (standard_id, version_number, anchor, clause_number, passage, type, body_md, proposed_change, "
         "parent_id, member_id, votes, created_at, disposition, disposition_reason, applied_version, decided_by, decided_at) VALUES (:s, "
         ":v, :a, :n, :p, :t, :b, :pc, :pa, :m, 0, :c, '', '', 0, 0, 0) RETURNING id",
      soci::use(sid), soci::use(version), soci::use(c.anchor), soci::use(c.clause_number), soci::use(c.passage), soci::use(c.type),
      soci::use(c.body_md), soci::use(c.proposed_change), soci::use(parent), soci::use(mid), soci::use(at), soci::into(id);
  return id;
}

std::optional<StandardComment> StandardRepository::find_comment(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto found = select_comments(sql, "WHERE c.id = :i", key);
  if (found.empty()) return std::nullopt;
  return found[0];
}

std::vector<StandardComment> StandardRepository::comments(soci::session& sql, std::int64_t standard_id) {
  long long sid = standard_id;
  return select_comments(sql, "WHERE c.standard_id = :s ORDER BY c.id", sid);
}

void StandardRepository::set_disposition(soci::session& sql, const StandardComment& c) {
  long long id = c.id, by = c.decided_by, at = c.decided_at;
  int applied = c.applied_version;
  sql << "UPDATE standard_comments SET disposition = :d, disposition_reason = :r, applied_version = :v, decided_by = :b, decided_at = :a "
         "WHERE id = :i",
      soci::use(c.disposition), soci::use(c.disposition_reason), soci::use(applied), soci::use(by), soci::use(at), soci::use(id);
}

std::int64_t StandardRepository::vote_comment(soci::session& sql, std::int64_t comment_id, std::int64_t member_id, bool on) {
  long long c = comment_id, m = member_id, had = 0, votes = 0;
  sql << "SELECT COUNT(*) FROM standard_comment_votes WHERE comment_id = :c AND member_id = :m", soci::use(c), soci::use(m), soci::into(had);
  if (on && had == 0) {
    sql << "INSERT INTO standard_comment_votes (comment_id, member_id) VALUES (:c, :m)", soci::use(c), soci::use(m);
    sql << "UPDATE standard_comments SET votes = votes + 1 WHERE id = :c", soci::use(c);
  } else if (!on && had != 0) {
    sql << "DELETE FROM standard_comment_votes WHERE comment_id = :c AND member_id = :m", soci::use(c), soci::use(m);
    sql << "UPDATE standard_comments SET votes = votes - 1 WHERE id = :c", soci::use(c);
  }
  sql << "SELECT votes FROM standard_comments WHERE id = :c", soci::use(c), soci::into(votes);
  return votes;
}

std::int64_t StandardRepository::insert_ballot(soci::session& sql, const Ballot& b) {
  long long id = 0, sid = b.standard_id, opens = b.opens_at, closes = b.closes_at, by = b.created_by, at = b.created_at;
  int version = b.version_number, an = b.rule.approve_num, ad = b.rule.approve_den, dn = b.rule.disapprove_num,
      dd = b.rule.disapprove_den;
  sql << "INSERT INTO ballots (standard_id, version_number, stage, electorate, opens_at, closes_at, approve_num, approve_den, "
         "disapprove_num, disapprove_den, state, approved, approve, approve_with_comments, disapprove, abstain, closed_at, created_by, "
         "created_at) VALUES (:s, :v, :st, :e, :o, :c, :an, :ad, :dn, :dd, 'open', 0, 0, 0, 0, 0, 0, :b, :a) RETURNING id",
      soci::use(sid), soci::use(version), soci::use(b.stage), soci::use(b.electorate), soci::use(opens), soci::use(closes), soci::use(an),
      soci::use(ad), soci::use(dn), soci::use(dd), soci::use(by), soci::use(at), soci::into(id);
  return id;
}

std::optional<Ballot> StandardRepository::find_ballot(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto found = select_ballots(sql, "WHERE id = :i", key);
  if (found.empty()) return std::nullopt;
  return found[0];
}

std::vector<Ballot> StandardRepository::ballots(soci::session& sql, std::int64_t standard_id) {
  long long sid = standard_id;
  return select_ballots(sql, "WHERE standard_id = :s ORDER BY id", sid);
}

std::vector<std::int64_t> StandardRepository::ballots_due(soci::session& sql, std::int64_t now) {
  long long t = now, id = 0;
  soci::statement st = (sql.prepare << "SELECT id FROM ballots WHERE state = 'open' AND closes_at <= :t ORDER BY closes_at", soci::use(t),
                        soci::into(id));
  st.execute();
  std::vector<std::int64_t> out;
  while (st.fetch()) out.push_back(id);
  return out;
}

void StandardRepository::put_vote(soci::session& sql, std::int64_t ballot_id, const BallotVote& v) {
  long long b = ballot_id, m = v.member_id, at = v.at;
  sql << "DELETE FROM ballot_votes WHERE ballot_id = :b AND voter = :v", soci::use(b), soci::use(v.voter);
  sql << "INSERT INTO ballot_votes (ballot_id, voter, member_id, position, reasons, at) VALUES (:b, :v, :m, :p, :r, :a)", soci::use(b),
      soci::use(v.voter), soci::use(m), soci::use(v.position), soci::use(v.reasons), soci::use(at);
  sql << "INSERT INTO ballot_history (ballot_id, voter, member_id, position, reasons, at) VALUES (:b, :v, :m, :p, :r, :a)", soci::use(b),
      soci::use(v.voter), soci::use(m), soci::use(v.position), soci::use(v.reasons), soci::use(at);
}

std::vector<BallotVote> StandardRepository::votes(soci::session& sql, std::int64_t ballot_id) {
  return select_votes(sql, "ballot_votes", ballot_id, "v.at, v.voter");
}

std::vector<BallotVote> StandardRepository::history(soci::session& sql, std::int64_t ballot_id) {
  return select_votes(sql, "ballot_history", ballot_id, "v.id");
}

BallotTally StandardRepository::tally(soci::session& sql, std::int64_t ballot_id) {
  long long b = ballot_id, n = 0;
  std::string position;
  soci::statement st = (sql.prepare << "SELECT position, COUNT(*) FROM ballot_votes WHERE ballot_id = :b GROUP BY position", soci::use(b),
                        soci::into(position), soci::into(n));
  st.execute();
  BallotTally t;
  while (st.fetch()) {
    if (position == "approve") t.approve = n;
    else if (position == "approve_with_comments") t.approve_with_comments = n;
    else if (position == "disapprove") t.disapprove = n;
    else t.abstain = n;
  }
  return t;
}

void StandardRepository::close_ballot(soci::session& sql, const Ballot& b) {
  long long id = b.id, yes = b.tally.approve, yes_c = b.tally.approve_with_comments, no = b.tally.disapprove, abstain = b.tally.abstain,
            at = b.closed_at;
  int approved = b.approved ? 1 : 0;
  sql << "UPDATE ballots SET state = 'closed', approved = :ap, approve = :y, approve_with_comments = :yc, disapprove = :n, abstain = :ab, "
         "closed_at = :t WHERE id = :i AND state = 'open'",
      soci::use(approved), soci::use(yes), soci::use(yes_c), soci::use(no), soci::use(abstain), soci::use(at), soci::use(id);
}

}  // namespace aigc
