#include "jobs/mail_sender.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/curl_library.hpp"
#include "domain/competitions/phase_reminders.hpp"
#include "domain/events/registration_service.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/talent/learning_service.hpp"
#include "domain/talent/talent_service.hpp"
#include "domain/standards/ballot_service.hpp"
#include "domain/standards/standard_service.hpp"
#include "jobs/mail_message.hpp"

namespace aigc {

namespace fs = std::filesystem;

MailSettings mail_settings(const Config& c) {
  MailSettings s;
  s.smtp_host = c.smtp_host;
  s.smtp_port = c.smtp_port;
  s.security = c.smtp_security;
  s.user = c.smtp_user;
  s.password = c.smtp_password;
  s.from = c.mail_from;
  s.folder = c.mail_dir;
  s.public_url = c.public_url;
  s.timeout_seconds = c.smtp_timeout_seconds;
  s.retry_seconds = c.mail_retry_seconds;
  s.poll_ms = c.worker_poll_ms;
  s.pause_ms = c.mail_pause_ms;
  return s;
}

std::string describe_delivery(const MailSettings& s) {
  if (s.smtp_host.empty()) return "folder " + s.folder;
  return "SMTP relay " + s.smtp_host + ":" + std::to_string(s.smtp_port) + " (" + s.security + ")";
}

MailSender::MailSender(Database& db, MailSettings settings, std::string name)
    : db_(db), outbox_(db), settings_(std::move(settings)), name_(std::move(name)) {}

namespace {

// The lease outlasts the longest attempt, so only a dead sender's mail is taken again.
int lease_for(const MailSettings& s) { return s.timeout_seconds + 5 + s.pause_ms / 1000; }

struct Upload {
  const std::string* message = nullptr;
  std::size_t offset = 0;
  std::function<bool()> before_last_byte;  // false: stop before the relay has the whole mail
  bool aborted = false;
  bool handed_over = false;
};

size_t read_message(char* buffer, size_t size, size_t n, void* userdata) {
  auto* up = static_cast<Upload*>(userdata);
  std::size_t room = size * n, left = up->message->size() - up->offset;
  if (left == 0) return 0;
  std::size_t take = std::min(room, left);
  if (take == left) {
    if (!up->before_last_byte()) {
      up->aborted = true;
      return CURL_READFUNC_ABORT;
    }
    up->handed_over = true;
  }
  std::memcpy(buffer, up->message->data() + up->offset, take);
  up->offset += take;
  return take;
}

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

}  // namespace

MailSender::Outcome MailSender::send_smtp(const OutboxEntry& e, const std::string& message, std::string& error) {
  const auto& curl = curl_library();
  if (!curl.ok()) {
    error = curl.error;
    return Outcome::retry;
  }
  CURL* h = curl.easy_init();
  if (!h) {
    error = "libcurl could not start";
    return Outcome::retry;
  }
  std::string url = (settings_.security == "tls" ? "smtps://" : "smtp://") + settings_.smtp_host + ":" +
                    std::to_string(settings_.smtp_port);
  std::string from = "<" + envelope_address(settings_.from) + ">";
  curl_slist* rcpt = curl.slist_append(nullptr, ("<" + e.mail.to + ">").c_str());
  Upload up;
  up.message = &message;
  up.before_last_byte = [&] {
    if (settings_.pause_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(settings_.pause_ms));
    return outbox_.mark_handed_over(e.id, name_, now_utc());
  };
  curl.easy_setopt(h, CURLOPT_URL, url.c_str());
  curl.easy_setopt(h, CURLOPT_MAIL_FROM, from.c_str());
  curl.easy_setopt(h, CURLOPT_MAIL_RCPT, rcpt);
  curl.easy_setopt(h, CURLOPT_UPLOAD, 1L);
  curl.easy_setopt(h, CURLOPT_READFUNCTION, read_message);
  curl.easy_setopt(h, CURLOPT_READDATA, &up);
  curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
  curl.easy_setopt(h, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl.easy_setopt(h, CURLOPT_TIMEOUT, static_cast<long>(settings_.timeout_seconds));
  curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, static_cast<long>(std::min(10, settings_.timeout_seconds)));
  curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  if (settings_.security == "starttls") curl.easy_setopt(h, CURLOPT_USE_SSL, static_cast<long>(CURLUSESSL_ALL));
  if (!settings_.user.empty()) {
    curl.easy_setopt(h, CURLOPT_USERNAME, settings_.user.c_str());
    curl.easy_setopt(h, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  auto code = curl.easy_perform(h);
  long reply = 0;
  curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &reply);
  curl.slist_free_all(rcpt);
  curl.easy_cleanup(h);
  if (up.aborted) return Outcome::lease_lost;
  if (code == CURLE_OK) return Outcome::sent;
  error = std::string(curl.easy_strerror(code)) + (reply ? " (relay said " + std::to_string(reply) + ")" : "");
  // The relay had the whole mail but its answer never came (the last reply is still the
  // "354 go ahead" of DATA, or none): it may deliver it, so another attempt could make a
  // second copy. A 4xx or 5xx after the end of the mail is a refusal and is handled below.
  if (up.handed_over && reply < 400) return Outcome::uncertain;
  // A 5xx reply is the relay's final word (no such mailbox, refused); anything else, from a
  // refused connection to a 4xx "try later", is worth another attempt.
  return reply >= 500 && reply < 600 && code != CURLE_LOGIN_DENIED ? Outcome::refused : Outcome::retry;
}

MailSender::Outcome MailSender::write_file(const OutboxEntry& e, const std::string& message, std::string& error) {
  std::error_code ec;
  fs::create_directories(settings_.folder, ec);
  auto final_path = fs::path(settings_.folder) / (std::to_string(e.created_at) + "-" + std::to_string(e.id) + ".eml");
  auto tmp_path = fs::path(settings_.folder) / (".tmp-" + std::to_string(e.id) + "-" + std::to_string(::getpid()));
  int fd = ::open(tmp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0640);
  if (fd < 0) {
    error = "cannot write to " + settings_.folder + ": " + std::strerror(errno);
    return Outcome::retry;
  }
  bool ok = ::write(fd, message.data(), message.size()) == static_cast<ssize_t>(message.size()) && ::fsync(fd) == 0;
  ::close(fd);
  if (!ok) {
    error = "cannot write to " + settings_.folder + ": " + std::strerror(errno);
    fs::remove(tmp_path, ec);
    return Outcome::retry;
  }
  // The rename is the hand-over: the file appears whole or not at all.
  if (!outbox_.mark_handed_over(e.id, name_, now_utc())) {
    fs::remove(tmp_path, ec);
    return Outcome::lease_lost;
  }
  fs::rename(tmp_path, final_path, ec);
  if (ec) {
    error = "cannot write to " + settings_.folder + ": " + ec.message();
    return Outcome::retry;
  }
  return Outcome::sent;
}

bool MailSender::run_one(std::int64_t now) {
  auto e = outbox_.claim(name_, lease_for(settings_), now);
  if (!e) return false;
  std::string error;
  Outcome outcome;
  if (e->mail.to.find_first_of("\r\n<>") != std::string::npos || e->mail.to.find('@') == std::string::npos) {
    error = "not a deliverable address";
    outcome = Outcome::refused;
  } else {
    auto message = mail_message(*e, settings_.from, now);
    outcome = settings_.smtp_host.empty() ? write_file(*e, message, error) : send_smtp(*e, message, error);
  }
  switch (outcome) {
    case Outcome::sent: outbox_.mark_sent(e->id, name_, now_utc()); break;
    case Outcome::lease_lost: spdlog::warn("mail {}: lease lost before sending; another sender has it", e->id); break;
    case Outcome::uncertain:
      spdlog::warn("mail {} to {}: {} after the relay had it; not sending it again", e->id, e->mail.to, error);
      outbox_.mark_uncertain(e->id, name_, error);
      break;
    case Outcome::refused:
      spdlog::warn("mail {} to {} refused: {}", e->id, e->mail.to, error);
      outbox_.mark_failed(e->id, name_, error);
      break;
    case Outcome::retry:
      if (e->attempts >= settings_.max_attempts) {
        outbox_.mark_failed(e->id, name_, error + " (gave up after " + std::to_string(e->attempts) + " attempts)");
      } else {
        std::int64_t wait = std::min<std::int64_t>(4 * 3600, static_cast<std::int64_t>(settings_.retry_seconds) << std::min(e->attempts - 1, 20));
        spdlog::info("mail {}: {}; trying again in {} s", e->id, error, wait);
        outbox_.retry_later(e->id, name_, error, now_utc() + wait);
      }
      break;
  }
  return true;
}

void MailSender::notification_round(std::int64_t now) {
  Notifications(db_).mail_pending(settings_.public_url, now);
  // "Closes within a day" has a day's slack: scanning the phases once a minute is plenty.
  if (now - last_reminders_ >= 60) {
    last_reminders_ = now;
    remind_closing_phases(db_, now);
  }
  // Waitlist offers run out on the hour they were given for: checked every round (one
  // indexed query), so the next person in line hears within seconds.
  RegistrationService(db_).expire_offers(now);
  // Ballots close on the second they were set for (one indexed query a round).
  BallotService(db_).close_due(now);
  StandardService(db_).announce_closed_reviews(now);
  // Medals and rankings follow final boards within seconds; the check is one query over
  // the competitions, so every 15 s is cheap.
  if (now - last_talent_ >= 15) {
    last_talent_ = now;
    TalentService(db_).refresh(now);
    // A playground step passes when a score reaches its target, even if the member never
    // looks at the path again.
    LearningService(db_).advance(now);
  }
}

void MailSender::run(const std::atomic<bool>& stop) {
  spdlog::info("mail sender {} started: {}", name_, describe_delivery(settings_));
  while (!stop) {
    bool worked = false;
    try {
      if (auto now = now_utc(); now != last_round_) {
        last_round_ = now;
        notification_round(now);
      }
      worked = run_one();
    } catch (const std::exception& e) {
      spdlog::error("mail sender {}: {}", name_, e.what());
      std::this_thread::sleep_for(std::chrono::seconds(1));
    }
    if (!worked)
      for (int waited = 0; waited < settings_.poll_ms && !stop; waited += 50)
        std::this_thread::sleep_for(std::chrono::milliseconds(std::min(50, settings_.poll_ms)));
  }
}

int MailSender::drain() {
  int n = 0;
  while (run_one()) ++n;
  return n;
}

}  // namespace aigc
