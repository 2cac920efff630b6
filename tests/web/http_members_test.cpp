#include <algorithm>
#include <atomic>
#include <thread>

#include <nlohmann/json.hpp>

#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

TEST(HttpMembers, RegisterConfirmByMailSignOutSignInAndTheSessionCookieIsSafe) {
  Browser b(port());
  auto handle = unique("reg");
  auto email = handle + "@example.org";
  auto r = b.post("/register", {{"handle", handle}, {"email", email}, {"password", "a long enough password"},
                                {"display_name", "Ada Lovelace"}, {"preferred_lang", "en"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(contains(r.body, "data-testid=\"check-mail\""));
  EXPECT_TRUE(contains(r.body, email));
  // No account until the address is confirmed: signing in fails like any wrong password.
  EXPECT_EQ(Browser(port()).post("/login", {{"login", handle}, {"password", "a long enough password"}}).status, 401);

  auto mail = mailbox().wait_for_mail_to(email);
  ASSERT_FALSE(mail.to.empty()) << "no mail reached the SMTP server";
  EXPECT_EQ(mail.subject, "Confirm your e-mail address for AIGC Hub");
  EXPECT_TRUE(mail.has_html);
  EXPECT_TRUE(contains(mail.text, "Hello " + handle));
  auto link = link_path(mail.text, "/verify/");
  ASSERT_FALSE(link.empty()) << mail.text;
  auto confirm = b.get(link);
  ASSERT_EQ(confirm.status, 200);
  EXPECT_TRUE(contains(confirm.body, email));
  EXPECT_EQ(b.get("/settings/profile").status, 303);  // opening the link alone signs no one in
  auto done = b.post(link, {});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("location"), "/members/" + handle + "?welcome=1");
  bool found = false;
  for (const auto& c : done.all("set-cookie"))
    if (c.rfind("aigc_session=", 0) == 0) {
      found = true;
      EXPECT_TRUE(contains(c, "HttpOnly"));
      EXPECT_TRUE(contains(c, "SameSite=Lax"));
    }
  EXPECT_TRUE(found);
  // The link works once.
  EXPECT_EQ(Browser(port()).post(link, {}).status, 404);
  EXPECT_EQ(b.get("/settings/profile").status, 200);
  EXPECT_EQ(b.post("/logout", {}).status, 303);
  auto after = b.get("/settings/profile");
  EXPECT_EQ(after.status, 303);
  EXPECT_EQ(after.header("location"), "/login?next=%2Fsettings%2Fprofile");
  auto login = b.post("/login", {{"login", handle}, {"password", "a long enough password"}, {"next", "/members"}});
  ASSERT_EQ(login.status, 303);
  EXPECT_EQ(login.header("location"), "/members");
  EXPECT_TRUE(contains(b.get("/").body, "Ada Lovelace"));
}

TEST(HttpMembers, WrongPasswordGetsAClearMessage) {
  Browser b(port());
  auto r = b.post("/login", {{"login", "aigc-admin"}, {"password", "not the password"}});
  EXPECT_EQ(r.status, 401);
  EXPECT_TRUE(contains(r.body, "Wrong handle, e-mail or password")) << r.body;
}

TEST(HttpMembers, DuplicateHandleIsRefusedAndNamesTheField) {
  Browser a(port()), b(port()), zh(port());
  auto handle = register_member(a, "dup");
  b.post("/lang", {{"lang", "en"}, {"next", "/"}});
  zh.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}});
  auto r = b.post("/register", {{"handle", handle}, {"email", unique("other") + "@example.org"},
                                {"password", "a long enough password"}}, true);
  EXPECT_EQ(r.status, 409);
  EXPECT_TRUE(contains(r.body, "class=\"field-error\""));
  EXPECT_TRUE(contains(r.body, "This handle is taken"));
  auto r_zh = zh.post("/register", {{"handle", handle}, {"email", unique("other") + "@example.org"},
                                    {"password", "a long enough password"}}, true);
  EXPECT_TRUE(contains(r_zh.body, "该用户名已被使用")) << "each reader in their language";
  EXPECT_TRUE(contains(r.body, "value=\"" + handle + "\""));  // what was typed is kept
}

TEST(HttpMembers, ConcurrentConfirmationsOfOneHandleCreateOneAccount) {
  // Six people register one free handle at once: each gets a link (the handle is claimed
  // when a link is followed), and of six links followed at once exactly one creates it.
  auto handle = unique("race");
  std::vector<std::thread> threads;
  std::atomic<int> sent{0};
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      Browser b(port());
      auto r = b.post("/register", {{"handle", handle}, {"email", handle + std::to_string(i) + "@example.org"},
                                    {"password", "a long enough password"}});
      if (r.status == 200) ++sent;
    });
  for (auto& t : threads) t.join();
  ASSERT_EQ(sent, 6);
  std::vector<std::string> links;
  for (int i = 0; i < 6; ++i) links.push_back(link_path(mailbox().wait_for_mail_to(handle + std::to_string(i) + "@example.org").text, "/verify/"));
  threads.clear();
  std::atomic<int> created{0}, conflicts{0};
  for (int i = 0; i < 6; ++i)
    threads.emplace_back([&, i] {
      Browser b(port());
      b.get(links[i]);
      auto r = b.post(links[i], {});
      if (r.status == 303) ++created;
      if (r.status == 409) ++conflicts;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created, 1);
  EXPECT_EQ(conflicts, 5);
}

TEST(HttpMembers, ProfileShowsLocalizedCountrySkillsAndInertMarkdown) {
  Browser b(port());
  auto handle = register_member(b, "prof");
  auto r = b.post("/settings/profile", {{"display_name", "Grace"}, {"country", "DE"}, {"organization", "eth-zurich"},
                                        {"skills", "NLP, computer-vision, nlp"}, {"preferred_lang", "zh-CN"},
                                        {"time_zone", "Asia/Shanghai"},
                                        {"bio_md", "**Hi** <script>alert(1)</script> [x](javascript:alert(1))"}});
  ASSERT_EQ(r.status, 303) << r.body;
  auto page = b.get("/members/" + handle);
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "德国"));  // the member now prefers Chinese
  EXPECT_TRUE(contains(page.body, "ETH Zurich"));
  EXPECT_TRUE(contains(page.body, "<strong>Hi</strong>"));
  EXPECT_FALSE(contains(page.body, "<script>alert(1)"));
  EXPECT_FALSE(contains(page.body, "javascript:alert"));
  auto api = json::parse(b.get("/api/v1/members/" + handle).body);
  EXPECT_EQ(api["skills"], json({"computer-vision", "nlp"}));
  EXPECT_EQ(api["organization"]["slug"], "eth-zurich");
}

TEST(HttpMembers, BadProfileInputIsRefusedFieldByField) {
  Browser b(port());
  register_member(b, "badprof");
  auto r = b.post("/settings/profile", {{"display_name", ""}, {"country", "ZZ"}, {"preferred_lang", "en"},
                                        {"time_zone", "Mars/Olympus"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_TRUE(contains(r.body, "Mars/Olympus"));  // kept for correction
  EXPECT_TRUE(contains(r.body, "Asia/Shanghai"));  // the hint says what a valid zone looks like
}

TEST(HttpMembers, ApiTokensWorkUntilRevoked) {
  Browser b(port());
  auto handle = register_member(b, "tok");
  auto created = b.post("/settings/tokens", {{"name", "laptop"}});
  ASSERT_EQ(created.status, 200);
  auto at = created.body.find("aigc_");
  ASSERT_NE(at, std::string::npos);
  auto token = created.body.substr(at, created.body.find('<', at) - at);
  Browser api(port());
  auto me = api.get("/api/v1/me", {{"Authorization", "Bearer " + token}});
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(json::parse(me.body)["handle"], handle);
  auto list = json::parse(api.get("/api/v1/tokens", {{"Authorization", "Bearer " + token}}).body);
  ASSERT_EQ(list["tokens"].size(), 1u);
  auto id = list["tokens"][0]["id"].get<std::string>();
  EXPECT_EQ(b.post("/settings/tokens/" + id + "/revoke", {}).status, 303);
  auto denied = api.get("/api/v1/me", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(json::parse(denied.body)["error"]["code"], "unauthorized");
}

TEST(HttpMembers, AnotherMembersTokenCannotBeRevoked) {
  Browser a(port()), b(port());
  register_member(a, "owner");
  a.post("/settings/tokens", {{"name", "mine"}});
  register_member(b, "thief");
  EXPECT_EQ(b.post("/settings/tokens/not-a-real-id/revoke", {}).status, 404);
}

TEST(HttpMembers, OnlyAdminsChangeRoles) {
  Browser member(port());
  auto handle = register_member(member, "role");
  EXPECT_EQ(member.get("/admin/members").status, 403);
  EXPECT_EQ(member.post("/admin/members/role", {{"handle", handle}, {"role", "admin"}}).status, 403);
  Browser admin(port());
  sign_in_admin(admin);
  EXPECT_EQ(admin.get("/admin/members").status, 200);
  EXPECT_EQ(admin.post("/admin/members/role", {{"handle", handle}, {"role", "organizer"}}).status, 303);
  EXPECT_TRUE(contains(admin.get("/admin/members").body, "@" + handle));
  // Now an organizer: may add organizations.
  auto org = member.post("/organizations", {{"name", unique("Lab ")}, {"kind", "institute"}, {"country", "SG"}});
  EXPECT_EQ(org.status, 303) << org.body;
}

TEST(HttpMembers, MembersCannotCreateOrganizationsButOrganizersCan) {
  Browser member(port());
  register_member(member, "noorg");
  EXPECT_EQ(member.post("/organizations", {{"name", "Nope Inc"}, {"kind", "company"}}).status, 403);
  EXPECT_EQ(json::parse(member.request("POST", "/api/v1/organizations", "{\"name\":\"x\",\"kind\":\"company\"}",
                                        {{"Content-Type", "application/json"}, {"X-CSRF-Token", member.cookie("aigc_csrf")}})
                            .body)["error"]["code"],
            "forbidden");
  Browser admin(port());
  sign_in_admin(admin);
  auto name = unique("Open University ");
  auto r = admin.post("/organizations", {{"name", name}, {"kind", "university"}, {"country", "GB"},
                                         {"website", "https://open.example.org"}, {"description_md", "We **teach**."}});
  ASSERT_EQ(r.status, 303) << r.body;
  auto page = admin.get(r.header("location"));
  EXPECT_TRUE(contains(page.body, "<strong>teach</strong>"));
  auto bad = admin.post("/organizations", {{"name", "X"}, {"kind", "club"}, {"website", "ftp://x"}});
  EXPECT_EQ(bad.status, 422);
}

TEST(HttpMembers, DirectoryFiltersAndPagesWithoutRepeats) {
  Browser b(port());
  auto cn = json::parse(b.get("/api/v1/members?country=CN&limit=100").body);
  ASSERT_FALSE(cn["members"].empty());
  for (const auto& m : cn["members"]) EXPECT_EQ(m["country"], "CN");
  std::set<std::string> seen;
  std::string after;
  int pages = 0;
  do {
    auto page = json::parse(b.get("/api/v1/members?limit=50" + (after.empty() ? "" : "&after=" + after)).body);
    for (const auto& m : page["members"]) EXPECT_TRUE(seen.insert(m["handle"].get<std::string>()).second);
    after = page["next_after"].is_null() ? "" : page["next_after"].get<std::string>();
    ++pages;
  } while (!after.empty() && pages < 100);
  EXPECT_GE(seen.size(), 240u);
  auto filtered = b.get("/members?country=DE", {{"Accept-Language", "zh-CN"}});
  EXPECT_TRUE(contains(filtered.body, "<option value=\"DE\" selected>德国</option>"));  // the filter stays chosen
  // The skill filter keeps exactly the members with that skill, in the API and on the page.
  auto nlp = json::parse(b.get("/api/v1/members?skill=nlp&limit=100").body);
  ASSERT_FALSE(nlp["members"].empty());
  for (const auto& m : nlp["members"]) {
    auto skills = m["skills"].get<std::vector<std::string>>();
    EXPECT_NE(std::find(skills.begin(), skills.end(), "nlp"), skills.end()) << m.dump();
  }
  std::string without;  // a member the filter must leave out
  auto everyone = json::parse(b.get("/api/v1/members?limit=100").body);
  for (const auto& m : everyone["members"]) {
    auto skills = m["skills"].get<std::vector<std::string>>();
    if (std::find(skills.begin(), skills.end(), "nlp") == skills.end()) without = m["handle"];
  }
  ASSERT_FALSE(without.empty());
  auto html = b.get("/members?skill=nlp&limit=100", {{"Accept-Language", "en"}});
  EXPECT_EQ(html.status, 200);
  EXPECT_TRUE(contains(html.body, "/members/" + nlp["members"][0]["handle"].get<std::string>() + "\""));
  EXPECT_FALSE(contains(html.body, "/members/" + without + "\""));
  auto bad = b.get("/api/v1/members?country=Narnia");
  EXPECT_EQ(bad.status, 422);
}

TEST(HttpMembers, SignInIsRateLimitedPerAccountAndAddress) {
  // A database of its own: sign-in counts live in the database, and this test locks an account.
  auto db_url = fresh_database_url("login_limit");
  std::string out;
  ASSERT_EQ(ServerProcess::run_cli("seed --demo --db " + db_url + " --admin-password " + kAdminPassword + " --content " +
                                       source_dir() + "/content/pages", &out), 0) << out;
  ServerProcess s(db_url, {{"AIGC_LOGIN_ATTEMPTS", "3"}});
  Browser b(s.port());
  for (int i = 0; i < 3; ++i) EXPECT_EQ(b.post("/login", {{"login", "aigc-admin"}, {"password", "guess" + std::to_string(i)}}).status, 401);
  auto limited = b.post("/login", {{"login", "aigc-admin"}, {"password", kAdminPassword}});
  EXPECT_EQ(limited.status, 429);
  EXPECT_EQ(limited.header("retry-after"), "900");
  EXPECT_TRUE(contains(limited.body, "15"));
}

}  // namespace aigc::test

namespace aigc::test {

TEST(HttpMembers, BehindATlsProxyCookiesAreSecure) {
  ServerProcess s(SharedServer::get().db_url, {{"AIGC_TRUST_PROXY", "true"}});
  Browser b(s.port());
  auto r = b.get("/", {{"X-Forwarded-Proto", "https"}, {"X-Forwarded-For", "203.0.113.9, 10.0.0.1"}});
  ASSERT_EQ(r.status, 200);
  bool secure = false;
  for (const auto& c : r.all("set-cookie"))
    if (c.rfind("aigc_csrf=", 0) == 0) secure = contains(c, "; Secure");
  EXPECT_TRUE(secure);
  Browser plain(port());
  for (const auto& c : plain.get("/").all("set-cookie")) EXPECT_FALSE(contains(c, "Secure")) << c;
}

}  // namespace aigc::test
