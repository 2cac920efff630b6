#include <nlohmann/json.hpp>

#include "support/images.hpp"
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

namespace aigc::test {


TEST(HttpCompetitions, ParticipantsDownloadPublicDataButNeverTheTruth) {
  Browser admin(port());
  sign_in_admin(admin);
  auto slug = unique("data-");
  ASSERT_EQ(admin.post("/competitions", {{"slug", slug}, {"title_en", "Data"}, {"visibility", "published"}}).status, 303);
  ASSERT_EQ(admin.post("/competitions/" + slug + "/phases", {{"name", "dev"}, {"starts_at", "2026-12-01T00:00"},
                                                            {"ends_at", "2027-01-01T00:00"}, {"metric", "accuracy"},
                                                            {"params", "{}"}, {"public_fraction", "0.5"}, {"daily_limit", "5"},
                                                            {"total_limit", "0"}, {"max_team_size", "3"}})
                .status,
            303);
  const std::string b = "xYzBoundary42";
  auto type = "multipart/form-data; boundary=" + b;
  auto up = admin.request("POST", "/competitions/" + slug + "/files",
                          multipart(b, {{"csrf", admin.cookie("aigc_csrf")}, {"kind", "public"}}, "train.csv", "id,label\n1,a\n"),
                          {{"Content-Type", type}});
  ASSERT_EQ(up.status, 303) << up.body;
  auto truth = admin.request("POST", "/competitions/" + slug + "/files",
                             multipart(b, {{"csrf", admin.cookie("aigc_csrf")}, {"kind", "truth"}, {"phase", "dev"}}, "truth.csv",
                                       "id,label\n1,SECRET\n"),
                             {{"Content-Type", type}});
  ASSERT_EQ(truth.status, 303) << truth.body;
  Browser visitor(port());
  auto file = visitor.get("/competitions/" + slug + "/files/train.csv");
  ASSERT_EQ(file.status, 200);
  EXPECT_EQ(file.body, "id,label\n1,a\n");
  EXPECT_TRUE(contains(file.header("content-disposition"), "attachment"));
  // Every route a participant could try: nothing carries the truth.
  Browser player(port());
  register_member(player, "peek");
  for (auto* who : {&visitor, &player, &admin}) {
    for (const auto& path : std::vector<std::string>{"/competitions/" + slug + "/files/truth.csv", "/competitions/" + slug + "/files/dev/truth.csv",
                                   "/competitions/" + slug + "/files/..%2Ftruth.csv", "/competitions/" + slug,
                                   "/api/v1/competitions/" + slug, "/api/v1/competitions", "/competitions"}) {
      auto r = who->get(path);
      EXPECT_FALSE(contains(r.body, "SECRET")) << path;
    }
  }
  EXPECT_EQ(visitor.get("/competitions/" + slug + "/files/truth.csv").status, 404);
  auto forged = player.request("POST", "/competitions/" + slug + "/files",
                               multipart(b, {{"csrf", "forged-token-forged-token"}, {"kind", "public"}}, "x.csv", "x"),
                               {{"Content-Type", type}});
  EXPECT_EQ(forged.status, 403);
  auto cut = admin.request("POST", "/competitions/" + slug + "/files",
                           "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.csv\"\r\n\r\nhalf",
                           {{"Content-Type", type}});
  EXPECT_EQ(cut.status, 400);  // an upload cut off midway stores nothing
  EXPECT_EQ(admin.get("/competitions/" + slug + "/files/a.csv").status, 404);
}

}  // namespace aigc::test

namespace aigc::test {

TEST(HttpCompetitions, WrittenTextsShowInTheReadersLanguageWithASwitchToTheOther) {
  Browser en(port()), zh(port());
  zh.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}});
  en.post("/lang", {{"lang", "en"}, {"next", "/"}});
  auto page_en = en.get("/competitions/ai-challenger-demo");
  EXPECT_TRUE(contains(page_en.body, "One account per person")) << "English rules for an English reader";
  EXPECT_TRUE(contains(page_en.body, "data-testid=\"also-in\"") && contains(page_en.body, "?text=zh-CN")) << "and a way to the Chinese";
  auto page_zh = zh.get("/competitions/ai-challenger-demo");
  EXPECT_TRUE(contains(page_zh.body, "每人一个账号")) << "Chinese rules for a Chinese reader";
  EXPECT_TRUE(contains(page_zh.body, "第一名"));
  auto switched = en.get("/competitions/ai-challenger-demo?text=zh-CN");
  EXPECT_TRUE(contains(switched.body, "每人一个账号")) << "the switch shows the other texts";
  EXPECT_TRUE(contains(switched.body, "lang=\"zh-CN\">")) << "marked as Chinese for screen readers and fonts";
  // A competition written in English only: Chinese readers see it, told so, with no switch.
  Browser admin(port());
  sign_in_admin(admin);
  auto slug = unique("en-only-");
  ASSERT_EQ(admin.post("/competitions", {{"slug", slug}, {"title_en", "English only"}, {"description_en", "Only English here."},
                                         {"visibility", "published"}}).status,
            303);
  auto only = zh.get("/competitions/" + slug);
  EXPECT_TRUE(contains(only.body, "Only English here."));
  EXPECT_TRUE(contains(only.body, "此内容仅有英文版本")) << only.body.substr(0, 200);
  EXPECT_FALSE(contains(only.body, "data-testid=\"also-in\""));
  auto api = nlohmann::json::parse(en.get("/api/v1/competitions/ai-challenger-demo").body);
  EXPECT_FALSE(api["texts"]["zh-CN"]["rules_md"].get<std::string>().empty()) << "the API carries both languages";
}

TEST(HttpCompetitions, OrganizationsHaveNamesAndDescriptionsInBothLanguages) {
  Browser zh(port()), en(port());
  zh.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}});
  en.post("/lang", {{"lang", "en"}, {"next", "/"}});
  auto org_zh = zh.get("/organizations/tsinghua-university");
  EXPECT_TRUE(contains(org_zh.body, "<h1>清华大学 <span class=\"muted\" data-testid=\"other-name\">Tsinghua University</span>"));
  EXPECT_TRUE(contains(org_zh.body, "位于北京的研究型大学"));
  auto org_en = en.get("/organizations/tsinghua-university");
  EXPECT_TRUE(contains(org_en.body, "<h1>Tsinghua University <span class=\"muted\" data-testid=\"other-name\">清华大学</span>"));
  // Editing in Chinese keeps the English name where it was.
  Browser admin(port());
  sign_in_admin(admin);
  admin.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}});
  auto form = admin.get("/organizations/peking-university/edit");
  EXPECT_TRUE(contains(form.body, "name=\"name\" value=\"Peking University\""));
  EXPECT_TRUE(contains(form.body, "name=\"name_zh\" value=\"北京大学\""));
}

}  // namespace aigc::test

namespace aigc::test {

// A competition's cover is a picture its organizer uploads: re-encoded, shown on its page
// and on its card; anything but a picture is refused with a message, and others cannot
// change it.
TEST(HttpCompetitions, TheCoverIsAnUploadedPictureShownOnThePageAndTheCard) {
  Browser admin(port()), member(port()), visitor(port());
  sign_in_admin(admin);
  admin.post("/lang", {{"lang", "en"}, {"next", "/"}});
  auto demo = visitor.get("/competitions/ai-challenger-demo").body;
  EXPECT_TRUE(contains(demo, "data-testid=\"competition-cover\"")) << "the demo has its cover";
  auto slug = unique("cov-");
  ASSERT_EQ(admin.post("/competitions", {{"slug", slug}, {"title_en", "Covered"}, {"visibility", "published"}}).status, 303);
  auto form = [&](Browser& b, const std::string& filename, const std::string& bytes) {
    std::string boundary = "----cover";
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + b.cookie("aigc_csrf") + "\r\n--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"" + filename +
                       "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
    return b.request("POST", "/competitions/" + slug + "/cover", body, {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  };
  auto refused = form(admin, "cover.png", "<svg onload=alert(1)>");
  EXPECT_EQ(refused.status, 422);
  EXPECT_TRUE(contains(refused.body, "<p class=\"field-error\">Upload a PNG or JPEG picture.</p>")) << refused.body;
  ASSERT_EQ(form(admin, "photo.jpg", make_jpeg(3000, 900)).status, 303);
  auto page = visitor.get("/competitions/" + slug).body;
  auto at = page.find("<img src=\"/media/");
  ASSERT_NE(at, std::string::npos);
  auto url = page.substr(at + 10, 75);
  auto picture = visitor.get(url);
  ASSERT_EQ(picture.status, 200);
  EXPECT_EQ(png_size(picture.body), (std::pair<int, int>{1600, 480})) << "re-encoded as PNG, scaled to 1600 wide";
  EXPECT_TRUE(contains(visitor.get("/competitions").body, "<img class=\"card-cover\" src=\"" + url + "\""));
  EXPECT_EQ(nlohmann::json::parse(visitor.get("/api/v1/competitions/" + slug).body)["cover"], url);
  register_member(member, "coverless");
  EXPECT_EQ(form(member, "x.png", make_png(20, 20)).status, 403);
  auto bad_url = admin.post("/competitions/" + slug, {{"title_en", "Covered"}, {"visibility", "published"}, {"cover", "javascript:alert(1)"}});
  EXPECT_EQ(bad_url.status, 422);
}

}  // namespace aigc::test
