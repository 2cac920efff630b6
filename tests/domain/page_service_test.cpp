#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "domain/media/pictures.hpp"
#include "domain/pages/page_service.hpp"
#include "support/images.hpp"
#include "store/migrations.hpp"
#include "support/test_database.hpp"
#include "support/test_server.hpp"

namespace aigc {

namespace fs = std::filesystem;

class PageServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("pages", 2);
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
  EXPECT_EQ(page->toc[1].text, "AIGC 的概述");
  EXPECT_EQ(page->toc[1].label, "一");
  // The seed holds two essays: the second restarts at 一 and is a part of its own, and the
  // first's two sections numbered 四 are 四 and 五 in the contents.
  std::vector<std::string> first_part;
  int parts = 0;
  for (const auto& e : page->toc) {
    parts = std::max(parts, e.part + 1);
    if (e.part == 0 && !e.label.empty()) first_part.push_back(e.label);
  }
  EXPECT_EQ(parts, 2);
  EXPECT_EQ(first_part, (std::vector<std::string>{"一", "二", "三", "四", "五"}));
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

namespace aigc {

// `pages import` brings a GitBook folder's pictures along: the cover and the images a page
// names, relative to it or as /assets/... from the folder. What cannot come (missing, not a
// picture, outside the folder, even through a link) is a warning, and the page shows the
// image's description or no cover instead of a broken picture.
TEST_F(PageServiceTest, ImportBringsThePicturesAPageUsesAndWarnsOfTheRest) {
  fs::create_directories(dir / "assets" / "images");
  fs::create_directories(dir / "en" / "img");
  std::ofstream(dir / "assets" / "images" / "cover.jpg", std::ios::binary) << test::make_jpeg(2400, 600);
  std::ofstream(dir / "en" / "img" / "chart one.png", std::ios::binary) << test::make_png(40, 30);
  std::ofstream(dir / "en" / "img" / "notes.png") << "not a picture";
  auto outside = fs::temp_directory_path() / ("aigc-outside-" + std::to_string(::getpid()) + ".png");
  std::ofstream(outside, std::ios::binary) << test::make_png(10, 10);
  fs::create_symlink(outside, dir / "en" / "img" / "linked.png");
  std::ofstream(dir / "en" / "guide.md") << "---\ntitle: Guide\ncover: /assets/images/cover.jpg\nicon: book\n---\n"
                                            "# Guide\n\n![A chart](img/chart%20one.png)\n\n![Missing one](img/gone.png)\n\n"
                                            "![Notes](img/notes.png) ![Linked](img/linked.png) ![Escape](../../../etc/hostname)\n\n"
                                            "![Web](https://example.org/x.png)\n";
  std::ofstream(dir / "en" / "other.md") << "---\ntitle: Other\ncover: /assets/images/none.jpg\n---\nText.\n";
  BlobStore blobs((dir / "blobs").string());
  MediaLibrary media(*db, blobs);
  PageService pages(*db);
  std::vector<std::string> warnings;
  auto imported = pages.import_dir(dir.string(), &media, &warnings);
  ASSERT_TRUE(imported) << imported.error().message;
  auto guide = pages.get("guide", "en");
  ASSERT_TRUE(guide);
  ASSERT_TRUE(MediaLibrary::is_media_url(guide->cover)) << guide->cover;
  auto cover = media.get(guide->cover.substr(7));
  ASSERT_TRUE(cover);
  EXPECT_EQ(test::png_size(*cover), (std::pair<int, int>{kPictureMaxWidth, 400})) << "re-encoded, scaled to the widest kept";
  EXPECT_NE(guide->body_html.find("<img src=\"/media/"), std::string::npos) << guide->body_html;
  EXPECT_NE(guide->body_html.find("alt=\"A chart\""), std::string::npos);
  for (const char* fallback : {"Missing one", "Notes", "Linked", "Escape"})
    EXPECT_NE(guide->body_html.find(std::string("<span class=\"missing-image\" role=\"img\">") + fallback + "</span>"), std::string::npos)
        << fallback << " in " << guide->body_html;
  EXPECT_NE(guide->body_html.find("src=\"https://example.org/x.png\""), std::string::npos) << "a picture on the web stays";
  EXPECT_EQ(pages.get("other", "en")->cover, "") << "no cover rather than a broken one";
  std::string all;
  for (const auto& w : warnings) all += w + "\n";
  EXPECT_EQ(warnings.size(), 5u) << all;
  for (const char* named : {"'img/gone.png' not found", "'img/notes.png' upload a PNG or JPEG", "'img/linked.png' outside the imported folder",
                            "'../../../etc/hostname' outside the imported folder", "cover '/assets/images/none.jpg' not found"})
    EXPECT_NE(all.find(named), std::string::npos) << named << " in\n" << all;
  EXPECT_FALSE(media.get(std::string(64, 'a') + ".png")) << "only registered pictures are served";
  fs::remove(outside);
}

}  // namespace aigc
