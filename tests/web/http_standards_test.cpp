// Standards over HTTP: the demo's catalogue, published standard and public review in both
// languages; a standard taken through its lifecycle by the API (versions, the clause diff
// of Chinese text, a public review with anchored comments, a ballot whose disapproval
// needs reasons), a comment posted by the page's form landing in its clause, and the
// comment resolution as a page and CSV.
#include <nlohmann/json.hpp>

#include "support/atom_check.hpp"
#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

namespace {

HttpResponse api(const std::string& method, const std::string& token, const std::string& path, const std::string& body = "") {
  Browser b(port());
  std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + token}};
  if (!body.empty()) headers["Content-Type"] = "application/json";
  return b.request(method, path, body, headers);
}

std::int64_t demo_standard(const std::string& title_en) {
  Browser b(port());
  auto list = json::parse(b.get("/api/v1/standards").body);
  for (const auto& s : list["standards"])
    if (s["title_en"] == title_en) return s["id"].get<std::int64_t>();
  ADD_FAILURE() << "no demo standard " << title_en;
  return 0;
}


}  // namespace

TEST(HttpStandards, TheDemoShowsAPublishedStandardAndAReviewInBothLanguages) {
  Browser b(port());
  auto en = b.get("/standards");
  ASSERT_EQ(en.status, 200);
  EXPECT_TRUE(contains(en.body, "Labelling of AI-generated content"));
  EXPECT_TRUE(contains(en.body, "AIGC-STD-0001:"));
  EXPECT_TRUE(contains(en.body, "Public review"));
  auto zh = b.get("/standards", {{"Accept-Language", "zh-CN"}});
  EXPECT_TRUE(contains(zh.body, "人工智能生成内容标识"));
  EXPECT_TRUE(contains(zh.body, "公开征求意见"));

  const auto label = demo_standard("Labelling of AI-generated content");
  const std::string url = "/standards/" + std::to_string(label);
  auto page = b.get(url);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "data-testid=\"ballot-result\">Approved<")) << "the final ballot's recorded result";
  EXPECT_TRUE(contains(page.body, "one vote per participating organization"));
  EXPECT_TRUE(contains(page.body, "approved by the final ballot")) << "the history says why";
  EXPECT_TRUE(contains(page.body, "data-testid=\"citation\""));
  EXPECT_FALSE(contains(page.body, "comment-on-clause")) << "no comments outside a review";
  auto zh_page = b.get(url, {{"Accept-Language", "zh-CN"}});
  EXPECT_TRUE(contains(zh_page.body, "承载内容传播的平台应保留")) << "Chinese readers get the Chinese text";
  auto both = b.get(url + "?text=both");
  EXPECT_TRUE(contains(both.body, "data-testid=\"side-by-side-text\""));
  EXPECT_TRUE(contains(both.body, "Platforms that host shared content") && contains(both.body, "承载内容传播的平台"));
  EXPECT_TRUE(contains(b.get(url + "?print=1").body, "data-testid=\"standard-print\""));

  auto resolution = b.get(url + "/resolution");
  EXPECT_EQ(resolution.status, 200);
  EXPECT_TRUE(contains(resolution.body, "Accepted in principle"));
  auto csv = b.get(url + "/resolution.csv");
  EXPECT_TRUE(contains(csv.header("content-type"), "text/csv"));
  EXPECT_TRUE(contains(csv.body, "comment,version,clause,type,author,comment_text,proposed_change,disposition,reason,applied_in_version\r\n"));
  EXPECT_TRUE(contains(csv.body, ",rejected,"));

  // Comments on version 2 of the review draft still show on version 3, marked.
  const auto eval = demo_standard("Evaluation reports for large language models");
  auto review = b.get("/standards/" + std::to_string(eval));
  EXPECT_TRUE(contains(review.body, "data-testid=\"review-banner\""));
  EXPECT_TRUE(contains(review.body, "data-testid=\"earlier-version\""));
  EXPECT_TRUE(contains(review.body, "Agreed; 13-gram overlap")) << "replies sit under their comment";
  auto diff = json::parse(b.get("/api/v1/standards/" + std::to_string(eval) + "/diff?from=1&to=2").body);
  bool split = false;
  for (const auto& c : diff["changes"]) split = split || (c["change"] == "added" && c["to"]["number"] == "4.2");
  EXPECT_TRUE(split) << diff.dump();
  auto group = b.get("/standards/groups/aigc-content");
  EXPECT_TRUE(contains(group.body, "Ballots open now")) << "the group's page lists its open ballots";
  EXPECT_TRUE(contains(group.body, "/discussions?tag=aigc-content")) << "and its discussions";
  EXPECT_TRUE(contains(group.body, "infocomm-media-development-authority")) << "and its partner organizations";
  auto feed = b.get("/standards/feed.atom");
  EXPECT_EQ(feed.header("content-type"), "application/atom+xml; charset=utf-8");
  EXPECT_EQ(check_atom(feed.body).rfind("ok ", 0), 0u) << check_atom(feed.body);
  EXPECT_TRUE(contains(feed.body, "Labelling of AI-generated content: Published"));
  EXPECT_EQ(b.get("/standards/999999").status, 404);
  EXPECT_EQ(b.get("/standards/" + std::to_string(eval) + "/diff?from=1&to=99").status, 422);
}

TEST(HttpStandards, AStandardGoesThroughItsLifecycleByTheApi) {
  Browser admin(port());
  sign_in_admin(admin);  // the demo group's chair
  const auto chair = create_token(admin);
  Browser outsider_browser(port());
  register_member(outsider_browser, "std");
  const auto outsider = create_token(outsider_browser);

  EXPECT_EQ(api("POST", outsider, "/api/v1/standards", json{{"group", "aigc-content"}, {"title_en", "Mine"}}.dump()).status, 403);
  auto unknown = api("POST", chair, "/api/v1/standards", json{{"group", "no-such-group"}, {"title_en", "X"}}.dump());
  EXPECT_EQ(unknown.status, 422);
  EXPECT_EQ(first_problem(unknown), "error.unknown_group");
  auto created = api("POST", chair, "/api/v1/standards",
                     json{{"group", "aigc-content"}, {"title_en", "Model cards"}, {"title_zh", "模型说明卡"},
                          {"text_md", "## 1 Scope\n\nThis document specifies model cards.\n\n## 2 Contents\n\nA card names the training data.\n"},
                          {"text_zh_md", "## 1 范围\n\n本文件规定了模型说明卡。\n\n## 2 内容\n\n说明卡应写明训练数据。\n"}}.dump());
  ASSERT_EQ(created.status, 201) << created.body;
  const auto id = std::to_string(json::parse(created.body)["id"].get<std::int64_t>());
  EXPECT_EQ(json::parse(created.body)["status"], "proposal");
  auto skip = api("POST", chair, "/api/v1/standards/" + id + "/status", json{{"to", "published"}}.dump());
  EXPECT_EQ(skip.status, 422);
  EXPECT_EQ(first_problem(skip), "error.transition");
  EXPECT_EQ(api("POST", outsider, "/api/v1/standards/" + id + "/status", json{{"to", "working_draft"}}.dump()).status, 403);
  auto adopted = api("POST", chair, "/api/v1/standards/" + id + "/status", json{{"to", "working_draft"}, {"reason", "adopted"}}.dump());
  ASSERT_EQ(adopted.status, 200) << adopted.body;
  EXPECT_EQ(json::parse(adopted.body)["identifier"].get<std::string>().rfind("AIGC-STD-", 0), 0u);

  auto v2 = api("POST", chair, "/api/v1/standards/" + id + "/versions",
                json{{"text_md", "## 1 Scope\n\nThis document specifies model cards.\n\n## 2 Contents\n\nA card names the training data and its licence.\n"},
                     {"text_zh_md", "## 1 范围\n\n本文件规定了模型说明卡。\n\n## 2 内容\n\n说明卡应写明训练数据及其许可。\n"}, {"note", "licences"}}.dump());
  ASSERT_EQ(v2.status, 201) << v2.body;
  auto zh_diff = json::parse(api("GET", chair, "/api/v1/standards/" + id + "/diff?from=1&to=2&lang=zh-CN").body);
  ASSERT_EQ(zh_diff["changes"].size(), 1u) << zh_diff.dump();
  std::string added;
  for (const auto& p : zh_diff["changes"][0]["body_diff"])
    if (p["op"] == "added") added += p["text"].get<std::string>();
  EXPECT_EQ(added, "及其许可") << "the changed words, not the whole line";

  ASSERT_EQ(api("POST", chair, "/api/v1/standards/" + id + "/status", json{{"to", "committee_draft"}}.dump()).status, 200);
  auto review = api("POST", chair, "/api/v1/standards/" + id + "/reviews", json{{"closes_at", "2099-01-01T00:00:00Z"}}.dump());
  ASSERT_EQ(review.status, 201) << review.body;
  auto bad_clause = api("POST", outsider, "/api/v1/standards/" + id + "/comments", json{{"version", 2}, {"clause", "7.1"}, {"body_md", "x"}, {"type", "technical"}}.dump());
  EXPECT_EQ(bad_clause.status, 422);
  EXPECT_EQ(first_problem(bad_clause), "error.unknown_clause");
  auto comment = api("POST", outsider, "/api/v1/standards/" + id + "/comments",
                     json{{"version", 2}, {"clause", "2"}, {"passage", "its licence"}, {"body_md", "Which licence field?"}, {"type", "technical"},
                          {"proposed_change", "Name the SPDX identifier."}}.dump());
  ASSERT_EQ(comment.status, 201) << comment.body;
  EXPECT_EQ(json::parse(comment.body)["clause"], "2");
  const auto comment_id = std::to_string(json::parse(comment.body)["id"].get<std::int64_t>());
  EXPECT_EQ(api("POST", outsider, "/api/v1/standards/" + id + "/comments/" + comment_id + "/votes", "{}").status, 403) << "not your own";
  auto vote = api("POST", chair, "/api/v1/standards/" + id + "/comments/" + comment_id + "/votes", "{}");
  ASSERT_EQ(vote.status, 200) << vote.body;
  EXPECT_EQ(json::parse(vote.body)["votes"], 1);

  // A page form comment lands in its clause.
  auto page = admin.get("/standards/" + id);
  EXPECT_TRUE(contains(page.body, "comment-on-clause"));
  auto anchor = json::parse(comment.body)["anchor"].get<std::string>();
  auto form = admin.post("/standards/" + id + "/comments", {{"clause", anchor}, {"version", "2"}, {"type", "editorial"}, {"body_md", "Typo in the heading."}});
  ASSERT_EQ(form.status, 303) << form.body;
  EXPECT_TRUE(contains(form.header("location"), "#" + anchor));
  EXPECT_TRUE(contains(form.header("location"), "text=en")) << "back to the language whose clause it is";
  auto clause_section = [&](const std::string& text, const std::string& marker) {
    auto body = admin.get("/standards/" + id + "?text=" + text).body;
    auto at = body.find(marker);
    if (at == std::string::npos) return std::string();
    auto section = body.substr(at);
    return section.substr(0, section.find("</section>"));
  };
  auto section = clause_section("en", "id=\"" + anchor + "\"");
  EXPECT_TRUE(contains(section, "Which licence field?") && contains(section, "Typo in the heading.")) << "both comments sit in clause 2";
  section = clause_section("zh-CN", "data-clause=\"2\"");
  EXPECT_TRUE(contains(section, "Which licence field?")) << "and beside clause 2 of the Chinese text";

  // Ballot: disapproval needs reasons; the live tally; only members of the group vote.
  ASSERT_EQ(api("POST", chair, "/api/v1/standards/" + id + "/status", json{{"to", "committee_draft"}}.dump()).status, 409)
      << "not while the review runs";
  auto ballot = api("POST", chair, "/api/v1/standards/" + std::to_string(demo_standard("Documentation of training datasets")) + "/ballots",
                    json{{"stage", "committee"}, {"closes_at", "2099-01-01T00:00:00Z"}}.dump());
  EXPECT_EQ(ballot.status, 409) << "the demo's committee ballot is still open";
  auto standard = json::parse(api("GET", chair, "/api/v1/standards/" + std::to_string(demo_standard("Documentation of training datasets"))).body);
  const auto ballot_id = std::to_string(standard["ballots"][0]["id"].get<std::int64_t>());
  auto no_reasons = api("POST", chair, "/api/v1/ballots/" + ballot_id + "/votes", json{{"position", "disapprove"}}.dump());
  EXPECT_EQ(no_reasons.status, 422);
  EXPECT_EQ(first_problem(no_reasons), "error.disapproval_reasons");
  EXPECT_EQ(api("POST", outsider, "/api/v1/ballots/" + ballot_id + "/votes", json{{"position", "approve"}}.dump()).status, 403);
  ASSERT_EQ(api("POST", chair, "/api/v1/ballots/" + ballot_id + "/votes", json{{"position", "abstain"}}.dump()).status, 201);
  auto b = json::parse(api("GET", chair, "/api/v1/ballots/" + ballot_id).body);
  EXPECT_EQ(b["state"], "open");
  EXPECT_FALSE(b["result_final"].get<bool>());
  EXPECT_GE(b["history"].size(), b["votes"].size());
  EXPECT_EQ(b["rule"]["approve_at_least"], "2/3");
}

}  // namespace aigc::test
