// Sends the mail outbox: claims one due mail at a time under a lease, hands it to the SMTP
// relay (libcurl) or, without a relay, writes it as a file, and records the outcome. A relay
// that is down or says "try later" gets the mail again after a backoff; a refusal (5xx) fails
// it. Nothing is sent twice: the mail is marked handed-over just before the relay gets its
// last byte, and one whose worker dies after that is not sent again (OutboxRepository).
// `aigc serve` and `aigc worker` each run one sender thread, which also mails notifications.
#pragma once

#include <atomic>
#include <string>

#include "core/clock.hpp"
#include "core/config.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "store/database.hpp"

namespace aigc {

struct MailSettings {
  std::string smtp_host;  // empty: write files under folder
  int smtp_port = 587;
  std::string security = "starttls";  // starttls, tls or none
  std::string user, password;
  std::string from;
  std::string folder;
  std::string public_url;  // for links in notification mails
  int timeout_seconds = 30;
  int retry_seconds = 30;
  int max_attempts = 16;
  int poll_ms = 250;
  int pause_ms = 0;  // fault injection for tests: sleep this long just before the last byte
};

MailSettings mail_settings(const Config& config);
// What the admin page says about delivery: "SMTP relay host:port (starttls)" or the folder.
std::string describe_delivery(const MailSettings& settings);

class MailSender {
 public:
  MailSender(Database& db, MailSettings settings, std::string name);
  // Sends one due mail; false when none was due.
  bool run_one(std::int64_t now = now_utc());
  // Turns due notifications into mails (at once, daily digests) and announces phases that
  // close within a day. run() does it at most once a second.
  void notification_round(std::int64_t now);
  // Until `stop`; survives database and relay outages.
  void run(const std::atomic<bool>& stop);
  // Sends until nothing is due (tests and the CLI).
  int drain();

 private:
  enum class Outcome { sent, retry, refused, uncertain, lease_lost };
  Outcome send_smtp(const OutboxEntry& e, const std::string& message, std::string& error);
  Outcome write_file(const OutboxEntry& e, const std::string& message, std::string& error);
  Database& db_;
  OutboxRepository outbox_;
  MailSettings settings_;
  std::string name_;
  std::int64_t last_round_ = 0;
  std::int64_t last_reminders_ = 0;
  std::int64_t last_talent_ = 0;
};

}  // namespace aigc
