// Standards on the backend AIGC_TEST_DB names: the lifecycle refuses illegal transitions
// and records the legal ones; versions are immutable, anchored and frozen once published;
// comments survive versions; ballots count by their rule, refuse a disapproval without
// reasons, keep every change, and close once.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/members/member_seeder.hpp"
#include "domain/organizations/organization_repository.hpp"
#include "domain/search/search_service.hpp"
#include "domain/standards/ballot_service.hpp"
#include "domain/standards/standard_service.hpp"
#include "support/test_database.hpp"

namespace aigc {

namespace {

const char* kDraft = R"(## 1 Scope

This document specifies how to report the evaluation of large language models.

## 2 Terms and definitions

### 2.1 benchmark

A fixed set of tasks with a scoring rule.

## 5 Reporting

### 5.1 Results

Results are reported with their confidence intervals.

### 5.2 Data provenance

The origin of every evaluation set is stated.
)";

const char* kDraftZh = R"(## 1 范围

本文件规定了大语言模型评测结果的报告方法。

## 5 报告

### 5.2 数据来源

应说明每个评测集的来源。
)";

}  // namespace

class StandardsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("standards", 8);
    seed_members(*db, 12, 5);
    db->with_session([&](soci::session& sql) { people = MemberRepository().active_after(sql, 0, 20); });
    committee = people[0];
    committee.role = Role::committee;
    chair = committee;
    editor = people[1];
    member = people[2];
    outsider = people[3];
    db->write([&](soci::session& sql) { sql << "UPDATE members SET role = 'committee' WHERE id = :id", soci::use(static_cast<long long>(committee.id)); });
  }
  // A group chaired by `chair`, with an editor and a member, and a standard with a first version.
  Standard drafted() {
    StandardService s(*db);
    EXPECT_TRUE(s.create_group(committee, {"llm-eval", "LLM evaluation", "大模型评测", "Charter."}, now));
    EXPECT_TRUE(s.invite(chair, "llm-eval", editor.handle, "editor", now));
    EXPECT_TRUE(s.accept_invitation(editor, "llm-eval", now));
    EXPECT_TRUE(s.request_to_join(member, "llm-eval", now));
    EXPECT_TRUE(s.approve(chair, "llm-eval", member.handle, now));
    auto st = s.create(editor, {"llm-eval", "Reporting LLM evaluations", "大模型评测报告", "Scope.", kDraft, kDraftZh}, now);
    EXPECT_TRUE(st) << (st ? "" : st.error().message);
    return st.value();
  }
  std::unique_ptr<Database> db;
  std::vector<Member> people;
  Member committee, chair, editor, member, outsider;
  std::int64_t now = now_utc();
};

TEST_F(StandardsTest, LifecycleRefusesIllegalTransitionsAndRecordsWhoWhenWhy) {
  StandardService s(*db);
  EXPECT_EQ(s.create_group(member, {"x", "X", "", ""}, now).error().code, ErrorCode::forbidden);
  Standard st = drafted();
  EXPECT_EQ(st.status, "proposal");
  EXPECT_EQ(standard_identifier(st), "");
  EXPECT_EQ(st.latest_version, 1);
  // Outsiders do not propose; editors do not adopt; nothing skips a step.
  EXPECT_EQ(s.create(outsider, {"llm-eval", "T", "", "", "", ""}, now).error().code, ErrorCode::forbidden);
  EXPECT_EQ(s.transition(editor, st.id, "working_draft", "", now).error().code, ErrorCode::forbidden);
  auto skip = s.transition(chair, st.id, "published", "", now);
  ASSERT_FALSE(skip);
  EXPECT_EQ(skip.error().problems.at(0).key, "error.transition");
  EXPECT_EQ(s.transition(chair, st.id, "public_review", "", now).error().problems.at(0).key, "error.transition");
  auto adopted = s.transition(chair, st.id, "working_draft", "adopted at the October meeting", now + 1);
  ASSERT_TRUE(adopted);
  EXPECT_EQ(standard_identifier(adopted.value()), "AIGC-STD-0001");
  ASSERT_TRUE(s.transition(chair, st.id, "committee_draft", "ready for the committee", now + 2));
  // A final ballot is what moves a draft to "ballot"; publishing needs it approved.
  EXPECT_EQ(s.transition(chair, st.id, "ballot", "", now).error().problems.at(0).key, "error.transition");
  auto h = s.history(st.id);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[1].from, "proposal");
  EXPECT_EQ(h[1].to, "working_draft");
  EXPECT_EQ(h[1].handle, chair.handle);
  EXPECT_EQ(h[1].reason, "adopted at the October meeting");
  EXPECT_EQ(h[1].at, now + 1);
  // A second standard takes the next number.
  auto second = s.create(chair, {"llm-eval", "Second", "", "", "", ""}, now);
  ASSERT_TRUE(second);
  EXPECT_EQ(standard_identifier(s.transition(committee, second.value().id, "working_draft", "", now).value()), "AIGC-STD-0002");
}

TEST_F(StandardsTest, VersionsAreNumberedAnchoredAndDiffedClauseByClause) {
  StandardService s(*db);
  Standard st = drafted();
  std::string v2 = kDraft;
  v2.replace(v2.find("### 5.1 Results"), 15, "### 5.1 Scope of results\n\nOnly held-out sets count.\n\n### 5.2 Results");
  v2.replace(v2.find("### 5.2 Data provenance"), 23, "### 5.3 Data provenance");
  std::string zh2 = kDraftZh;
  zh2.replace(zh2.find("应说明每个评测集的来源。"), std::string("应说明每个评测集的来源。").size(), "应说明每个评测集的来源和许可。");
  EXPECT_EQ(s.save_version(member, st.id, v2, zh2, "", now).error().code, ErrorCode::forbidden);
  EXPECT_EQ(s.save_version(editor, st.id, "", " ", "", now).error().problems.at(0).key, "error.standard_text_missing");
  auto saved = s.save_version(editor, st.id, v2, zh2, "split 5.1", now + 5);
  ASSERT_TRUE(saved) << saved.error().message;
  EXPECT_EQ(saved.value().number, 2);
  auto first = s.version(st.id, 1).value();
  // Version 1 is untouched; clause 5.2 of version 1 is 5.3 in version 2, under one anchor.
  EXPECT_EQ(first.text_en, kDraft);
  const std::string anchor = find_clause(first.clauses_en, "5.2")->anchor;
  EXPECT_EQ(find_clause(saved.value().clauses_en, "5.3")->anchor, anchor);
  EXPECT_EQ(find_clause(saved.value().clauses_en, anchor)->title, "Data provenance");

  auto en = s.diff(st.id, 1, 2, "en");
  ASSERT_TRUE(en);
  int added = 0, renumbered = 0;
  for (const auto& c : en.value()) {
    added += c.kind == ClauseChange::Kind::added;
    renumbered += c.renumbered;
  }
  EXPECT_EQ(added, 1);
  EXPECT_EQ(renumbered, 2);  // Results 5.1 -> 5.2, Data provenance 5.2 -> 5.3
  auto zh = s.diff(st.id, 1, 2, "zh-CN");
  ASSERT_TRUE(zh);
  ASSERT_EQ(zh.value().size(), 1u);
  EXPECT_EQ(diff_html(zh.value()[0].body_diff), "应说明每个评测集的来源<ins>和许可</ins>。");
  EXPECT_EQ(s.diff(st.id, 1, 9, "en").error().problems.at(0).field, "to");
}

TEST_F(StandardsTest, CommentsAnchorToClausesSurviveVersionsAndAreDisposed) {
  StandardService s(*db);
  Standard st = drafted();
  ASSERT_TRUE(s.transition(chair, st.id, "working_draft", "", now));
  ASSERT_TRUE(s.transition(chair, st.id, "committee_draft", "", now));
  // Before a review no one comments.
  EXPECT_EQ(s.comment(outsider, st.id, {1, "5.2", "", "technical", "Say which licence.", ""}, now).error().code, ErrorCode::conflict);
  ASSERT_TRUE(s.open_review(chair, st.id, 0, now, now + 30 * 86400, now));
  EXPECT_EQ(s.get(st.id).value().status, "public_review");
  EXPECT_EQ(s.comment(outsider, st.id, {1, "9.9", "", "technical", "x", ""}, now).error().problems.at(0).key, "error.unknown_clause");
  EXPECT_EQ(s.comment(outsider, st.id, {1, "5.2", "not in the text", "technical", "x", ""}, now).error().problems.at(0).key,
            "error.passage_not_in_clause");
  EXPECT_EQ(s.comment(outsider, st.id, {1, "5.2", "", "rude", "x", ""}, now).error().problems.at(0).key, "error.comment_type");
  auto c = s.comment(outsider, st.id, {1, "5.2", "every evaluation set", "technical", "Say which licence applies.", "Add: and its licence."}, now);
  ASSERT_TRUE(c) << c.error().message;
  EXPECT_EQ(c.value().clause_number, "5.2");
  auto reply = s.comment(member, st.id, {0, "", "", "general", "Agreed.", "", c.value().id}, now);
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply.value().anchor, c.value().anchor);
  EXPECT_EQ(s.vote_comment(outsider, c.value().id, true).error().code, ErrorCode::forbidden);  // not on your own
  EXPECT_EQ(s.vote_comment(member, c.value().id, true).value(), 1);
  EXPECT_EQ(s.vote_comment(member, c.value().id, true).value(), 1);  // one vote each

  // Version 2 inserts a clause before it (5.2 becomes 5.3): the comment follows, marked earlier.
  std::string v2 = kDraft;
  v2.replace(v2.find("### 5.2 Data provenance"), 23, "### 5.2 Baselines\n\nName the baselines.\n\n### 5.3 Data provenance");
  ASSERT_TRUE(s.save_version(editor, st.id, v2, kDraftZh, "", now));
  auto on2 = s.comments_on(st.id, 2);
  ASSERT_TRUE(on2);
  ASSERT_EQ(on2.value().size(), 2u);
  EXPECT_TRUE(on2.value()[0].earlier_version);
  // Version 3 removes the clause (in both languages): the comment no longer shows there.
  std::string v3 = v2.substr(0, v2.find("### 5.3 Data provenance"));
  std::string zh3 = std::string(kDraftZh).substr(0, std::string(kDraftZh).find("### 5.2"));
  ASSERT_TRUE(s.save_version(editor, st.id, v3, zh3, "", now));
  EXPECT_TRUE(s.comments_on(st.id, 3).value().empty());
  EXPECT_EQ(s.comments_on(st.id, 1).value().size(), 2u);

  // Dispositions: editors only, a reason unless accepted, a later version that applied it.
  EXPECT_EQ(s.dispose(outsider, c.value().id, "accepted", "", 2, now).error().code, ErrorCode::forbidden);
  EXPECT_EQ(s.dispose(editor, c.value().id, "rejected", " ", 0, now).error().problems.at(0).key, "error.reason_missing");
  EXPECT_EQ(s.dispose(editor, c.value().id, "accepted", "", 1, now).error().problems.at(0).field, "applied_version");
  auto d = s.dispose(editor, c.value().id, "accepted_in_principle", "Licences go in a new clause 5.4.", 2, now);
  ASSERT_TRUE(d);
  auto table = s.resolution(st.id);
  ASSERT_EQ(table.size(), 1u);  // replies are not rows
  EXPECT_EQ(table[0].clause, "5.2");
  const std::string csv = s.resolution_csv(st.id);
  EXPECT_NE(csv.find(",5.2,technical,"), std::string::npos);
  EXPECT_NE(csv.find("accepted_in_principle,Licences go in a new clause 5.4.,2\r\n"), std::string::npos);
}

TEST_F(StandardsTest, BallotsCountByTheirRuleKeepEveryChangeAndCloseOnce) {
  StandardService s(*db);
  BallotService ballots(*db);
  Standard st = drafted();
  ASSERT_TRUE(s.transition(chair, st.id, "working_draft", "", now));
  ASSERT_TRUE(s.transition(chair, st.id, "committee_draft", "", now));
  BallotInput in;
  in.stage = "final";
  in.opens_at = now;
  in.closes_at = now + 100;
  in.approve_share = "3/2";
  EXPECT_EQ(ballots.open(chair, st.id, in, now).error().problems.at(0).field, "approve_share");
  in.approve_share = "2/3";
  EXPECT_EQ(ballots.open(editor, st.id, in, now).error().code, ErrorCode::forbidden);
  auto b = ballots.open(chair, st.id, in, now);
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(s.get(st.id).value().status, "ballot");
  EXPECT_EQ(s.save_version(editor, st.id, kDraft, "", "", now).error().key, "error.standard_frozen");
  const auto id = b.value().id;

  EXPECT_EQ(ballots.vote(outsider, id, "approve", "", now).error().code, ErrorCode::forbidden);
  EXPECT_EQ(ballots.vote(member, id, "disapprove", "  ", now).error().problems.at(0).key, "error.disapproval_reasons");
  EXPECT_EQ(ballots.vote(member, id, "maybe", "", now).error().problems.at(0).field, "position");
  ASSERT_TRUE(ballots.vote(member, id, "disapprove", "Clause 5 needs a licence rule.", now + 1));
  ASSERT_TRUE(ballots.vote(chair, id, "approve", "", now + 2));
  ASSERT_TRUE(ballots.vote(editor, id, "abstain", "", now + 3));
  // 1 approve, 1 disapprove: 1/2 < 2/3. Then the member changes their vote.
  EXPECT_FALSE(ballots.get(id).value().approved);
  ASSERT_TRUE(ballots.vote(member, id, "approve_with_comments", "Add the licence rule later.", now + 4));
  auto live = ballots.get(id).value();
  EXPECT_EQ(live.tally.cast(), 2);
  EXPECT_EQ(live.tally.abstain, 1);
  EXPECT_TRUE(live.approved);
  EXPECT_EQ(ballots.votes(id).size(), 3u);
  auto h = ballots.history(id);
  ASSERT_EQ(h.size(), 4u);
  EXPECT_EQ(h[0].position, "disapprove");
  EXPECT_EQ(h[3].position, "approve_with_comments");
  EXPECT_EQ(h[3].handle, member.handle);
  // Not published while the ballot runs; nothing closes early; the close is on time and once.
  EXPECT_EQ(s.transition(chair, st.id, "published", "", now + 5).error().key, "error.not_approved");
  EXPECT_EQ(ballots.close_due(now + 99), 0);
  EXPECT_EQ(ballots.close_due(now + 100), 1);
  EXPECT_EQ(ballots.close_due(now + 200), 0);
  EXPECT_EQ(ballots.vote(chair, id, "disapprove", "late", now + 101).error().key, "error.ballot_closed");
  auto closed = ballots.get(id).value();
  EXPECT_EQ(closed.state, "closed");
  EXPECT_TRUE(closed.approved);
  EXPECT_EQ(closed.closed_at, now + 100);
  EXPECT_EQ(closed.tally.approve_with_comments, 1);
  auto published = s.transition(chair, st.id, "published", "approved by ballot", now + 200);
  ASSERT_TRUE(published) << published.error().message;
  EXPECT_NE(standard_identifier(published.value()).find("AIGC-STD-0001:20"), std::string::npos);
  EXPECT_EQ(s.save_version(editor, st.id, kDraft, "", "", now).error().key, "error.standard_frozen");
}

TEST_F(StandardsTest, AnOrganizationElectorateCountsOneVotePerOrganization) {
  StandardService s(*db);
  BallotService ballots(*db);
  Standard st = drafted();
  long long org = 0;
  db->write([&](soci::session& sql) {
    Organization o;
    o.slug = "partner-lab";
    o.name = "Partner Lab";
    o.kind = "institute";
    o.created_at = now;
    org = OrganizationRepository().insert(sql, o);
    sql << "UPDATE members SET organization_id = :o WHERE id IN (:a, :b)", soci::use(org), soci::use(static_cast<long long>(member.id)),
        soci::use(static_cast<long long>(outsider.id));
  });
  member.organization_id = org;
  outsider.organization_id = org;
  ASSERT_TRUE(s.add_organization(chair, "llm-eval", "partner-lab"));
  ASSERT_TRUE(s.transition(chair, st.id, "working_draft", "", now));
  ASSERT_TRUE(s.transition(chair, st.id, "committee_draft", "", now));
  BallotInput in;
  in.electorate = "organizations";
  in.opens_at = now;
  in.closes_at = now + 100;
  auto b = ballots.open(chair, st.id, in, now);
  ASSERT_TRUE(b);
  EXPECT_EQ(s.get(st.id).value().status, "committee_draft");  // a committee ballot moves nothing
  EXPECT_EQ(ballots.vote(chair, b.value().id, "approve", "", now).error().code, ErrorCode::forbidden);  // no organization
  ASSERT_TRUE(ballots.vote(member, b.value().id, "approve", "", now));
  ASSERT_TRUE(ballots.vote(outsider, b.value().id, "disapprove", "Our lab objects to 5.2.", now + 1));
  auto votes = ballots.votes(b.value().id);
  ASSERT_EQ(votes.size(), 1u);
  EXPECT_EQ(votes[0].voter_name, "Partner Lab");
  EXPECT_EQ(votes[0].position, "disapprove");
  EXPECT_EQ(ballots.history(b.value().id).size(), 2u);
  EXPECT_EQ(ballots.close_due(now + 100), 1);
  EXPECT_FALSE(ballots.get(b.value().id).value().approved);
}

}  // namespace aigc

namespace aigc {

TEST_F(StandardsTest, TheGroupHearsOfVersionsReviewsAndBallotsAndTheSearchFindsTheText) {
  StandardService s(*db);
  BallotService ballots(*db);
  Standard st = drafted();
  auto count = [&](const Member& m, const std::string& kind) {
    long long id = m.id, n = 0;
    db->with_session([&](soci::session& sql) {
      sql << "SELECT COUNT(*) FROM notifications WHERE member_id = :m AND kind = :k", soci::use(id), soci::use(kind), soci::into(n);
    });
    return n;
  };
  ASSERT_TRUE(s.save_version(editor, st.id, kDraft, kDraftZh, "same again", now));
  EXPECT_EQ(count(member, "standard_version"), 2) << "the proposal's first version, then the second";
  EXPECT_EQ(count(editor, "standard_version"), 0) << "not the author";
  EXPECT_EQ(count(outsider, "standard_version"), 0) << "not outside the group";
  ASSERT_TRUE(s.transition(chair, st.id, "working_draft", "", now));
  ASSERT_TRUE(s.transition(chair, st.id, "committee_draft", "", now));
  ASSERT_TRUE(s.open_review(chair, st.id, 0, now, now + 100, now));
  EXPECT_EQ(count(member, "standard_review"), 1);
  auto c = s.comment(outsider, st.id, {0, "5.2", "", "technical", "Name the licence.", ""}, now + 1);
  ASSERT_TRUE(c);
  ASSERT_TRUE(s.dispose(editor, c.value().id, "noted", "Next edition.", 0, now + 2));
  EXPECT_EQ(count(outsider, "standard_comment_disposed"), 1);
  EXPECT_EQ(s.announce_closed_reviews(now + 99), 0);
  EXPECT_EQ(s.announce_closed_reviews(now + 100), 1);
  EXPECT_EQ(s.announce_closed_reviews(now + 101), 0) << "once";
  EXPECT_EQ(count(member, "standard_review"), 2);

  BallotInput in;
  in.opens_at = now + 200;
  in.closes_at = now + 300;
  ASSERT_TRUE(s.transition(chair, st.id, "committee_draft", "", now + 150));
  auto b = ballots.open(chair, st.id, in, now + 150);
  ASSERT_TRUE(b);
  EXPECT_EQ(ballots.vote(member, b.value().id, "approve", "", now + 150).error().key, "error.ballot_not_open");
  EXPECT_EQ(count(member, "standard_ballot"), 1);
  EXPECT_EQ(ballots.close_due(now + 300), 1);
  EXPECT_EQ(count(member, "standard_ballot"), 2) << "and when it closes";
  EXPECT_FALSE(ballots.get(b.value().id).value().approved) << "nobody voted";

  SearchService search(*db);
  SearchRequest q;
  q.q = "评测结果";
  auto found = search.search(q, SearchViewer{});
  ASSERT_TRUE(found);
  ASSERT_EQ(found.value().total, 1);
  EXPECT_EQ(found.value().hits[0].kind, "standard");
  EXPECT_EQ(found.value().hits[0].url, "/standards/" + std::to_string(st.id));
}

}  // namespace aigc
