// Turns an outbox entry into the bytes an SMTP relay receives (RFC 5322 + MIME): UTF-8
// subject in an RFC 2047 encoded word, the text and HTML parts base64-encoded in a
// multipart/alternative, CRLF line ends. The Message-ID is derived from the outbox id, so
// every attempt at one mail carries the same id and a receiver can tell a repeat.
#pragma once

#include <cstdint>
#include <string>

#include "domain/mail/mail.hpp"

namespace aigc {

// The address inside "Name <addr>", or the text itself when it has no angle brackets.
std::string envelope_address(const std::string& from);

std::string mail_message(const OutboxEntry& entry, const std::string& from, std::int64_t now);

}  // namespace aigc
