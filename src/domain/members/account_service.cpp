#include "domain/members/account_service.hpp"

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/password_policy.hpp"
#include "core/text.hpp"
#include "domain/mail/mail_templates.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "domain/media/pictures.hpp"
#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"

namespace aigc {

namespace {

constexpr std::int64_t kConfirmSeconds = 48 * 3600;
constexpr std::int64_t kResetSeconds = 3600;
// Mails of one kind one address gets in an hour, whoever asks: bounds what a stranger can
// make us send to someone else's inbox.
constexpr int kMailsPerAddressHour = 3;

Error busy() { return Error::make(ErrorCode::unavailable, "error.busy", "the server is busy; try again in a few seconds"); }

Error link_gone() {
  return Error::make(ErrorCode::not_found, "error.link_gone",
                     "this link has been used or has expired; ask for a new one");
}

Error wrong_password() {
  return Error::invalid("error.fix_fields", "please fix the marked fields",
                        {{"current_password", "error.current_password", "the current password is not right"}});
}

std::string hash_slowly(const std::string& password, bool& ok) {
  auto slot = HashSlot::acquire(std::chrono::seconds(2));
  ok = slot.has_value();
  return ok ? hash_password(password) : std::string();
}

}  // namespace

std::string AccountService::link(const std::string& path, const std::string& token) const {
  return public_url_ + path + token;
}

Result<void> AccountService::register_by_mail(const Registration& reg, const std::string& next) {
  auto problems = check_registration(reg);
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(problems));
  auto email = trim(reg.email);
  // Hashed whether or not the address is taken, so both answers take the same time.
  bool ok = false;
  auto hash = hash_slowly(reg.password, ok);
  if (!ok) return busy();
  auto now = now_utc();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    // Handles are public (profile URLs), so a taken one may be said.
    if (repo_.handle_taken(sql, reg.handle))
      return Error{ErrorCode::conflict, "error.fix_fields", "please fix the marked fields",
                   {{"handle", "error.handle_taken", "this handle is taken"}}};
    auto owner = repo_.find_login(sql, email);
    bool taken = owner && fold_case(owner->first.email) == fold_case(email);
    const char* purpose = taken ? "notice" : "register";
    if (links_.count_since(sql, purpose, email, now - 3600) >= kMailsPerAddressHour) return Result<void>();
    EmailLink l;
    l.purpose = purpose;
    l.email = email;
    l.created_at = now;
    l.expires_at = now + (taken ? 3600 : kConfirmSeconds);
    if (taken) {
      l.member_id = owner->first.id;
      links_.insert(sql, l);  // counted, never followed
      OutboxRepository::enqueue(sql,
                                compose_mail("registration_exists", owner->first.preferred_lang, owner->first.email,
                                             {{"handle", owner->first.handle}, {"link", public_url_ + "/login"}}),
                                now);
      return Result<void>();
    }
    l.payload = nlohmann::json{{"handle", reg.handle}, {"display_name", trim(reg.display_name)}, {"country", reg.country},
                               {"lang", reg.preferred_lang}, {"password_hash", hash}, {"next", next}}
                    .dump();
    auto token = links_.insert(sql, l);
    OutboxRepository::enqueue(sql,
                              compose_mail("verify_registration", reg.preferred_lang, email,
                                           {{"handle", reg.handle}, {"link", link("/verify/", token)}}),
                              now);
    return Result<void>();
  });
}

Result<LinkPreview> AccountService::preview(const std::string& token) {
  if (token.empty() || token.size() > 128) return link_gone();
  auto l = db_.with_session([&](soci::session& sql) { return links_.find(sql, token); });
  if (!l || l->used_at || l->expires_at <= now_utc() || l->purpose == "notice") return link_gone();
  LinkPreview p{l->purpose, l->email, ""};
  if (l->purpose == "register") p.handle = nlohmann::json::parse(l->payload).value("handle", "");
  else if (auto m = db_.with_session([&](soci::session& sql) { return repo_.find_by_id(sql, l->member_id); })) p.handle = m->handle;
  return p;
}

Result<FollowedLink> AccountService::follow(const std::string& token) {
  try {
    return follow_once(token);
  } catch (const std::exception& e) {
    // Two links for one handle (or address) followed at once: the other one's insert won
    // between our check and ours (PostgreSQL; SQLite serializes writers). Ours rolled back,
    // link and all.
    if (!is_unique_violation(e)) throw;
    return Error::make(ErrorCode::conflict, "error.handle_taken_since",
                       "someone took this handle or address just now; register again with another");
  }
}

Result<FollowedLink> AccountService::follow_once(const std::string& token) {
  if (token.empty() || token.size() > 128) return link_gone();
  auto now = now_utc();
  return db_.in_transaction([&](soci::session& sql) -> Result<FollowedLink> {
    auto l = links_.find(sql, token);
    if (!l || l->purpose == "notice" || l->purpose == "reset" || !links_.use(sql, token, now)) return link_gone();
    FollowedLink out;
    out.purpose = l->purpose;
    if (l->purpose == "register") {
      auto p = nlohmann::json::parse(l->payload);
      Member m;
      m.handle = p.value("handle", "");
      m.email = l->email;
      m.display_name = p.value("display_name", "");
      if (m.display_name.empty()) m.display_name = m.handle;
      m.country = p.value("country", "");
      m.preferred_lang = p.value("lang", "en");
      m.created_at = now;
      if (repo_.email_taken(sql, m.email))
        return Error::make(ErrorCode::conflict, "error.email_has_account", "this address already has an account; sign in");
      if (repo_.handle_taken(sql, m.handle))
        return Error::make(ErrorCode::conflict, "error.handle_taken_since",
                           "someone took the handle '" + m.handle + "' since you registered; register again with another");
      m.id = repo_.insert(sql, m, p.value("password_hash", ""));
      index_member(db_, sql, m);
      out.member = m;
      out.next = p.value("next", "");
      return out;
    }
    // confirm_email
    auto m = repo_.find_by_id(sql, l->member_id);
    if (!m || m->deleted()) return link_gone();
    if (repo_.email_taken(sql, l->email))
      return Error::make(ErrorCode::conflict, "error.email_has_account", "this address already belongs to another account");
    auto old_email = m->email;
    repo_.set_email(sql, m->id, l->email);
    OutboxRepository::enqueue(sql, compose_mail("email_changed", m->preferred_lang, old_email,
                                                {{"handle", m->handle}, {"new_email", l->email}}),
                              now);
    m->email = l->email;
    out.member = *m;
    return out;
  });
}

Result<void> AccountService::request_password_reset(const std::string& email_in) {
  auto email = trim(email_in);
  if (!is_email_address(email))
    return Error::invalid("error.fix_fields", "please fix the marked fields",
                          {{"email", "error.email_format", "enter an email address such as name@example.org"}});
  auto now = now_utc();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto owner = repo_.find_login(sql, email);
    if (!owner || fold_case(owner->first.email) != fold_case(email) || owner->first.deleted()) return Result<void>();
    if (links_.count_since(sql, "reset", email, now - 3600) >= kMailsPerAddressHour) return Result<void>();
    EmailLink l;
    l.purpose = "reset";
    l.member_id = owner->first.id;
    l.email = email;
    l.created_at = now;
    l.expires_at = now + kResetSeconds;
    auto token = links_.insert(sql, l);
    OutboxRepository::enqueue(sql, compose_mail("password_reset", owner->first.preferred_lang, owner->first.email,
                                                {{"handle", owner->first.handle}, {"link", link("/password/reset/", token)}}),
                              now);
    return Result<void>();
  });
}

Result<Member> AccountService::reset_password(const std::string& token, const std::string& password) {
  if (token.empty() || token.size() > 128) return link_gone();
  auto l = db_.with_session([&](soci::session& sql) { return links_.find(sql, token); });
  if (!l || l->purpose != "reset" || l->used_at || l->expires_at <= now_utc()) return link_gone();
  auto m = db_.with_session([&](soci::session& sql) { return repo_.find_by_id(sql, l->member_id); });
  if (!m || m->deleted()) return link_gone();
  if (auto weak = password_problem(password, m->handle, m->email))
    return Error::invalid("error.fix_fields", "please fix the marked fields", {*weak});
  bool ok = false;
  auto hash = hash_slowly(password, ok);
  if (!ok) return busy();
  auto now = now_utc();
  return db_.in_transaction([&](soci::session& sql) -> Result<Member> {
    if (!links_.use(sql, token, now)) return link_gone();
    repo_.set_password(sql, m->id, hash);
    repo_.end_sessions(sql, m->id, "");
    links_.revoke(sql, m->id, "reset", now);
    OutboxRepository::enqueue(sql, compose_mail("password_changed", m->preferred_lang, m->email, {{"handle", m->handle}}), now);
    return *m;
  });
}

Result<void> AccountService::check_password(const Member& m, const std::string& password) {
  auto stored = db_.with_session([&](soci::session& sql) { return repo_.password_hash(sql, m.id); });
  auto slot = HashSlot::acquire(std::chrono::seconds(2));
  if (!slot) return busy();
  if (!verify_password(stored, password)) return wrong_password();
  return Result<void>();
}

Result<void> AccountService::change_password(const Member& m, const std::string& current, const std::string& password,
                                             const std::string& session_token) {
  if (auto weak = password_problem(password, m.handle, m.email)) {
    auto p = *weak;
    p.field = "new_password";
    return Error::invalid("error.fix_fields", "please fix the marked fields", {p});
  }
  AIGC_TRY(check_password(m, current));
  bool ok = false;
  auto hash = hash_slowly(password, ok);
  if (!ok) return busy();
  auto now = now_utc();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    repo_.set_password(sql, m.id, hash);
    repo_.end_sessions(sql, m.id, token_digest(session_token));
    links_.revoke(sql, m.id, "reset", now);
    OutboxRepository::enqueue(sql, compose_mail("password_changed", m.preferred_lang, m.email, {{"handle", m.handle}}), now);
    return Result<void>();
  });
}

Result<void> AccountService::request_email_change(const Member& m, const std::string& current, const std::string& email_in) {
  auto email = trim(email_in);
  if (!is_email_address(email))
    return Error::invalid("error.fix_fields", "please fix the marked fields",
                          {{"email", "error.email_format", "enter an email address such as name@example.org"}});
  if (fold_case(email) == fold_case(m.email))
    return Error::invalid("error.fix_fields", "please fix the marked fields",
                          {{"email", "error.email_same", "this is already your address"}});
  AIGC_TRY(check_password(m, current));
  auto now = now_utc();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    // Said only to the account's owner, who has just typed the password: the address is
    // then checked again when the link is followed.
    if (links_.count_since(sql, "confirm_email", email, now - 3600) >= kMailsPerAddressHour)
      return Error::make(ErrorCode::rate_limited, "error.mail_rate", "we sent this address several mails this hour; try again later");
    EmailLink l;
    l.purpose = "confirm_email";
    l.member_id = m.id;
    l.email = email;
    l.created_at = now;
    l.expires_at = now + kConfirmSeconds;
    auto token = links_.insert(sql, l);
    OutboxRepository::enqueue(sql, compose_mail("confirm_email", m.preferred_lang, email,
                                                {{"handle", m.handle}, {"link", link("/verify/", token)}}),
                              now);
    return Result<void>();
  });
}

int AccountService::end_other_sessions(const Member& m, const std::string& session_token) {
  return db_.with_session([&](soci::session& sql) { return repo_.end_sessions(sql, m.id, token_digest(session_token)); });
}

Result<void> AccountService::delete_account(const Member& m, const std::string& password, const std::string& typed_handle) {
  if (fold_case(trim(typed_handle)) != fold_case(m.handle))
    return Error::invalid("error.fix_fields", "please fix the marked fields",
                          {{"confirm_handle", "error.confirm_handle", "type your handle exactly to confirm"}});
  if (auto r = check_password(m, password); !r) {
    if (r.error().code != ErrorCode::invalid_input) return r.error();
    return Error::invalid("error.fix_fields", "please fix the marked fields",
                          {{"password", "error.current_password", "the current password is not right"}});
  }
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    int admins = 0;
    if (m.role == Role::admin) {
      sql << "SELECT COUNT(*) FROM members WHERE role = 'admin' AND deleted_at = 0", soci::into(admins);
      if (admins <= 1)
        return Error::make(ErrorCode::conflict, "error.last_admin", "the last admin cannot delete their account; name another admin first");
    }
    repo_.anonymize(sql, m.id, now_utc());
    SearchIndex(db_).remove(sql, "member", std::to_string(m.id));
    return Result<void>();
  });
}

Result<Member> AccountService::set_avatar(const Member& m_in, BlobStore& blobs, std::string_view upload) {
  Member m = m_in;
  m.avatar_blob.clear();
  if (!upload.empty()) {
    auto png = normalize_avatar(upload);
    if (!png) return png.error();
    auto hash = blobs.put(png.value());
    if (!hash) return hash.error();
    m.avatar_blob = hash.value();
  }
  db_.with_session([&](soci::session& sql) {
    repo_.set_avatar(sql, m.id, m.avatar_blob);
    return 0;
  });
  return m;
}

Result<Member> AccountService::set_suspended(const Member& actor, const std::string& handle, bool suspended) {
  if (actor.role != Role::admin) return Error::make(ErrorCode::forbidden, "error.forbidden", "only admins suspend members");
  return db_.in_transaction([&](soci::session& sql) -> Result<Member> {
    auto m = repo_.find_by_handle(sql, handle);
    if (!m || m->deleted()) return Error::make(ErrorCode::not_found, "error.member_not_found", "no member with handle '" + handle + "'");
    if (m->id == actor.id) return Error::make(ErrorCode::conflict, "error.own_suspension", "admins cannot suspend themselves");
    m->suspended_at = suspended ? now_utc() : 0;
    repo_.set_suspended(sql, m->id, m->suspended_at);
    index_member(db_, sql, *m);
    return *m;
  });
}

Result<std::vector<Member>> AccountService::search(const Member& actor, const std::string& text, int limit) {
  if (actor.role != Role::admin) return Error::make(ErrorCode::forbidden, "error.forbidden", "only admins search members");
  auto q = trim(text);
  if (utf8_length(q) > 100) return Error::invalid("error.search_length", "search for at most 100 characters");
  return db_.with_session([&](soci::session& sql) { return repo_.search(sql, q, limit); });
}

}  // namespace aigc
