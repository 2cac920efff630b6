// Discussions over HTTP: the demo's feeds as pages, JSON and Atom (read by Python's XML
// parser and checked against RFC 4287's required elements), topics and replies through the
// API with a token and through forms, quotes and mentions, edit history, and moderation.
#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "support/atom_check.hpp"
#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

namespace {

HttpResponse api_post(int p, const std::string& token, const std::string& path, const json& body) {
  Browser api(p);
  return api.request("POST", path, body.dump(), {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + token}});
}

}  // namespace

TEST(HttpDiscussions, TheDemoFeedsShowTopicsInEveryOrderAndAsJson) {
  Browser b(port());
  auto latest = b.get("/discussions", {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(latest.status, 200);
  EXPECT_TRUE(contains(latest.body, "data-testid=\"topics\""));
  EXPECT_TRUE(contains(latest.body, "讨论"));
  auto api = json::parse(b.get("/api/v1/topics?limit=100").body);
  ASSERT_GE(api["topics"].size() + api["pinned"].size(), 30u);
  auto top = json::parse(b.get("/api/v1/topics?order=top&limit=5").body);
  ASSERT_EQ(top["topics"].size(), 5u);
  EXPECT_GE(top["topics"][0]["votes"].get<int>(), top["topics"][4]["votes"].get<int>());
  auto forum = b.get("/competitions/ai-challenger-demo/discussion");
  ASSERT_EQ(forum.status, 200);
  EXPECT_TRUE(contains(forum.body, "基线模型的公榜分数")) << "the challenge's forum";
  EXPECT_TRUE(contains(b.get("/competitions/ai-challenger-demo").body, "data-testid=\"tab-discussion\""));
  auto field = json::parse(b.get("/api/v1/topics?field=speech").body);
  for (const auto& t : field["topics"]) EXPECT_EQ(t["field"], "speech");
  auto bad = b.get("/api/v1/topics?order=random&limit=0");
  EXPECT_EQ(bad.status, 400) << "limit is checked first: " << bad.body;
  EXPECT_EQ(b.get("/api/v1/topics?order=random").status, 422);
}

TEST(HttpDiscussions, EveryFeedIsValidAtom) {
  Browser b(port());
  for (const std::string path : {"/discussions/feed.atom", "/discussions/feed.atom?order=top&period=year",
                                 "/discussions/feed.atom?category=field-nlp", "/discussions/feed.atom?tag=transformer",
                                 "/discussions/feed.atom?competition=ai-challenger-demo", "/discussions/feed.atom?order=unanswered"}) {
    auto r = b.get(path);
    ASSERT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.header("content-type"), "application/atom+xml; charset=utf-8");
    auto verdict = check_atom(r.body);
    EXPECT_EQ(verdict.rfind("ok", 0), 0u) << path << ": " << verdict;
  }
  // A topic with characters XML forbids still makes a valid feed.
  Browser m(port());
  register_member(m, "atom");
  auto token = create_token(m);
  auto created = api_post(port(), token, "/api/v1/topics",
                          {{"title", "Characters & <angle> \"quotes\" ]]>"}, {"body_md", "body with \x02 and \x1b and ]]> inside"},
                          {"category", "general"}, {"tags", {"atomtest"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto r = b.get("/discussions/feed.atom?tag=atomtest");
  EXPECT_EQ(check_atom(r.body), "ok 1");
}

TEST(HttpDiscussions, ATopicAndRepliesThroughTheApiWithQuotesMentionsAndAHistory) {
  Browser author(port());
  auto author_handle = register_member(author, "asker");
  auto token = create_token(author);
  Browser replier(port());
  auto replier_handle = register_member(replier, "answerer");
  auto replier_token = create_token(replier);

  EXPECT_EQ(Browser(port()).request("POST", "/api/v1/topics", "{}", {{"Content-Type", "application/json"}}).status, 401);
  auto bad = api_post(port(), token, "/api/v1/topics", {{"title", ""}, {"body_md", ""}, {"category", "nowhere"}});
  ASSERT_EQ(bad.status, 422);
  EXPECT_EQ(json::parse(bad.body)["error"]["details"].size(), 3u);

  auto created = api_post(port(), token, "/api/v1/topics",
                          {{"title", "知识蒸馏的温度怎么选"}, {"body_md", "温度 $T$ 取多少合适？"}, {"category", "field-nlp"}, {"tags", "蒸馏"}});
  ASSERT_EQ(created.status, 201) << created.body;
  auto topic = json::parse(created.body);
  const std::string id = topic["id"], url = topic["url"];
  EXPECT_EQ(url, "/discussions/t/" + id);
  EXPECT_EQ(topic["lang"], "zh-CN");

  auto reply = api_post(port(), replier_token, "/api/v1/topics/" + id + "/replies",
                        {{"body_md", "@" + author_handle + " 我们一般取 4，见 /competitions/ai-challenger-demo"}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  auto post = json::parse(reply.body);
  EXPECT_EQ(post["number"], 2);
  EXPECT_EQ(post["url"], url + "#p2");
  auto answer = api_post(port(), token, "/api/v1/topics/" + id + "/replies", {{"body_md", "谢谢"}, {"reply_to", post["id"]}});
  ASSERT_EQ(answer.status, 201) << answer.body;
  EXPECT_EQ(json::parse(answer.body)["reply_to_number"], 2);
  EXPECT_EQ(api_post(port(), token, "/api/v1/topics/999999/replies", {{"body_md", "x"}}).status, 404);

  auto replies = json::parse(author.get("/api/v1/topics/" + id + "/replies").body);
  EXPECT_EQ(replies["replies"].size(), 2u);

  // The page: the mention links the profile, the competition link has a preview card.
  auto page = author.get(url);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "href=\"/members/" + author_handle + "\">@" + author_handle + "</a>"));
  EXPECT_TRUE(contains(page.body, "data-testid=\"previews\""));
  EXPECT_TRUE(contains(page.body, "href=\"/discussions?tag=%E8%92%B8%E9%A6%8F\"")) << "tag links are URL-encoded";
  // The mentioned author's bell counts it.
  auto notes = author.get("/notifications");
  EXPECT_TRUE(contains(notes.body, "@" + replier_handle)) << "the mention (and the reply) arrived";

  // Quote: the reply form starts with the quoted post.
  auto quoting = author.get(url + "?reply_to=" + post["id"].get<std::string>() + "&quote=1");
  EXPECT_TRUE(contains(quoting.body, "&gt; @" + replier_handle + " (#2):"));

  // Edit through the form; the history shows the change.
  auto edited = replier.post("/discussions/posts/" + post["id"].get<std::string>() + "/edit", {{"body_md", "我们一般取 2 到 4。"}});
  ASSERT_EQ(edited.status, 303) << edited.body;
  auto history = author.get("/discussions/posts/" + post["id"].get<std::string>() + "/revisions");
  ASSERT_EQ(history.status, 200);
  EXPECT_TRUE(contains(history.body, "<ins>")) << history.body;
  EXPECT_EQ(author.post("/discussions/posts/" + post["id"].get<std::string>() + "/edit", {{"body_md", "hijack"}}).status, 403);

  // Votes: not your own; once each.
  Browser voter(port());
  register_member(voter, "voter");
  EXPECT_EQ(replier.post("/discussions/posts/" + post["id"].get<std::string>() + "/vote", {{"on", "1"}}).status, 403);
  EXPECT_EQ(voter.post("/discussions/posts/" + post["id"].get<std::string>() + "/vote", {{"on", "1"}}).status, 303);
  auto full = json::parse(voter.get("/api/v1/topics/" + id).body);
  EXPECT_EQ(full["posts"][1]["votes"], 1);
}

TEST(HttpDiscussions, ModeratorsHideSpamAndEveryoneElseIsRefused) {
  Browser spammer(port());
  register_member(spammer, "spammer");
  auto created = spammer.post("/discussions", {{"title", "Cheap pills 便宜药"}, {"body_md", "buy now 便宜药"}, {"category", "general"}});
  ASSERT_EQ(created.status, 303) << created.body;
  const std::string url = created.header("location");
  auto with_link = spammer.post("/discussions", {{"title", "More"}, {"body_md", "see https://pills.example"}, {"category", "general"}});
  EXPECT_EQ(with_link.status, 303) << "a second post may carry a link";
  auto too_many = spammer.post("/discussions", {{"title", "Even more"}, {"body_md", "https://a.example https://b.example https://c.example"},
                                                {"category", "general"}});
  EXPECT_EQ(too_many.status, 422) << "but not three";
  EXPECT_TRUE(contains(too_many.body, "https://a.example")) << "the text is kept in the form";

  Browser member(port());
  register_member(member, "bystander");
  EXPECT_EQ(member.get("/moderation").status, 403);
  Browser admin(port());
  sign_in_admin(admin);
  Browser mod(port());
  auto mod_handle = register_member(mod, "moderator");
  ASSERT_EQ(admin.post("/admin/members/role", {{"handle", mod_handle}, {"role", "moderator"}}).status, 303);

  const std::string id = url.substr(url.rfind('/') + 1);
  auto topic = json::parse(member.get("/api/v1/topics/" + id).body);
  const std::string post_id = topic["posts"][0]["id"];
  ASSERT_EQ(member.post("/discussions/posts/" + post_id + "/flag", {{"reason", "spam"}}).status, 303);
  auto queue = mod.get("/moderation");
  ASSERT_EQ(queue.status, 200);
  EXPECT_TRUE(contains(queue.body, "Cheap pills"));
  EXPECT_EQ(json::parse(member.get("/api/v1/search?q=" + url_encode("便宜药")).body)["total"], 1);
  EXPECT_EQ(member.post("/moderation/posts/" + post_id + "/hide", {{"reason", "spam"}}).status, 403);
  ASSERT_EQ(mod.post("/moderation/posts/" + post_id + "/hide", {{"reason", "spam"}}).status, 303);
  EXPECT_EQ(member.get(url).status, 404) << "a hidden topic is gone for readers";
  EXPECT_EQ(json::parse(member.get("/api/v1/search?q=" + url_encode("便宜药")).body)["total"], 0) << "and from search";
  EXPECT_FALSE(contains(member.get("/discussions/feed.atom").body, "Cheap pills")) << "and from the feeds";
  auto log = mod.get("/moderation");
  EXPECT_TRUE(contains(log.body, "data-testid=\"moderation-log\""));
  EXPECT_TRUE(contains(log.body, "@" + mod_handle));
}

}  // namespace aigc::test
