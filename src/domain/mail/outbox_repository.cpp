#include "domain/mail/outbox_repository.hpp"

namespace aigc {

const char* to_string(MailStatus status) {
  switch (status) {
    case MailStatus::queued: return "queued";
    case MailStatus::sending: return "sending";
    case MailStatus::sent: return "sent";
    case MailStatus::failed: return "failed";
    case MailStatus::uncertain: return "uncertain";
  }
  return "queued";
}

std::optional<MailStatus> parse_mail_status(const std::string& text) {
  for (auto s : {MailStatus::queued, MailStatus::sending, MailStatus::sent, MailStatus::failed, MailStatus::uncertain})
    if (text == to_string(s)) return s;
  return std::nullopt;
}

std::int64_t OutboxRepository::enqueue(soci::session& sql, const OutgoingMail& m, std::int64_t now) {
  long long t = now, id = 0;
  sql << "INSERT INTO mail_outbox (kind, to_addr, subject, body_text, body_html, next_attempt_at, created_at) "
         "VALUES (:k, :to, :s, :t, :h, :n, :c) RETURNING id",
      soci::use(m.kind), soci::use(m.to), soci::use(m.subject), soci::use(m.text), soci::use(m.html), soci::use(t),
      soci::use(t), soci::into(id);
  return id;
}

std::optional<OutboxEntry> OutboxRepository::claim(const std::string& worker, int lease_seconds, std::int64_t now_s) {
  return db_.in_transaction([&](soci::session& sql) -> Result<std::optional<OutboxEntry>> {
    long long now = now_s, until = now_s + lease_seconds;
    sql << "UPDATE mail_outbox SET status = 'uncertain', lease_owner = '', "
           "last_error = 'the worker stopped after handing the mail to the relay; it may have been delivered' "
           "WHERE status = 'sending' AND lease_until < :now AND handed_over_at > 0",
        soci::use(now);
    OutboxEntry e;
    long long id = 0, created = 0, next = 0;
    sql << std::string("UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1, lease_owner = :w, lease_until = :l "
                       "WHERE id = (SELECT id FROM mail_outbox WHERE (status = 'queued' AND next_attempt_at <= :now) "
                       "OR (status = 'sending' AND lease_until < :now2 AND handed_over_at = 0) "
                       "ORDER BY next_attempt_at, id LIMIT 1") +
               db_.for_update_skip_locked() +
               ") RETURNING id, kind, to_addr, subject, body_text, body_html, attempts, created_at, next_attempt_at",
        soci::use(worker), soci::use(until), soci::use(now), soci::use(now), soci::into(id), soci::into(e.mail.kind),
        soci::into(e.mail.to), soci::into(e.mail.subject), soci::into(e.mail.text), soci::into(e.mail.html),
        soci::into(e.attempts), soci::into(created), soci::into(next);
    if (!sql.got_data()) return std::optional<OutboxEntry>();
    e.id = id;
    e.created_at = created;
    e.next_attempt_at = next;
    e.status = MailStatus::sending;
    return std::optional<OutboxEntry>(e);
  }).value();
}

bool OutboxRepository::mark_handed_over(std::int64_t id_, const std::string& worker, std::int64_t now_s) {
  return db_.in_transaction([&](soci::session& sql) -> Result<bool> {
    long long id = id_, now = now_s;
    soci::statement st = (sql.prepare << "UPDATE mail_outbox SET handed_over_at = :t WHERE id = :id AND lease_owner = :w "
                                         "AND status = 'sending' AND lease_until >= :now",
                          soci::use(now), soci::use(id), soci::use(worker), soci::use(now));
    st.execute(true);
    return st.get_affected_rows() == 1;
  }).value();
}

void OutboxRepository::mark_sent(std::int64_t id_, const std::string& worker, std::int64_t now_s) {
  db_.write([&](soci::session& sql) {
    long long id = id_, now = now_s;
    sql << "UPDATE mail_outbox SET status = 'sent', sent_at = :t, lease_owner = '', last_error = '' "
           "WHERE id = :id AND lease_owner = :w",
        soci::use(now), soci::use(id), soci::use(worker);
  });
}

void OutboxRepository::retry_later(std::int64_t id_, const std::string& worker, const std::string& error,
                                   std::int64_t next_attempt_at) {
  db_.write([&](soci::session& sql) {
    long long id = id_, next = next_attempt_at;
    sql << "UPDATE mail_outbox SET status = 'queued', next_attempt_at = :n, handed_over_at = 0, lease_owner = '', "
           "lease_until = 0, last_error = :e WHERE id = :id AND lease_owner = :w",
        soci::use(next), soci::use(error), soci::use(id), soci::use(worker);
  });
}

void OutboxRepository::mark_failed(std::int64_t id, const std::string& worker, const std::string& error) {
  set_final(id, worker, "failed", error);
}

void OutboxRepository::mark_uncertain(std::int64_t id, const std::string& worker, const std::string& error) {
  set_final(id, worker, "uncertain", error);
}

void OutboxRepository::set_final(std::int64_t id_, const std::string& worker, const std::string& status, const std::string& error) {
  db_.write([&](soci::session& sql) {
    long long id = id_;
    sql << "UPDATE mail_outbox SET status = :s, lease_owner = '', lease_until = 0, last_error = :e "
           "WHERE id = :id AND lease_owner = :w",
        soci::use(status), soci::use(error), soci::use(id), soci::use(worker);
  });
}

bool OutboxRepository::resend(std::int64_t id_, std::int64_t now_s) {
  return db_.in_transaction([&](soci::session& sql) -> Result<bool> {
    long long id = id_, now = now_s;
    soci::statement st = (sql.prepare << "UPDATE mail_outbox SET status = 'queued', attempts = 0, next_attempt_at = :n, "
                                         "handed_over_at = 0, last_error = '' WHERE id = :id AND status IN ('failed', 'uncertain')",
                          soci::use(now), soci::use(id));
    st.execute(true);
    return st.get_affected_rows() == 1;
  }).value();
}

std::vector<OutboxEntry> OutboxRepository::recent(int limit, std::optional<MailStatus> status) {
  return db_.with_session([&](soci::session& sql) {
    std::vector<OutboxEntry> out;
    OutboxEntry e;
    std::string st_text, filter = status ? to_string(*status) : "";
    long long id = 0, next = 0, handed = 0, created = 0, sent = 0;
    int n = limit;
    soci::statement st =
        (sql.prepare << "SELECT id, kind, to_addr, subject, body_text, status, attempts, next_attempt_at, handed_over_at, last_error, "
                        "created_at, sent_at FROM mail_outbox WHERE (:f = '' OR status = :f2) ORDER BY id DESC LIMIT :n",
         soci::use(filter), soci::use(filter), soci::use(n), soci::into(id), soci::into(e.mail.kind), soci::into(e.mail.to),
         soci::into(e.mail.subject), soci::into(e.mail.text), soci::into(st_text), soci::into(e.attempts), soci::into(next), soci::into(handed),
         soci::into(e.last_error), soci::into(created), soci::into(sent));
    st.execute();
    while (st.fetch()) {
      e.id = id;
      e.status = parse_mail_status(st_text).value_or(MailStatus::queued);
      e.next_attempt_at = next;
      e.handed_over_at = handed;
      e.created_at = created;
      e.sent_at = sent;
      out.push_back(e);
    }
    return out;
  });
}

MailCounts OutboxRepository::counts() {
  return db_.with_session([&](soci::session& sql) {
    MailCounts c;
    std::string status;
    long long n = 0;
    soci::statement st = (sql.prepare << "SELECT status, COUNT(*) FROM mail_outbox GROUP BY status", soci::into(status), soci::into(n));
    st.execute();
    while (st.fetch())
      if (auto s = parse_mail_status(status)) c[*s] = n;
    return c;
  });
}

}  // namespace aigc
