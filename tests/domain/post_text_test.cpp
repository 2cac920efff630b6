// What a post says beyond its text: mentions (not in code, not e-mail addresses), links
// counted for the new-member limit, links to platform objects for previews, quotes.
#include <gtest/gtest.h>

#include "core/text.hpp"
#include "domain/discussions/post_text.hpp"

namespace aigc {

TEST(PostText, MentionsAreHandlesAfterAnAtOutsideCodeAndNotEmailAddresses) {
  EXPECT_EQ(mentioned_handles("Thanks @ana-silva and @Bo_Li! cc @ana-silva, mail me at x@example.org"),
            (std::vector<std::string>{"ana-silva", "Bo_Li"}));
  EXPECT_EQ(mentioned_handles("`@admin` and\n```\n@root\n```\n@zhang-min-"), (std::vector<std::string>{"zhang-min"}));
  EXPECT_TRUE(mentioned_handles("@ab is too short; @ alone").empty());
  EXPECT_EQ(mentioned_handles("谢谢@li-wei的建议"), (std::vector<std::string>{"li-wei"}));
}

TEST(PostText, KnownMentionsBecomeProfileLinks) {
  EXPECT_EQ(link_mentions("hi @Ana-Silva and @ghost", {"ana-silva"}), "hi [@Ana-Silva](/members/ana-silva) and @ghost");
  EXPECT_EQ(link_mentions("`@ana-silva`", {"ana-silva"}), "`@ana-silva`");
}

TEST(PostText, LinksAreCountedOutsideCode) {
  EXPECT_EQ(count_links("see https://a.example and [b](http://b.example) and `https://c.example`"), 2);
  EXPECT_EQ(count_links("no links, just httpd"), 0);
}

TEST(PostText, PlatformLinksAreFoundRelativeOrOnThisSiteOnly) {
  auto links = platform_links(
      "See /research/papers/12, [the board](/competitions/ai-challenger-demo) and https://hub.example.org/discussions/t/7#p3 "
      "but not https://evil.example/members/admin or /research/papers/12 again",
      "https://hub.example.org/");
  ASSERT_EQ(links.size(), 3u);
  EXPECT_EQ(links[0].kind, "paper");
  EXPECT_EQ(links[0].key, "12");
  EXPECT_EQ(links[1].kind, "competition");
  EXPECT_EQ(links[1].path, "/competitions/ai-challenger-demo");
  EXPECT_EQ(links[2].kind, "topic");
  EXPECT_EQ(links[2].key, "7");
  EXPECT_TRUE(platform_links("/research/papers/x12 /members/../etc", "").empty());
}

TEST(PostText, AQuoteNamesThePostAndQuotesEveryLine) {
  EXPECT_EQ(quote_post("bo-li", 3, "line one\nline two"), "> @bo-li (#3):\n> line one\n> line two\n\n");
  std::string long_chinese;
  for (int i = 0; i < 1000; ++i) long_chinese += "模";
  auto q = quote_post("bo-li", 1, long_chinese);
  EXPECT_TRUE(is_valid_utf8(q)) << "cut between characters, not inside one";
  EXPECT_LT(q.size(), 2100u);
}

}  // namespace aigc
