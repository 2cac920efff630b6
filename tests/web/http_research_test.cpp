// Research over HTTP: the demo's papers, sharing one through the API with a token and
// through the form, a co-author confirming, clear errors.
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

TEST(HttpResearch, TheResearchPageListsTheDemoPapersInTheReadersLanguage) {
  Browser b(port());
  auto zh = b.get("/research", {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(zh.status, 200);
  EXPECT_TRUE(contains(zh.body, "data-testid=\"papers\""));
  EXPECT_TRUE(contains(zh.body, "给提示而非答案")) << "the newest first";
  auto en = b.get("/research?field=speech", {{"Accept-Language", "en"}});
  EXPECT_TRUE(contains(en.body, "Two hundred hours are enough"));
  EXPECT_FALSE(contains(en.body, "Where the photos come from")) << "a vision paper is not in speech";
  auto api = json::parse(b.get("/api/v1/papers?limit=50").body);
  EXPECT_GE(api["papers"].size(), 40u);
  EXPECT_EQ(b.get("/research?field=astrology").status, 422);
}

TEST(HttpResearch, AMemberSharesAPaperThroughTheApiAndTheCoAuthorConfirmsInTheBrowser) {
  Browser author(port());
  auto author_handle = register_member(author, "scholar");
  auto token = create_token(author);
  ASSERT_FALSE(token.empty());
  Browser coauthor(port());
  auto co_handle = register_member(coauthor, "coauthor");

  Browser api(port());
  json body = {{"title_en", "Counting quokkas from drones"},
               {"title_zh", "用无人机统计短尾矮袋鼠"},
               {"abstract_en", "We count quokkas on Rottnest Island from **drone** photos."},
               {"authors", {"@" + author_handle, "@" + co_handle, "Ada Lovelace (Analytical Engines)"}},
               {"year", 2026},
               {"arxiv_id", "2602.00001"},
               {"fields", {"computer-vision"}},
               {"tags", {"ecology", "drones"}}};
  auto created = api.request("POST", "/api/v1/papers", body.dump(),
                             {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto paper = json::parse(created.body);
  const std::string url = paper["url"];
  EXPECT_EQ(paper["authors"][1]["confirmed"], false);
  EXPECT_EQ(paper["links"][0]["url"], "https://arxiv.org/abs/2602.00001");

  // Anonymous search finds it at once, by a two-character Chinese word.
  auto found = json::parse(api.get("/api/v1/search?type=paper&q=" + url_encode("袋鼠")).body);
  ASSERT_EQ(found["total"], 1) << found.dump();
  EXPECT_EQ(found["results"][0]["url"], url);

  // The co-author sees the question and confirms.
  auto page = coauthor.get(url);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "data-testid=\"confirm-authorship\""));
  auto answer = coauthor.post(url + "/authorship", {{"answer", "confirm"}});
  EXPECT_EQ(answer.status, 303);
  auto after = json::parse(api.get("/api/v1/papers/" + paper["id"].get<std::string>()).body);
  EXPECT_EQ(after["authors"][1]["confirmed"], true);
  EXPECT_TRUE(contains(api.get("/members/" + co_handle).body, "Counting quokkas")) << "on the co-author's profile";
  // Someone else cannot answer for them.
  EXPECT_EQ(author.post(url + "/authorship", {{"answer", "decline"}}).status, 303) << "the author is named too";
  Browser stranger(port());
  register_member(stranger, "stranger");
  EXPECT_EQ(stranger.post(url + "/authorship", {{"answer", "confirm"}}).status, 403);
}

TEST(HttpResearch, BadPapersAreRefusedWithEveryFieldNamedAndAnonymousPostsNeedSignIn) {
  Browser b(port());
  EXPECT_EQ(b.request("POST", "/api/v1/papers", "{}", {{"Content-Type", "application/json"}}).status, 401);
  register_member(b, "sloppy");
  auto token = create_token(b);
  Browser api(port());
  json body = {{"authors", json::array()}, {"year", "soon"}, {"doi", "11.x"}, {"fields", {"astrology"}}, {"code_url", "ftp://x"}};
  auto r = api.request("POST", "/api/v1/papers", body.dump(), {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
  ASSERT_EQ(r.status, 422) << r.body;
  std::set<std::string> fields;
  const json error = json::parse(r.body);
  for (const auto& d : error["error"]["details"]) fields.insert(d["field"].get<std::string>());
  for (const char* f : {"title_en", "abstract_en", "authors", "year", "doi", "fields", "code_url"})
    EXPECT_TRUE(fields.count(f)) << f << ": " << r.body;
  auto form = b.post("/research/papers", {{"title_en", "x"}, {"authors", "@no-such-member-anywhere"}, {"year", "2026"},
                                          {"abstract_en", "y"}, {"fields", "nlp"}},
                     true);
  EXPECT_EQ(form.status, 422);
  EXPECT_TRUE(contains(form.body, "no-such-member-anywhere")) << "the form comes back with what was typed";
}

TEST(HttpResearch, ThePaperIsEditedLinkedToACompetitionAndGetsItsPdf) {
  Browser sharer(port());
  auto handle = register_member(sharer, "pdfsharer");
  auto token = create_token(sharer);
  Browser api(port());
  const std::map<std::string, std::string> auth = {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}};
  json body = {{"title_en", "Baselines for scene classification"}, {"abstract_en", "We compare $k$-NN and CNNs."},
               {"authors", {"@" + handle}}, {"year", 2026}, {"fields", {"computer-vision"}}};
  auto created = api.request("POST", "/api/v1/papers", body.dump(), auth);
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string id = json::parse(created.body)["id"];

  body["competitions"] = {"ai-challenger-demo"};
  body["title_en"] = "Strong baselines for scene classification";
  auto edited = api.request("PUT", "/api/v1/papers/" + id, body.dump(), auth);
  ASSERT_EQ(edited.status, 200) << edited.body;
  auto paper = json::parse(edited.body);
  EXPECT_EQ(paper["related"][0]["url"], "/competitions/ai-challenger-demo");
  EXPECT_TRUE(contains(api.get("/competitions/ai-challenger-demo").body, "Strong baselines for scene classification"))
      << "shown on the competition's page";
  auto page = sharer.get("/research/papers/" + id);
  EXPECT_TRUE(contains(page.body, "data-testid=\"related-competitions\""));
  EXPECT_TRUE(contains(page.body, "class=\"math\"")) << "the abstract's math is left for KaTeX";
  EXPECT_TRUE(contains(page.body, "/static/katex/katex.min.js"));

  Browser stranger(port());
  register_member(stranger, "pdfstranger");
  EXPECT_EQ(stranger.get("/research/papers/" + id + "/edit").status, 403);

  const std::string pdf = "%PDF-1.4\n% test\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";
  auto not_pdf = api.request("POST", "/api/v1/papers/" + id + "/pdf", "<html>not a pdf</html>",
                             {{"Content-Type", "application/pdf"}, {"Authorization", "Bearer " + token}});
  EXPECT_EQ(not_pdf.status, 422) << not_pdf.body;
  auto uploaded = api.request("POST", "/api/v1/papers/" + id + "/pdf", pdf,
                              {{"Content-Type", "application/pdf"}, {"Authorization", "Bearer " + token}});
  ASSERT_EQ(uploaded.status, 200) << uploaded.body;
  EXPECT_EQ(json::parse(uploaded.body)["pdf_url"], "/research/papers/" + id + "/pdf");
  auto served = Browser(port()).get("/research/papers/" + id + "/pdf");
  ASSERT_EQ(served.status, 200);
  EXPECT_EQ(served.header("content-type"), "application/pdf");
  EXPECT_EQ(served.body, pdf);
  EXPECT_TRUE(contains(served.header("content-security-policy"), "sandbox"));
  EXPECT_EQ(Browser(port()).get("/research/papers/1/pdf").status, 404) << "a paper without a PDF";
}

}  // namespace aigc::test
