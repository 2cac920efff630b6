// The mails the platform sends, in English and Chinese, as plain text and HTML made from
// the same parts. `vars` fill {{name}} placeholders; values are escaped in the HTML.
// Adding a mail: a kind here, its words in both languages in mail_templates.cpp.
#pragma once

#include <map>
#include <string>

#include "domain/mail/mail.hpp"

namespace aigc {

// Known kinds: verify_registration, registration_exists, confirm_email, email_changed,
// password_reset, password_changed, role_decided, notification, digest.
// `lang` is "en" or "zh-CN" (anything else reads English). Throws std::logic_error for an
// unknown kind or a placeholder without a value: both are bugs, not input.
OutgoingMail compose_mail(const std::string& kind, const std::string& lang, const std::string& to,
                          const std::map<std::string, std::string>& vars);

}  // namespace aigc
