#include "domain/members/member_service.hpp"

#include <algorithm>
#include <set>

#include "core/clock.hpp"
#include "core/countries.hpp"
#include "core/crypto.hpp"
#include "core/password_policy.hpp"
#include "core/text.hpp"
#include "domain/search/search_sources.hpp"

namespace aigc {

namespace {

const std::set<std::string> kReservedHandles = {"admin", "api", "login", "logout", "register", "settings", "new",
                                                "me", "static", "members", "organizations", "root", "system"};

Error fields_error(std::vector<Problem> problems) {
  return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(problems));
}

}  // namespace

bool is_supported_lang(const std::string& lang) { return lang == "en" || lang == "zh-CN"; }

std::vector<Problem> check_handle(const std::string& handle) {
  std::vector<Problem> out;
  bool chars_ok = !handle.empty() && std::all_of(handle.begin(), handle.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-';
  });
  if (handle.size() < 3 || handle.size() > 30 || !chars_ok)
    out.push_back({"handle", "error.handle_format", "handle must be 3 to 30 letters, digits, '_' or '-'"});
  else if (kReservedHandles.count(fold_case(handle)))
    out.push_back({"handle", "error.handle_reserved", "this handle is reserved; choose another"});
  return out;
}

std::vector<std::string> parse_skills(const std::string& text, std::vector<Problem>& problems) {
  std::vector<std::string> skills;
  for (auto& part : split(text, ',')) {
    auto s = fold_case(trim(part));
    if (s.empty()) continue;
    if (!is_line_within(s, 32)) {
      problems.push_back({"skills", "error.skill_length", "each skill must be at most 32 characters, on one line"});
      return {};
    }
    if (std::find(skills.begin(), skills.end(), s) == skills.end()) skills.push_back(s);
  }
  if (skills.size() > 20) problems.push_back({"skills", "error.skill_count", "list at most 20 skills"});
  return skills;
}

bool is_email_address(const std::string& email) {
  auto at = email.find('@');
  return email.size() <= 254 && at != std::string::npos && at != 0 && email.find('.', at) != std::string::npos &&
         email.find_first_of(" <>\"(),;:\\[]") == std::string::npos && is_single_line(email);
}

std::vector<Problem> check_registration(const Registration& reg) {
  std::vector<Problem> problems = check_handle(reg.handle);
  auto email = trim(reg.email);
  if (!is_email_address(email))
    problems.push_back({"email", "error.email_format", "enter an email address such as name@example.org"});
  if (auto weak = password_problem(reg.password, reg.handle, email)) problems.push_back(*weak);
  auto display = trim(reg.display_name);
  if (!is_line_within(display, 80))
    problems.push_back({"display_name", "error.display_name", "display name must be at most 80 characters, on one line"});
  if (!reg.country.empty() && !is_country_code(reg.country))
    problems.push_back({"country", "error.country", "choose a country from the list"});
  if (!is_supported_lang(reg.preferred_lang))
    problems.push_back({"preferred_lang", "error.lang", "language must be en or zh-CN"});
  return problems;
}

Result<Member> MemberService::register_member(const Registration& reg, Role role) {
  auto problems = check_registration(reg);
  if (!problems.empty()) return fields_error(std::move(problems));
  auto email = trim(reg.email);
  auto display = trim(reg.display_name);
  Member m;
  m.handle = reg.handle;
  m.email = email;
  m.display_name = display.empty() ? reg.handle : display;
  m.country = reg.country;
  m.preferred_lang = reg.preferred_lang;
  m.role = role;
  m.created_at = now_utc();
  // Hash outside the transaction: it is slow on purpose and must not hold the write lock.
  auto slot = HashSlot::acquire(std::chrono::seconds(2));
  if (!slot) return Error::make(ErrorCode::unavailable, "error.busy", "the server is busy; try again in a few seconds");
  std::string hash = hash_password(reg.password);
  slot.reset();
  auto conflict = [&](soci::session& sql) -> Error {
    std::vector<Problem> p;
    if (repo_.handle_taken(sql, m.handle)) p.push_back({"handle", "error.handle_taken", "this handle is taken"});
    if (repo_.email_taken(sql, m.email))
      p.push_back({"email", "error.email_taken", "an account with this email exists; sign in instead"});
    return Error{ErrorCode::conflict, "error.fix_fields", "please fix the marked fields", p};
  };
  try {
    auto r = db_.in_transaction([&](soci::session& sql) -> Result<Member> {
      if (repo_.handle_taken(sql, m.handle) || repo_.email_taken(sql, m.email)) return conflict(sql);
      m.id = repo_.insert(sql, m, hash);
      index_member(db_, sql, m);
      return m;
    });
    if (r.ok()) {
      std::lock_guard lock(stats_mutex_);
      ++stats_cache_.members;
    }
    return r;
  } catch (const std::exception& e) {
    // A concurrent registration won the race between our check and our insert.
    if (is_unique_violation(e)) return db_.with_session(conflict);
    throw;
  }
}

Result<Member> MemberService::sign_in(const std::string& handle_or_email, const std::string& password, const std::string& address,
                                      int attempts, std::int64_t window_seconds) {
  auto login = trim(handle_or_email);
  auto found = db_.with_session([&](soci::session& sql) { return repo_.find_login(sql, login); });
  const std::string account = found ? "acct:" + std::to_string(found->first.id) : "login:" + fold_case(login);
  const std::string from = "ip:" + address;
  struct Counts {
    int account = 0, address = 0;
  };
  auto counted = db_.in_transaction([&](soci::session& sql) -> Result<Counts> {
    auto now = now_utc();
    return Counts{repo_.count_attempt(sql, account, now, window_seconds), repo_.count_attempt(sql, from, now, window_seconds)};
  });
  if (counted->account > attempts || counted->address > attempts)
    return Error::make(ErrorCode::rate_limited, "error.login_rate", "too many sign-ins; wait " + std::to_string(window_seconds / 60) +
                                                                      " minutes and try again");
  auto settle = [&](bool success, bool evaluated) {
    db_.write([&](soci::session& sql) {
      if (success) repo_.clear_attempts(sql, account);
      else if (!evaluated) repo_.undo_attempt(sql, account);
      if (success || !evaluated) repo_.undo_attempt(sql, from);
    });
  };
  auto slot = HashSlot::acquire(std::chrono::seconds(2));
  if (!slot) {
    settle(false, false);
    return Error::make(ErrorCode::unavailable, "error.busy", "the server is busy signing others in; try again in a few seconds");
  }
  bool ok = found ? verify_password(found->second, password) : verify_dummy_password(password);
  slot.reset();
  settle(ok, true);
  if (!ok)
    return Error::make(ErrorCode::unauthorized, "error.bad_credentials",
                       "wrong handle, email or password (just registered? follow the link in the mail we sent first)");
  // Told only to whoever knows the password, so it reveals nothing to others.
  if (found->first.suspended_at)
    return Error::make(ErrorCode::forbidden, "error.suspended", "this account is suspended; write to the administrators");
  return found->first;
}

NewSession MemberService::start_session(const Member& member) {
  NewSession s;
  s.token = random_token();
  s.expires_at = now_utc() + static_cast<std::int64_t>(session_hours_) * 3600;
  s.member = member;
  db_.write([&](soci::session& sql) {  // cannot fail on input
    repo_.insert_session(sql, token_digest(s.token), member.id, s.expires_at);
  });
  return s;
}

std::optional<Member> MemberService::member_for_session(const std::string& token, std::int64_t* expires_at) {
  if (token.empty() || token.size() > 128) return std::nullopt;
  return db_.with_session([&](soci::session& sql) { return repo_.member_for_session(sql, token_digest(token), now_utc(), expires_at); });
}

void MemberService::end_session(const std::string& token) {
  db_.with_session([&](soci::session& sql) { repo_.delete_session(sql, token_digest(token)); return 0; });
}

Result<Member> MemberService::get(const std::string& handle) {
  auto m = db_.with_session([&](soci::session& sql) { return repo_.find_by_handle(sql, handle); });
  if (!m) return Error::make(ErrorCode::not_found, "error.member_not_found", "no member with handle '" + handle + "'");
  return *m;
}

Result<Member> MemberService::update_profile(const Member& actor, const ProfileUpdate& u) {
  std::vector<Problem> problems;
  Member m = actor;
  m.display_name = trim(u.display_name);
  if (m.display_name.empty() || !is_line_within(m.display_name, 80))
    problems.push_back({"display_name", "error.display_name", "display name must be 1 to 80 characters, on one line"});
  if (!u.country.empty() && !is_country_code(u.country))
    problems.push_back({"country", "error.country", "choose a country from the list"});
  m.country = u.country;
  if (u.bio_md.size() > 10000) problems.push_back({"bio_md", "error.too_long", "bio must be at most 10000 bytes"});
  m.bio_md = u.bio_md;
  m.skills = parse_skills(u.skills, problems);
  if (!is_supported_lang(u.preferred_lang))
    problems.push_back({"preferred_lang", "error.lang", "language must be en or zh-CN"});
  m.preferred_lang = u.preferred_lang;
  if (!is_known_time_zone(u.time_zone))
    problems.push_back({"time_zone", "error.time_zone", "time zone must be an IANA name such as Asia/Shanghai"});
  m.time_zone = u.time_zone;
  if (!problems.empty()) return fields_error(std::move(problems));
  return db_.in_transaction([&](soci::session& sql) -> Result<Member> {
    m.organization_id.reset();
    m.organization_slug.clear();
    m.organization_name.clear();
    if (!u.organization_slug.empty()) {
      auto org = orgs_.find_by_slug(sql, u.organization_slug);
      if (!org) return fields_error({{"organization", "error.org_unknown", "choose an organization from the list"}});
      m.organization_id = org->id;
      m.organization_slug = org->slug;
      m.organization_name = org->name;
    }
    repo_.update_profile(sql, m);
    index_member(db_, sql, m);
    return m;
  });
}

void MemberService::set_preferred_lang(const Member& member, const std::string& lang) {
  if (!is_supported_lang(lang)) return;
  db_.with_session([&](soci::session& sql) { repo_.set_preferred_lang(sql, member.id, lang); return 0; });
}

Result<Member> MemberService::set_role(const Member* actor, const std::string& handle, const std::string& role_text) {
  if (actor && actor->role != Role::admin)
    return Error::make(ErrorCode::forbidden, "error.forbidden", "only admins change roles");
  auto role = parse_role(role_text);
  if (!role)
    return Error::invalid("error.role", "role must be admin, organizer, committee, moderator or member",
                          {{"role", "error.role", "role must be admin, organizer, committee, moderator or member"}});
  return db_.in_transaction([&](soci::session& sql) -> Result<Member> {
    auto m = repo_.find_by_handle(sql, handle);
    if (!m) return Error::make(ErrorCode::not_found, "error.member_not_found", "no member with handle '" + handle + "'");
    if (actor && actor->id == m->id && *role != Role::admin)
      return Error::make(ErrorCode::conflict, "error.own_role", "admins cannot remove their own admin role");
    repo_.set_role(sql, m->id, *role);
    m->role = *role;
    return *m;
  });
}

std::vector<Member> MemberService::staff(int limit) {
  return db_.with_session([&](soci::session& sql) { return repo_.list_by_role(sql, limit); });
}

Result<NewApiToken> MemberService::create_token(const Member& owner, const std::string& name_in) {
  auto name = trim(name_in);
  if (name.empty() || utf8_length(name) > 60)
    return fields_error({{"name", "error.token_name", "give the token a name of 1 to 60 characters"}});
  NewApiToken t;
  t.token = "aigc_" + random_token();
  t.info.id = random_token(12);
  t.info.name = name;
  t.info.prefix = t.token.substr(0, 9);
  t.info.created_at = now_utc();
  return db_.in_transaction([&](soci::session& sql) -> Result<NewApiToken> {
    repo_.insert_token(sql, owner.id, t.info, token_digest(t.token));
    return t;
  });
}

std::vector<ApiToken> MemberService::tokens(const Member& owner) {
  return db_.with_session([&](soci::session& sql) { return repo_.tokens_of(sql, owner.id); });
}

Result<void> MemberService::revoke_token(const Member& owner, const std::string& token_id) {
  bool done = db_.with_session([&](soci::session& sql) { return repo_.revoke_token(sql, owner.id, token_id, now_utc()); });
  if (!done) return Error::make(ErrorCode::not_found, "error.token_not_found", "no such token");
  return {};
}

std::optional<Member> MemberService::member_for_token(const std::string& token) {
  if (token.rfind("aigc_", 0) != 0 || token.size() > 128) return std::nullopt;
  return db_.with_session([&](soci::session& sql) { return repo_.member_for_token(sql, token_digest(token), now_utc()); });
}

Result<DirectoryPage> MemberService::directory(const DirectoryQuery& q_in) {
  DirectoryQuery q = q_in;
  if (!q.country.empty() && !is_country_code(q.country))
    return Error::invalid("error.country", "unknown country code '" + q.country + "'", {{"country", "error.country", "unknown country code"}});
  q.skill = fold_case(trim(q.skill));
  q.limit = std::clamp(q.limit, 1, 100);
  return db_.with_session([&](soci::session& sql) { return repo_.directory(sql, q); });
}

CommunityStats MemberService::stats() {
  std::lock_guard lock(stats_mutex_);
  auto now = now_utc();
  if (now - stats_at_ >= 60) {
    stats_cache_ = db_.with_session([&](soci::session& sql) { return repo_.stats(sql); });
    stats_at_ = now;
  }
  return stats_cache_;
}

std::vector<std::pair<std::string, std::int64_t>> MemberService::top_skills(int limit) {
  std::lock_guard lock(stats_mutex_);
  auto now = now_utc();
  if (now - skills_at_ >= 60 || static_cast<int>(skills_cache_.size()) < limit) {
    skills_cache_ = db_.with_session([&](soci::session& sql) { return repo_.top_skills(sql, std::max(limit, 20)); });
    skills_at_ = now;
  }
  auto out = skills_cache_;
  if (static_cast<int>(out.size()) > limit) out.resize(static_cast<std::size_t>(limit));
  return out;
}

}  // namespace aigc
