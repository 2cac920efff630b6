#include "domain/members/role_requests.hpp"

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/mail/mail_templates.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "domain/members/member_repository.hpp"

namespace aigc {

namespace {

// The role's name in a mail, in the member's language.
std::string role_word(Role role, const std::string& lang) {
  bool zh = lang == "zh-CN";
  switch (role) {
    case Role::organizer: return zh ? "组织者" : "organizer";
    case Role::moderator: return zh ? "版主" : "moderator";
    case Role::committee: return zh ? "委员会成员" : "committee";
    case Role::admin: return zh ? "管理员" : "admin";
    case Role::member: break;
  }
  return zh ? "成员" : "member";
}

}  // namespace

std::vector<RoleRequest> RoleRequestService::select(soci::session& sql, const std::string& where, long long key, int limit) {
  RoleRequest r;
  std::string role;
  long long id = 0, created = 0, decided = 0, lim = limit;
  soci::statement st =
      (sql.prepare << "SELECT r.id, m.handle, m.display_name, r.role, r.reason, r.status, r.created_at, r.decided_at "
                      "FROM role_requests r JOIN members m ON m.id = r.member_id " + where +
                          " ORDER BY CASE WHEN r.status = 'pending' THEN 0 ELSE 1 END, r.id DESC LIMIT :lim",
       soci::use(key), soci::use(lim), soci::into(id), soci::into(r.handle), soci::into(r.display_name), soci::into(role),
       soci::into(r.reason), soci::into(r.status), soci::into(created), soci::into(decided));
  st.execute();
  std::vector<RoleRequest> out;
  while (st.fetch()) {
    r.id = id;
    r.role = parse_role(role).value_or(Role::organizer);
    r.created_at = created;
    r.decided_at = decided;
    out.push_back(r);
  }
  return out;
}

Result<RoleRequest> RoleRequestService::request(const Member& member, const std::string& role_text, const std::string& reason_in) {
  auto role = parse_role(role_text);
  std::vector<Problem> problems;
  if (!role || (*role != Role::organizer && *role != Role::committee))
    problems.push_back({"role", "error.request_role", "ask for the organizer or the committee role"});
  auto reason = trim(reason_in);
  if (utf8_length(reason) < 10 || utf8_length(reason) > 2000)
    problems.push_back({"reason", "error.request_reason", "say in 10 to 2000 characters what you will do with the role"});
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(problems));
  if (at_least(member.role, *role))
    return Error::make(ErrorCode::conflict, "error.request_has_role", "you already have this role or a higher one");
  return db_.in_transaction([&](soci::session& sql) -> Result<RoleRequest> {
    long long mid = member.id, now = now_utc(), pending = 0, locked = 0;
    // The member's row is the lock: two requests at once take turns, and the second sees the first.
    sql << std::string("SELECT id FROM members WHERE id = :m") + db_.for_update(), soci::use(mid), soci::into(locked);
    sql << "SELECT COUNT(*) FROM role_requests WHERE member_id = :m AND status = 'pending'", soci::use(mid), soci::into(pending);
    if (pending) return Error::make(ErrorCode::conflict, "error.request_pending", "you already have a request waiting for an admin");
    std::string r = to_string(*role);
    long long id = 0;
    sql << "INSERT INTO role_requests (member_id, role, reason, created_at) VALUES (:m, :r, :why, :t) RETURNING id", soci::use(mid),
        soci::use(r), soci::use(reason), soci::use(now), soci::into(id);
    return RoleRequest{id, member.handle, member.display_name, *role, reason, "pending", now, 0};
  });
}

std::vector<RoleRequest> RoleRequestService::mine(const Member& member) {
  return db_.with_session([&](soci::session& sql) { return select(sql, "WHERE r.member_id = :m", member.id, 20); });
}

Result<std::vector<RoleRequest>> RoleRequestService::for_admin(const Member& actor, int limit) {
  if (actor.role != Role::admin) return Error::make(ErrorCode::forbidden, "error.forbidden", "only admins decide role requests");
  return db_.with_session([&](soci::session& sql) { return select(sql, "WHERE r.id > :zero", 0, limit); });
}

Result<RoleRequest> RoleRequestService::decide(const Member& actor, std::int64_t id, bool approve, const std::string& comment_in) {
  if (actor.role != Role::admin) return Error::make(ErrorCode::forbidden, "error.forbidden", "only admins decide role requests");
  auto comment = trim(comment_in);
  if (utf8_length(comment) > 2000) return Error::invalid("error.too_long", "keep the comment under 2000 characters");
  return db_.in_transaction([&](soci::session& sql) -> Result<RoleRequest> {
    long long key = id, member_id = 0;
    std::string status, role_text;
    sql << std::string("SELECT member_id, status, role FROM role_requests WHERE id = :id") + db_.for_update(), soci::use(key),
        soci::into(member_id), soci::into(status), soci::into(role_text);
    if (!sql.got_data()) return Error::make(ErrorCode::not_found, "error.request_not_found", "no such role request");
    if (status != "pending") return Error::make(ErrorCode::conflict, "error.request_decided", "this request has been decided already");
    MemberRepository members;
    auto m = members.find_by_id(sql, member_id);
    if (!m) return Error::make(ErrorCode::not_found, "error.request_not_found", "no such role request");
    auto role = parse_role(role_text).value_or(Role::organizer);
    long long now = now_utc(), by = actor.id;
    std::string decision = approve ? "approved" : "declined";
    sql << "UPDATE role_requests SET status = :s, decided_by = :b, decided_at = :t WHERE id = :id", soci::use(decision), soci::use(by),
        soci::use(now), soci::use(key);
    if (approve && !at_least(m->role, role)) members.set_role(sql, m->id, role);
    bool zh = m->preferred_lang == "zh-CN";
    OutboxRepository::enqueue(sql,
                              compose_mail("role_decided", m->preferred_lang, m->email,
                                           {{"handle", m->handle},
                                            {"role", role_word(role, m->preferred_lang)},
                                            {"decision", approve ? (zh ? "已批准" : "approved") : (zh ? "未批准" : "declined")},
                                            {"comment", comment},
                                            {"link", public_url_ + "/settings/account"}}),
                              now);
    RoleRequest out;
    out.id = id;
    out.handle = m->handle;
    out.display_name = m->display_name;
    out.role = role;
    out.status = decision;
    out.decided_at = now;
    return out;
  });
}

}  // namespace aigc
