#include <gtest/gtest.h>

#include "domain/media/pictures.hpp"
#include "support/images.hpp"

namespace aigc {

TEST(Avatar, PngAndJpegBecomeA256PixelSquarePng) {
  for (const auto& upload : {test::make_png(1000, 300), test::make_png(1, 1), test::make_jpeg(2000, 3000), test::make_jpeg(17, 9)}) {
    auto out = normalize_avatar(upload);
    ASSERT_TRUE(out) << out.error().message;
    EXPECT_EQ(test::png_size(out.value()), std::make_pair(256, 256));
  }
}

TEST(Avatar, TheCentreIsKept) {
  // Left red, right blue in a wide picture: the centred square is the middle, half of each.
  auto out = normalize_avatar(test::make_png(900, 300));
  ASSERT_TRUE(out);
  EXPECT_NE(out.value(), normalize_avatar(test::make_png(300, 300)).value());
}

TEST(Avatar, AnythingButAPngOrJpegIsRefusedWithWhatToUpload) {
  std::string half = test::make_jpeg(64, 64);
  half.resize(half.size() / 3);
  std::string huge = test::make_png(4, 4);
  huge[18] = 1;  // claims 65540 pixels of width
  for (const std::string& bad : {std::string(), std::string("GIF89a...."), std::string("<svg/>"), std::string("\x89PNG\r\n\x1a\n"), half, huge}) {
    auto out = normalize_avatar(bad);
    ASSERT_FALSE(out);
    ASSERT_EQ(out.error().problems.size(), 1u);
    EXPECT_EQ(out.error().problems[0].field, "avatar");
  }
}

TEST(Avatar, InitialsForLatinAndChineseNamesAreEscaped) {
  EXPECT_NE(initials_svg("ada lovelace", "ada").find(">AL</text>"), std::string::npos);
  EXPECT_NE(initials_svg("李雷", "lilei").find(">李</text>"), std::string::npos);
  EXPECT_NE(initials_svg("", "x-ray").find(">XR</text>"), std::string::npos);
  auto svg = initials_svg("<script>", "h");
  EXPECT_EQ(svg.find("<script"), std::string::npos);
  EXPECT_EQ(initials_svg("a", "one"), initials_svg("a", "one")) << "the same colour every time";
}

}  // namespace aigc
