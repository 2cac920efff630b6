#include <gtest/gtest.h>

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace aigc {

TEST(Text, AcceptsValidUtf8AndRejectsEveryKindOfInvalid) {
  EXPECT_TRUE(is_valid_utf8("plain ascii"));
  EXPECT_TRUE(is_valid_utf8("介绍页 émoji 🚀"));
  EXPECT_FALSE(is_valid_utf8("\xff"));
  EXPECT_FALSE(is_valid_utf8("\xc3"));               // truncated
  EXPECT_FALSE(is_valid_utf8("\xc0\xaf"));           // overlong
  EXPECT_FALSE(is_valid_utf8("\xed\xa0\x80"));       // surrogate
  EXPECT_FALSE(is_valid_utf8("\xf4\x90\x80\x80"));   // above U+10FFFF
}

TEST(Text, FoldsCaseForUnicodeHandles) {
  EXPECT_EQ(fold_case("Alice"), fold_case("ALICE"));
  EXPECT_EQ(fold_case("Straße"), fold_case("STRASSE"));
}

TEST(Text, EscapesHtmlSoMarkupIsInert) {
  EXPECT_EQ(html_escape("<script>alert('x')</script>&\""), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;");
}

TEST(Text, ParsesFormsAndRejectsMalformedEscapes) {
  auto f = parse_form("a=1&b=hello+world&c=%E4%BB%8B&a=2");
  ASSERT_TRUE(f);
  EXPECT_EQ(f->find("a")->second, "1");
  EXPECT_EQ(f->find("b")->second, "hello world");
  EXPECT_EQ(f->find("c")->second, "介");
  EXPECT_FALSE(parse_form("a=%zz"));
  EXPECT_FALSE(parse_form("a=%4"));
  EXPECT_FALSE(parse_form("a=%ff"));  // decodes to invalid UTF-8
}

TEST(Text, SlugsAreLowercaseAsciiWithDashes) {
  EXPECT_EQ(slugify("Tsinghua University"), "tsinghua-university");
  EXPECT_EQ(slugify("  AI -- Frontiers 2026! "), "ai-frontiers-2026");
}

TEST(Crypto, PasswordsVerifyOnlyWithTheRightPassword) {
  init_crypto();
  auto h = hash_password("correct horse battery");
  EXPECT_EQ(h.rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(h, "correct horse battery"));
  EXPECT_FALSE(verify_password(h, "wrong horse battery"));
  EXPECT_FALSE(verify_password("!", "anything"));  // seeded accounts cannot sign in
}

TEST(Crypto, TokensAreRandomAndDigestsStable) {
  init_crypto();
  EXPECT_NE(random_token(), random_token());
  EXPECT_EQ(token_digest("abc"), token_digest("abc"));
  EXPECT_EQ(token_digest("abc").size(), 64u);
}

}  // namespace aigc

namespace aigc {

TEST(TextWidth, ChineseTakesTwoCellsAndPaddingAlignsColumns) {
  EXPECT_EQ(display_width("team"), 4u);
  EXPECT_EQ(display_width("清华大学"), 8u);
  EXPECT_EQ(display_width("Ａ"), 2u) << "fullwidth";
  EXPECT_EQ(display_width("e\xcc\x81"), 1u) << "a combining accent takes no cell";
  EXPECT_EQ(display_width(pad_to_width("清华", 10)), 10u);
  EXPECT_EQ(display_width(pad_to_width("abc", 10)), 10u);
  auto cut = pad_to_width("人工智能全球社区竞赛队伍", 9);
  EXPECT_EQ(display_width(cut), 9u);
  EXPECT_EQ(cut.substr(cut.size() - 3 - 0, 3) == "…" || cut.find("…") != std::string::npos, true) << cut;
}

TEST(Text, AShortFieldIsOneLineOfAtMostSoManyCharactersNotBytes) {
  EXPECT_TRUE(is_line_within("机器学习", 4)) << "four characters, twelve bytes";
  EXPECT_FALSE(is_line_within("机器学习!", 4));
  EXPECT_FALSE(is_line_within("two\nlines", 100));
  EXPECT_FALSE(is_line_within("bell\x07", 100));
  EXPECT_FALSE(is_line_within("\xff", 100));
  EXPECT_TRUE(is_line_within("", 0));
}

}  // namespace aigc
