#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

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

TEST(I18n, PlaceholdersAreFilled) {
  auto c = Catalogs::load_dir(std::string(AIGC_SOURCE_DIR) + "/web/i18n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->t("en", "no.such.key"), "no.such.key");
}

}  // namespace aigc
