// Talent over HTTP on the demo: the past rounds' final boards give real medals, tiers and
// rankings; the rankings page in both languages with its filters; the API pages by cursor
// and names bad parameters; a medallist's achievements carry their sources; a member
// hides sections of their profile.
#include <nlohmann/json.hpp>

#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

TEST(HttpTalent, TheDemoRankingsInBothLanguages) {
  Browser b(port());
  auto en = b.get("/talent", {{"Accept-Language", "en"}});
  ASSERT_EQ(en.status, 200);
  EXPECT_TRUE(contains(en.body, "data-testid=\"ranking-row\""));
  EXPECT_TRUE(contains(en.body, "Standards and events"));
  EXPECT_TRUE(contains(en.body, "members ranked"));
  EXPECT_FALSE(contains(en.body, "data-testid=\"rankings-empty\""));
  auto zh = b.get("/talent", {{"Accept-Language", "zh-CN"}});
  EXPECT_TRUE(contains(zh.body, "总榜"));
  EXPECT_TRUE(contains(zh.body, "位成员上榜"));

  // A country's ranking lists only that country's members, from rank 1.
  auto cn = json::parse(b.get("/api/v1/rankings?country=CN&limit=100").body);
  ASSERT_FALSE(cn["entries"].empty());
  EXPECT_EQ(cn["entries"][0]["rank"], 1);
  for (const auto& e : cn["entries"]) EXPECT_EQ(e["country"], "CN");
  auto page = b.get("/talent?category=competitions&country=CN");
  EXPECT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "aria-current=\"page\">Competitions<"));

  auto rules = b.get("/talent/rules");
  EXPECT_EQ(rules.status, 200);
  EXPECT_TRUE(contains(rules.body, "top 10 + 0.2%"));
  EXPECT_TRUE(contains(rules.body, "Grandmaster"));
  EXPECT_TRUE(contains(b.get("/talent/rules", {{"Accept-Language", "zh-CN"}}).body, "特级大师"));
}

TEST(HttpTalent, TheRankingsApiPagesByCursorAndNamesBadParameters) {
  Browser b(port());
  auto first = json::parse(b.get("/api/v1/rankings?limit=5").body);
  ASSERT_EQ(first["entries"].size(), 5u);
  EXPECT_EQ(first["category"], "overall");
  EXPECT_GT(first["total"].get<int>(), 50) << "three past rounds rank their teams' members";
  ASSERT_TRUE(first["next_cursor"].is_string());
  auto second = json::parse(b.get("/api/v1/rankings?limit=5&cursor=" + first["next_cursor"].get<std::string>()).body);
  ASSERT_EQ(second["entries"].size(), 5u);
  std::set<std::string> handles;
  double last_points = 1e18;
  int last_rank = 0;
  for (const auto* p : {&first, &second})
    for (const auto& e : (*p)["entries"]) {
      handles.insert(e["handle"].get<std::string>());
      EXPECT_GE(e["rank"].get<int>(), last_rank);
      EXPECT_LE(e["points"].get<double>(), last_points);
      last_rank = e["rank"], last_points = e["points"];
      EXPECT_TRUE(e.contains("tier"));
    }
  EXPECT_EQ(handles.size(), 10u);

  auto bad = b.get("/api/v1/rankings?category=chess");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(first_problem(bad), "error.talent_category");
  EXPECT_EQ(first_problem(b.get("/api/v1/rankings?country=XX")), "error.country");
  EXPECT_EQ(first_problem(b.get("/api/v1/rankings?cursor=nonsense")), "error.feed_cursor");
  EXPECT_EQ(first_problem(b.get("/api/v1/rankings?organization=no-such-org")), "error.unknown_organization");
  EXPECT_EQ(first_problem(b.get("/api/v1/rankings?limit=1000")), "error.talent_limit");
  EXPECT_EQ(b.get("/api/v1/rankings?limit=ten").status, 400);
}

TEST(HttpTalent, AMedallistsAchievementsNameWhereEachMedalCameFrom) {
  Browser b(port());
  auto top = json::parse(b.get("/api/v1/rankings?category=competitions&limit=1").body);
  ASSERT_EQ(top["entries"].size(), 1u);
  const std::string handle = top["entries"][0]["handle"];
  auto a = json::parse(b.get("/api/v1/members/" + handle + "/achievements").body);
  EXPECT_EQ(a["handle"], handle);
  ASSERT_FALSE(a["medals"].empty());
  bool from_competition = false;
  for (const auto& m : a["medals"])
    if (m["source"] == "competition") {
      from_competition = true;
      EXPECT_EQ(m["url"].get<std::string>().rfind("/competitions/ai-challenger-202", 0), 0u);
      EXPECT_GT(m["teams"].get<int>(), 0);
    }
  EXPECT_TRUE(from_competition);
  ASSERT_EQ(a["categories"].size(), 3u);
  EXPECT_EQ(a["categories"][0]["category"], "competitions");
  EXPECT_NE(a["categories"][0]["tier"], "novice");
  EXPECT_FALSE(a["results"].empty());
  EXPECT_FALSE(a.contains("hidden_sections"));

  auto profile = b.get("/members/" + handle);
  EXPECT_TRUE(contains(profile.body, "data-testid=\"achievements\""));
  EXPECT_TRUE(contains(profile.body, "data-testid=\"medal-list\""));
  EXPECT_TRUE(contains(b.get("/members/" + handle, {{"Accept-Language", "zh-CN"}}).body, "成就"));
  EXPECT_EQ(b.get("/api/v1/members/no-such-member-here/achievements").status, 404);
}

TEST(HttpTalent, TheProfileListsTalksAndStandardsRoles) {
  Browser b(port());
  auto top = json::parse(b.get("/api/v1/rankings?category=community&limit=20").body);
  ASSERT_FALSE(top["entries"].empty()) << "the demo's talks and published standard earn community medals";
  bool talk = false, role = false;
  for (const auto& e : top["entries"]) {
    const std::string handle = e["handle"];
    auto a = json::parse(b.get("/api/v1/members/" + handle + "/achievements").body);
    if (!a["talks"].empty() && !talk) {
      talk = true;
      EXPECT_EQ(a["talks"][0]["url"].get<std::string>().rfind("/events/", 0), 0u);
      EXPECT_TRUE(contains(b.get("/members/" + handle).body, "data-testid=\"talk-list\""));
    }
    if (!a["standards_roles"].empty() && !role) {
      role = true;
      EXPECT_TRUE(contains(b.get("/members/" + handle, {{"Accept-Language", "zh-CN"}}).body, "标准工作"));
    }
  }
  EXPECT_TRUE(talk);
  EXPECT_TRUE(role);
}

TEST(HttpTalent, AMemberHidesSectionsOfTheirAchievements) {
  Browser b(port());
  const auto handle = register_member(b, "hide");
  EXPECT_EQ(b.post("/settings/achievements", {{"hidden", "history"}}).status, 303);
  auto own = b.get("/members/" + handle);
  EXPECT_TRUE(contains(own.body, "value=\"history\" checked"));
  const auto token = create_token(b);
  Browser api(port());
  auto mine = json::parse(api.get("/api/v1/members/" + handle + "/achievements", {{"Authorization", "Bearer " + token}}).body);
  ASSERT_TRUE(mine.contains("hidden_sections"));
  EXPECT_EQ(mine["hidden_sections"][0], "history");
  auto theirs = json::parse(Browser(port()).get("/api/v1/members/" + handle + "/achievements").body);
  EXPECT_FALSE(theirs.contains("hidden_sections"));
  EXPECT_EQ(b.post("/settings/achievements", {{"hidden", "passwords"}}).status, 422);
  Browser anonymous(port());
  anonymous.get("/talent");
  auto r = anonymous.post("/settings/achievements", {{"hidden", "history"}});
  EXPECT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location").rfind("/login", 0), 0u);
}

}  // namespace aigc::test
