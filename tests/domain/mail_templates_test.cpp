#include <gtest/gtest.h>

#include "domain/mail/mail_templates.hpp"

namespace aigc {

TEST(MailTemplates, EveryMailExistsInBothLanguagesAsTextAndHtml) {
  std::map<std::string, std::string> vars = {{"handle", "ada"}, {"link", "https://hub.example/verify/t"}, {"new_email", "n@example.org"},
                                             {"role", "organizer"}, {"decision", "approved"}, {"comment", ""}, {"title", "T"},
                                             {"count", "2"}, {"items", "one\ntwo"}};
  for (const char* kind : {"verify_registration", "registration_exists", "confirm_email", "email_changed", "password_reset",
                           "password_changed", "role_decided", "notification", "digest"}) {
    auto en = compose_mail(kind, "en", "a@example.org", vars), zh = compose_mail(kind, "zh-CN", "a@example.org", vars);
    if (std::string(kind) != "notification") {  // its title comes translated
      EXPECT_NE(en.subject, zh.subject) << kind;
    }
    EXPECT_NE(en.text, zh.text) << kind;
    EXPECT_NE(en.html.find("<html lang=\"en\">"), std::string::npos) << kind;
    EXPECT_NE(zh.html.find("<html lang=\"zh-CN\">"), std::string::npos) << kind;
    EXPECT_EQ(en.text.find("{{"), std::string::npos) << kind << ": every placeholder is filled";
  }
}

TEST(MailTemplates, ValuesAreEscapedInHtmlAndKeptInText) {
  auto m = compose_mail("verify_registration", "en", "a@example.org",
                        {{"handle", "<b>eve</b>"}, {"link", "https://hub.example/verify/x?a=1&b=\"2\""}});
  EXPECT_NE(m.text.find("Hello <b>eve</b>,"), std::string::npos);
  EXPECT_EQ(m.html.find("<b>eve</b>"), std::string::npos);
  EXPECT_NE(m.html.find("&lt;b&gt;eve&lt;/b&gt;"), std::string::npos);
  EXPECT_NE(m.html.find("href=\"https://hub.example/verify/x?a=1&amp;b=&quot;2&quot;\""), std::string::npos);
  EXPECT_NE(m.text.find("Confirm and sign in: https://hub.example/verify/x?a=1&b=\"2\""), std::string::npos);
}

TEST(MailTemplates, ListsAndEmptyOptionalPartsRenderCleanly) {
  auto m = compose_mail("digest", "en", "a@example.org", {{"handle", "ada"}, {"count", "2"}, {"items", "first\nsecond"}, {"link", "https://h/n"}});
  EXPECT_NE(m.text.find("- first\n- second\n"), std::string::npos);
  EXPECT_NE(m.html.find("<ul><li>first</li><li>second</li></ul>"), std::string::npos);
  auto d = compose_mail("role_decided", "en", "a@example.org",
                        {{"handle", "ada"}, {"role", "organizer"}, {"decision", "declined"}, {"comment", ""}, {"link", "https://h/"}});
  EXPECT_EQ(d.html.find("<p></p>"), std::string::npos) << "an empty comment leaves no empty paragraph";
}

TEST(MailTemplates, UnknownKindsAndMissingValuesAreBugs) {
  EXPECT_THROW(compose_mail("nope", "en", "a@example.org", {}), std::logic_error);
  EXPECT_THROW(compose_mail("password_changed", "en", "a@example.org", {}), std::logic_error);
}

}  // namespace aigc
