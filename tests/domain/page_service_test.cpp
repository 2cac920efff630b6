#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "domain/pages/page_service.hpp"
#include "store/migrations.hpp"
#include "support/test_server.hpp"

namespace aigc {

namespace fs = std::filesystem;

class PageServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Database::open(test::fresh_database_url("pages"), 2);
    ASSERT_TRUE(opened);
    db = std::move(opened.value());
    ASSERT_TRUE(migrate(*db));
    dir = fs::temp_directory_path() / ("aigc-pages-" + std::to_string(::getpid()) + "-" +
                                       ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  std::unique_ptr<Database> db;
  fs::path dir;
};

TEST_F(PageServiceTest, TheCommunitySeedPageImportsWithItsHeadingsInTheToc) {
  fs::copy(test::source_dir() + "/tests/fixtures/seeds", dir, fs::copy_options::recursive);
  PageService pages(*db);
  auto imported = pages.import_dir(dir.string());
  ASSERT_TRUE(imported) << imported.error().message;
  ASSERT_EQ(imported->size(), 1u);
  auto page = pages.get("000-dc35f90ba65c37a3", "zh-CN");
  ASSERT_TRUE(page);
  EXPECT_EQ(page->title, "介绍页");
  EXPECT_EQ(page->lang, "zh-CN");
  EXPECT_EQ(page->icon, "circle-info");
  EXPECT_EQ(page->cover, "/assets/images/cover3.jpg");
  ASSERT_GE(page->toc.size(), 5u);
  EXPECT_EQ(page->toc[0].text, "介绍页");
  EXPECT_EQ(page->toc[1].text, "一、AIGC 的概述");
  EXPECT_NE(page->body_html.find("<h1 id=\"介绍页\">介绍页</h1>"), std::string::npos);
}

TEST_F(PageServiceTest, OneBadFileMeansNothingIsImported) {
  std::ofstream(dir / "good.md") << "---\ntitle: Good\nlang: en\n---\n# Good\n";
  std::ofstream(dir / "bad.md") << "---\ntitle: [broken\n---\nbody\n";
  PageService pages(*db);
  auto r = pages.import_dir(dir.string());
  ASSERT_FALSE(r);
  ASSERT_EQ(r.error().problems.size(), 1u);
  EXPECT_NE(r.error().problems[0].field.find("bad.md"), std::string::npos);
  EXPECT_TRUE(pages.list().empty());
}

TEST_F(PageServiceTest, ReimportUpdatesInPlace) {
  std::ofstream(dir / "about.md") << "---\nlang: en\n---\n# About v1\n";
  PageService pages(*db);
  ASSERT_TRUE(pages.import_dir(dir.string()));
  std::ofstream(dir / "about.md") << "---\nlang: en\n---\n# About v2\n";
  ASSERT_TRUE(pages.import_dir(dir.string()));
  auto list = pages.list();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].title, "About v2");
}

TEST_F(PageServiceTest, LanguageFallsBackToTheOtherOne) {
  PageService pages(*db);
  PageInput in;
  in.slug = "only-english";
  in.lang = "en";
  in.body_md = "# English only";
  ASSERT_TRUE(pages.save(nullptr, in));
  auto p = pages.get("only-english", "zh-CN");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->lang, "en");
}

TEST_F(PageServiceTest, OnlyAdminsEdit) {
  PageService pages(*db);
  Member organizer;
  organizer.role = Role::organizer;
  PageInput in{"x", "en", "X", "", "", "", "{}", "body"};
  auto r = pages.save(&organizer, in);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, ErrorCode::forbidden);
}

}  // namespace aigc
