// Discussions on the backend AIGC_TEST_DB names: topics and replies with the notifications
// they cause, edits and their history, votes and follows, the feeds, the limits on new
// members, and moderation taking a post out of feeds, search and notifications at once.
#include <gtest/gtest.h>

#include "domain/discussions/discussion_service.hpp"
#include "domain/discussions/moderation_service.hpp"
#include "domain/members/member_service.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/research/paper_service.hpp"
#include "domain/search/search_service.hpp"
#include "support/test_database.hpp"

namespace aigc {

class DiscussionServiceTest : public ::testing::Test {
 protected:
  static constexpr std::int64_t kDay = 24 * 3600;
  void SetUp() override {
    db = test::fresh_migrated_database("discussions", 4);
    MemberService members(*db, 24);
    alice = members.register_member({"alice-w", "alice@example.org", "a long enough password", "Alice Wong", "SG", "en"}).value();
    bo = members.register_member({"bo-li", "bo@example.org", "a long enough password", "李博", "CN", "zh-CN"}).value();
    cy = members.register_member({"cy-ng", "cy@example.org", "a long enough password", "Cy Ng", "MY", "en"}).value();
    mod = members.register_member({"mod-ka", "mod@example.org", "a long enough password", "Ka Mod", "HK", "en"}, Role::moderator).value();
    // Members a week old with three posts standing are trusted: most tests are not about the limits.
    now = alice.created_at + 7 * kDay;
  }
  TopicInput topic_input(const std::string& title = "模型压缩的经验", const std::string& body = "大家在端侧部署时如何做模型压缩？") {
    TopicInput in;
    in.title = title;
    in.body_md = body;
    in.category = "field-nlp";
    in.tags = "Compression, 端侧";
    return in;
  }
  void make_trusted(const Member& m) {
    DiscussionService d(*db);
    auto t = d.create_topic(mod, topic_input("Warm-up topic", "warm up"), now - 3 * kDay);
    for (int i = 0; i < 3; ++i) ASSERT_TRUE(d.reply(m, t->id, {"reply " + std::to_string(i), 0}, now - 3 * kDay + i));
  }
  std::vector<std::string> kinds_for(const Member& m) {
    std::vector<std::string> out;
    for (const auto& n : Notifications(*db).page(m, 0, 100).items) out.push_back(n.kind);
    return out;
  }
  std::int64_t search_total(const std::string& q, const std::string& kind = "") {
    SearchRequest r;
    r.q = q;
    r.kind = kind;
    auto res = SearchService(*db).search(r, {});
    return res ? res->total : -1;
  }
  std::unique_ptr<Database> db;
  Member alice, bo, cy, mod;
  std::int64_t now = 0;
};

TEST_F(DiscussionServiceTest, ATopicIsItsOpeningPostAndIsFoundByATwoCharacterWordAtOnce) {
  DiscussionService d(*db);
  auto t = d.create_topic(alice, topic_input(), now);
  ASSERT_TRUE(t) << t.error().message;
  EXPECT_EQ(t->category, "field");
  EXPECT_EQ(t->field, "nlp");
  EXPECT_EQ(t->lang, "zh-CN") << "detected from the text";
  EXPECT_EQ(t->tags, (std::vector<std::string>{"compression", "端侧"}));
  auto posts = d.posts(t.value(), nullptr);
  ASSERT_EQ(posts.size(), 1u);
  EXPECT_EQ(posts[0].number, 1);
  EXPECT_EQ(search_total("压缩", "topic"), 1);
  EXPECT_EQ(search_total("壓縮"), 1) << "traditional characters find it too";
}

TEST_F(DiscussionServiceTest, EveryMistakeInATopicIsNamedAndNothingIsStored) {
  DiscussionService d(*db);
  TopicInput in;
  in.title = "x";
  in.body_md = "  ";
  in.category = "astrology";
  in.tags = "a,b,c,d,e,f";
  auto r = d.create_topic(alice, in, now);
  ASSERT_FALSE(r);
  std::set<std::string> fields;
  for (const auto& p : r.error().problems) fields.insert(p.field);
  EXPECT_EQ(fields, (std::set<std::string>{"title", "body_md", "category", "tags"}));
  in = topic_input();
  in.category = "announcements";
  r = d.create_topic(alice, in, now);
  ASSERT_FALSE(r) << "members do not post announcements";
  EXPECT_EQ(r.error().problems.at(0).key, "error.topic_announcements");
  EXPECT_TRUE(d.create_topic(mod, in, now));
  auto feed = d.feed({}, now);
  ASSERT_TRUE(feed);
  EXPECT_EQ(feed->topics.size(), 1u) << "only the moderator's announcement";
}

TEST_F(DiscussionServiceTest, RepliesNotifyTheAuthorTheAnsweredTheMentionedAndFollowersOnceEach) {
  DiscussionService d(*db);
  auto t = d.create_topic(alice, topic_input(), now).value();
  ASSERT_TRUE(d.follow(cy, "topic", std::to_string(t.id), true, now));
  auto first = d.reply(bo, t.id, {"我们用蒸馏，@cy-ng 试过量化吗？", 0}, now + 10);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->number, 2);
  EXPECT_EQ(kinds_for(alice), (std::vector<std::string>{"topic_reply"}));
  EXPECT_EQ(kinds_for(cy), (std::vector<std::string>{"mention"})) << "a follower who is mentioned hears once, of the mention";
  // Cy answers Bo's reply: Bo hears (answered), Alice hears (her topic), Cy does not hear of herself.
  auto second = d.reply(cy, t.id, {"试过 INT8，精度掉了 0.5。", first->id}, now + 20);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->reply_to_number, 2);
  EXPECT_EQ(kinds_for(bo), (std::vector<std::string>{"topic_reply"}));
  EXPECT_EQ(kinds_for(alice).size(), 2u);
  EXPECT_EQ(kinds_for(cy).size(), 1u);
  // A reply may answer a post of its own topic only.
  auto other = d.create_topic(bo, topic_input("另一个话题", "内容"), now).value();
  auto wrong = d.reply(alice, other.id, {"答非所问", first->id}, now + 30);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().problems.at(0).field, "reply_to");
  auto topic = d.topic(t.id, nullptr);
  EXPECT_EQ(topic->replies, 2);
  EXPECT_EQ(topic->last_posted_at, now + 20);
}

TEST_F(DiscussionServiceTest, EditsKeepEveryRevisionAndOnlyTheAuthorOrAModeratorEdits) {
  DiscussionService d(*db);
  auto t = d.create_topic(alice, topic_input("Pruning notes", "We prune heads."), now).value();
  auto first = d.posts(t, nullptr).at(0);
  EXPECT_FALSE(d.edit_post(bo, first.id, "Pruned", "hijacked", now + 1)) << "not Bo's post";
  auto edited = d.edit_post(alice, first.id, "Pruning notes, revised", "We prune attention heads.", now + 2);
  ASSERT_TRUE(edited) << edited.error().message;
  EXPECT_EQ(edited->revisions, 2);
  ASSERT_TRUE(d.edit_post(mod, first.id, "Pruning notes, revised", "We prune attention heads and layers.", now + 3));
  auto history = d.revisions(first.id, nullptr);
  ASSERT_TRUE(history);
  ASSERT_EQ(history->size(), 3u);
  EXPECT_EQ(history->at(0).body_md, "We prune heads.");
  EXPECT_EQ(history->at(1).title, "Pruning notes, revised");
  EXPECT_EQ(history->at(2).editor_handle, "mod-ka");
  EXPECT_EQ(d.topic(t.id, nullptr)->title, "Pruning notes, revised");
  EXPECT_EQ(search_total("layers", "topic"), 1) << "the index follows the edit";
  EXPECT_EQ(d.edit_post(alice, first.id, "Pruning notes, revised", "We prune attention heads and layers.", now + 4)->revisions, 3)
      << "saving the same text makes no revision";
}

TEST_F(DiscussionServiceTest, VotesAreOnePerMemberNeverOnYourOwnAndTheTopicCountsItsOpeningPost) {
  DiscussionService d(*db);
  auto t = d.create_topic(alice, topic_input(), now).value();
  auto first = d.posts(t, nullptr).at(0);
  EXPECT_FALSE(d.vote(alice, "post", first.id, true, now)) << "not on your own";
  EXPECT_EQ(d.vote(bo, "post", first.id, true, now).value(), 1);
  EXPECT_EQ(d.vote(bo, "post", first.id, true, now).value(), 1) << "twice counts once";
  EXPECT_EQ(d.vote(cy, "post", first.id, true, now).value(), 2);
  EXPECT_EQ(d.topic(t.id, nullptr)->votes, 2);
  EXPECT_EQ(d.vote(cy, "post", first.id, false, now).value(), 1);
  EXPECT_EQ(d.voted(bo, "post", {first.id}), (std::vector<std::int64_t>{first.id}));
  EXPECT_EQ(kinds_for(alice), (std::vector<std::string>{"post_voted", "post_voted"}));
  // Papers too.
  PaperInput p;
  p.title_en = "A paper to vote on";
  p.abstract_en = "Short.";
  p.authors = {"@alice-w"};
  p.year = "2026";
  p.fields = {"nlp"};
  auto paper = PaperService(*db).share(alice, p).value();
  EXPECT_FALSE(d.vote(alice, "paper", paper.id, true, now));
  EXPECT_EQ(d.vote(bo, "paper", paper.id, true, now).value(), 1);
  EXPECT_EQ(PaperService(*db).get(paper.id)->votes, 1);
}

TEST_F(DiscussionServiceTest, FollowersOfATagAFieldOrAMemberHearOfNewTopics) {
  DiscussionService d(*db);
  ASSERT_TRUE(d.follow(bo, "tag", "Compression", true, now));
  ASSERT_TRUE(d.follow(cy, "field", "nlp", true, now));
  ASSERT_TRUE(d.follow(mod, "member", "alice-w", true, now));
  EXPECT_EQ(kinds_for(alice), (std::vector<std::string>{"new_follower"}));
  EXPECT_FALSE(d.follow(alice, "member", "alice-w", true, now)) << "not yourself";
  EXPECT_FALSE(d.follow(alice, "field", "astrology", true, now));
  ASSERT_TRUE(d.create_topic(alice, topic_input(), now));
  EXPECT_EQ(kinds_for(bo), (std::vector<std::string>{"followed_activity"}));
  EXPECT_EQ(kinds_for(cy), (std::vector<std::string>{"followed_activity"}));
  EXPECT_EQ(kinds_for(mod), (std::vector<std::string>{"followed_activity"}));
  ASSERT_TRUE(d.follow(bo, "tag", "compression", false, now));
  ASSERT_TRUE(d.create_topic(alice, topic_input("第二个压缩话题", "更多内容"), now + 1));
  EXPECT_EQ(kinds_for(bo).size(), 1u) << "unfollowed";
}

TEST_F(DiscussionServiceTest, FeedsOrderByActivityVotesOrUnansweredAndPageWithACursor) {
  DiscussionService d(*db);
  std::vector<Topic> made;
  for (int i = 0; i < 5; ++i) {
    auto in = topic_input("Topic number " + std::to_string(i), "Body " + std::to_string(i));
    in.category = i % 2 ? "help" : "general";
    in.tags = i == 3 ? "special" : "";
    made.push_back(d.create_topic(alice, in, now - (10 - i) * kDay - 3600).value());
  }
  ASSERT_TRUE(d.reply(bo, made[0].id, {"bumps the oldest", 0}, now));
  for (const auto* m : {&bo, &cy, &mod}) ASSERT_TRUE(d.vote(*m, "post", d.posts(made[2], nullptr)[0].id, true, now));
  auto latest = d.feed({}, now).value();
  ASSERT_EQ(latest.topics.size(), 5u);
  EXPECT_EQ(latest.topics[0].id, made[0].id) << "a reply moves a topic up";
  EXPECT_EQ(latest.topics[1].id, made[4].id);
  FeedQuery top;
  top.order = "top";
  EXPECT_EQ(d.feed(top, now)->topics.at(0).id, made[2].id);
  top.period = "week";
  auto week = d.feed(top, now).value();
  ASSERT_EQ(week.topics.size(), 1u) << "only one was started within the week";
  EXPECT_EQ(week.topics[0].id, made[4].id);
  FeedQuery unanswered;
  unanswered.order = "unanswered";
  EXPECT_EQ(d.feed(unanswered, now)->topics.size(), 4u);
  FeedQuery help;
  help.category = "help";
  EXPECT_EQ(d.feed(help, now)->topics.size(), 2u);
  FeedQuery tagged;
  tagged.tag = "Special";
  EXPECT_EQ(d.feed(tagged, now)->topics.at(0).id, made[3].id);
  FeedQuery by_member;
  by_member.member = "bo-li";
  EXPECT_EQ(d.feed(by_member, now)->topics.size(), 0u) << "Bo started none";
  // Two at a time: every topic once, in order.
  FeedQuery paged;
  paged.limit = 2;
  std::vector<std::int64_t> seen;
  for (int guard = 0; guard < 5; ++guard) {
    auto page = d.feed(paged, now).value();
    for (const auto& t : page.topics) seen.push_back(t.id);
    if (page.next_cursor.empty()) break;
    paged.cursor = page.next_cursor;
  }
  EXPECT_EQ(seen.size(), 5u);
  EXPECT_EQ(seen.front(), made[0].id);
  FeedQuery bad;
  bad.order = "random";
  bad.period = "century";
  bad.cursor = "x";
  EXPECT_EQ(d.feed(bad, now).error().problems.size(), 3u);
}

TEST_F(DiscussionServiceTest, NewMembersPostWithoutLinksFirstAndAtMostTenTimesADay) {
  DiscussionService d(*db);
  const std::int64_t young = alice.created_at + 60;
  auto in = topic_input("Look at my site", "See https://spam.example.com for more");
  auto r = d.create_topic(alice, in, young);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().key, "error.post_first_links");
  in.body_md = "A plain first post.";
  auto t = d.create_topic(alice, in, young);
  ASSERT_TRUE(t);
  EXPECT_FALSE(d.reply(alice, t->id, {"https://a.example https://b.example https://c.example", 0}, young + 1)) << "three links";
  EXPECT_TRUE(d.reply(alice, t->id, {"one link: https://a.example", 0}, young + 2));
  for (int i = 0; i < 8; ++i) ASSERT_TRUE(d.reply(alice, t->id, {"post " + std::to_string(i), 0}, young + 10 + i));
  auto eleventh = d.reply(alice, t->id, {"one too many", 0}, young + 100);
  ASSERT_FALSE(eleventh);
  EXPECT_EQ(eleventh.error().code, ErrorCode::rate_limited);
  EXPECT_TRUE(d.reply(alice, t->id, {"a day later", 0}, young + kDay + 100)) << "the day has passed";
  // A member past the first day with posts standing is trusted.
  EXPECT_TRUE(d.reply(alice, t->id, {"https://a.example https://b.example https://c.example", 0}, young + 2 * kDay));
}

TEST_F(DiscussionServiceTest, AHiddenPostLeavesFeedsSearchAndNotificationsAtOnceAndComesBackWhenRestored) {
  DiscussionService d(*db);
  ModerationService m(*db);
  auto t = d.create_topic(alice, topic_input("Cheap watches", "buy cheap watches"), now).value();
  auto spam = d.reply(bo, t.id, {"@cy-ng cheap watches here 手表", 0}, now + 1).value();
  EXPECT_EQ(kinds_for(cy).size(), 1u);
  EXPECT_EQ(search_total("手表"), 1);
  EXPECT_FALSE(m.hide_post(alice, spam.id, "spam", now + 2)) << "members do not moderate";
  ASSERT_TRUE(m.hide_post(mod, spam.id, "spam", now + 2));
  EXPECT_EQ(search_total("手表"), 0);
  EXPECT_EQ(kinds_for(cy).size(), 0u) << "the mention's notification is gone";
  EXPECT_EQ(d.topic(t.id, nullptr)->replies, 0);
  EXPECT_EQ(d.posts(t, nullptr).size(), 1u) << "readers do not see it";
  EXPECT_EQ(d.posts(t, &bo).size(), 2u) << "its author does";
  EXPECT_EQ(d.posts(t, &mod).size(), 2u) << "moderators do";
  ASSERT_TRUE(m.restore_post(mod, spam.id, now + 3));
  EXPECT_EQ(search_total("手表"), 1);
  // Hiding the opening post hides the topic: out of the feed and search, with its replies.
  auto first = d.posts(t, nullptr).at(0);
  ASSERT_TRUE(m.hide_post(mod, first.id, "spam", now + 4));
  EXPECT_EQ(d.feed({}, now + 5)->topics.size(), 0u);
  EXPECT_EQ(search_total("watches"), 0);
  EXPECT_FALSE(d.topic(t.id, &cy));
  auto log = m.log(mod, 0);
  ASSERT_TRUE(log);
  ASSERT_EQ(log->size(), 3u);
  EXPECT_EQ(log->at(0).action, "hide");
  EXPECT_FALSE(m.log(alice, 0)) << "the log is for moderators";
}

TEST_F(DiscussionServiceTest, ThreeFlagsHideAPostUntilAModeratorLooks) {
  make_trusted(alice);
  DiscussionService d(*db);
  ModerationService m(*db);
  MemberService members(*db, 24);
  auto t = d.create_topic(alice, topic_input("Flag me", "an honest question"), now).value();
  auto post = d.posts(t, nullptr).at(0);
  EXPECT_FALSE(m.flag(alice, post.id, "spam", "", now)) << "not your own";
  EXPECT_FALSE(m.flag(bo, post.id, "other", "", now)) << "'other' needs a note";
  ASSERT_TRUE(m.flag(bo, post.id, "spam", "", now));
  EXPECT_EQ(m.flag(bo, post.id, "spam", "", now).error().code, ErrorCode::conflict);
  ASSERT_TRUE(m.flag(cy, post.id, "off_topic", "", now));
  EXPECT_EQ(m.queue(mod)->size(), 2u);
  EXPECT_FALSE(m.queue(bo));
  auto dan = members.register_member({"dan-x", "dan@example.org", "a long enough password", "Dan", "US", "en"}).value();
  ASSERT_TRUE(m.flag(dan, post.id, "inappropriate", "", now));
  EXPECT_FALSE(d.topic(t.id, &bo)) << "three flags hid it";
  ASSERT_TRUE(m.restore_post(mod, post.id, now + 1));
  EXPECT_TRUE(d.topic(t.id, &bo));
  EXPECT_EQ(m.queue(mod)->size(), 0u) << "restoring resolves the flags";
}

TEST_F(DiscussionServiceTest, ModeratorsLockPinMoveAndMerge) {
  DiscussionService d(*db);
  ModerationService m(*db);
  auto a = d.create_topic(alice, topic_input("Same question A", "first wording"), now).value();
  auto b = d.create_topic(bo, topic_input("Same question B", "second wording"), now + 1).value();
  ASSERT_TRUE(d.reply(cy, b.id, {"an answer", 0}, now + 2));
  ASSERT_TRUE(m.set_locked(mod, a.id, true, now + 3));
  EXPECT_EQ(d.reply(bo, a.id, {"late", 0}, now + 4).error().key, "error.topic_locked");
  EXPECT_TRUE(d.reply(mod, a.id, {"moderators may", 0}, now + 4));
  ASSERT_TRUE(m.set_locked(mod, a.id, false, now + 5));
  ASSERT_TRUE(m.set_pinned(mod, a.id, true, now + 5));
  auto feed = d.feed({}, now + 6).value();
  ASSERT_EQ(feed.pinned.size(), 1u);
  EXPECT_EQ(feed.pinned[0].id, a.id);
  EXPECT_EQ(feed.topics.size(), 1u) << "a pinned topic is not listed twice";
  ASSERT_TRUE(m.move(mod, a.id, "help", now + 7));
  EXPECT_EQ(d.topic(a.id, nullptr)->category, "help");
  EXPECT_FALSE(m.move(mod, a.id, "nowhere", now + 7));
  ASSERT_TRUE(m.merge(mod, b.id, a.id, now + 8));
  auto merged = d.topic(b.id, nullptr);
  EXPECT_EQ(merged->merged_into, a.id);
  auto posts = d.posts(d.topic(a.id, nullptr).value(), nullptr);
  ASSERT_EQ(posts.size(), 4u);
  EXPECT_EQ(posts[2].body_md, "second wording") << "B's opening post follows A's posts";
  EXPECT_EQ(posts[3].number, 4);
  EXPECT_EQ(d.topic(a.id, nullptr)->replies, 3);
  EXPECT_EQ(search_total("wording", "topic"), 1) << "B is no longer a topic of its own";
  EXPECT_EQ(search_total("wording", "reply"), 1);
  EXPECT_EQ(d.feed({}, now + 9)->topics.size(), 0u) << "only the pinned A is left";
  EXPECT_FALSE(m.merge(mod, a.id, a.id, now + 9));
}

TEST_F(DiscussionServiceTest, TheFirstCommentOnAPaperOpensItsThread) {
  DiscussionService d(*db);
  PaperInput p;
  p.title_en = "Counting birds with sound";
  p.abstract_en = "We count birds.";
  p.authors = {"@alice-w"};
  p.year = "2026";
  p.fields = {"speech"};
  auto paper = PaperService(*db).share(alice, p).value();
  auto first = d.comment_on_paper(bo, paper.id, "How many species?", now);
  ASSERT_TRUE(first) << first.error().message;
  EXPECT_EQ(first->number, 1);
  auto second = d.comment_on_paper(cy, paper.id, "Forty, says table 2.", now + 1);
  ASSERT_TRUE(second);
  EXPECT_EQ(second->number, 2);
  auto thread = d.topic_of_paper(paper.id);
  ASSERT_TRUE(thread);
  EXPECT_EQ(thread->title, "Counting birds with sound");
  EXPECT_EQ(thread->field, "speech");
  EXPECT_FALSE(d.comment_on_paper(bo, paper.id + 1000, "no such paper", now));
}

}  // namespace aigc

namespace aigc {

TEST_F(DiscussionServiceTest, NotificationsCannotBeTurnedIntoSpam) {
  DiscussionService d(*db);
  MemberService members(*db, 24);
  std::string crowd;
  std::vector<Member> named;
  for (int i = 0; i < 15; ++i) {
    auto m = members.register_member({"crowd-" + std::to_string(i), "c" + std::to_string(i) + "@example.org", "a long enough password",
                                      "Crowd " + std::to_string(i), "FR", "en"});
    named.push_back(m.value());
    crowd += " @crowd-" + std::to_string(i);
  }
  // A new member's post rings two bells at most, a trusted member's ten.
  auto t = d.create_topic(alice, topic_input("Hello everyone", "hi" + crowd), now).value();
  int rung = 0;
  for (const auto& m : named) rung += static_cast<int>(kinds_for(m).size());
  EXPECT_EQ(rung, 2);
  make_trusted(bo);
  ASSERT_TRUE(d.reply(bo, t.id, {"welcome" + crowd, 0}, now + 10));
  rung = 0;
  for (const auto& m : named) rung += static_cast<int>(kinds_for(m).size());
  EXPECT_EQ(rung, 2 + 10);
  // Voting, taking it back and voting again tells the author once; so does following again.
  auto first = d.posts(t, nullptr).at(0);
  for (bool on : {true, false, true, false, true}) ASSERT_TRUE(d.vote(cy, "post", first.id, on, now + 20));
  for (bool on : {true, false, true}) ASSERT_TRUE(d.follow(cy, "member", "alice-w", on, now + 20));
  auto kinds = kinds_for(alice);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "post_voted"), 1);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "new_follower"), 1);
  // Hiding the post takes its vote notification away too.
  ASSERT_TRUE(ModerationService(*db).hide_post(mod, first.id, "test", now + 30));
  kinds = kinds_for(alice);
  EXPECT_EQ(std::count(kinds.begin(), kinds.end(), "post_voted"), 0);
}

}  // namespace aigc
