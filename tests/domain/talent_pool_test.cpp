// The talent pool and opportunities on the backend AIGC_TEST_DB names: only members who opt
// in are ever found, and leaving takes them off searches and shortlists at once; only an
// organization's managers search for it; filters by skill, country, language, tier and medals;
// a contact request shows the member's address only once accepted, and both sides hear of it.
// Opportunities: managers post, anyone browses the open ones, members save them.
#include <gtest/gtest.h>

#include "core/clock.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/members/member_seeder.hpp"
#include "domain/talent/opportunity_service.hpp"
#include "domain/talent/talent_pool_service.hpp"
#include "support/test_database.hpp"

namespace aigc {

class TalentPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("talent_pool", 4);
    seed_members(*db, 12, 9);
    db->with_session([&](soci::session& sql) { people = MemberRepository().active_after(sql, 0, 12); });
    manager = people[0];
    outsider = people[1];
    db->write([&](soci::session& sql) {
      long long m = manager.id, t = now;
      sql << "INSERT INTO organizations (slug, name, kind, country, website, description_md, created_at) "
             "VALUES ('acme-ai', 'Acme AI', 'company', 'CN', '', '', :t) RETURNING id",
          soci::use(t), soci::into(org);
      sql << "INSERT INTO organization_managers (organization_id, member_id, added_at) VALUES (:o, :m, :t)", soci::use(org), soci::use(m),
          soci::use(t);
      // Known countries and skills for the filters.
      for (int i = 2; i < 8; ++i) {
        long long id = people[static_cast<std::size_t>(i)].id;
        std::string country = i % 2 ? "US" : "CN";
        sql << "UPDATE members SET country = :c WHERE id = :i", soci::use(country), soci::use(id);
        sql << "DELETE FROM member_skills WHERE member_id = :i", soci::use(id);
      }
      long long a = people[2].id;
      sql << "INSERT INTO member_skills (member_id, skill) VALUES (:m, 'pytorch')", soci::use(a);
    });
    alice = people[2];  // CN, pytorch, zh + en, internships
    bob = people[3];    // US, expert with a gold medal
    carol = people[4];  // never opts in
    join(alice, "zh, EN", {"internship"});
    join(bob, "en", {"job", "research"});
    db->write([&](soci::session& sql) {
      long long b = bob.id, t = now;
      sql << "INSERT INTO talent_ranks (category, member_id, score_key, country, organization_id, tier, world_rank, country_rank, "
             "organization_rank) VALUES ('overall', :m, 5000, 'US', 0, 2, 1, 1, 1)",
          soci::use(b);
      sql << "INSERT INTO talent_medals (member_id, source, source_id, category, medal, solo, awarded_at, score_key) "
             "VALUES (:m, 'competition', 1, 'competitions', 'gold', 1, :t, 5000)",
          soci::use(b), soci::use(t);
    });
  }

  void join(const Member& m, const std::string& languages, const std::vector<std::string>& kinds, bool open = true) {
    PoolProfileInput in;
    in.open = open;
    in.seeking = "Research on speech";
    in.locations = "Beijing, remote";
    in.languages = languages;
    in.kinds = kinds;
    ASSERT_TRUE(TalentPoolService(*db).set_profile(m, in, now).ok());
  }

  std::vector<std::string> found(PoolQuery q) {
    q.organization = "acme-ai";
    auto page = TalentPoolService(*db).search(manager, q);
    EXPECT_TRUE(page.ok()) << (page.ok() ? "" : page.error().message);
    std::vector<std::string> handles;
    if (page.ok())
      for (const auto& c : page->candidates) handles.push_back(c.handle);
    return handles;
  }

  std::int64_t count(const std::string& query) { return test::count(*db, query); }

  std::unique_ptr<Database> db;
  std::vector<Member> people;
  Member manager, outsider, alice, bob, carol;
  long long org = 0;
  std::int64_t now = now_utc();
};

TEST_F(TalentPoolTest, OnlyMembersWhoOptInAreFoundAndOnlyByTheOrganizationsManagers) {
  PoolQuery q;
  auto all = found(q);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0], bob.handle);  // the better ranked first
  EXPECT_EQ(all[1], alice.handle);
  q.organization = "acme-ai";
  EXPECT_EQ(TalentPoolService(*db).search(outsider, q).error().code, ErrorCode::forbidden);
  q.organization = "no-such-org";
  EXPECT_EQ(TalentPoolService(*db).search(manager, q).error().key, "error.unknown_organization");
  EXPECT_EQ(TalentPoolService(*db).searchable_organizations(manager).size(), 1u);
  EXPECT_TRUE(TalentPoolService(*db).searchable_organizations(outsider).empty());
  // Opting in, then out, is as if never in.
  join(people[5], "en", {}, true);
  EXPECT_EQ(found(PoolQuery{}).size(), 3u);
  join(people[5], "en", {}, false);
  EXPECT_EQ(found(PoolQuery{}).size(), 2u);
}

TEST_F(TalentPoolTest, FiltersBySkillCountryLanguageKindTierAndMedals) {
  PoolQuery q;
  q.skill = " PyTorch ";
  EXPECT_EQ(found(q), std::vector<std::string>{alice.handle});
  q = {};
  q.country = "US";
  EXPECT_EQ(found(q), std::vector<std::string>{bob.handle});
  q = {};
  q.language = "zh";
  EXPECT_EQ(found(q), std::vector<std::string>{alice.handle});
  q.language = "en";
  EXPECT_EQ(found(q).size(), 2u);  // languages are stored folded
  q = {};
  q.kind = "research";
  EXPECT_EQ(found(q), std::vector<std::string>{bob.handle});
  q = {};
  q.min_tier = "expert";
  EXPECT_EQ(found(q), std::vector<std::string>{bob.handle});
  q = {};
  q.min_gold = 1;
  EXPECT_EQ(found(q), std::vector<std::string>{bob.handle});
  q = {};
  q.min_medals = 2;
  EXPECT_TRUE(found(q).empty());
  // Bad filters say which field to fix; a language is a code, never a LIKE pattern.
  q = {};
  q.organization = "acme-ai";
  q.language = "%";
  q.min_tier = "wizard";
  auto bad = TalentPoolService(*db).search(manager, q);
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().problems.size(), 2u);
  EXPECT_EQ(bad.error().problems[0].field, "tier");
  EXPECT_EQ(bad.error().problems[1].field, "language");
}

TEST_F(TalentPoolTest, TheAddressIsSharedOnlyWhenTheMemberAccepts) {
  TalentPoolService pool(*db);
  EXPECT_EQ(pool.request_contact(manager, "acme-ai", carol.handle, "Hello", now).error().key, "error.pool_not_found");
  EXPECT_EQ(pool.request_contact(outsider, "acme-ai", bob.handle, "Hello", now).error().code, ErrorCode::forbidden);
  EXPECT_EQ(pool.request_contact(manager, "acme-ai", bob.handle, "  ", now).error().problems[0].field, "message");
  auto r = pool.request_contact(manager, "acme-ai", bob.handle, "We build speech models; would you talk to us?", now);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->status, "pending");
  EXPECT_TRUE(r->email.empty());
  EXPECT_EQ(pool.request_contact(manager, "acme-ai", bob.handle, "Again", now).error().key, "error.pool_already_asked");
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE kind = 'talent_contact' AND member_id = " + std::to_string(bob.id)), 1);
  // Nobody but the member answers; the organization still sees no address.
  EXPECT_EQ(pool.answer(alice, r->id, true, now).error().code, ErrorCode::not_found);
  EXPECT_TRUE(pool.requests_from(manager, "acme-ai")->at(0).email.empty());
  auto accepted = pool.answer(bob, r->id, true, now);
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->status, "accepted");
  EXPECT_EQ(pool.requests_from(manager, "acme-ai")->at(0).email, bob.email);
  EXPECT_EQ(count("SELECT COUNT(*) FROM notifications WHERE kind = 'talent_contact_answered' AND member_id = " + std::to_string(manager.id)), 1);
  EXPECT_EQ(pool.answer(bob, r->id, false, now).error().key, "error.pool_answered");
  EXPECT_EQ(pool.requests_from(outsider, "acme-ai").error().code, ErrorCode::forbidden);
  // A declined request is final for that organization.
  auto to_alice = pool.request_contact(manager, "acme-ai", alice.handle, "Internship?", now).value();
  ASSERT_TRUE(pool.answer(alice, to_alice.id, false, now).ok());
  EXPECT_TRUE(pool.requests_from(manager, "acme-ai")->at(0).email.empty());
  EXPECT_EQ(pool.request_contact(manager, "acme-ai", alice.handle, "Please?", now).error().key, "error.pool_already_asked");
}

TEST_F(TalentPoolTest, LeavingThePoolEmptiesShortlistsAndWithdrawsWhatIsPending) {
  TalentPoolService pool(*db);
  ASSERT_TRUE(pool.shortlist(manager, "acme-ai", alice.handle, true, "strong ASR background", now).ok());
  EXPECT_EQ(pool.shortlist(manager, "acme-ai", carol.handle, true, "", now).error().key, "error.pool_not_found");
  EXPECT_EQ(pool.shortlist(outsider, "acme-ai", alice.handle, true, "", now).error().code, ErrorCode::forbidden);
  auto list = pool.shortlisted(manager, "acme-ai").value();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(list[0].note, "strong ASR background");
  ASSERT_TRUE(pool.request_contact(manager, "acme-ai", alice.handle, "Internship?", now).ok());
  join(alice, "zh", {}, false);
  EXPECT_TRUE(pool.shortlisted(manager, "acme-ai")->empty());
  EXPECT_EQ(pool.requests_to(alice).at(0).status, "withdrawn");
  EXPECT_EQ(pool.request_contact(manager, "acme-ai", alice.handle, "Still?", now).error().key, "error.pool_not_found");
  PoolProfileInput bad;
  bad.open = true;
  bad.languages = "english!, zh";
  bad.kinds = {"gig"};
  auto r = pool.set_profile(alice, bad, now);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().problems.size(), 2u);
  EXPECT_FALSE(pool.profile(alice.id).open);  // nothing half-written
}

TEST_F(TalentPoolTest, ManagersPostOpportunitiesThatMembersBrowseAndSave) {
  OpportunityService jobs(*db);
  OpportunityInput in{"acme-ai", "internship", "Speech research intern", "Work on **ASR** with us. Apply by mail.", "Beijing", true, now + 10 * 86400};
  EXPECT_EQ(jobs.post(outsider, in, now).error().code, ErrorCode::forbidden);
  auto bad = in;
  bad.closes_at = now - 60;
  bad.kind = "gig";
  auto r = jobs.post(manager, bad, now);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().problems.size(), 2u);
  auto posted = jobs.post(manager, in, now);
  ASSERT_TRUE(posted.ok()) << posted.error().message;
  auto other = in;
  other.kind = "job";
  other.title = "ML engineer";
  other.closes_at = now + 3 * 86400;
  auto job = jobs.post(manager, other, now).value();
  auto open = jobs.list(nullptr, {}, now).value();
  ASSERT_EQ(open.size(), 2u);
  EXPECT_EQ(open[0].title, "ML engineer");  // closing soonest first
  EXPECT_EQ(jobs.list(nullptr, {"internship", "", false, false}, now)->size(), 1u);
  ASSERT_TRUE(jobs.save(alice, posted->id, true, now).ok());
  EXPECT_TRUE(jobs.get(&alice, posted->id)->saved);
  EXPECT_FALSE(jobs.get(&bob, posted->id)->saved);
  // After the close date: off the list, not savable, still in the saved list and readable.
  const auto later = now + 5 * 86400;
  EXPECT_EQ(jobs.list(nullptr, {}, later)->size(), 1u);
  EXPECT_EQ(jobs.save(alice, job.id, true, later).error().key, "error.opportunity_closed");
  OpportunityQuery saved;
  saved.saved_only = true;
  EXPECT_EQ(jobs.list(&alice, saved, later)->size(), 1u);
  EXPECT_TRUE(jobs.get(nullptr, job.id).ok());
  ASSERT_TRUE(jobs.save(alice, posted->id, false, later).ok());
  EXPECT_TRUE(jobs.list(&alice, saved, later)->empty());
  EXPECT_FALSE(jobs.can_edit(&outsider, job));
  EXPECT_TRUE(jobs.can_edit(&manager, job));
}

}  // namespace aigc
