// Accounts through the member's mailbox, against a real SMTP server: registration that
// does not tell whether an address has an account, `next` kept through registration,
// password reset and change, e-mail change, sessions, avatars, deletion, suspension,
// role requests and the admin's outbox.
#include <nlohmann/json.hpp>

#include "support/images.hpp"
#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

namespace {

const std::string kPassword = "a long enough password";

// The page without what differs per request (the CSRF token).
std::string without_csrf(std::string body) {
  for (auto at = body.find("name=\"csrf\" value=\""); at != std::string::npos; at = body.find("name=\"csrf\" value=\"", at + 1)) {
    auto start = at + 19, end = body.find('"', start);
    body.erase(start, end - start);
  }
  return body;
}

std::string avatar_upload(Browser& b, const std::string& filename, const std::string& bytes, int* status) {
  std::string body = "--" + std::string(kBoundary) + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + b.cookie("aigc_csrf") +
                     "\r\n--" + kBoundary + "\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"" + filename +
                     "\"\r\nContent-Type: application/octet-stream\r\n\r\n" + bytes + "\r\n--" + kBoundary + "--\r\n";
  auto r = b.request("POST", "/settings/avatar", body, {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}});
  *status = r.status;
  return r.body;
}

}  // namespace

TEST(HttpAccounts, RegisteringATakenAddressLooksTheSameAndMailsItsOwner) {
  Browser owner(port());
  auto handle = register_member(owner, "owner");
  auto email = handle + "@example.org";
  auto before = mailbox().messages().size();

  Browser stranger(port()), newcomer(port());
  stranger.get("/register");
  newcomer.get("/register");
  auto other = unique("taker"), fresh = unique("fresh");
  auto taken = stranger.post("/register", {{"handle", other}, {"email", email}, {"password", kPassword}, {"preferred_lang", "en"}});
  auto free = newcomer.post("/register", {{"handle", fresh}, {"email", fresh + "@example.org"}, {"password", kPassword}, {"preferred_lang", "en"}});
  ASSERT_EQ(taken.status, 200);
  ASSERT_EQ(free.status, 200);
  // Only the typed address differs between the two pages.
  auto same = without_csrf(taken.body);
  auto pos = same.find(email);
  ASSERT_NE(pos, std::string::npos);
  same.replace(pos, email.size(), fresh + "@example.org");
  EXPECT_EQ(same, without_csrf(free.body));

  auto notice = mailbox().wait_for_mail_to(email, 2);
  EXPECT_EQ(notice.subject, "Someone tried to register with your address");
  EXPECT_TRUE(link_path(notice.text, "/verify/").empty()) << "the notice carries no link that makes an account";
  EXPECT_GT(mailbox().wait_for(before + 2).size(), before + 1);
  // The would-be account does not exist and cannot sign in.
  EXPECT_EQ(Browser(port()).get("/members/" + other).status, 404);
  EXPECT_EQ(Browser(port()).post("/login", {{"login", other}, {"password", kPassword}}).status, 401);
}

TEST(HttpAccounts, TakePartThenSignInThenRegisterLandsBackOnTheChallenge) {
  Browser b(port());
  auto login = b.get("/login?next=%2Fcompetitions%2Fdemo");
  ASSERT_EQ(login.status, 200);
  EXPECT_TRUE(contains(login.body, "href=\"/register?next=%2Fcompetitions%2Fdemo\""));
  auto form = b.get("/register?next=%2Fcompetitions%2Fdemo");
  EXPECT_TRUE(contains(form.body, "name=\"next\" value=\"/competitions/demo\""));
  auto handle = unique("next");
  ASSERT_EQ(b.post("/register", {{"handle", handle}, {"email", handle + "@example.org"}, {"password", kPassword},
                                 {"next", "/competitions/demo"}}).status,
            200);
  auto done = follow_mailed_link(b, handle + "@example.org");
  ASSERT_EQ(done.status, 303);
  EXPECT_EQ(done.header("location"), "/competitions/demo");
  // A `next` that leaves the site is dropped, never followed.
  Browser c(port());
  auto evil = unique("evil");
  c.post("/register", {{"handle", evil}, {"email", evil + "@example.org"}, {"password", kPassword}, {"next", "//evil.example/x"}});
  auto landed = follow_mailed_link(c, evil + "@example.org");
  EXPECT_EQ(landed.header("location"), "/members/" + evil + "?welcome=1");
}

TEST(HttpAccounts, ChineseRegistrationGetsAChineseMail) {
  Browser b(port());
  auto handle = unique("zh");
  ASSERT_EQ(b.post("/register", {{"handle", handle}, {"email", handle + "@example.org"}, {"password", kPassword},
                                 {"preferred_lang", "zh-CN"}}).status,
            200);
  auto mail = mailbox().wait_for_mail_to(handle + "@example.org");
  EXPECT_EQ(mail.subject, "确认你在 AIGC Hub 的电子邮箱");
  EXPECT_TRUE(contains(mail.text, handle + "，你好"));
  EXPECT_TRUE(contains(mail.raw, "Subject: =?UTF-8?B?")) << "a UTF-8 subject is an encoded word";
}

TEST(HttpAccounts, PasswordResetBySingleUseLinkEndsEverySession) {
  Browser a(port()), elsewhere(port());
  auto handle = register_member(a, "reset");
  auto email = handle + "@example.org";
  ASSERT_EQ(elsewhere.post("/login", {{"login", handle}, {"password", kPassword}}).status, 303);

  Browser anon(port());
  auto unknown = anon.post("/password/forgot", {{"email", unique("nobody") + "@example.org"}});
  auto known = anon.post("/password/forgot", {{"email", email}});
  EXPECT_EQ(unknown.status, 200);
  EXPECT_EQ(known.status, 200);
  auto mail = mailbox().wait_for_mail_to(email, 2);  // the first was the registration's
  EXPECT_EQ(mail.subject, "Reset your AIGC Hub password");
  auto link = link_path(mail.text, "/password/reset/");
  ASSERT_FALSE(link.empty());
  EXPECT_EQ(anon.get(link).status, 200);
  auto weak = anon.post(link, {{"password", "password123"}});
  EXPECT_EQ(weak.status, 422) << "the password rules hold here too";
  auto done = anon.post(link, {{"password", "a brand new passphrase"}});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(done.header("location"), "/settings/account?done=password_changed");
  EXPECT_EQ(anon.get("/settings/account").status, 200) << "the reset signs the member in";
  EXPECT_EQ(anon.post(link, {{"password", "yet another passphrase"}}).status, 404) << "the link works once";
  EXPECT_EQ(a.get("/settings/profile").status, 303) << "every earlier session is gone";
  EXPECT_EQ(elsewhere.get("/settings/profile").status, 303);
  EXPECT_EQ(Browser(port()).post("/login", {{"login", handle}, {"password", kPassword}}).status, 401);
  EXPECT_EQ(Browser(port()).post("/login", {{"login", handle}, {"password", "a brand new passphrase"}}).status, 303);
  EXPECT_EQ(mailbox().wait_for_mail_to(email, 3).subject, "Your AIGC Hub password was changed");
}

TEST(HttpAccounts, PasswordChangeNeedsTheCurrentOneAndKeepsOnlyThisSession) {
  Browser a(port()), other(port());
  auto handle = register_member(a, "chpw");
  ASSERT_EQ(other.post("/login", {{"login", handle}, {"password", kPassword}}).status, 303);
  auto wrong = a.post("/settings/password", {{"current_password", "not it at all"}, {"new_password", "a brand new passphrase"}});
  EXPECT_EQ(wrong.status, 422);
  EXPECT_TRUE(contains(wrong.body, "The current password is not right."));
  auto ok = a.post("/settings/password", {{"current_password", kPassword}, {"new_password", "a brand new passphrase"}});
  ASSERT_EQ(ok.status, 303) << ok.body;
  EXPECT_EQ(a.get("/settings/account").status, 200);
  EXPECT_EQ(other.get("/settings/account").status, 303);
}

TEST(HttpAccounts, SignOutOfAllOtherSessions) {
  Browser a(port()), b(port()), c(port());
  auto handle = register_member(a, "sess");
  ASSERT_EQ(b.post("/login", {{"login", handle}, {"password", kPassword}}).status, 303);
  ASSERT_EQ(c.post("/login", {{"login", handle}, {"password", kPassword}}).status, 303);
  auto r = a.post("/settings/sessions/end-others", {});
  ASSERT_EQ(r.status, 303);
  EXPECT_EQ(r.header("location"), "/settings/account?done=sessions&count=2");
  EXPECT_TRUE(contains(a.get(r.header("location")).body, "Signed out of 2 other sessions."));
  EXPECT_EQ(b.get("/settings/account").status, 303);
  EXPECT_EQ(c.get("/settings/account").status, 303);
}

TEST(HttpAccounts, EmailChangeTakesEffectWhenTheNewAddressConfirms) {
  Browser a(port());
  auto handle = register_member(a, "mail");
  auto old_email = handle + "@example.org", new_email = handle + "@new.example.org";
  EXPECT_EQ(a.post("/settings/email", {{"email", new_email}, {"current_password", "wrong password here"}}).status, 422);
  ASSERT_EQ(a.post("/settings/email", {{"email", new_email}, {"current_password", kPassword}}).status, 303);
  EXPECT_TRUE(contains(a.get("/settings/account").body, old_email)) << "nothing changes before the confirmation";
  auto done = follow_mailed_link(a, new_email);
  ASSERT_EQ(done.status, 303);
  EXPECT_EQ(done.header("location"), "/settings/account?done=email_changed");
  EXPECT_TRUE(contains(a.get("/settings/account").body, new_email));
  auto notice = mailbox().wait_for_mail_to(old_email, 2);
  EXPECT_EQ(notice.subject, "Your AIGC Hub e-mail address was changed");
  EXPECT_TRUE(contains(notice.text, new_email));
  EXPECT_EQ(Browser(port()).post("/login", {{"login", new_email}, {"password", kPassword}}).status, 303);
}

TEST(HttpAccounts, AvatarIsReencodedOrRefusedAndInitialsOtherwise) {
  Browser a(port());
  auto handle = register_member(a, "ava");
  ASSERT_EQ(a.post("/settings/profile", {{"display_name", "李 雷"}, {"preferred_lang", "en"}, {"time_zone", "UTC"}}).status, 303);
  auto initials = a.get("/members/" + handle + "/avatar");
  ASSERT_EQ(initials.status, 200);
  EXPECT_EQ(initials.header("content-type"), "image/svg+xml");
  EXPECT_TRUE(contains(initials.body, ">李</text>"));

  int status = 0;
  avatar_upload(a, "me.png", make_png(640, 480), &status);
  EXPECT_EQ(status, 303);
  auto png = a.get("/members/" + handle + "/avatar");
  EXPECT_EQ(png.header("content-type"), "image/png");
  EXPECT_EQ(png_size(png.body), std::make_pair(256, 256)) << "cropped and scaled, our own bytes";
  avatar_upload(a, "me.jpg", make_jpeg(300, 900), &status);
  EXPECT_EQ(status, 303);
  EXPECT_EQ(png_size(a.get("/members/" + handle + "/avatar").body), std::make_pair(256, 256));

  auto refused = avatar_upload(a, "evil.png", "<svg onload=alert(1)>", &status);
  EXPECT_EQ(status, 422);
  EXPECT_TRUE(contains(refused, "PNG or JPEG")) << refused;
  std::string broken = make_png(64, 64);
  broken.resize(broken.size() / 2);
  avatar_upload(a, "half.png", broken, &status);
  EXPECT_EQ(status, 422);
  std::string huge = make_png(10, 10);
  huge[16] = 0; huge[17] = 1;  // IHDR claims a width of 16 million pixels
  avatar_upload(a, "huge.png", huge, &status);
  EXPECT_EQ(status, 422);
  EXPECT_EQ(png_size(a.get("/members/" + handle + "/avatar").body), std::make_pair(256, 256)) << "a refused upload changes nothing";

  Browser anon(port());
  EXPECT_EQ(anon.get("/members/" + handle + "/avatar").status, 200);
  EXPECT_EQ(a.post("/settings/avatar/remove", {}).status, 303);
  EXPECT_EQ(a.get("/members/" + handle + "/avatar").header("content-type"), "image/svg+xml");
}

TEST(HttpAccounts, DeletingAnAccountRemovesPersonalDataAndKeepsContributions) {
  Browser a(port());
  auto handle = register_member(a, "del");
  ASSERT_EQ(a.post("/settings/profile", {{"display_name", "Soon Gone"}, {"bio_md", "my private bio"}, {"preferred_lang", "en"},
                                         {"time_zone", "UTC"}, {"skills", "vanishing"}}).status,
            303);
  // A member of a team: the team and its entries stay when the member goes.
  EXPECT_EQ(a.post("/competitions/ai-challenger-demo/join", {}).status, 303);
  EXPECT_EQ(a.post("/settings/delete", {{"confirm_handle", "someone-else"}, {"password", kPassword}}).status, 422);
  EXPECT_EQ(a.post("/settings/delete", {{"confirm_handle", handle}, {"password", "wrong password again"}}).status, 422);
  auto done = a.post("/settings/delete", {{"confirm_handle", handle}, {"password", kPassword}});
  ASSERT_EQ(done.status, 303) << done.body;
  EXPECT_EQ(a.get("/settings/account").status, 303) << "signed out";
  EXPECT_EQ(a.get("/members/" + handle).status, 404);
  EXPECT_EQ(Browser(port()).post("/login", {{"login", handle + "@example.org"}, {"password", kPassword}}).status, 401);
  auto dir = Browser(port()).get("/api/v1/members?skill=vanishing");
  EXPECT_TRUE(json::parse(dir.body)["members"].empty());
  auto deleted = json::parse(Browser(port()).get("/api/v1/members?limit=50").body)["members"];
  for (const auto& m : deleted) EXPECT_NE(m["display_name"], "Soon Gone");
  // The address is free again.
  Browser again(port());
  EXPECT_EQ(again.post("/register", {{"handle", handle}, {"email", handle + "@example.org"}, {"password", kPassword}}).status, 200);
}

TEST(HttpAccounts, AdminsFindSuspendAndRestoreMembers) {
  Browser m(port()), admin(port());
  auto handle = register_member(m, "susp");
  sign_in_admin(admin);
  auto found = admin.get("/admin/members?q=" + handle.substr(0, handle.size() - 2));
  ASSERT_EQ(found.status, 200);
  EXPECT_TRUE(contains(found.body, handle + "@example.org"));
  EXPECT_EQ(m.get("/admin/members").status, 403);
  ASSERT_EQ(admin.post("/admin/members/suspend", {{"handle", handle}, {"suspend", "1"}}).status, 303);
  EXPECT_EQ(m.get("/settings/account").status, 303) << "a suspension ends the member's sessions";
  auto refused = Browser(port()).post("/login", {{"login", handle}, {"password", kPassword}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_TRUE(contains(refused.body, "suspended"));
  ASSERT_EQ(admin.post("/admin/members/suspend", {{"handle", handle}, {"suspend", "0"}}).status, 303);
  EXPECT_EQ(Browser(port()).post("/login", {{"login", handle}, {"password", kPassword}}).status, 303);
}

TEST(HttpAccounts, MembersAskForTheOrganizerRoleAndAdminsDecide) {
  Browser m(port()), admin(port());
  auto handle = register_member(m, "ask");
  EXPECT_EQ(m.post("/settings/role-request", {{"role", "organizer"}, {"reason", "short"}}).status, 422);
  ASSERT_EQ(m.post("/settings/role-request", {{"role", "organizer"}, {"reason", "I run the Nairobi NLP meetup and want to host a challenge."}}).status, 303);
  EXPECT_EQ(m.post("/settings/role-request", {{"role", "organizer"}, {"reason", "asking twice for the same role"}}).status, 409);
  sign_in_admin(admin);
  auto list = admin.get("/admin/requests");
  ASSERT_EQ(list.status, 200);
  auto at = list.body.find("/members/" + handle);
  ASSERT_NE(at, std::string::npos);
  auto form = list.body.find("/admin/requests/", at);
  auto id = list.body.substr(form + 16, list.body.find('/', form + 16) - form - 16);
  ASSERT_EQ(admin.post("/admin/requests/" + id + "/decide", {{"decision", "approve"}, {"comment", "Welcome aboard."}}).status, 303);
  EXPECT_EQ(admin.post("/admin/requests/" + id + "/decide", {{"decision", "decline"}}).status, 409);
  auto me = json::parse(m.get("/api/v1/members/" + handle).body);
  EXPECT_EQ(me["role"], "organizer");
  auto mail = mailbox().wait_for_mail_to(handle + "@example.org", 2);
  EXPECT_EQ(mail.subject, "Your request for the organizer role: approved");
  EXPECT_TRUE(contains(mail.text, "Welcome aboard."));
}

TEST(HttpAccounts, TheOutboxPageShowsHowMailLeavesAndWhatWasSent) {
  Browser admin(port()), m(port());
  auto handle = register_member(m, "obx");
  sign_in_admin(admin);
  auto page = admin.get("/admin/outbox?status=sent");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "127.0.0.1:" + std::to_string(mailbox().port()) + " (none)"));
  EXPECT_TRUE(contains(page.body, handle + "@example.org"));
  EXPECT_EQ(m.get("/admin/outbox").status, 403);
  EXPECT_EQ(admin.post("/admin/outbox/1/resend", {}).status, 409) << "a sent mail is not sent again";
}

}  // namespace aigc::test
