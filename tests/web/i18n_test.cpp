#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include <map>
#include <set>

#include "scoring/input_error.hpp"
#include "web/i18n.hpp"

namespace aigc {

TEST(I18n, BothCatalogsLoadWithTheSameKeys) {
  auto c = Catalogs::load_dir(std::string(AIGC_SOURCE_DIR) + "/web/i18n");
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c->t("en", "nav.members"), "Members");
  EXPECT_EQ(c->t("zh-CN", "nav.members"), "会员");
}

TEST(I18n, EveryStringATemplateUsesExistsInBothLanguages) {
  auto c = Catalogs::load_dir(std::string(AIGC_SOURCE_DIR) + "/web/i18n");
  ASSERT_TRUE(c);
  std::regex key_re("\\{\\{\\s*t\\.([a-z0-9_.\\-]+)\\s*\\}\\}");
  int checked = 0;
  for (const auto& f : std::filesystem::directory_iterator(std::string(AIGC_SOURCE_DIR) + "/web/templates")) {
    std::ifstream in(f.path());
    std::stringstream ss;
    ss << in.rdbuf();
    auto text = ss.str();
    for (std::sregex_iterator it(text.begin(), text.end(), key_re), end; it != end; ++it) {
      auto key = (*it)[1].str();
      EXPECT_NE(c->t("en", key), key) << f.path().filename() << " uses missing key " << key;
      ++checked;
    }
  }
  EXPECT_GT(checked, 50);
}

TEST(I18n, AcceptLanguageHonoursQualityValues) {
  EXPECT_EQ(Catalogs::negotiate("zh-CN,zh;q=0.9,en;q=0.8"), "zh-CN");
  EXPECT_EQ(Catalogs::negotiate("en-US,en;q=0.9,zh;q=0.5"), "en");
  EXPECT_EQ(Catalogs::negotiate("fr-FR,zh-TW;q=0.7"), "zh-CN");
  EXPECT_EQ(Catalogs::negotiate(""), "en");
}

TEST(I18n, PlaceholdersAreFilledInEitherLanguage) {
  auto c = Catalogs::load_dir(std::string(AIGC_SOURCE_DIR) + "/web/i18n");
  ASSERT_TRUE(c);
  std::map<std::string, std::string> values{{"id", "'r7'"}, {"first", "3"}};
  EXPECT_EQ(c->t("en", "scoring.duplicate_id", values), "duplicate id 'r7' (first on line 3)");
  EXPECT_EQ(c->t("zh-CN", "scoring.duplicate_id", values), "重复的 id 'r7'（首次出现在第 3 行）");
  EXPECT_EQ(c->t("en", "scoring.duplicate_id"), "duplicate id {id} (first on line {first})") << "a missing value stays visible";
}

TEST(I18n, AMissingKeyShowsTheKeyRatherThanNothing) {
  auto c = Catalogs::load_dir(std::string(AIGC_SOURCE_DIR) + "/web/i18n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->t("en", "no.such.key"), "no.such.key");
}

// The scoring engine names a problem by code; the site words it. Every code the engine can
// report is worded in both languages, the English exactly as the CLI prints it, and the
// Chinese places every value the English does.
TEST(I18n, EveryScoringProblemIsWordedInBothLanguages) {
  auto c = Catalogs::load_dir(std::string(AIGC_SOURCE_DIR) + "/web/i18n");
  ASSERT_TRUE(c);
  std::regex placeholder("\\{[a-z_]+\\}");
  auto names = [&](const std::string& text) {
    std::multiset<std::string> out;
    for (std::sregex_iterator it(text.begin(), text.end(), placeholder), end; it != end; ++it) out.insert(it->str());
    return out;
  };
  for (const auto& [code, english] : scoring::problem_wordings()) {
    auto key = "scoring." + std::string(code);
    EXPECT_EQ(c->t("en", key), english) << key;
    auto zh = c->t("zh-CN", key);
    EXPECT_NE(zh, key) << key;
    EXPECT_EQ(names(zh), names(std::string(english))) << key << ": " << zh;
  }
  EXPECT_GT(scoring::problem_wordings().size(), 50u);
}

}  // namespace aigc
