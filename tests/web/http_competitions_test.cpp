#include <nlohmann/json.hpp>

#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

TEST(HttpCompetitions, AnOrganizerPublishesAChallengeWithAPhase) {
  Browser admin(port());
  sign_in_admin(admin);
  auto slug = unique("challenge-");
  auto created = admin.post("/competitions", {{"slug", slug}, {"title_en", "Scene Captioning"}, {"title_zh", "图像中文描述"},
                                              {"description_en", "Describe **images**."}, {"tags", "vision, nlp"},
                                              {"visibility", "draft"}});
  ASSERT_EQ(created.status, 303) << created.body;
  EXPECT_EQ(created.header("location"), "/competitions/" + slug);
  Browser visitor(port());
  EXPECT_EQ(visitor.get("/competitions/" + slug).status, 404);  // a draft
  EXPECT_EQ(visitor.get("/api/v1/competitions/" + slug).status, 404);
  auto bad = admin.post("/competitions/" + slug + "/phases", {{"name", "dev"}, {"starts_at", "2026-12-01T00:00"},
                                                             {"ends_at", "2026-11-01T00:00"}, {"metric", "bleu"},
                                                             {"params", "{\"tokenize\":\"zh\"}"}, {"public_fraction", "0.3"},
                                                             {"daily_limit", "5"}, {"total_limit", "0"}, {"max_team_size", "3"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "class=\"field-error\""));
  auto phase = admin.post("/competitions/" + slug + "/phases", {{"name", "dev"}, {"starts_at", "2026-12-01T00:00"},
                                                               {"ends_at", "2027-01-01T00:00"}, {"metric", "bleu"},
                                                               {"params", "{\"tokenize\":\"zh\"}"}, {"public_fraction", "0.3"},
                                                               {"daily_limit", "5"}, {"total_limit", "0"}, {"max_team_size", "3"}});
  ASSERT_EQ(phase.status, 303) << phase.body;
  auto publish = admin.post("/competitions/" + slug, {{"title_en", "Scene Captioning"}, {"title_zh", "图像中文描述"},
                                                      {"description_en", "Describe **images**."}, {"visibility", "published"}});
  ASSERT_EQ(publish.status, 303) << publish.body;
  auto page = visitor.get("/competitions/" + slug, {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "图像中文描述"));
  EXPECT_TRUE(contains(page.body, "data-testid=\"phases\""));
  auto api = json::parse(visitor.get("/api/v1/competitions/" + slug).body);
  EXPECT_EQ(api["phases"][0]["metric"], "bleu");
  EXPECT_EQ(api["phases"][0]["params"]["tokenize"], "zh");
  EXPECT_EQ(api["phases"][0]["max_team_size"], 3);
  bool listed = false;
  auto all = json::parse(visitor.get("/api/v1/competitions").body);
  for (const auto& c : all["competitions"]) listed = listed || c["slug"] == slug;
  EXPECT_TRUE(listed);
  EXPECT_TRUE(contains(visitor.get("/competitions").body, slug));
}

TEST(HttpCompetitions, MembersCannotHost) {
  Browser b(port());
  register_member(b, "nohost");
  EXPECT_EQ(b.get("/competitions/new").status, 403);
  EXPECT_EQ(b.post("/competitions", {{"slug", unique("x-")}, {"title_en", "X"}}).status, 403);
}

}  // namespace aigc::test
