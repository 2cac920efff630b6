#include "core/password_policy.hpp"

#include <algorithm>
#include <set>
#include <string_view>

#include "core/text.hpp"

namespace aigc {

namespace {

// Passwords of 10 or more characters that lead the published lists of leaked passwords, in
// English and Chinese use (pinyin names, 520/1314 "I love you forever"). Shorter ones are
// refused by length already.
const std::set<std::string, std::less<>>& common_passwords() {
  static const std::set<std::string, std::less<>> list = {
      "1234567890", "0123456789", "9876543210", "0987654321", "12345678910", "123456789a", "a123456789", "123456789q",
      "1234567890a", "a1234567890", "1234567890q", "qwertyuiop", "qwertyuiop123", "asdfghjkl;", "asdfghjkl1", "zxcvbnm123",
      "1q2w3e4r5t", "1q2w3e4r5t6y", "q1w2e3r4t5", "q1w2e3r4t5y6", "1qaz2wsx3edc", "1qazxsw23edc", "qazwsxedcrfv", "qazwsxedc123",
      "zaq12wsxcde3", "!qaz2wsx3edc", "1qaz@wsx3edc", "qwerty1234", "qwerty12345", "qwerty123456", "qwe123qwe123", "qweasdzxc123",
      "abc1234567", "abcd123456", "abcde12345", "abcdefghij", "abcdefghijk", "a1b2c3d4e5", "a1b2c3d4e5f6", "1a2b3c4d5e",
      "password12", "password123", "password1234", "password12345", "password!1", "password1!", "passw0rd123", "p@ssw0rd123",
      "p@ssword123", "passwordpassword", "mypassword1", "mypassword123", "iloveyou12", "iloveyou123", "iloveyou1314", "princess123",
      "sunshine123", "welcome123", "welcome1234", "football123", "baseball123", "superman123", "batman12345", "starwars123",
      "trustno1234", "letmein123", "letmein1234", "monkey12345", "dragon12345", "master12345", "shadow12345", "michael123",
      "jennifer123", "charlie123", "computer123", "internet123", "administrator", "admin12345", "admin123456", "administrator1",
      "changeme123", "changeme1234", "default1234", "secret1234", "secret12345", "test123456", "testtest123", "1111111111a",
      "a1111111111", "1234512345", "1212121212", "1231231231", "1234554321", "1122334455", "1357924680", "2468013579",
      "5201314520", "1314520520", "5201314521", "woaini1314", "woaini520520", "aini1314520", "woaini123456", "wang123456",
      "zhang123456", "li123456789", "liu123456789", "chen123456", "yang123456", "zhao123456", "huang123456", "qq123456789",
      "qq1234567890", "zxcvbnm,./", "1qaz2wsx!@", "!@#$%^&*()", "1234qwer!@#$", "qwer1234!@#$", "zaq1xsw2cde3", "asdasdasdasd",
      "asdfasdfasdf", "qweqweqweqwe", "aaaaaaaaaa1", "abcabcabcabc", "ilovechina1", "china123456", "beijing2008", "shanghai123",
      "welcome2024", "welcome2025", "welcome2026", "password2024", "password2025", "password2026", "summer2024!", "winter2025!",
      "aigc123456", "aigchub1234", "artificial1", "deeplearning", "machinelearning", "neuralnetwork", "chatgpt1234", "openai12345",
  };
  return list;
}

// A run of at least 10 characters where each follows the last along `line`, forwards or back.
bool runs_along(std::string_view pw, std::string_view line) {
  if (pw.size() < 2) return false;
  for (bool forward : {true, false}) {
    bool ok = true;
    for (std::size_t i = 1; ok && i < pw.size(); ++i) {
      auto a = line.find(pw[i - 1]), b = line.find(pw[i]);
      ok = a != std::string_view::npos && b != std::string_view::npos && (forward ? b == a + 1 : a == b + 1);
    }
    if (ok) return true;
  }
  return false;
}

}  // namespace

std::optional<Problem> password_problem(const std::string& password, const std::string& handle, const std::string& email) {
  if (utf8_length(password) < 10 || password.size() > 1024)
    return Problem{"password", "error.password_length", "password must be at least 10 characters"};
  auto folded = fold_case(password);
  if (std::all_of(password.begin(), password.end(), [&](char c) { return c == password[0]; }))
    return Problem{"password", "error.password_repeated", "a password of one character repeated is guessed at once; mix several"};
  if (common_passwords().count(folded) || runs_along(folded, "01234567890") || runs_along(folded, "qwertyuiop") ||
      runs_along(folded, "asdfghjkl") || runs_along(folded, "abcdefghijklmnopqrstuvwxyz"))
    return Problem{"password", "error.password_common",
                   "this password is among the most used ones and is guessed first; choose another, e.g. a few unrelated words"};
  auto local = fold_case(email.substr(0, email.find('@')));
  if ((!handle.empty() && folded.find(fold_case(handle)) != std::string::npos && folded.size() < handle.size() + 4) ||
      (local.size() >= 3 && folded == local))
    return Problem{"password", "error.password_personal", "a password made of your handle or e-mail name is guessed first; choose another"};
  return std::nullopt;
}

}  // namespace aigc
