#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "jobs/mail_message.hpp"

namespace aigc {

namespace {

// The Python standard library reads the message as a mail client would.
std::string python_reads(const std::string& message) {
  char path[] = "/tmp/aigc-mail-XXXXXX";
  int fd = ::mkstemp(path);
  ::write(fd, message.data(), message.size());
  ::close(fd);
  std::string cmd = std::string("/usr/bin/python3 -c \"import email,email.policy,sys;m=email.message_from_binary_file(open('") + path +
                    "','rb'),policy=email.policy.default);print(m['Subject']);print(m['From']);print(m['To']);"
                    "print(m.get_body(('plain',)).get_content().strip());print(m.get_body(('html',)).get_content()[:15])\"";
  FILE* p = ::popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  while (auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  ::pclose(p);
  ::unlink(path);
  return out;
}

}  // namespace

TEST(MailMessage, AUtf8MailReadsBackExactlyInAMailClient) {
  init_crypto();
  OutboxEntry e;
  e.id = 42;
  e.created_at = 1700000000;
  e.mail = {"verify_registration", "li.lei@example.org", "确认你在 AIGC Hub 的电子邮箱：一个相当长的主题，用来检查编码字的拆分是否正确",
            "李雷，你好：\n点击链接。\n.\n单独一行的点也要保留。", "<!doctype html><p>你好</p>"};
  auto m = mail_message(e, "AIGC 社区 <noreply@hub.example>", 1700000100);
  EXPECT_NE(m.find("Message-ID: <outbox-42.1700000000@hub.example>\r\n"), std::string::npos);
  EXPECT_NE(m.find("Date: Tue, 14 Nov 2023 22:15:00 +0000\r\n"), std::string::npos);
  for (std::size_t at = 0; (at = m.find('\n', at)) != std::string::npos; ++at) ASSERT_EQ(m[at - 1], '\r') << "CRLF everywhere";
  auto read = python_reads(m);
  EXPECT_EQ(read, "确认你在 AIGC Hub 的电子邮箱：一个相当长的主题，用来检查编码字的拆分是否正确\n"
                  "AIGC 社区 <noreply@hub.example>\nli.lei@example.org\n"
                  "李雷，你好：\n点击链接。\n.\n单独一行的点也要保留。\n<!doctype html>\n");
}

TEST(MailMessage, EnvelopeAddressComesFromTheAngleBrackets) {
  EXPECT_EQ(envelope_address("AIGC Hub <noreply@hub.example>"), "noreply@hub.example");
  EXPECT_EQ(envelope_address("noreply@hub.example"), "noreply@hub.example");
}

}  // namespace aigc
