#include <gtest/gtest.h>

#include "core/password_policy.hpp"

namespace aigc {

TEST(PasswordPolicy, RefusesWhatIsGuessedFirstAndSaysWhy) {
  EXPECT_EQ(password_problem("short")->key, "error.password_length");
  EXPECT_EQ(password_problem("aaaaaaaaaaaaaa")->key, "error.password_repeated");
  EXPECT_EQ(password_problem("1234567890")->key, "error.password_common");
  EXPECT_EQ(password_problem("PassWord123")->key, "error.password_common") << "compared without case";
  EXPECT_EQ(password_problem("woaini1314")->key, "error.password_common");
  EXPECT_EQ(password_problem("zyxwvutsrqpo")->key, "error.password_common") << "a run backwards";
  EXPECT_EQ(password_problem("ada-lovelace1", "ada-lovelace")->key, "error.password_personal");
  EXPECT_EQ(password_problem("ada.byron.k", "", "ada.byron.k@example.org")->key, "error.password_personal");
}

TEST(PasswordPolicy, AcceptsOrdinaryStrongPasswords) {
  EXPECT_FALSE(password_problem("a long enough password"));
  EXPECT_FALSE(password_problem("correct horse battery staple", "ada"));
  EXPECT_FALSE(password_problem("长城万里长城永不倒在"));
}

}  // namespace aigc
