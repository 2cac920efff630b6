// The shared page cache over HTTP: visitors who are not signed in get one cached rendering
// per address, language and time zone, with ETags, 304s and gzip/brotli; a change committed
// through one server shows on another server of the same database at once; signed-in
// members get cached pages of their own that their own changes end; a shared page holds
// nobody's CSRF token, and the language switch on it still works.
#include <brotli/decode.h>
#include <zlib.h>

#include "web/http_fixture.hpp"

namespace aigc::test {

namespace {

std::string gunzip(const std::string& in) {
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  std::string out;
  char buf[16384];
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  int rc;
  do {
    z.next_out = reinterpret_cast<Bytef*>(buf);
    z.avail_out = sizeof buf;
    rc = inflate(&z, Z_NO_FLUSH);
    out.append(buf, sizeof buf - z.avail_out);
  } while (rc == Z_OK);
  inflateEnd(&z);
  return rc == Z_STREAM_END ? out : "<corrupt gzip>";
}

std::string unbrotli(const std::string& in) {
  std::string out(in.size() * 40 + 1024, '\0');
  std::size_t size = out.size();
  if (BrotliDecoderDecompress(in.size(), reinterpret_cast<const uint8_t*>(in.data()), &size, reinterpret_cast<uint8_t*>(out.data())) !=
      BROTLI_DECODER_RESULT_SUCCESS)
    return "<corrupt brotli>";
  out.resize(size);
  return out;
}

std::string new_page(Browser& admin, const std::string& title) {
  auto slug = unique("cached-page-");
  auto saved = admin.post("/pages", {{"slug", slug}, {"lang", "en"}, {"title", title}, {"is_new", "1"}, {"body_md", "First words."}});
  EXPECT_EQ(saved.status, 303) << saved.body;
  return slug;
}

// Reads until the server answers from its cache. On PostgreSQL the notification of a change
// that committed just before a first read may arrive after it (within a millisecond or so)
// and end that entry: the next read renders again, then the cache holds.
HttpResponse read_until_cached(Browser& b, const std::string& path) {
  HttpResponse r;
  for (int i = 0; i < 40; ++i) {
    r = b.get(path);
    if (r.header("x-cache") == "hit") break;
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
  }
  return r;
}

}  // namespace

TEST(HttpPageCache, AChangeOnOneServerShowsOnAnotherAtOnce) {
  ServerProcess other(SharedServer::get().db_url, mail_env());
  Browser admin(port());
  sign_in_admin(admin);
  auto slug = new_page(admin, "Cached guide");

  Browser visitor(other.port());
  auto first = visitor.get("/pages/" + slug);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("x-cache"), "miss");
  auto second = read_until_cached(visitor, "/pages/" + slug);
  EXPECT_EQ(second.header("x-cache"), "hit");
  EXPECT_EQ(second.body, first.body);

  // The editor saves on the first server; the reader of the second sees it at once: on
  // SQLite in the very next read; on PostgreSQL as soon as NOTIFY arrives (under a
  // millisecond on loopback, docs/PERFORMANCE.md), so the test allows it a second.
  ASSERT_EQ(admin.post("/pages", {{"slug", slug}, {"lang", "en"}, {"title", "Cached guide"}, {"body_md", "Second words."}}).status, 303);
  auto after = visitor.get("/pages/" + slug);
  for (int i = 0; backend() == "postgresql" && i < 40 && !contains(after.body, "Second words."); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    after = visitor.get("/pages/" + slug);
  }
  EXPECT_TRUE(contains(after.body, "Second words.")) << "a stale page after the change committed";
  EXPECT_FALSE(contains(after.body, "First words."));
  EXPECT_EQ(after.header("x-cache"), "miss");

  // A board of a competition and its API: cached.
  ASSERT_EQ(visitor.get("/competitions/ai-challenger-2025-reading/leaderboard").status, 200);
  EXPECT_EQ(read_until_cached(visitor, "/competitions/ai-challenger-2025-reading/leaderboard").header("x-cache"), "hit");
  EXPECT_EQ(visitor.get("/api/v1/competitions/ai-challenger-2025-reading/leaderboard").status, 200);
  EXPECT_EQ(read_until_cached(visitor, "/api/v1/competitions/ai-challenger-2025-reading/leaderboard").header("x-cache"), "hit");
}

TEST(HttpPageCache, EachLanguageAndTimeZoneHasItsOwnCopy) {
  Browser en(port()), zh(port());
  auto english = read_until_cached(en, "/competitions/ai-challenger-2025-reading/leaderboard");  // Browser sends no Accept-Language: en
  auto chinese = zh.get("/competitions/ai-challenger-2025-reading/leaderboard", {{"Accept-Language", "zh-CN"}});
  EXPECT_EQ(english.header("x-cache"), "hit");
  EXPECT_TRUE(contains(english.body, "<html lang=\"en\">"));
  EXPECT_TRUE(contains(chinese.body, "<html lang=\"zh-CN\">"));
  Browser tokyo(port());
  tokyo.set_cookie("tz", "Asia%2FTokyo");
  auto there = tokyo.get("/competitions/ai-challenger-2025-reading/leaderboard", {{"Accept-Language", "en"}});
  EXPECT_NE(there.header("etag"), english.header("etag")) << "times on the board are shown in the reader's zone";
}

TEST(HttpPageCache, AForgedHostGetsAnEntryOfItsOwn) {
  Browser reader(port());
  const std::string feed = "/discussions/feed.atom?probe=" + unique("");
  auto forged = send_raw(port(), "GET " + feed + " HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n");
  ASSERT_EQ(forged.status, 200);
  EXPECT_EQ(forged.header("x-cache"), "miss");
  auto real = reader.get(feed);
  EXPECT_EQ(real.header("x-cache"), "miss") << "a page built for another Host is never shared";
  EXPECT_FALSE(contains(real.body, "evil.example"));
}

TEST(HttpPageCache, ConditionalRequestsAndCompression) {
  Browser b(port());
  auto plain = b.get("/");
  ASSERT_EQ(plain.status, 200);
  auto etag = plain.header("etag");
  ASSERT_FALSE(etag.empty());
  EXPECT_TRUE(contains(plain.header("vary"), "Accept-Encoding"));
  EXPECT_TRUE(contains(plain.header("vary"), "Cookie"));

  auto again = b.get("/", {{"If-None-Match", etag}});
  EXPECT_EQ(again.status, 304);
  EXPECT_TRUE(again.body.empty());
  EXPECT_EQ(again.header("etag"), etag);
  EXPECT_EQ(b.get("/", {{"If-None-Match", "W/\"something-else\""}}).status, 200);

  auto gz = b.get("/", {{"Accept-Encoding", "gzip"}});
  EXPECT_EQ(gz.header("content-encoding"), "gzip");
  EXPECT_EQ(gunzip(gz.body), plain.body);
  EXPECT_LT(gz.body.size(), plain.body.size() / 2);
  auto br = b.get("/", {{"Accept-Encoding", "gzip, deflate, br"}});
  EXPECT_EQ(br.header("content-encoding"), "br");
  EXPECT_EQ(unbrotli(br.body), plain.body);
  EXPECT_EQ(b.get("/", {{"Accept-Encoding", "br;q=0, gzip"}}).header("content-encoding"), "gzip");
  EXPECT_EQ(b.get("/", {{"Accept-Encoding", "identity"}}).header("content-encoding"), "");

  // Static assets under their content-hashed address are kept for a year.
  auto css = b.get("/");
  auto at = css.body.find("/static/app.css?v=");
  ASSERT_NE(at, std::string::npos);
  auto href = css.body.substr(at, css.body.find('"', at) - at);
  auto asset = b.get(href);
  EXPECT_EQ(asset.status, 200);
  EXPECT_TRUE(contains(asset.header("cache-control"), "immutable"));
  EXPECT_FALSE(contains(b.get("/static/app.css?v=stale").header("cache-control"), "immutable"));
}

TEST(HttpPageCache, AMembersPagesAreCachedForThemAloneAndShowTheirOwnChangesAtOnce) {
  ServerProcess other(SharedServer::get().db_url, mail_env());
  Browser ann(port()), bob(port());
  auto ha = register_member(ann, "cached");
  auto hb = register_member(bob, "neighbour");
  auto bob_token = create_token(bob);
  Browser api(port());
  auto created = api.request("POST", "/api/v1/topics",
                             nlohmann::json{{"title", "Cached for one reader"}, {"body_md", "Does my page stay mine?"}, {"category", "general"}}.dump(),
                             {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + bob_token}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string topic = nlohmann::json::parse(created.body)["url"];

  // Ann's copy: hers (her name, her token), kept for her, and private to every cache on the way.
  auto first = ann.get(topic);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("x-cache"), "miss");
  EXPECT_EQ(first.header("cache-control"), "private, no-cache");
  EXPECT_TRUE(contains(first.body, "/members/" + ha));
  EXPECT_TRUE(contains(first.body, "name=\"csrf\" value=\"" + ann.cookie("aigc_csrf") + "\""));
  EXPECT_TRUE(contains(first.body, "data-testid=\"bookmark\""));
  auto again = read_until_cached(ann, topic);
  EXPECT_EQ(again.header("x-cache"), "hit");
  EXPECT_EQ(again.body, first.body);
  EXPECT_EQ(ann.get(topic, {{"If-None-Match", again.header("etag")}}).status, 304);

  // Bob and a visitor never get Ann's bytes.
  auto bobs = read_until_cached(bob, topic);
  EXPECT_TRUE(contains(bobs.body, "/members/" + hb));
  EXPECT_FALSE(contains(bobs.body, "/members/" + ha + "\" class=\"me\""));
  EXPECT_FALSE(contains(bobs.body, ann.cookie("aigc_csrf")));
  EXPECT_NE(bobs.header("etag"), again.header("etag"));
  Browser visitor(port());
  auto shared = read_until_cached(visitor, topic);
  EXPECT_FALSE(contains(shared.body, ann.cookie("aigc_csrf")));
  EXPECT_FALSE(contains(shared.body, "data-testid=\"me\""));
  // Ann on another device (another token) has a copy of her own.
  Browser ann_phone(port());
  ann_phone.set_cookie("aigc_session", ann.cookie("aigc_session"));
  ann_phone.get("/healthz");
  auto phone = ann_phone.get(topic);
  EXPECT_EQ(phone.header("x-cache"), "miss");
  EXPECT_TRUE(contains(phone.body, ann_phone.cookie("aigc_csrf")));

  // What only Ann changed (a bookmark: no table the topic page is keyed on) shows at once.
  ASSERT_EQ(ann.post(topic + "/bookmark", {{"on", "1"}}).status, 303);
  auto bookmarked = ann.get(topic);
  EXPECT_EQ(bookmarked.header("x-cache"), "miss");
  EXPECT_TRUE(contains(bookmarked.body, "data-testid=\"unbookmark\"")) << "a stale page after her change committed";
  EXPECT_EQ(bob.get(topic).header("x-cache"), "hit") << "Bob's page does not show Ann's bookmarks";

  // Bob mentions Ann: her bell counts it on a cached page of another server, at once (on
  // PostgreSQL as soon as the notification arrives).
  Browser ann_there(other.port());
  ann_there.set_cookie("aigc_session", ann.cookie("aigc_session"));
  ann_there.set_cookie("aigc_csrf", ann.cookie("aigc_csrf"));
  auto quiet = read_until_cached(ann_there, "/opportunities");
  EXPECT_EQ(quiet.header("x-cache"), "hit");
  EXPECT_FALSE(contains(quiet.body, "data-testid=\"unread\""));
  auto reply = api.request("POST", "/api/v1/topics/" + topic.substr(topic.rfind('/') + 1) + "/replies",
                           nlohmann::json{{"body_md", "@" + ha + " it does."}}.dump(),
                           {{"Content-Type", "application/json"}, {"Authorization", "Bearer " + bob_token}});
  ASSERT_EQ(reply.status, 201) << reply.body;
  auto rung = ann_there.get("/opportunities");
  for (int i = 0; backend() == "postgresql" && i < 40 && !contains(rung.body, "data-testid=\"unread\""); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(25));
    rung = ann_there.get("/opportunities");
  }
  EXPECT_TRUE(contains(rung.body, "data-testid=\"unread\"")) << "the bell missed a notification";

  // Her new name shows in the header of a page keyed on nothing of members.
  ASSERT_EQ(ann.post("/settings/profile", {{"display_name", "Ann Renamed"}, {"preferred_lang", "en"}, {"time_zone", "UTC"}}).status, 303);
  EXPECT_TRUE(contains(ann.get("/opportunities").body, "Ann Renamed"));
}

TEST(HttpPageCache, AnApiTokenHoldersAnswersAreTheirsAlone) {
  Browser ann(port()), bob(port());
  register_member(ann, "apicache");
  register_member(bob, "apicache");
  auto ann_token = create_token(ann), bob_token = create_token(bob);
  const std::string path = "/api/v1/competitions/ai-challenger-2025-reading/leaderboard";
  auto as = [&](const std::string& token) {
    HttpResponse r;
    for (int i = 0; i < 40; ++i) {
      r = Browser(port()).get(path, {{"Authorization", "Bearer " + token}});
      if (r.header("x-cache") == "hit") break;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return r;
  };
  auto first = as(ann_token);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.header("x-cache"), "hit");
  EXPECT_EQ(first.header("cache-control"), "private, no-cache");
  EXPECT_TRUE(contains(first.header("vary"), "Authorization"));
  auto bobs = Browser(port()).get(path, {{"Authorization", "Bearer " + bob_token}});
  EXPECT_EQ(bobs.header("x-cache"), "miss") << "another token holder has an entry of their own";
  EXPECT_EQ(bobs.body, first.body) << "a board shows everyone the same rows";
  auto wrong = Browser(port()).get(path, {{"Authorization", "Bearer not-a-token"}});
  EXPECT_EQ(wrong.header("x-cache"), "") << "an unknown token is not served from anyone's entry";
}

TEST(HttpPageCache, AnEndedSessionOrASuspendedMemberIsSignedOutOnEveryServerAtOnce) {
  ServerProcess other(SharedServer::get().db_url, mail_env());
  Browser here(port());
  auto handle = register_member(here, "ended");
  // Signed in on the other server, which remembers who the session is after a first request.
  auto sign_in_there = [&] {
    auto b = std::make_unique<Browser>(other.port());
    EXPECT_EQ(b->post("/login", {{"login", handle}, {"password", "a long enough password"}}).status, 303);
    EXPECT_EQ(b->get("/settings/account").status, 200);
    EXPECT_EQ(b->get("/settings/account").status, 200);
    return b;
  };
  // On PostgreSQL the other server learns of the change when NOTIFY arrives (a millisecond).
  auto signed_out_soon = [&](Browser& b) {
    for (int i = 0; i < 40; ++i) {
      if (b.get("/settings/account").status == 303) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(25));
    }
    return false;
  };
  auto there = sign_in_there();
  ASSERT_EQ(here.post("/settings/sessions/end-others", {}).status, 303);
  EXPECT_TRUE(signed_out_soon(*there)) << "a session ended on another server still signed in";
  if (backend() == "sqlite") {
    there = sign_in_there();
    ASSERT_EQ(here.post("/settings/sessions/end-others", {}).status, 303);
    EXPECT_EQ(there->get("/settings/account").status, 303) << "on one machine: at the very next request";
  }

  auto again = sign_in_there();
  Browser admin(port());
  sign_in_admin(admin);
  ASSERT_EQ(admin.post("/admin/members/suspend", {{"handle", handle}, {"suspend", "1"}}).status, 303);
  EXPECT_TRUE(signed_out_soon(*again)) << "a suspended member still signed in";
  ASSERT_EQ(admin.post("/admin/members/suspend", {{"handle", handle}, {"suspend", "0"}}).status, 303);

  // Signing out here ends the session here at once.
  Browser phone(port());
  ASSERT_EQ(phone.post("/login", {{"login", handle}, {"password", "a long enough password"}}).status, 303);
  ASSERT_EQ(phone.get("/settings/account").status, 200);
  ASSERT_EQ(phone.get("/settings/account").status, 200);
  const auto session = phone.cookie("aigc_session");
  ASSERT_EQ(phone.post("/logout", {}).status, 303);
  Browser replay(port());
  replay.set_cookie("aigc_session", session);
  EXPECT_EQ(replay.get("/settings/account").status, 303) << "a signed-out session's cookie signs nobody in";
}

TEST(HttpPageCache, ASharedPageHoldsNoVisitorsTokenAndTheLanguageSwitchStillWorks) {
  Browser first(port()), second(port());
  first.get("/healthz");
  auto page = first.get("/research");
  ASSERT_EQ(page.status, 200);
  EXPECT_FALSE(contains(page.body, first.cookie("aigc_csrf")));
  EXPECT_FALSE(contains(page.body, "name=\"csrf\"")) << "a form on a shared page would carry someone's token";
  EXPECT_FALSE(contains(second.get("/research").body, first.cookie("aigc_csrf")));

  // The switch on that page posts no token; only its own site may post it.
  auto switched = second.post("/lang", {{"lang", "zh-CN"}, {"next", "/research"}}, false);
  EXPECT_EQ(switched.status, 303);
  EXPECT_EQ(second.cookie("lang"), "zh-CN");
  EXPECT_TRUE(contains(second.get("/research").body, "<html lang=\"zh-CN\">"));
  auto forged = second.request("POST", "/lang", "lang=en&next=%2F",
                               {{"Content-Type", "application/x-www-form-urlencoded"}, {"Origin", "http://evil.example"}});
  EXPECT_EQ(forged.status, 403);
  // A member still needs the token: their language is saved in their profile.
  Browser member(port());
  register_member(member, "switcher");
  EXPECT_EQ(member.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}}, false).status, 403);
  EXPECT_EQ(member.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}}).status, 303);
}

}  // namespace aigc::test
