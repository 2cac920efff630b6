// Events over HTTP: the demo conference's pages in both languages and zones, an event made
// through the API and filled until people wait, iCalendar feeds read back by Debian's
// python3-icalendar (times checked across a daylight-saving change), tickets with their QR
// code checked in twice, the attendee CSV, and who may not do what.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "core/text.hpp"
#include "support/images.hpp"
#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

namespace {

HttpResponse api(int p, const std::string& method, const std::string& token, const std::string& path, const std::string& body = "") {
  Browser b(p);
  std::map<std::string, std::string> headers = {{"Authorization", "Bearer " + token}};
  if (!body.empty()) headers["Content-Type"] = "application/json";
  return b.request(method, path, body, headers);
}

// Each VEVENT of an iCalendar text as "UID DTSTART-in-UTC DTEND-in-UTC TZID", read by
// python3-icalendar; or the parser's complaint.
std::string read_ics(const std::string& ics) {
  const char* script = R"PY(
import sys, datetime, icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
zones = [str(z['TZID']) for z in cal.walk('VTIMEZONE')]
for e in cal.walk('VEVENT'):
    s, f = e['DTSTART'].dt, e['DTEND'].dt
    tz = e['DTSTART'].params.get('TZID', 'UTC')
    if tz != 'UTC' and tz not in zones: print('no VTIMEZONE for', tz)
    u = lambda d: d.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%MZ')
    print(e['UID'], u(s), u(f), tz)
)PY";
  char in_path[] = "/tmp/aigc-ics-XXXXXX";
  int fd = mkstemp(in_path);
  FILE* f = fdopen(fd, "w");
  fwrite(ics.data(), 1, ics.size(), f);
  fclose(f);
  std::string py = std::string(in_path) + ".py";
  FILE* p = fopen(py.c_str(), "w");
  fputs(script, p);
  fclose(p);
  std::string out;
  FILE* pipe = popen(("/usr/bin/python3 " + py + " < " + in_path + " 2>&1").c_str(), "r");
  char buf[512];
  while (pipe && fgets(buf, sizeof buf, pipe)) out += buf;
  if (pipe) pclose(pipe);
  std::remove(in_path);
  std::remove(py.c_str());
  return out;
}

std::string between(const std::string& s, const std::string& open, const std::string& close) {
  auto a = s.find(open);
  if (a == std::string::npos) return "";
  a += open.size();
  auto b = s.find(close, a);
  return b == std::string::npos ? "" : s.substr(a, b - a);
}

// An event created by the admin through the API, published; returns its slug.
std::string create_event(const std::string& token, json body) {
  auto slug = unique("ev-");
  body["slug"] = slug;
  body["status"] = "published";
  auto r = api(port(), "POST", token, "/api/v1/events", body.dump());
  EXPECT_EQ(r.status, 201) << r.body;
  return slug;
}

}  // namespace

TEST(HttpEvents, TheDemoConferenceShowsItsProgrammeInBothLanguagesAndTheReadersZone) {
  Browser b(port());
  auto zh = b.get("/events/ai-frontiers-2026", {{"Accept-Language", "zh-CN"}});
  ASSERT_EQ(zh.status, 200);
  EXPECT_TRUE(contains(zh.body, "人工智能前沿大会"));
  EXPECT_TRUE(contains(zh.body, "学生票"));
  auto list = b.get("/events");
  EXPECT_TRUE(contains(list.body, "AI Frontiers 2026"));
  EXPECT_TRUE(contains(list.body, "Beijing NLP Meetup #12")) << "the past meetup";
  auto programme = b.get("/events/ai-frontiers-2026/programme");
  ASSERT_EQ(programme.status, 200);
  EXPECT_TRUE(contains(programme.body, "data-testid=\"timetable\""));
  EXPECT_TRUE(contains(programme.body, ">09:30–10:30<")) << "times in the event's zone (Asia/Shanghai)";
  Browser paris(port());
  paris.set_cookie("tz", "Europe%2FParis");
  auto mine = paris.get("/events/ai-frontiers-2026/programme?tz=mine");
  EXPECT_TRUE(contains(mine.body, "Europe/Paris"));
  EXPECT_TRUE(contains(mine.body, ">02:30–03:30<")) << "the keynote at 09:30 in Beijing is 02:30 in Paris in December";

  auto j = json::parse(b.get("/api/v1/events/ai-frontiers-2026").body);
  EXPECT_GE(j["programme"]["talks"].size(), 20u);
  EXPECT_EQ(j["programme"]["tracks"].size(), 3u);
  EXPECT_EQ(j["programme"]["sessions"].size(), 6u);
  EXPECT_EQ(j["timezone"], "Asia/Shanghai");
  bool waiting = false;
  for (const auto& t : j["ticket_types"]) waiting = waiting || t["waiting"].get<int>() > 0;
  EXPECT_TRUE(waiting) << "the demo has a waiting list";
  for (const auto& t : j["ticket_types"]) EXPECT_NE(t["name"], "speaker") << "hidden types stay hidden";
  EXPECT_EQ(b.get("/events/no-such-event").status, 404);
  auto meetup = json::parse(b.get("/api/v1/events/beijing-nlp-meetup-12").body);
  ASSERT_EQ(meetup["programme"]["talks"].size(), 3u);
  const auto talk = meetup["programme"]["talks"][0];
  EXPECT_FALSE(talk["recording_url"].get<std::string>().empty());
  EXPECT_TRUE(contains(b.get("/events/beijing-nlp-meetup-12/talks/" + std::to_string(talk["id"].get<int>())).body, "data-testid=\"recording\""));
}

TEST(HttpEvents, AnEventMadeThroughTheApiFillsThenWaitlistsAndACancellationOffersTheSeat) {
  Browser admin(port());
  sign_in_admin(admin);
  auto admin_token = create_token(admin);
  auto bad = api(port(), "POST", admin_token, "/api/v1/events",
                 json{{"slug", "Bad Slug"}, {"starts_at", "2027-01-10T09:00"}, {"ends_at", "2027-01-09T09:00"}, {"timezone", "Nowhere/City"},
                      {"ticket_types", json::array({json{{"name", "regular"}, {"capacity", -1}}})}}.dump());
  ASSERT_EQ(bad.status, 422) << bad.body;
  std::set<std::string> fields;
  const auto problems = json::parse(bad.body);
  for (const auto& d : problems["error"]["details"]) fields.insert(d["field"].get<std::string>());
  for (const char* f : {"slug", "ends_at", "time_zone", "ticket_types.0.capacity"}) EXPECT_TRUE(fields.count(f)) << f << " in " << bad.body;
  EXPECT_EQ(api(port(), "POST", admin_token, "/api/v1/events", "{not json").status, 400);

  const auto slug = create_event(admin_token, {{"title_en", "Small workshop"}, {"title_zh", "小型研讨会"}, {"kind", "workshop"}, {"venue", "Room 1"},
                                               {"timezone", "Asia/Shanghai"}, {"starts_at", "2031-03-01T09:00"}, {"ends_at", "2031-03-01T17:00"},
                                               {"ticket_types", json::array({json{{"name", "regular"}, {"capacity", 2}}})}});
  std::vector<std::string> tokens;
  for (int i = 0; i < 3; ++i) {
    Browser m(port());
    register_member(m, "att");
    tokens.push_back(create_token(m));
  }
  const std::string path = "/api/v1/events/" + slug + "/registrations";
  EXPECT_EQ(json::parse(api(port(), "POST", tokens[0], path, R"({"ticket_type":"regular"})").body)["status"], "confirmed");
  EXPECT_EQ(json::parse(api(port(), "POST", tokens[1], path, R"({"ticket_type":"regular"})").body)["status"], "confirmed");
  auto third = api(port(), "POST", tokens[2], path, R"({"ticket_type":"regular"})");
  ASSERT_EQ(third.status, 201);
  EXPECT_EQ(json::parse(third.body)["status"], "waitlisted");
  EXPECT_EQ(json::parse(third.body)["position"], 1);
  // A retry of the third's request (its answer lost) with the same Idempotency-Key gets the
  // same registration back, not "registered already" and not a second place in line.
  Browser retry(port());
  auto replayed = retry.request("POST", path, R"({"ticket_type":"regular"})",
                                {{"Authorization", "Bearer " + tokens[2]}, {"Content-Type", "application/json"}, {"Idempotency-Key", "reg-5d1"}});
  EXPECT_EQ(replayed.status, 409) << "the key was not sent the first time: this is a second request";
  Browser fourth_member(port());
  register_member(fourth_member, "att");
  auto fourth = create_token(fourth_member);
  auto keyed = [&] {
    return Browser(port()).request("POST", path, R"({"ticket_type":"regular"})",
                                   {{"Authorization", "Bearer " + fourth}, {"Content-Type", "application/json"}, {"Idempotency-Key", "reg-5d1"}});
  };
  auto once = keyed();
  ASSERT_EQ(once.status, 201) << once.body;
  auto again = keyed();
  EXPECT_EQ(again.status, 201) << again.body;
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(json::parse(again.body)["id"], json::parse(once.body)["id"]);
  EXPECT_EQ(json::parse(again.body)["position"], 2) << "still second in line, not third";
  auto twice = api(port(), "POST", tokens[0], path, R"({"ticket_type":"regular"})");
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(json::parse(twice.body)["error"]["key"], "error.already_registered");
  EXPECT_EQ(api(port(), "POST", tokens[0], path, R"({"ticket_type":"vip"})").status, 422);
  EXPECT_EQ(api(port(), "POST", "", path, R"({"ticket_type":"regular"})").status, 401);

  auto cancelled = api(port(), "DELETE", tokens[0], "/api/v1/events/" + slug + "/registration");
  ASSERT_EQ(cancelled.status, 200) << cancelled.body;
  EXPECT_EQ(json::parse(cancelled.body)["status"], "cancelled");
  auto mine = json::parse(api(port(), "GET", tokens[2], path).body);
  ASSERT_EQ(mine["registrations"].size(), 1u);
  EXPECT_EQ(mine["registrations"][0]["status"], "offered") << "the first in line is offered the freed seat";
  EXPECT_EQ(api(port(), "DELETE", tokens[0], "/api/v1/events/" + slug + "/registration").status, 404) << "nothing left to cancel";
  auto listed = json::parse(Browser(port()).get("/api/v1/events").body);
  bool found = false;
  for (const auto& e : listed["events"]) found = found || e["slug"] == slug;
  EXPECT_TRUE(found);
}

TEST(HttpEvents, CalendarFeedsReadBackWithTheirZonesAcrossADaylightSavingChange) {
  Browser admin(port());
  sign_in_admin(admin);
  auto token = create_token(admin);
  // Berlin leaves summer time on 25 October 2026: a talk on each side of it.
  const auto slug = create_event(token, {{"title_en", "Berlin workshop"}, {"kind", "workshop"}, {"venue", "Haus"}, {"timezone", "Europe/Berlin"},
                                         {"starts_at", "2026-10-24T09:00"}, {"ends_at", "2026-10-26T18:00"},
                                         {"ticket_types", json::array({json{{"name", "regular"}, {"capacity", 10}}})}});
  auto form = admin.post("/events/" + slug + "/structure", {{"tracks", "Main | 主"}, {"rooms", "Saal 1"}});
  ASSERT_EQ(form.status, 303) << form.body;
  ASSERT_EQ(admin.post("/events/" + slug + "/talks", {{"title_en", "Before the change"}, {"room", "Saal 1"}, {"starts_at", "2026-10-24T10:00"},
                                                     {"ends_at", "2026-10-24T11:00"}}).status, 303);
  auto after = admin.post("/events/" + slug + "/talks", {{"title_en", "After the change"}, {"room", "Saal 1"}, {"starts_at", "2026-10-26T10:00"},
                                                        {"ends_at", "2026-10-26T11:00"}, {"speakers", "Ada Lovelace (Analytical Engines)"}});
  ASSERT_EQ(after.status, 303);
  auto ics = Browser(port()).get("/events/" + slug + "/calendar.ics");
  ASSERT_EQ(ics.status, 200);
  EXPECT_TRUE(contains(ics.header("content-type"), "text/calendar"));
  auto read = read_ics(ics.body);
  EXPECT_TRUE(contains(read, "2026-10-24T07:00Z 2026-10-26T17:00Z Europe/Berlin")) << read;
  EXPECT_TRUE(contains(read, "2026-10-24T08:00Z 2026-10-24T09:00Z Europe/Berlin")) << "10:00 summer time is UTC+2: " << read;
  EXPECT_TRUE(contains(read, "2026-10-26T09:00Z 2026-10-26T10:00Z Europe/Berlin")) << "10:00 winter time is UTC+1: " << read;
  EXPECT_FALSE(contains(read, "no VTIMEZONE")) << read;

  // One talk's feed, and a member's agenda at its secret address.
  const std::string talk_path = after.header("location");
  ASSERT_EQ(talk_path.rfind("/events/" + slug + "/talks/", 0), 0u) << talk_path;
  auto talk_ics = read_ics(Browser(port()).get(talk_path + "/calendar.ics").body);
  EXPECT_TRUE(contains(talk_ics, "2026-10-26T09:00Z")) << talk_ics;
  Browser member(port());
  register_member(member, "cal");
  ASSERT_EQ(member.post(talk_path + "/star", {{"on", "1"}}).status, 303);
  auto agenda = member.get("/events/" + slug + "/agenda");
  const auto feed_path = "/events/agenda/" + between(agenda.body, "/events/agenda/", "\"");
  ASSERT_GT(feed_path.size(), 40u) << agenda.body;
  auto mine = read_ics(Browser(port()).get(feed_path).body);
  EXPECT_TRUE(contains(mine, "2026-10-26T09:00Z")) << mine;
  EXPECT_FALSE(contains(mine, "2026-10-24T08:00Z")) << "only the starred talk";
  EXPECT_EQ(Browser(port()).get("/events/agenda/not-a-real-secret-token/calendar.ics").status, 404);
}

TEST(HttpEvents, ATicketsQrTokenChecksInOnceAndTheSecondScanSaysWhenAndByWhom) {
  Browser admin(port());
  sign_in_admin(admin);
  auto token = create_token(admin);
  const auto slug = create_event(token, {{"title_en", "Door test"}, {"kind", "meetup"}, {"venue", "Cafe"}, {"timezone", "Asia/Shanghai"},
                                         {"starts_at", "2031-05-01T19:00"}, {"ends_at", "2031-05-01T21:00"},
                                         {"ticket_types", json::array({json{{"name", "general"}, {"capacity", 5}}})}});
  Browser m(port());
  auto handle = register_member(m, "door");
  ASSERT_EQ(m.post("/events/" + slug + "/register", {{"ticket_type", "general"}}).status, 303);
  auto mine = m.get("/events/" + slug + "/registration");
  auto ticket_path = "/events/" + slug + "/tickets/" + between(mine.body, "/events/" + slug + "/tickets/", "\"");
  auto ticket = m.get(ticket_path);
  ASSERT_EQ(ticket.status, 200) << ticket_path;
  EXPECT_TRUE(contains(ticket.body, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\""));
  auto code = between(ticket.body, "data-testid=\"ticket-token\">", "<");
  ASSERT_EQ(code.rfind("T1.", 0), 0u) << code;
  EXPECT_EQ(Browser(port()).get(ticket_path).status, 303) << "sign in first";

  Browser stranger(port());
  register_member(stranger, "nosy");
  EXPECT_EQ(stranger.get(ticket_path).status, 404) << "a ticket is its holder's";
  EXPECT_EQ(stranger.get("/events/" + slug + "/checkin").status, 403);
  EXPECT_EQ(stranger.post("/events/" + slug + "/checkin", {{"token", code}}).status, 403);

  auto first = admin.request("POST", "/events/" + slug + "/checkin", "csrf=" + admin.cookie("aigc_csrf") + "&token=" + url_encode(code),
                             {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}});
  ASSERT_EQ(first.status, 200) << first.body;
  EXPECT_TRUE(json::parse(first.body)["first"].get<bool>());
  auto second = admin.request("POST", "/events/" + slug + "/checkin", "csrf=" + admin.cookie("aigc_csrf") + "&token=" + url_encode(code),
                              {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}});
  auto again = json::parse(second.body);
  EXPECT_FALSE(again["first"].get<bool>());
  EXPECT_EQ(again["by"], "aigc-admin");
  EXPECT_TRUE(contains(again["message"].get<std::string>(), again["time"].get<std::string>())) << again.dump();
  EXPECT_EQ(again["time"], json::parse(first.body)["time"]) << "the first check-in's time";
  auto forged = code;
  forged[forged.size() - 3] = forged[forged.size() - 3] == 'A' ? 'B' : 'A';
  auto refused = admin.request("POST", "/events/" + slug + "/checkin", "csrf=" + admin.cookie("aigc_csrf") + "&token=" + url_encode(forged),
                               {{"Content-Type", "application/x-www-form-urlencoded"}, {"Accept", "application/json"}});
  EXPECT_EQ(refused.status, 404);
  EXPECT_EQ(json::parse(refused.body)["error"]["key"], "error.ticket_invalid");

  auto csv = admin.get("/events/" + slug + "/attendees.csv");
  ASSERT_EQ(csv.status, 200);
  EXPECT_TRUE(contains(csv.body, "," + handle + ","));
  EXPECT_TRUE(contains(csv.body, ",confirmed,,no,2")) << csv.body;
  auto desk = admin.get("/events/" + slug + "/checkin");
  EXPECT_TRUE(contains(desk.body, "general: 1 / 1"));
  auto badges = admin.get("/events/" + slug + "/badges");
  EXPECT_TRUE(contains(badges.body, "@" + handle));

  // A cover: a picture re-encoded into the media library; anything else refused.
  auto cover = [&](Browser& b, const std::string& bytes) {
    const std::string boundary = "----cover";
    std::string body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + b.cookie("aigc_csrf") + "\r\n--" + boundary +
                       "\r\nContent-Disposition: form-data; name=\"cover\"; filename=\"c.png\"\r\nContent-Type: image/png\r\n\r\n" + bytes +
                       "\r\n--" + boundary + "--\r\n";
    return b.request("POST", "/events/" + slug + "/cover", body, {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
  };
  EXPECT_EQ(cover(admin, "<svg onload=alert(1)>").status, 422);
  EXPECT_EQ(cover(stranger, make_png(800, 400)).status, 403);
  ASSERT_EQ(cover(admin, make_png(800, 400)).status, 303);
  EXPECT_TRUE(contains(Browser(port()).get("/events/" + slug).body, "<img src=\"/media/"));
}

}  // namespace aigc::test
