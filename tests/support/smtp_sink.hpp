// A real SMTP server on loopback for tests: tests/support/smtp_sink.py (python3-aiosmtpd)
// in a child process with its own maildir. Faults are set at start: stall the first
// connection at RCPT or after DATA, or refuse every recipient.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace aigc::test {

struct ReceivedMail {
  std::string to, subject, message_id;
  bool has_html = false;
  std::string text;  // the decoded text/plain part
  std::string raw;   // the bytes the server received
};

class SmtpSink {
 public:
  // extra: options of smtp_sink.py, e.g. {"--stall-rcpt", "30"}; port 0: a free one.
  explicit SmtpSink(const std::vector<std::string>& extra = {}, int port = 0);
  ~SmtpSink();
  SmtpSink(const SmtpSink&) = delete;
  SmtpSink& operator=(const SmtpSink&) = delete;
  int port() const { return port_; }
  std::vector<ReceivedMail> messages() const;
  // Waits until at least `n` mails arrived (or the timeout); returns them all.
  std::vector<ReceivedMail> wait_for(std::size_t n, std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;
  // The nth mail (1-based, in arrival order) to `to` (case-insensitive), waiting for it up to
  // the timeout; an empty ReceivedMail when it does not come.
  ReceivedMail wait_for_mail_to(const std::string& to, std::size_t nth = 1,
                                std::chrono::milliseconds timeout = std::chrono::seconds(15)) const;

 private:
  pid_t pid_ = -1;
  int port_ = 0;
  std::string dir_;
  // Parsed mails by file name: a mail is read once however often the tests look.
  mutable std::mutex mu_;
  mutable std::map<std::string, ReceivedMail> cache_;
};

// The first "http(s)://host/prefix<token>" link in `text` whose path starts with `prefix`
// (such as "/verify/"); returns the path and token ("/verify/abc"), or "" when none.
std::string link_path(const std::string& text, const std::string& prefix);

}  // namespace aigc::test
