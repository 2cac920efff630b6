// Learning paths, the talent pool and opportunities over HTTP on the demo: the demo's paths in
// both languages; a new member enrols, reads, submits to a playground and is certified with a
// verification page and API; the pool shows no address until the member accepts; only a
// partner's managers search it; opportunities are posted, listed and saved.
#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

namespace {

HttpResponse api(const std::string& method, const std::string& path, const std::string& token, const json& body = json()) {
  Browser b(port());
  std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + token}};
  if (!body.is_null()) headers["Content-Type"] = "application/json";
  return b.request(method, path, body.is_null() ? "" : body.dump(), headers);
}

std::string admin_token() {
  static std::string token = [] {
    Browser admin(port());
    sign_in_admin(admin);
    return create_token(admin);
  }();
  return token;
}

std::string iso_in_days(int days) { return iso8601_utc(now_utc() + days * 86400LL); }

std::string demo_organization() {
  auto orgs = json::parse(Browser(port()).get("/api/v1/organizations").body);
  return orgs["organizations"][0]["slug"];
}

}  // namespace

TEST(HttpLearning, TheDemoPathsInBothLanguages) {
  Browser b(port());
  auto en = b.get("/learn", {{"Accept-Language", "en"}});
  ASSERT_EQ(en.status, 200);
  EXPECT_TRUE(contains(en.body, "Computer vision from scratch"));
  EXPECT_TRUE(contains(en.body, "data-testid=\"talent-tabs\""));
  auto zh = b.get("/learn/computer-vision-from-scratch", {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(zh.status, 200);
  EXPECT_TRUE(contains(zh.body, "从零开始学计算机视觉"));
  EXPECT_TRUE(contains(zh.body, "准确率达到 85%"));
  EXPECT_TRUE(contains(zh.body, "登录后报名"));
  auto path = json::parse(b.get("/api/v1/learning-paths/computer-vision-from-scratch").body);
  EXPECT_GT(path["enrolled_members"].get<int>(), 10);
  EXPECT_GT(path["completed_members"].get<int>(), 0) << "the demo's best practisers hold certificates";
  EXPECT_EQ(path["steps"].back()["kind"], "competition");
  // The playground says what it is.
  EXPECT_TRUE(contains(b.get("/competitions/playground-handwritten-digits").body, "data-testid=\"playground-badge\""));
  auto competition = json::parse(b.get("/api/v1/competitions/playground-handwritten-digits").body);
  EXPECT_EQ(competition["playground"], true);
  EXPECT_EQ(b.get("/learn/no-such-path").status, 404);
}

TEST(HttpLearning, AMemberCompletesAPathAndAnyoneVerifiesTheCertificate) {
  // A path whose playground step any scored submission passes (accuracy >= 0).
  const auto slug = unique("first-steps-");
  auto made = api("POST", "/api/v1/learning-paths", admin_token(),
                  {{"slug", slug}, {"title_en", "First steps"}, {"title_zh", "第一步"}, {"published", true},
                   {"steps", json::array({{{"kind", "page"}, {"target", "introduction"}},
                                          {{"kind", "competition"}, {"target", "playground-handwritten-digits"}, {"phase", "practice"},
                                           {"target_score", 0.0}, {"title_en", "Submit once"}, {"title_zh", "提交一次"}}})}});
  ASSERT_EQ(made.status, 201) << made.body;
  auto bad = api("POST", "/api/v1/learning-paths", admin_token(),
                 {{"title_en", "Broken"}, {"steps", json::array({{{"kind", "competition"}, {"target", "ai-challenger-2025-reading"}, {"phase", "final"}}})}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(first_problem(bad), "error.learning_step");

  Browser b(port());
  const auto handle = register_member(b, "learner");
  EXPECT_EQ(b.post("/learn/" + slug + "/steps/1/read", {}).status, 409);  // enrol first
  EXPECT_EQ(b.post("/learn/" + slug + "/enrol", {}).status, 303);
  EXPECT_EQ(b.post("/learn/" + slug + "/steps/1/read", {}).status, 303);
  EXPECT_EQ(b.post("/learn/" + slug + "/steps/2/read", {}).status, 409);  // passes by score only
  EXPECT_EQ(b.post("/competitions/playground-handwritten-digits/join", {{"accept_rules", "1"}}).status, 303);
  const auto token = create_token(b);
  std::string csv = "id,label\n";
  for (int i = 0; i < 200; ++i) csv += "img" + std::to_string(i) + ",0\n";
  auto submitted = api_submit(port(), token, "playground-handwritten-digits", csv);
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  auto done = wait_done(b, json::parse(submitted.body)["id"]);
  ASSERT_EQ(done["status"], "scored") << done.dump();

  auto page = b.get("/learn/" + slug);
  ASSERT_TRUE(contains(page.body, "data-testid=\"learning-completed\"")) << page.body;
  auto mine = json::parse(api("GET", "/api/v1/learning-paths/" + slug, token).body);
  ASSERT_TRUE(mine["progress"]["certificate"].is_string());
  const std::string url = mine["progress"]["certificate"];
  const std::string code = url.substr(url.rfind('/') + 1);
  Browser stranger(port());
  auto cert = stranger.get(url, {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(cert.status, 200);
  EXPECT_TRUE(contains(cert.body, "@" + handle));
  EXPECT_TRUE(contains(cert.body, "第一步"));
  EXPECT_TRUE(contains(cert.body, "结业证书"));
  auto verified = json::parse(stranger.get("/api/v1/certificates/" + code).body);
  EXPECT_EQ(verified["handle"], handle);
  EXPECT_EQ(verified["valid"], true);
  EXPECT_EQ(stranger.get("/api/v1/certificates/" + code + "0").status, 404);
  // The profile lists the completed path.
  EXPECT_TRUE(contains(stranger.get("/members/" + handle).body, "data-testid=\"certificate-list\""));
  auto achievements = json::parse(stranger.get("/api/v1/members/" + handle + "/achievements").body);
  ASSERT_EQ(achievements["certificates"].size(), 1u);
  EXPECT_EQ(achievements["certificates"][0]["path"], slug);
}

TEST(HttpLearning, TheFormNamesTheLineToFixInEitherLanguage) {
  Browser admin(port());
  sign_in_admin(admin);
  EXPECT_EQ(admin.get("/learn/new").status, 200);
  const std::string body = "csrf=" + admin.cookie("aigc_csrf") + "&title_en=T&steps=page+introduction%0Avideo+x";
  // The admin's language is whatever the tests before chose: set each one explicitly.
  EXPECT_EQ(admin.post("/lang", {{"lang", "en"}}).status, 303);
  auto r = admin.request("POST", "/learn", body, {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(contains(r.body, "Line 2: write"));
  EXPECT_EQ(admin.post("/lang", {{"lang", "zh-CN"}}).status, 303);
  auto zh = admin.request("POST", "/learn", body, {{"Content-Type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(zh.status, 422);
  EXPECT_TRUE(contains(zh.body, "第 2 行"));
  Browser member(port());
  register_member(member, "notorg");
  EXPECT_EQ(member.get("/learn/new").status, 403);
}

TEST(HttpTalentPool, NoAddressUntilTheMemberAcceptsAndOnlyManagersSearch) {
  const auto org = demo_organization();
  Browser member(port());
  const auto handle = register_member(member, "pool");
  EXPECT_EQ(member.get("/settings/talent-pool").status, 200);
  EXPECT_EQ(member.post("/settings/talent-pool", {{"open", "1"}, {"seeking", "A speech internship"}, {"kinds", "internship"},
                                                  {"locations", "Beijing"}, {"languages", "zh, en"}}).status,
            303);
  auto bad = member.post("/settings/talent-pool", {{"open", "1"}, {"languages", "Chinese!"}});
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "codes such as en, zh or ja"));

  // A member who manages nothing cannot search; the admin can, for any partner.
  const auto member_token = create_token(member);
  EXPECT_EQ(api("GET", "/api/v1/talent-pool?organization=" + org, member_token).status, 403);
  EXPECT_TRUE(contains(member.get("/talent/pool").body, "You do not manage a partner organization"));
  auto found = json::parse(api("GET", "/api/v1/talent-pool?organization=" + org + "&language=zh&kind=internship&country=CN", admin_token()).body);
  bool listed = false;
  for (const auto& c : found["candidates"]) {
    listed |= c["handle"] == handle;
    EXPECT_FALSE(c.contains("email"));
  }
  EXPECT_TRUE(listed) << found.dump();
  Browser admin(port());
  sign_in_admin(admin);
  auto search = admin.get("/talent/pool?organization=" + org + "&skill=&language=zh&page=1");
  EXPECT_EQ(search.status, 200);
  EXPECT_FALSE(contains(search.body, handle + "@example.org"));

  // Asked, then accepted: the address appears on the organization's requests, and only there.
  EXPECT_EQ(admin.post("/talent/pool/requests", {{"organization", org}, {"handle", handle}, {"message", "Would you talk to us?"}}).status, 303);
  EXPECT_FALSE(contains(admin.get("/talent/pool/requests?organization=" + org).body, handle + "@example.org"));
  auto mine = json::parse(api("GET", "/api/v1/contact-requests", member_token).body);
  ASSERT_EQ(mine["requests"].size(), 1u);
  EXPECT_EQ(mine["requests"][0]["status"], "pending");
  const auto id = std::to_string(mine["requests"][0]["id"].get<long long>());
  EXPECT_TRUE(contains(member.get("/settings/talent-pool").body, "Accept: share my e-mail address"));
  EXPECT_EQ(member.post("/settings/talent-pool/requests/" + id, {{"answer", "accept"}}).status, 303);
  EXPECT_TRUE(contains(admin.get("/talent/pool/requests?organization=" + org).body, handle + "@example.org"));
  EXPECT_EQ(member.post("/settings/talent-pool/requests/" + id, {{"answer", "decline"}}).status, 409);

  // Leaving the pool: gone from every search at once.
  EXPECT_EQ(member.post("/settings/talent-pool", {{"seeking", ""}}).status, 303);
  auto after = json::parse(api("GET", "/api/v1/talent-pool?organization=" + org + "&language=zh&kind=internship&country=CN", admin_token()).body);
  for (const auto& c : after["candidates"]) EXPECT_NE(c["handle"], handle);
  Browser anonymous(port());
  anonymous.get("/");
  EXPECT_EQ(anonymous.get("/talent/pool").status, 303);
}

TEST(HttpTalentPool, OpportunitiesArePostedListedAndSaved) {
  Browser b(port());
  auto en = b.get("/opportunities");
  ASSERT_EQ(en.status, 200);
  EXPECT_TRUE(contains(en.body, "data-testid=\"opportunity-card\""));
  EXPECT_TRUE(contains(b.get("/opportunities", {{"Accept-Language", "zh-CN"}}).body, "合作机构发布的全职、实习和科研职位"));
  const auto org = demo_organization();
  auto posted = api("POST", "/api/v1/opportunities", admin_token(),
                    {{"organization", org}, {"kind", "research"}, {"title", "Visiting researcher, evaluation"},
                     {"description_md", "Six months on **evaluation**."}, {"location", "Remote"}, {"remote", true},
                     {"closes_at", "2099-01-31T00:00:00Z"}});
  EXPECT_EQ(posted.status, 422) << "closes within two years";
  posted = api("POST", "/api/v1/opportunities", admin_token(),
               {{"organization", org}, {"kind", "research"}, {"title", "Visiting researcher, evaluation"},
                {"description_md", "Six months on **evaluation**."}, {"location", "Remote"}, {"remote", true},
                {"closes_at", iso_in_days(30)}});
  ASSERT_EQ(posted.status, 201) << posted.body;
  const auto id = std::to_string(json::parse(posted.body)["id"].get<long long>());
  auto list = json::parse(b.get("/api/v1/opportunities?kind=research").body);
  bool seen = false;
  for (const auto& o : list["opportunities"]) seen |= std::to_string(o["id"].get<long long>()) == id;
  EXPECT_TRUE(seen);
  EXPECT_TRUE(contains(b.get("/opportunities/" + id).body, "<strong>evaluation</strong>"));

  Browser member(port());
  register_member(member, "saver");
  EXPECT_EQ(member.post("/opportunities/" + id + "/save", {{"saved", "1"}}).status, 303);
  EXPECT_TRUE(contains(member.get("/opportunities?saved=1").body, "Visiting researcher, evaluation"));
  EXPECT_TRUE(contains(member.get("/opportunities/" + id).body, "data-testid=\"opportunity-unsave\""));
  const auto token = create_token(member);
  EXPECT_EQ(api("POST", "/api/v1/opportunities", token,
                {{"organization", org}, {"kind", "job"}, {"title", "x"}, {"description_md", "y"}, {"closes_at", iso_in_days(5)}})
                .status,
            403);
  EXPECT_EQ(member.get("/opportunities/999999999").status, 404);
}

}  // namespace aigc::test
