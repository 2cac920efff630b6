#include "jobs/mail_message.hpp"

#include <ctime>

#include "core/crypto.hpp"

namespace aigc {

namespace {

// Base64 in lines of 76 characters, as MIME requires.
std::string base64_lines(const std::string& bytes) {
  auto flat = base64_encode(bytes);
  std::string out;
  for (std::size_t i = 0; i < flat.size(); i += 76) out += flat.substr(i, 76) + "\r\n";
  return out;
}

bool is_ascii_printable(const std::string& s) {
  for (unsigned char c : s)
    if (c < 0x20 || c > 0x7e) return false;
  return true;
}

// An RFC 2047 encoded word when the text is not plain ASCII, split so that no encoded word
// cuts a UTF-8 sequence and none passes 75 characters.
std::string header_text(const std::string& text) {
  if (is_ascii_printable(text)) return text;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t end = i, take = 0;
    while (end < text.size() && take < 42) {  // 42 bytes -> 56 base64 characters
      std::size_t len = 1;
      unsigned char c = static_cast<unsigned char>(text[end]);
      if (c >= 0xf0) len = 4;
      else if (c >= 0xe0) len = 3;
      else if (c >= 0xc0) len = 2;
      if (take + len > 42 && take > 0) break;
      end += len;
      take += len;
    }
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + base64_encode(text.substr(i, end - i)) + "?=";
    i = end;
  }
  return out;
}

std::string rfc5322_date(std::int64_t t) {
  std::time_t tt = static_cast<std::time_t>(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

std::string display_part(const std::string& from) {
  auto open = from.find('<');
  if (open == std::string::npos) return "";
  auto name = from.substr(0, open);
  while (!name.empty() && name.back() == ' ') name.pop_back();
  return name;
}

}  // namespace

std::string envelope_address(const std::string& from) {
  auto open = from.find('<'), close = from.find('>');
  if (open == std::string::npos || close == std::string::npos || close < open) return from;
  return from.substr(open + 1, close - open - 1);
}

std::string mail_message(const OutboxEntry& e, const std::string& from, std::int64_t now) {
  auto sender = envelope_address(from);
  auto domain = sender.substr(sender.find('@') + 1);
  auto name = display_part(from);
  const std::string boundary = "=_aigc_" + std::to_string(e.id) + "_alt";
  std::string m;
  m += "From: " + (name.empty() ? sender : header_text(name) + " <" + sender + ">") + "\r\n";
  m += "To: <" + e.mail.to + ">\r\n";
  m += "Subject: " + header_text(e.mail.subject) + "\r\n";
  m += "Date: " + rfc5322_date(now) + "\r\n";
  m += "Message-ID: <outbox-" + std::to_string(e.id) + "." + std::to_string(e.created_at) + "@" + domain + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "Content-Type: multipart/alternative; boundary=\"" + boundary + "\"\r\n\r\n";
  m += "--" + boundary + "\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(e.mail.text);
  m += "--" + boundary + "\r\nContent-Type: text/html; charset=UTF-8\r\nContent-Transfer-Encoding: base64\r\n\r\n";
  m += base64_lines(e.mail.html);
  m += "--" + boundary + "--\r\n";
  return m;
}

}  // namespace aigc
