// Events on the backend AIGC_TEST_DB names: registration that never oversells under
// concurrency, the waiting line and its expiring offers, approvals, codes, answers,
// transfers, cancellation notices, the agenda's clashes, the call for papers, tickets'
// signatures and idempotent check-in.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <set>
#include <thread>

#include "core/clock.hpp"
#include "domain/events/call_for_papers.hpp"
#include "domain/events/event_service.hpp"
#include "domain/events/programme_service.hpp"
#include "domain/events/registration_service.hpp"
#include "domain/events/ticket_token.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/members/member_seeder.hpp"
#include "domain/research/paper_service.hpp"
#include "domain/search/search_service.hpp"
#include "support/test_database.hpp"

namespace aigc {

class EventsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("events", 16);
    seed_members(*db, 260, 11);
    db->with_session([&](soci::session& sql) { people = MemberRepository().active_after(sql, 0, 300); });
    organizer = people.back();
    organizer.role = Role::organizer;
    db->write([&](soci::session& sql) { sql << "UPDATE members SET role = 'organizer' WHERE id = :id", soci::use(static_cast<long long>(organizer.id)); });
    people.pop_back();
  }
  EventInput input(const std::string& slug, const std::string& capacity) {
    EventInput in;
    in.slug = slug;
    in.title_en = "AI Frontiers test";
    in.title_zh = "测试大会";
    in.kind = "conference";
    in.venue = "Hall";
    in.time_zone = "Asia/Shanghai";
    in.starts_at = local_input_time(now + 10 * 86400, "Asia/Shanghai");
    in.ends_at = local_input_time(now + 11 * 86400, "Asia/Shanghai");
    in.offer_hours = "24";
    in.ticket_types = {{"regular", "普通票", "0", "", capacity, "", "", false, false, true, "1"}};
    return in;
  }
  Event published(EventInput in) {
    EventService events(*db);
    auto e = events.create(organizer, in, now);
    EXPECT_TRUE(e) << e.error().message << (e ? "" : e.error().problems.empty() ? "" : e.error().problems[0].message);
    return events.set_status(organizer, in.slug, "published", now).value();
  }
  std::int64_t unread(const Member& m, const std::string& kind) {
    long long id = m.id, n = 0;
    db->with_session([&](soci::session& sql) { sql << "SELECT COUNT(*) FROM notifications WHERE member_id = :m AND kind = :k", soci::use(id), soci::use(kind), soci::into(n); });
    return n;
  }
  std::unique_ptr<Database> db;
  std::vector<Member> people;
  Member organizer;
  std::int64_t now = now_utc();
};

TEST_F(EventsTest, TwoHundredConcurrentRegistrationsFillFiftySeatsExactlyAndWaitlistTheRest) {
  published(input("rush", "50"));
  RegistrationService regs(*db);
  const int n = 220;
  std::vector<std::thread> threads;
  std::atomic<int> failed{0};
  std::atomic<bool> go{false};
  for (int i = 0; i < n; ++i)
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      auto r = regs.register_for(people[static_cast<std::size_t>(i)], "rush", {"regular", {}, ""}, now);
      if (!r) ++failed;
    });
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(failed, 0) << "no registration is lost to a conflict or a busy database";
  auto all = regs.of_event(organizer, "rush", "").value();
  ASSERT_EQ(all.size(), static_cast<std::size_t>(n)) << "none lost, none twice";
  std::map<std::string, int> by_status;
  std::set<std::int64_t> members, positions;
  for (const auto& r : all) {
    ++by_status[r.status];
    members.insert(r.member_id);
    if (r.status == "waitlisted") positions.insert(r.position);
  }
  EXPECT_EQ(by_status["confirmed"], 50);
  EXPECT_EQ(by_status["waitlisted"], n - 50);
  EXPECT_EQ(members.size(), static_cast<std::size_t>(n)) << "each member holds one registration";
  EXPECT_EQ(positions.size(), static_cast<std::size_t>(n - 50)) << "every place in line is distinct";
  EXPECT_EQ(*positions.begin(), 1);
  EXPECT_EQ(*positions.rbegin(), n - 50);
}

TEST_F(EventsTest, AFreedSeatIsOfferedToTheFirstInLineUntilTheOfferRunsOutThenToTheNext) {
  published(input("line", "2"));
  RegistrationService regs(*db);
  std::vector<EventRegistration> r;
  for (int i = 0; i < 4; ++i) r.push_back(regs.register_for(people[i], "line", {"regular", {}, ""}, now).value());
  EXPECT_EQ(r[0].status, "confirmed");
  EXPECT_EQ(r[1].status, "confirmed");
  EXPECT_EQ(r[2].status, "waitlisted");
  EXPECT_EQ(r[2].position, 1);
  EXPECT_EQ(r[3].position, 2);

  ASSERT_TRUE(regs.cancel(people[0], r[0].id, now + 10));
  auto offered = regs.get(people[2], r[2].id).value();
  EXPECT_EQ(offered.status, "offered");
  EXPECT_EQ(offered.offer_expires_at, now + 10 + 24 * 3600);
  EXPECT_EQ(unread(people[2], "event_seat_offer"), 1);
  EXPECT_EQ(regs.get(people[3], r[3].id)->position, 1) << "the next one moves up";
  // A newcomer does not jump the line while an offer is open.
  EXPECT_EQ(regs.register_for(people[9], "line", {"regular", {}, ""}, now + 20)->status, "waitlisted");

  EXPECT_EQ(regs.expire_offers(now + 100), 0) << "not yet";
  EXPECT_EQ(regs.expire_offers(now + 10 + 24 * 3600), 1);
  EXPECT_EQ(regs.get(people[2], r[2].id)->status, "expired");
  EXPECT_FALSE(regs.accept_offer(people[2], r[2].id, now + 10 + 24 * 3600 + 1)) << "an expired offer cannot be taken";
  auto second = regs.get(people[3], r[3].id).value();
  EXPECT_EQ(second.status, "offered");
  ASSERT_TRUE(regs.accept_offer(people[3], r[3].id, now + 25 * 3600));
  EXPECT_EQ(regs.get(people[3], r[3].id)->status, "confirmed");
  EXPECT_EQ(regs.expire_offers(now + 30 * 86400), 0) << "an accepted seat stays";
}

TEST_F(EventsTest, RaisingTheCapacityOffersTheNewSeatsAndZeroOfferHoursConfirmsAtOnce) {
  auto in = input("grow", "1");
  in.offer_hours = "0";
  published(in);
  RegistrationService regs(*db);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(regs.register_for(people[i], "grow", {"regular", {}, ""}, now));
  in.ticket_types[0].capacity = "2";
  ASSERT_TRUE(EventService(*db).update(organizer, "grow", in, now + 5));
  auto all = regs.of_event(organizer, "grow", "confirmed").value();
  EXPECT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].member_id, people[1].id) << "the first in line got the new seat";
  in.ticket_types.clear();
  EXPECT_EQ(EventService(*db).update(organizer, "grow", in, now).error().key, "error.ticket_type_in_use");
}

TEST_F(EventsTest, HiddenTypesNeedACodeApprovalTypesWaitAndCodesRunOut) {
  auto in = input("codes", "10");
  in.ticket_types.push_back({"speaker", "讲者票", "0", "", "5", "", "", false, true, false, "1"});
  in.ticket_types.push_back({"press", "媒体票", "0", "", "5", "", "", true, false, true, "1"});
  published(in);
  EventService events(*db);
  RegistrationService regs(*db);
  ASSERT_TRUE(events.add_code(organizer, "codes", "SPEAK-1", "speaker", 1));
  auto no_code = regs.register_for(people[0], "codes", {"speaker", {}, ""}, now);
  ASSERT_FALSE(no_code);
  EXPECT_EQ(no_code.error().problems[0].key, "error.invitation_code_needed");
  EXPECT_EQ(regs.register_for(people[0], "codes", {"speaker", {}, "SPEAK-1"}, now)->status, "confirmed");
  EXPECT_EQ(regs.register_for(people[1], "codes", {"speaker", {}, "SPEAK-1"}, now).error().problems[0].key, "error.invitation_code_used");
  EXPECT_EQ(regs.register_for(people[1], "codes", {"regular", {}, "SPEAK-1"}, now).error().problems[0].key, "error.invitation_code_wrong");
  auto press = regs.register_for(people[2], "codes", {"press", {}, ""}, now).value();
  EXPECT_EQ(press.status, "pending");
  EXPECT_FALSE(regs.decide(people[2], press.id, "approve", now)) << "only managers decide";
  EXPECT_EQ(regs.decide(organizer, press.id, "approve", now)->status, "confirmed");
  EXPECT_NE(regs.decide(organizer, press.id, "paid", now)->paid_at, 0);
}

TEST_F(EventsTest, AnswersAreCheckedOneRegistrationPerMemberAndTransfersMoveTheSeat) {
  auto in = input("ask", "10");
  in.questions = "choice | Meal | 餐食 | None; Vegetarian | required\nyesno | Reception? | 晚宴？ | |";
  published(in);
  RegistrationService regs(*db);
  auto e = EventService(*db).get("ask", nullptr).value();
  const auto meal = std::to_string(e.questions[0].id), reception = std::to_string(e.questions[1].id);
  auto missing = regs.register_for(people[0], "ask", {"regular", {}, ""}, now);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().problems[0].field, "answers." + meal);
  EXPECT_EQ(regs.register_for(people[0], "ask", {"regular", {{meal, "Steak"}}, ""}, now).error().problems[0].key, "error.answer_choice");
  EXPECT_EQ(regs.register_for(people[0], "ask", {"regular", {{meal, "None"}, {reception, "maybe"}}, ""}, now).error().problems[0].key,
            "error.answer_yesno");
  auto ok = regs.register_for(people[0], "ask", {"regular", {{meal, "Vegetarian"}, {reception, "yes"}}, ""}, now).value();
  EXPECT_EQ(regs.register_for(people[0], "ask", {"regular", {{meal, "None"}}, ""}, now).error().key, "error.already_registered");
  EXPECT_TRUE(regs.edit_answers(people[0], ok.id, {{meal, "None"}}, now));
  EXPECT_EQ(regs.edit_answers(people[0], ok.id, {{meal, "None"}}, e.starts_at).error().key, "error.answers_closed");

  EXPECT_FALSE(regs.transfer(people[0], ok.id, "@no-such-member", now));
  auto moved = regs.transfer(people[0], ok.id, "@" + people[1].handle, now).value();
  EXPECT_EQ(moved.member_id, people[1].id);
  EXPECT_EQ(moved.status, "confirmed");
  EXPECT_FALSE(regs.get(people[0], ok.id)) << "the old holder no longer sees it";
  EXPECT_TRUE(regs.register_for(people[0], "ask", {"regular", {{meal, "None"}}, ""}, now)) << "and may register again";
}

TEST_F(EventsTest, CancellingTheEventTellsEveryActiveRegistrantOnceAndClosesRegistration) {
  published(input("off", "1"));
  RegistrationService regs(*db);
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(regs.register_for(people[i], "off", {"regular", {}, ""}, now));
  ASSERT_TRUE(EventService(*db).set_status(organizer, "off", "cancelled", now));
  for (int i = 0; i < 3; ++i) EXPECT_EQ(unread(people[i], "event_cancelled"), 1);
  EXPECT_EQ(unread(people[5], "event_cancelled"), 0);
  EXPECT_EQ(regs.register_for(people[5], "off", {"regular", {}, ""}, now).error().key, "error.event_cancelled");
  EXPECT_FALSE(EventService(*db).set_status(organizer, "off", "published", now));
}

TEST_F(EventsTest, TheAgendaMarksClashesAndAChangedTalkTellsThoseWhoStarredIt) {
  auto e = published(input("prog", "10"));
  ProgrammeService programme(*db);
  ASSERT_TRUE(programme.set_structure(organizer, e, "Vision | 视觉\nNLP | 自然语言", "Hall A\nHall B", now));
  auto day = local_input_time(e.starts_at, e.time_zone).substr(0, 11);
  TalkInput a{0, "talk", "Talk A", "报告 A", "", "Vision", "Hall A", day + "09:00", day + "10:00", "", "", "@" + people[0].handle + "\nGrace Hopper (Navy)", 0};
  TalkInput b{0, "talk", "Talk B", "", "", "NLP", "Hall B", day + "09:30", day + "10:30", "", "", "", 0};
  TalkInput c{0, "talk", "Talk C", "", "", "", "Hall A", day + "10:30", day + "11:00", "", "", "", 0};
  auto ta = programme.save_talk(organizer, e, a, now).value();
  auto tb = programme.save_talk(organizer, e, b, now).value();
  auto tc = programme.save_talk(organizer, e, c, now).value();
  ASSERT_EQ(ta.speakers.size(), 2u);
  EXPECT_EQ(ta.speakers[1].affiliation, "Navy");
  EXPECT_FALSE(programme.save_talk(people[3], e, a, now)) << "only managers edit the programme";
  TalkInput bad = a;
  bad.room = "Hall Z";
  EXPECT_EQ(programme.save_talk(organizer, e, bad, now).error().problems[0].key, "error.talk_room");
  for (auto id : {ta.id, tb.id, tc.id}) ASSERT_TRUE(programme.star(people[5], e, id, true, now));
  auto agenda = programme.agenda(people[5].id, e.id);
  EXPECT_EQ(agenda.talks.size(), 3u);
  EXPECT_EQ(agenda.clashing, (std::vector<std::int64_t>{ta.id, tb.id})) << "C starts as B ends: no clash";
  c.id = tc.id;
  c.starts_at = day + "10:15";
  ASSERT_TRUE(programme.save_talk(organizer, e, c, now + 60));
  EXPECT_EQ(unread(people[5], "event_talk_changed"), 1);
  EXPECT_EQ(programme.agenda(people[5].id, e.id).clashing.size(), 3u);
  EXPECT_EQ(programme.set_structure(organizer, e, "Vision", "Hall A\nHall B", now).error().key, "error.event_track_in_use");

  // Sessions group talks under a title with chairs; a session that holds talks stays.
  ASSERT_TRUE(programme.set_sessions(organizer, e, "Morning vision | 上午视觉 | @" + people[7].handle, now));
  TalkInput in_session = a;
  in_session.id = ta.id;
  in_session.session = "上午视觉";
  ASSERT_EQ(programme.save_talk(organizer, e, in_session, now)->session_id, programme.get(e.id).sessions.at(0).id);
  in_session.session = "Evening";
  EXPECT_EQ(programme.save_talk(organizer, e, in_session, now).error().problems[0].key, "error.talk_session");
  EXPECT_EQ(programme.set_sessions(organizer, e, "", now).error().key, "error.event_session_in_use");
  EXPECT_EQ(programme.set_sessions(organizer, e, "a | b | c | d", now).error().problems[0].key, "error.event_session");
  auto token = programme.calendar_token(people[5].id, false);
  EXPECT_EQ(programme.member_for_calendar(token), people[5].id);
  auto renewed = programme.calendar_token(people[5].id, true);
  EXPECT_NE(renewed, token);
  EXPECT_FALSE(programme.member_for_calendar(token)) << "the old secret URL stops working";
}

TEST_F(EventsTest, BlindReviewHidesTheSubmitterAndAcceptingMakesATalkAndTellsTheSubmitter) {
  auto in = input("cfp", "10");
  in.cfp_opens_at = local_input_time(now - 86400, in.time_zone);
  in.cfp_closes_at = local_input_time(now + 86400, in.time_zone);
  in.cfp_blind = true;
  auto e = published(in);
  CallForPapers cfp(*db);
  auto p = cfp.submit(people[0], e, {"Fast tokenizers", "We make them fast.", "talk", "", "@" + people[1].handle}, now).value();
  EXPECT_EQ(cfp.submit(people[0], e, {"", "x", "talk", "", ""}, now).error().problems[0].field, "title");
  ASSERT_TRUE(cfp.assign(organizer, e, p.id, people[2].handle, now));
  EXPECT_FALSE(cfp.assign(organizer, e, p.id, people[0].handle, now)) << "no one reviews their own proposal";
  auto seen = cfp.visible_to(people[2], e);
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_TRUE(seen[0].submitter_handle.empty()) << "blind";
  EXPECT_FALSE(cfp.review(people[3], e, p.id, 4, "", now)) << "only assigned reviewers review";
  ASSERT_TRUE(cfp.review(people[2], e, p.id, 4, "Good", now));
  EXPECT_DOUBLE_EQ(cfp.visible_to(organizer, e)[0].mean_score, 4.0);
  auto accepted = cfp.decide(organizer, e, p.id, "accept", now).value();
  EXPECT_EQ(accepted.status, "accepted");
  auto talk = ProgrammeService(*db).talk(e.id, accepted.talk_id);
  ASSERT_TRUE(talk);
  EXPECT_EQ(talk->speakers.size(), 2u) << "the submitter and the co-speaker";
  EXPECT_EQ(unread(people[0], "event_proposal_decided"), 1);
  auto closed = in;
  EXPECT_EQ(cfp.submit(people[4], e, {"Late", "x", "talk", "", ""}, now + 2 * 86400).error().key, "error.cfp_closed");
}

TEST_F(EventsTest, TicketTokensVerifyOfflineAndATamperedOrCertificateTokenFails) {
  TicketSigner signer(*db), again(*db);
  auto token = signer.sign({7, 42, 9});
  auto claim = again.verify(token);
  ASSERT_TRUE(claim) << "every process signs with the same stored key";
  EXPECT_EQ(claim->registration_id, 42);
  std::string tampered = token;
  tampered[4] = tampered[4] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(signer.verify(tampered));
  EXPECT_FALSE(signer.verify(signer.sign({7, 42, 9}, 'C'))) << "a certificate is not a ticket";
  EXPECT_TRUE(signer.verify(signer.sign({7, 42, 9}, 'C'), 'C'));
  EXPECT_FALSE(signer.verify("T1.garbage"));
  EXPECT_EQ(signer.public_key().size(), 43u);
}

TEST_F(EventsTest, CheckInIsIdempotentAndSaysWhenAndByWhom) {
  published(input("door", "10"));
  RegistrationService regs(*db);
  auto r = regs.register_for(people[0], "door", {"regular", {}, ""}, now).value();
  EXPECT_FALSE(regs.check_in(people[1], "door", r.id, now)) << "only staff check people in";
  auto first = regs.check_in(organizer, "door", r.id, now + 100).value();
  EXPECT_TRUE(first.first);
  auto second = regs.check_in(organizer, "door", r.id, now + 200).value();
  EXPECT_FALSE(second.first);
  EXPECT_EQ(second.registration.checked_in_at, now + 100);
  EXPECT_EQ(second.registration.checked_in_by_handle, organizer.handle);
  EXPECT_EQ(regs.cancel(people[0], r.id, now + 300).error().key, "error.registration_checked_in");
}

TEST_F(EventsTest, BadEventInputNamesEveryFieldToFix) {
  EventInput in = input("Bad Slug", "-3");
  in.time_zone = "Mars/Olympus";
  in.ends_at = "yesterday";
  in.questions = "choice | Only one choice | | a | required";
  in.ticket_types.push_back({"regular", "", "0", "", "5", "", "", false, false, true, "1"});
  auto e = EventService(*db).create(organizer, in, now);
  ASSERT_FALSE(e);
  std::set<std::string> fields;
  for (const auto& p : e.error().problems) fields.insert(p.field);
  for (const char* f : {"slug", "time_zone", "ends_at", "questions", "ticket_types.0.capacity", "ticket_types.1.name"})
    EXPECT_TRUE(fields.count(f)) << f;
  EXPECT_EQ(EventService(*db).create(people[0], input("ok", "5"), now).error().code, ErrorCode::forbidden) << "members do not create events";
  EXPECT_EQ(*parse_event_time("2026-12-05T09:00:00+08:00", "UTC"), *parse_event_time("2026-12-05T01:00Z", "Europe/Paris"));
  EXPECT_EQ(*parse_event_time("2026-07-01T09:00", "Europe/Berlin"), *parse_event_time("2026-07-01T07:00:00Z", "UTC"));
}

TEST_F(EventsTest, EventsAndTalksAreFoundOnceAnyoneMaySeeThem) {
  auto in = input("mt-workshop", "10");
  in.title_zh = "机器翻译研讨会";
  EventService events(*db);
  auto draft = events.create(organizer, in, now).value();
  ProgrammeService programme(*db);
  auto day = local_input_time(draft.starts_at, draft.time_zone).substr(0, 11);
  ASSERT_TRUE(programme.save_talk(organizer, draft, {0, "talk", "Compilers for translation", "", "", "", "", day + "09:00", day + "10:00",
                                                     "", "", "Grace Hopper (Navy)", 0}, now));
  SearchService search(*db);
  auto find = [&](const std::string& q, const SearchViewer& who, const std::string& kind = "") {
    std::vector<std::string> kinds;
    auto r = search.search({q, kind, "", "", "", 20, ""}, who);
    EXPECT_TRUE(r) << q;
    if (r)
      for (const auto& h : r->hits) kinds.push_back(h.kind + ":" + h.url);
    return kinds;
  };
  EXPECT_TRUE(find("研讨会", {}).empty()) << "a draft (and its talks) is not findable by the public";
  EXPECT_EQ(find("研讨会", {organizer.id, false}, "event").size(), 1u) << "its creator finds it";
  ASSERT_TRUE(events.set_status(organizer, "mt-workshop", "published", now));
  EXPECT_EQ(find("研讨会", {}, "event"), (std::vector<std::string>{"event:/events/mt-workshop"}));
  auto talk = find("Hopper", {});
  ASSERT_EQ(talk.size(), 1u) << "a talk by its speaker, once the event is out";
  EXPECT_EQ(talk[0].rfind("talk:/events/mt-workshop/talks/", 0), 0u);

  // A paper presented there links the event, and the event lists the paper.
  PaperInput paper;
  paper.title_en = "Translation compilers";
  paper.abstract_en = "We compile.";
  paper.authors = {"@" + people[0].handle};
  paper.year = "2026";
  paper.fields = {"nlp"};
  paper.events = {"mt-workshop"};
  auto shared = PaperService(*db).share(people[0], paper);
  ASSERT_TRUE(shared) << shared.error().message << " " << (shared ? "" : shared.error().problems.at(0).message);
  ASSERT_EQ(shared->links.size(), 1u);
  EXPECT_EQ(shared->links[0].kind, "event");
  EXPECT_EQ(PaperService(*db).linked_to("event", draft.id).size(), 1u);
  paper.events = {"no-such-event"};
  EXPECT_EQ(PaperService(*db).share(people[0], paper).error().problems[0].key, "error.paper_event");
}

}  // namespace aigc
