// Mail as the domain sees it: a composed message waiting in the outbox, and the outbox's
// states. Services queue mail inside their own transaction (OutboxRepository::enqueue), so
// a mail exists exactly when the change that caused it commits; workers send it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

namespace aigc {

// queued: waiting (or waiting to retry); sending: a worker holds it; sent: the relay took
// it; failed: refused for good or out of attempts; uncertain: a worker died after the relay
// may have taken it, so it is not sent again unless an admin says so.
enum class MailStatus { queued, sending, sent, failed, uncertain };
const char* to_string(MailStatus status);
std::optional<MailStatus> parse_mail_status(const std::string& text);

struct OutgoingMail {
  std::string kind;  // names the template, for the admin's list
  std::string to;
  std::string subject;
  std::string text;
  std::string html;
};

struct OutboxEntry {
  std::int64_t id = 0;
  OutgoingMail mail;
  MailStatus status = MailStatus::queued;
  int attempts = 0;
  std::int64_t next_attempt_at = 0;
  std::int64_t handed_over_at = 0;
  std::string last_error;
  std::int64_t created_at = 0;
  std::int64_t sent_at = 0;
};

using MailCounts = std::map<MailStatus, std::int64_t>;

}  // namespace aigc
