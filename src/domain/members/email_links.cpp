#include "domain/members/email_links.hpp"

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace aigc {

std::string EmailLinkRepository::insert(soci::session& sql, const EmailLink& link) {
  auto token = random_token();
  std::string hash = token_digest(token), email = fold_case(link.email);
  long long member = link.member_id, created = link.created_at, expires = link.expires_at, stale = link.created_at - 86400;
  soci::indicator member_ind = link.member_id ? soci::i_ok : soci::i_null;
  sql << "DELETE FROM email_links WHERE expires_at < :t", soci::use(stale);
  sql << "INSERT INTO email_links (token_hash, purpose, member_id, email, payload, created_at, expires_at) "
         "VALUES (:h, :p, :m, :e, :pl, :c, :x)",
      soci::use(hash), soci::use(link.purpose), soci::use(member, member_ind), soci::use(email), soci::use(link.payload),
      soci::use(created), soci::use(expires);
  return token;
}

std::optional<EmailLink> EmailLinkRepository::find(soci::session& sql, const std::string& token) {
  std::string hash = token_digest(token);
  EmailLink l;
  long long member = 0, created = 0, expires = 0, used = 0;
  soci::indicator member_ind = soci::i_ok;
  sql << "SELECT purpose, member_id, email, payload, created_at, expires_at, used_at FROM email_links WHERE token_hash = :h",
      soci::use(hash), soci::into(l.purpose), soci::into(member, member_ind), soci::into(l.email), soci::into(l.payload),
      soci::into(created), soci::into(expires), soci::into(used);
  if (!sql.got_data()) return std::nullopt;
  l.member_id = member_ind == soci::i_null ? 0 : member;
  l.created_at = created;
  l.expires_at = expires;
  l.used_at = used;
  return l;
}

bool EmailLinkRepository::use(soci::session& sql, const std::string& token, std::int64_t now) {
  std::string hash = token_digest(token);
  long long t = now, t2 = now;
  soci::statement st = (sql.prepare << "UPDATE email_links SET used_at = :t WHERE token_hash = :h AND used_at = 0 AND expires_at > :t2",
                        soci::use(t), soci::use(hash), soci::use(t2));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

int EmailLinkRepository::count_since(soci::session& sql, const std::string& purpose, const std::string& email, std::int64_t since) {
  std::string key = fold_case(email);
  long long t = since;
  int n = 0;
  sql << "SELECT COUNT(*) FROM email_links WHERE email = :e AND purpose = :p AND created_at >= :t", soci::use(key),
      soci::use(purpose), soci::use(t), soci::into(n);
  return n;
}

void EmailLinkRepository::revoke(soci::session& sql, std::int64_t member_id, const std::string& purpose, std::int64_t now) {
  long long m = member_id, t = now;
  sql << "UPDATE email_links SET used_at = :t WHERE member_id = :m AND purpose = :p AND used_at = 0", soci::use(t), soci::use(m),
      soci::use(purpose);
}

}  // namespace aigc
