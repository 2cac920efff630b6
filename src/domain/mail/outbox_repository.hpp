// All SQL about the mail outbox. Services enqueue inside their own transaction; workers
// claim due mails under a lease, as the job queue does (SKIP LOCKED on PostgreSQL). The
// handed-over mark is what keeps a mail from going out twice: it is set just before the
// relay receives the end of the message, and a lapsed lease on a handed-over mail makes it
// `uncertain` instead of sending it again. Thread-safe.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/mail/mail.hpp"
#include "store/database.hpp"

namespace aigc {

class OutboxRepository {
 public:
  explicit OutboxRepository(Database& db) : db_(db) {}

  static std::int64_t enqueue(soci::session& sql, const OutgoingMail& mail, std::int64_t now);

  // Marks mails whose worker died after handing them over `uncertain`, then leases the mail
  // that is due first to `worker` (nullopt: none is due).
  std::optional<OutboxEntry> claim(const std::string& worker, int lease_seconds, std::int64_t now);
  // Just before the relay receives the end of the message. false: the lease is lost (the
  // mail is another worker's now), and this worker must not finish sending it.
  bool mark_handed_over(std::int64_t id, const std::string& worker, std::int64_t now);
  void mark_sent(std::int64_t id, const std::string& worker, std::int64_t now);
  // Back to the queue until `next_attempt_at` (the relay was down or said "try later").
  void retry_later(std::int64_t id, const std::string& worker, const std::string& error, std::int64_t next_attempt_at);
  // The relay had the whole mail but did not confirm it: not sent again unless an admin says so.
  void mark_uncertain(std::int64_t id, const std::string& worker, const std::string& error);
  void mark_failed(std::int64_t id, const std::string& worker, const std::string& error);
  // An admin's "send again" for a failed or uncertain mail; false when it is neither.
  bool resend(std::int64_t id, std::int64_t now);

  // Newest first, with each mail's text (not its HTML).
  std::vector<OutboxEntry> recent(int limit, std::optional<MailStatus> status);
  MailCounts counts();

 private:
  void set_final(std::int64_t id, const std::string& worker, const std::string& status, const std::string& error);
  Database& db_;
};

}  // namespace aigc
