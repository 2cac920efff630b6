// The outbox against a real SMTP server: a relay that is down loses nothing, a sender that
// dies mid-send never makes a second copy, a refusal is final, and without a relay mails
// become files.
#include <gtest/gtest.h>

#include <filesystem>
#include <thread>

#include "core/clock.hpp"
#include "domain/mail/mail_templates.hpp"
#include "domain/mail/outbox_repository.hpp"
#include "jobs/mail_sender.hpp"
#include "support/smtp_sink.hpp"
#include "support/test_database.hpp"

namespace aigc {

namespace {

class MailSenderTest : public ::testing::Test {
 protected:
  void SetUp() override { db = test::fresh_migrated_database("mail"); }

  std::int64_t queue(const std::string& to) {
    return db->in_transaction([&](soci::session& sql) -> Result<std::int64_t> {
      return OutboxRepository::enqueue(sql, compose_mail("password_changed", "en", to, {{"handle", "ada"}}), now_utc());
    }).value();
  }

  MailSettings relay(int port) {
    MailSettings s;
    s.smtp_host = "127.0.0.1";
    s.smtp_port = port;
    s.security = "none";
    s.from = "AIGC Hub <noreply@hub.example>";
    s.timeout_seconds = 3;
    s.retry_seconds = 1;
    return s;
  }

  OutboxEntry entry(std::int64_t id) {
    for (const auto& e : OutboxRepository(*db).recent(100, std::nullopt))
      if (e.id == id) return e;
    return {};
  }

  // Settings for an `aigc worker --count 0` process sending through `port`.
  std::map<std::string, std::string> worker_env(int port) {
    return {{"AIGC_SMTP_HOST", "127.0.0.1"}, {"AIGC_SMTP_PORT", std::to_string(port)}, {"AIGC_SMTP_SECURITY", "none"},
            {"AIGC_SMTP_TIMEOUT_SECONDS", "3"}, {"AIGC_WORKER_POLL_MS", "50"}, {"AIGC_MAIL_FROM", "AIGC Hub <noreply@hub.example>"}};
  }

  // Runs a sender here until it has claimed a mail (the dead worker's lease must lapse first).
  bool run_until_claimed(MailSender& sender, int seconds) {
    for (int i = 0; i < seconds * 10; ++i) {
      if (sender.run_one()) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  std::unique_ptr<Database> db;
};

}  // namespace

TEST_F(MailSenderTest, ARelayThatIsDownLosesNothing) {
  int port = test::free_port();
  auto id = queue("ada@example.org");
  MailSender sender(*db, relay(port), "test:mail");
  ASSERT_TRUE(sender.run_one());
  auto e = entry(id);
  EXPECT_EQ(e.status, MailStatus::queued);
  EXPECT_EQ(e.attempts, 1);
  EXPECT_NE(e.last_error.find("connect"), std::string::npos) << e.last_error;
  EXPECT_GT(e.next_attempt_at, now_utc() - 1) << "the retry waits its backoff";
  EXPECT_FALSE(sender.run_one()) << "not due yet";

  test::SmtpSink sink({}, port);  // the relay comes back
  ASSERT_TRUE(sender.run_one(e.next_attempt_at)) << "due once its backoff has passed (the test's clock, not a sleep)";
  EXPECT_EQ(entry(id).status, MailStatus::sent);
  auto got = sink.wait_for(1);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].to, "ada@example.org");
  EXPECT_EQ(got[0].subject, "Your AIGC Hub password was changed");
}

TEST_F(MailSenderTest, ASenderKilledBeforeTheRelayHasTheMailIsReplacedAndOneCopyArrives) {
  test::SmtpSink sink({"--stall-rcpt", "30"});  // the first connection hangs at RCPT TO
  auto id = queue("bob@example.org");
  {
    test::WorkerProcess doomed(db->url(), worker_env(sink.port()), 0);
    for (int i = 0; i < 100 && entry(id).status != MailStatus::sending; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ASSERT_EQ(entry(id).status, MailStatus::sending);
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    doomed.stop(SIGKILL);
  }
  EXPECT_EQ(entry(id).handed_over_at, 0) << "it died before the end of the message";
  MailSender rescuer(*db, relay(sink.port()), "test:rescuer");
  ASSERT_TRUE(run_until_claimed(rescuer, 15));
  EXPECT_EQ(entry(id).status, MailStatus::sent);
  EXPECT_EQ(entry(id).attempts, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(sink.messages().size(), 1u);
}

TEST_F(MailSenderTest, ASenderKilledAfterTheRelayHasTheMailNeverSendsASecondCopy) {
  test::SmtpSink sink({"--stall-data", "30"});  // takes the message, then hangs before "250"
  auto id = queue("cho@example.org");
  {
    test::WorkerProcess doomed(db->url(), worker_env(sink.port()), 0);
    ASSERT_EQ(sink.wait_for(1).size(), 1u);
    doomed.stop(SIGKILL);
  }
  EXPECT_GT(entry(id).handed_over_at, 0);
  MailSender other(*db, relay(sink.port()), "test:other");
  for (int i = 0; i < 150 && entry(id).status != MailStatus::uncertain; ++i) {
    other.run_one();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  auto e = entry(id);
  EXPECT_EQ(e.status, MailStatus::uncertain);
  EXPECT_NE(e.last_error.find("may have been delivered"), std::string::npos);
  EXPECT_EQ(sink.messages().size(), 1u) << "never a second copy on its own";
  // An admin who checked the relay's log may send it again.
  ASSERT_TRUE(OutboxRepository(*db).resend(id, now_utc()));
  ASSERT_TRUE(other.run_one());
  EXPECT_EQ(entry(id).status, MailStatus::sent);
  EXPECT_EQ(sink.wait_for(2).size(), 2u);
  EXPECT_EQ(sink.messages()[0].message_id, sink.messages()[1].message_id) << "a repeat carries the same Message-ID";
}

TEST_F(MailSenderTest, ARefusedAddressFailsAtOnce) {
  test::SmtpSink sink({"--reject-rcpt", "550"});
  auto id = queue("nobody@example.org");
  MailSender sender(*db, relay(sink.port()), "test:mail");
  ASSERT_TRUE(sender.run_one());
  auto e = entry(id);
  EXPECT_EQ(e.status, MailStatus::failed);
  EXPECT_NE(e.last_error.find("550"), std::string::npos) << e.last_error;
  EXPECT_EQ(e.attempts, 1);
}

TEST_F(MailSenderTest, WithoutARelayMailsBecomeFiles) {
  auto dir = std::filesystem::temp_directory_path() / ("aigc-mail-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  MailSettings s;
  s.folder = dir.string();
  s.from = "AIGC Hub <noreply@hub.example>";
  auto id = queue("dan@example.org");
  MailSender sender(*db, s, "test:mail");
  ASSERT_TRUE(sender.run_one());
  EXPECT_EQ(entry(id).status, MailStatus::sent);
  int files = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir)) {
    ++files;
    EXPECT_EQ(f.path().extension(), ".eml");
  }
  EXPECT_EQ(files, 1);
  std::filesystem::remove_all(dir);
}

}  // namespace aigc
