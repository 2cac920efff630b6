#include "domain/members/member_repository.hpp"

#include <map>

#include "core/text.hpp"

namespace aigc {

const char* to_string(Role role) {
  switch (role) {
    case Role::member: return "member";
    case Role::moderator: return "moderator";
    case Role::committee: return "committee";
    case Role::organizer: return "organizer";
    case Role::admin: return "admin";
  }
  return "member";
}

std::optional<Role> parse_role(const std::string& text) {
  for (Role r : {Role::member, Role::moderator, Role::committee, Role::organizer, Role::admin})
    if (text == to_string(r)) return r;
  return std::nullopt;
}

namespace {

const char* kSelect =
    "SELECT m.id, m.handle, m.email, m.display_name, m.country, COALESCE(m.organization_id, 0), "
    "COALESCE(o.slug, ''), COALESCE(o.name, ''), m.bio_md, m.preferred_lang, m.time_zone, m.role, m.created_at, "
    "m.avatar_blob, m.suspended_at, m.deleted_at "
    "FROM members m LEFT JOIN organizations o ON o.id = m.organization_id ";

// SOCI binds to variables; one row buffer reused for every fetched row.
struct MemberRow {
  long long id = 0, organization_id = 0, created_at = 0, suspended_at = 0, deleted_at = 0;
  std::string handle, email, display_name, country, org_slug, org_name, bio_md, lang, tz, role, avatar;

  Member to_member() const {
    Member m;
    m.id = id;
    m.handle = handle;
    m.email = email;
    m.display_name = display_name;
    m.country = country;
    if (organization_id) m.organization_id = organization_id;
    m.organization_slug = org_slug;
    m.organization_name = org_name;
    m.bio_md = bio_md;
    m.preferred_lang = lang;
    m.time_zone = tz;
    m.role = parse_role(role).value_or(Role::member);
    m.created_at = created_at;
    m.avatar_blob = avatar;
    m.suspended_at = suspended_at;
    m.deleted_at = deleted_at;
    return m;
  }
};

template <class... Uses>
std::vector<Member> select_members(soci::session& sql, const std::string& tail, Uses&... uses) {
  MemberRow r;
  soci::statement st =
      ((sql.prepare << std::string(kSelect) + tail, soci::into(r.id), soci::into(r.handle), soci::into(r.email),
        soci::into(r.display_name), soci::into(r.country), soci::into(r.organization_id), soci::into(r.org_slug),
        soci::into(r.org_name), soci::into(r.bio_md), soci::into(r.lang), soci::into(r.tz), soci::into(r.role),
        soci::into(r.created_at), soci::into(r.avatar), soci::into(r.suspended_at), soci::into(r.deleted_at)),
       ..., soci::use(uses));
  st.execute();
  std::vector<Member> out;
  while (st.fetch()) out.push_back(r.to_member());
  return out;
}

std::optional<Member> first(std::vector<Member> v) {
  if (v.empty()) return std::nullopt;
  return std::move(v.front());
}

}  // namespace

std::int64_t MemberRepository::insert(soci::session& sql, const Member& m, const std::string& password_hash) {
  long long id = 0, created = m.created_at;
  std::string handle_key = fold_case(m.handle), email_key = fold_case(m.email), role = to_string(m.role);
  soci::indicator org_ind = m.organization_id ? soci::i_ok : soci::i_null;
  long long org = m.organization_id.value_or(0);
  sql << "INSERT INTO members (handle, handle_key, email, email_key, password_hash, display_name, country, "
         "organization_id, bio_md, preferred_lang, time_zone, role, created_at) VALUES (:h, :hk, :e, :ek, :p, :d, "
         ":c, :o, :b, :l, :tz, :r, :t) RETURNING id",
      soci::use(m.handle), soci::use(handle_key), soci::use(m.email), soci::use(email_key),
      soci::use(password_hash), soci::use(m.display_name), soci::use(m.country), soci::use(org, org_ind),
      soci::use(m.bio_md), soci::use(m.preferred_lang), soci::use(m.time_zone), soci::use(role),
      soci::use(created), soci::into(id);
  replace_skills(sql, id, m.skills);
  return id;
}

void MemberRepository::insert_generated(soci::session& sql, const GeneratedMembers& b) {
  // Named vectors: SOCI runs the statement when the expression ends, after temporaries die.
  std::vector<std::string> locked(b.ids.size(), "!"), tz(b.ids.size(), "UTC"), role(b.ids.size(), "member"),
      bio(b.ids.size(), "");
  auto organizations = b.organizations;
  auto has_organization = b.has_organization;
  sql << "INSERT INTO members (id, handle, handle_key, email, email_key, password_hash, display_name, country, "
         "organization_id, bio_md, preferred_lang, time_zone, role, created_at) VALUES (:id, :h, :hk, :e, :ek, "
         ":p, :d, :c, :o, :b, :l, :tz, :r, :t)",
      soci::use(b.ids), soci::use(b.handles), soci::use(b.handles), soci::use(b.emails), soci::use(b.emails), soci::use(locked),
      soci::use(b.names), soci::use(b.countries), soci::use(organizations, has_organization), soci::use(bio), soci::use(b.langs),
      soci::use(tz), soci::use(role), soci::use(b.created);
  sql << "INSERT INTO member_skills (member_id, skill) VALUES (:m, :s)", soci::use(b.skill_members), soci::use(b.skills);
}

std::int64_t MemberRepository::max_id(soci::session& sql) {
  long long id = 0;
  soci::indicator ind = soci::i_null;
  sql << "SELECT MAX(id) FROM members", soci::into(id, ind);
  return ind == soci::i_null ? 0 : id;
}

std::vector<Member> MemberRepository::active_after(soci::session& sql, std::int64_t after_id, int limit) {
  long long after = after_id;
  auto v = select_members(sql, "WHERE m.id > :a AND m.deleted_at = 0 AND m.suspended_at = 0 ORDER BY m.id LIMIT " +
                                   std::to_string(limit), after);
  load_skills(sql, v);
  return v;
}

std::optional<Member> MemberRepository::find_by_id(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto v = select_members(sql, "WHERE m.id = :id", key);
  load_skills(sql, v);
  return first(std::move(v));
}

std::optional<Member> MemberRepository::find_by_handle(soci::session& sql, const std::string& handle) {
  std::string key = fold_case(handle);
  auto v = select_members(sql, "WHERE m.handle_key = :k", key);
  load_skills(sql, v);
  return first(std::move(v));
}

std::optional<std::pair<Member, std::string>> MemberRepository::find_login(soci::session& sql,
                                                                           const std::string& handle_or_email) {
  std::string key = fold_case(handle_or_email);
  auto v = select_members(sql, "WHERE m.handle_key = :k OR m.email_key = :k2", key, key);
  if (v.empty()) return std::nullopt;
  std::string hash;
  long long id = v.front().id;
  sql << "SELECT password_hash FROM members WHERE id = :id", soci::use(id), soci::into(hash);
  return std::make_pair(std::move(v.front()), hash);
}

bool MemberRepository::handle_taken(soci::session& sql, const std::string& handle) {
  std::string key = fold_case(handle);
  long long n = 0;
  sql << "SELECT COUNT(*) FROM members WHERE handle_key = :k", soci::use(key), soci::into(n);
  return n > 0;
}

bool MemberRepository::email_taken(soci::session& sql, const std::string& email) {
  std::string key = fold_case(email);
  long long n = 0;
  sql << "SELECT COUNT(*) FROM members WHERE email_key = :k", soci::use(key), soci::into(n);
  return n > 0;
}

void MemberRepository::update_profile(soci::session& sql, const Member& m) {
  long long id = m.id, org = m.organization_id.value_or(0);
  soci::indicator org_ind = m.organization_id ? soci::i_ok : soci::i_null;
  sql << "UPDATE members SET display_name = :d, country = :c, organization_id = :o, bio_md = :b, "
         "preferred_lang = :l, time_zone = :tz WHERE id = :id",
      soci::use(m.display_name), soci::use(m.country), soci::use(org, org_ind), soci::use(m.bio_md),
      soci::use(m.preferred_lang), soci::use(m.time_zone), soci::use(id);
  replace_skills(sql, m.id, m.skills);
}

void MemberRepository::set_role(soci::session& sql, std::int64_t id, Role role) {
  long long key = id;
  std::string r = to_string(role);
  sql << "UPDATE members SET role = :r WHERE id = :id", soci::use(r), soci::use(key);
}

void MemberRepository::set_preferred_lang(soci::session& sql, std::int64_t id, const std::string& lang) {
  long long key = id;
  sql << "UPDATE members SET preferred_lang = :l WHERE id = :id", soci::use(lang), soci::use(key);
}

void MemberRepository::replace_skills(soci::session& sql, std::int64_t id, const std::vector<std::string>& skills) {
  long long key = id;
  sql << "DELETE FROM member_skills WHERE member_id = :id", soci::use(key);
  for (const auto& s : skills)
    sql << "INSERT INTO member_skills (member_id, skill) VALUES (:id, :s) ON CONFLICT DO NOTHING", soci::use(key),
        soci::use(s);
}

void MemberRepository::load_skills(soci::session& sql, std::vector<Member>& members) {
  if (members.empty()) return;
  std::map<long long, Member*> by_id;
  std::string ids;
  for (auto& m : members) {
    by_id[m.id] = &m;
    if (!ids.empty()) ids += ',';
    ids += std::to_string(m.id);  // integers we read ourselves, not user input
  }
  long long member_id = 0;
  std::string skill;
  soci::statement st = (sql.prepare << "SELECT member_id, skill FROM member_skills WHERE member_id IN (" + ids +
                                           ") ORDER BY member_id, skill",
                        soci::into(member_id), soci::into(skill));
  st.execute();
  while (st.fetch()) by_id[member_id]->skills.push_back(skill);
}

DirectoryPage MemberRepository::directory(soci::session& sql, const DirectoryQuery& q) {
  // Keyset pagination, newest first: every filter walks an index that ends in the member
  // id ((skill, member_id), (country, id), (organization_id, id)), so any page costs the
  // same however deep the reader goes.
  DirectoryPage page;
  long long after = q.after_id > 0 ? q.after_id : (1LL << 62);
  long long limit = q.limit + 1, org_id = 0;
  std::string country = q.country, skill = q.skill;
  if (!q.organization_slug.empty()) {
    soci::indicator ind = soci::i_null;
    sql << "SELECT id FROM organizations WHERE slug = :s", soci::use(q.organization_slug), soci::into(org_id, ind);
    if (ind == soci::i_null || !sql.got_data()) return page;
  }
  std::string key = skill.empty() ? "m.id" : "s.member_id";
  std::string tail = skill.empty() ? "WHERE m.id < :after AND m.deleted_at = 0"
                                   : "JOIN member_skills s ON s.member_id = m.id WHERE s.skill = :skill AND s.member_id < :after "
                                     "AND m.deleted_at = 0";
  if (!country.empty()) tail += " AND m.country = :country";
  if (org_id) tail += " AND m.organization_id = :org";
  tail += " ORDER BY " + key + " DESC LIMIT :limit";
  std::vector<Member> rows;
  // Bind exactly the parameters the query names, in order.
  bool c = !country.empty(), o = org_id != 0;
  if (!skill.empty()) {
    if (c && o) rows = select_members(sql, tail, skill, after, country, org_id, limit);
    else if (c) rows = select_members(sql, tail, skill, after, country, limit);
    else if (o) rows = select_members(sql, tail, skill, after, org_id, limit);
    else rows = select_members(sql, tail, skill, after, limit);
  } else {
    if (c && o) rows = select_members(sql, tail, after, country, org_id, limit);
    else if (c) rows = select_members(sql, tail, after, country, limit);
    else if (o) rows = select_members(sql, tail, after, org_id, limit);
    else rows = select_members(sql, tail, after, limit);
  }
  if (static_cast<int>(rows.size()) > q.limit) {
    rows.pop_back();
    page.next_after_id = rows.back().id;
  }
  load_skills(sql, rows);
  page.members = std::move(rows);
  return page;
}

CommunityStats MemberRepository::stats(soci::session& sql) {
  CommunityStats s;
  long long members = 0, countries = 0, orgs = 0;
  sql << "SELECT COUNT(*) FROM members WHERE deleted_at = 0", soci::into(members);
  sql << "SELECT COUNT(*) FROM (SELECT DISTINCT country FROM members WHERE country <> '') c", soci::into(countries);
  sql << "SELECT COUNT(*) FROM organizations", soci::into(orgs);
  s.members = members;
  s.countries = countries;
  s.organizations = orgs;
  return s;
}

std::vector<std::pair<std::string, std::int64_t>> MemberRepository::top_skills(soci::session& sql, int limit) {
  std::vector<std::pair<std::string, std::int64_t>> out;
  std::string skill;
  long long n = 0, lim = limit;
  soci::statement st = (sql.prepare << "SELECT skill, COUNT(*) AS n FROM member_skills GROUP BY skill "
                                       "ORDER BY n DESC, skill LIMIT :lim",
                        soci::use(lim), soci::into(skill), soci::into(n));
  st.execute();
  while (st.fetch()) out.emplace_back(skill, n);
  return out;
}

std::vector<Member> MemberRepository::list_by_role(soci::session& sql, int limit) {
  long long lim = limit;
  return select_members(sql, "WHERE m.role <> 'member' ORDER BY m.role, m.handle_key LIMIT :lim", lim);
}

void MemberRepository::insert_session(soci::session& sql, const std::string& token_hash, std::int64_t member_id,
                                      std::int64_t expires_at) {
  long long id = member_id, exp = expires_at, now = static_cast<long long>(std::time(nullptr));
  sql << "INSERT INTO sessions (token_hash, member_id, created_at, expires_at) VALUES (:h, :m, :c, :e)",
      soci::use(token_hash), soci::use(id), soci::use(now), soci::use(exp);
}

std::optional<Member> MemberRepository::member_for_session(soci::session& sql, const std::string& token_hash,
                                                           std::int64_t now, std::int64_t* expires_at) {
  long long t = now;
  std::string h = token_hash;
  auto v = select_members(sql, "JOIN sessions s ON s.member_id = m.id WHERE s.token_hash = :h AND s.expires_at > :t "
                          "AND m.suspended_at = 0 AND m.deleted_at = 0",
                          h, t);
  load_skills(sql, v);
  if (expires_at && !v.empty()) {
    long long e = 0;
    sql << "SELECT expires_at FROM sessions WHERE token_hash = :h", soci::use(h), soci::into(e);
    *expires_at = e;
  }
  return first(std::move(v));
}

void MemberRepository::delete_session(soci::session& sql, const std::string& token_hash) {
  sql << "DELETE FROM sessions WHERE token_hash = :h", soci::use(token_hash);
}

void MemberRepository::insert_token(soci::session& sql, std::int64_t member_id, const ApiToken& token,
                                    const std::string& token_hash) {
  long long id = member_id, created = token.created_at;
  sql << "INSERT INTO api_tokens (id, member_id, name, token_hash, prefix, created_at) VALUES (:i, :m, :n, :h, :p, :c)",
      soci::use(token.id), soci::use(id), soci::use(token.name), soci::use(token_hash), soci::use(token.prefix),
      soci::use(created);
}

std::vector<ApiToken> MemberRepository::tokens_of(soci::session& sql, std::int64_t member_id) {
  long long id = member_id, created = 0, used = 0;
  ApiToken t;
  soci::statement st = (sql.prepare << "SELECT id, name, prefix, created_at, last_used_at FROM api_tokens "
                                       "WHERE member_id = :m AND revoked_at = 0 ORDER BY created_at DESC, id",
                        soci::use(id), soci::into(t.id), soci::into(t.name), soci::into(t.prefix), soci::into(created),
                        soci::into(used));
  st.execute();
  std::vector<ApiToken> out;
  while (st.fetch()) {
    t.created_at = created;
    t.last_used_at = used;
    out.push_back(t);
  }
  return out;
}

bool MemberRepository::revoke_token(soci::session& sql, std::int64_t member_id, const std::string& token_id,
                                    std::int64_t now) {
  long long id = member_id, t = now;
  soci::statement st = (sql.prepare << "UPDATE api_tokens SET revoked_at = :t WHERE id = :i AND member_id = :m AND revoked_at = 0",
                        soci::use(t), soci::use(token_id), soci::use(id));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::optional<Member> MemberRepository::member_for_token(soci::session& sql, const std::string& token_hash,
                                                         std::int64_t now) {
  std::string h = token_hash;
  auto v = select_members(sql, "JOIN api_tokens t ON t.member_id = m.id WHERE t.token_hash = :h AND t.revoked_at = 0 "
                          "AND m.suspended_at = 0 AND m.deleted_at = 0", h);
  if (v.empty()) return std::nullopt;
  load_skills(sql, v);
  long long t = now;
  sql << "UPDATE api_tokens SET last_used_at = :t WHERE token_hash = :h", soci::use(t), soci::use(h);
  return std::move(v.front());
}

int MemberRepository::count_attempt(soci::session& sql, const std::string& key, std::int64_t now, std::int64_t window_seconds) {
  long long t = now, t2 = now, cutoff = now - window_seconds, cutoff2 = now - window_seconds;
  int attempts = 0;
  sql << "INSERT INTO login_counters (key, window_start, attempts) VALUES (:k, :t, 1) ON CONFLICT (key) DO UPDATE SET "
         "attempts = CASE WHEN login_counters.window_start <= :c THEN 1 ELSE login_counters.attempts + 1 END, "
         "window_start = CASE WHEN login_counters.window_start <= :c2 THEN :t2 ELSE login_counters.window_start END "
         "RETURNING attempts",
      soci::use(key), soci::use(t), soci::use(cutoff), soci::use(cutoff2), soci::use(t2), soci::into(attempts);
  return attempts;
}

void MemberRepository::undo_attempt(soci::session& sql, const std::string& key) {
  sql << "UPDATE login_counters SET attempts = attempts - 1 WHERE key = :k AND attempts > 0", soci::use(key);
}

void MemberRepository::clear_attempts(soci::session& sql, const std::string& key) {
  sql << "DELETE FROM login_counters WHERE key = :k", soci::use(key);
}

std::string MemberRepository::password_hash(soci::session& sql, std::int64_t id) {
  long long key = id;
  std::string hash;
  sql << "SELECT password_hash FROM members WHERE id = :id", soci::use(key), soci::into(hash);
  return hash;
}

void MemberRepository::set_password(soci::session& sql, std::int64_t id, const std::string& hash) {
  long long key = id;
  sql << "UPDATE members SET password_hash = :p WHERE id = :id", soci::use(hash), soci::use(key);
}

void MemberRepository::set_email(soci::session& sql, std::int64_t id, const std::string& email) {
  long long key = id;
  std::string email_key = fold_case(email);
  sql << "UPDATE members SET email = :e, email_key = :k WHERE id = :id", soci::use(email), soci::use(email_key), soci::use(key);
}

int MemberRepository::end_sessions(soci::session& sql, std::int64_t member_id, const std::string& except_hash) {
  long long key = member_id;
  soci::statement st = (sql.prepare << "DELETE FROM sessions WHERE member_id = :m AND token_hash <> :h", soci::use(key),
                        soci::use(except_hash));
  st.execute(true);
  return static_cast<int>(st.get_affected_rows());
}

void MemberRepository::set_suspended(soci::session& sql, std::int64_t id, std::int64_t at) {
  long long key = id, t = at;
  sql << "UPDATE members SET suspended_at = :t WHERE id = :id", soci::use(t), soci::use(key);
  if (at) sql << "DELETE FROM sessions WHERE member_id = :m", soci::use(key);
}

void MemberRepository::set_avatar(soci::session& sql, std::int64_t id, const std::string& blob) {
  long long key = id;
  sql << "UPDATE members SET avatar_blob = :b WHERE id = :id", soci::use(blob), soci::use(key);
}

void MemberRepository::anonymize(soci::session& sql, std::int64_t id, std::int64_t now) {
  long long key = id, t = now;
  // The handle and address become placeholders that stay unique and can never sign in.
  std::string handle = "deleted-" + std::to_string(id), email = handle + "@deleted.invalid";
  std::string handle_key = fold_case(handle), email_key = fold_case(email);
  sql << "UPDATE members SET handle = :h, handle_key = :hk, email = :e, email_key = :ek, password_hash = '', "
         "display_name = 'deleted member', country = '', organization_id = NULL, bio_md = '', time_zone = 'UTC', "
         "avatar_blob = '', role = 'member', deleted_at = :t WHERE id = :id",
      soci::use(handle), soci::use(handle_key), soci::use(email), soci::use(email_key), soci::use(t), soci::use(key);
  for (const char* table : {"member_skills", "sessions", "api_tokens", "email_links", "notifications", "notification_prefs",
                            "role_requests", "organization_managers", "talent_pool", "talent_shortlist", "talent_contacts",
                            "saved_opportunities"})
    sql << std::string("DELETE FROM ") + table + " WHERE member_id = :m", soci::use(key);
}

std::vector<Member> MemberRepository::search(soci::session& sql, const std::string& text, int limit) {
  long long lim = limit;
  std::string like = "%" + fold_case(text) + "%";
  // Handles and addresses are stored folded; display names are matched as typed.
  std::string name_like = "%" + text + "%";
  return select_members(sql, "WHERE m.deleted_at = 0 AND (m.handle_key LIKE :a OR m.email_key LIKE :b OR m.display_name LIKE :c) "
                             "ORDER BY m.id DESC LIMIT :lim",
                        like, like, name_like, lim);
}

}  // namespace aigc
