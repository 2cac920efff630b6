// What a host meets in a challenge's first week, over HTTP: editing a phase keeps what it
// had and re-scores only when confirmed, a revealed phase is final, the host is offered only
// what can be done, the baseline is a reference row and a private-board preview says so.
#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "core/text.hpp"
#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

namespace {

constexpr int kRows = 20;

std::string truth_csv() {
  std::string s = "id,label\n";
  for (int i = 1; i <= kRows; ++i) s += "r" + std::to_string(i) + "," + (i % 2 ? "cat" : "dog") + "\n";
  return s;
}

std::string prediction(int wrong) {
  std::string s = "id,label\n";
  for (int i = 1; i <= kRows; ++i) {
    bool cat = i % 2;
    if (i <= wrong) cat = !cat;
    s += "r" + std::to_string(i) + "," + (cat ? "cat" : "dog") + "\n";
  }
  return s;
}

using Form = std::map<std::string, std::string>;

Form phase_form(const std::string& ends, const std::string& fraction = "0.5", const std::string& metric = "accuracy") {
  return {{"name", "dev"}, {"starts_at", "2020-01-01T00:00"}, {"ends_at", ends}, {"metric", metric}, {"params", "{}"},
          {"public_fraction", fraction}, {"split_seed", "7"}, {"daily_limit", "9"}, {"total_limit", "0"},
          {"max_team_size", "4"}, {"final_selections", "2"}};
}



json phase_of(Browser& b, const std::string& slug) {
  return json::parse(b.get("/api/v1/competitions/" + slug).body)["phases"][0];
}

// A published challenge with phase "dev" (open until 2099), its truth, and a participant
// with one scored submission.
struct HostedPhase {
  HostedPhase() : admin(port()), p(port()) {
    sign_in_admin(admin);
    slug = unique("ph-");
    EXPECT_EQ(admin.post("/competitions", {{"slug", slug}, {"title_en", "Phases"}, {"visibility", "published"}}).status, 303);
    EXPECT_EQ(admin.post("/competitions/" + slug + "/phases", phase_form("2099-01-01T00:00")).status, 303);
    EXPECT_EQ(upload(admin, "/competitions/" + slug + "/files", {{"kind", "truth"}, {"phase", "dev"}}, "truth.csv", truth_csv()).status, 303);
    register_member(p, "ph");
    EXPECT_EQ(p.post("/competitions/" + slug + "/join", {}).status, 303);
    auto r = upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(3));
    EXPECT_EQ(r.status, 303);
    submission = submission_id_of(r);
    EXPECT_EQ(wait_done(p, submission)["status"], "scored");
  }
  Browser admin, p;
  std::string slug, submission;
};

}  // namespace

TEST(HttpPhases, TheEditFormShowsThePhaseAsItIs) {
  HostedPhase h;
  auto page = h.admin.get("/competitions/" + h.slug + "?edit_phase=dev");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "name=\"name\" value=\"dev\"")) << "the phase's name";
  EXPECT_TRUE(contains(page.body, "<option value=\"accuracy\" selected>")) << "its metric, not the first in the list";
  EXPECT_TRUE(contains(page.body, "name=\"public_fraction\" value=\"0.5\""));
  EXPECT_TRUE(contains(page.body, "name=\"split_seed\" value=\"7\""));
  EXPECT_TRUE(contains(page.body, "name=\"daily_limit\" value=\"9\""));
  EXPECT_TRUE(contains(page.body, "name=\"max_team_size\" value=\"4\""));
  EXPECT_TRUE(contains(page.body, "value=\"2099-01-01T00:00\""));
  EXPECT_TRUE(contains(page.body, "name=\"confirm_rescore\""));
}

TEST(HttpPhases, ChangingHowAScoredPhaseIsScoredNeedsConfirmingAndThenRescores) {
  HostedPhase h;
  double before = wait_done(h.p, h.submission)["public_score"];
  // Ending the phase early changes nothing of its scoring: no confirmation needed, values kept.
  ASSERT_EQ(h.admin.post("/competitions/" + h.slug + "/phases", phase_form("2098-01-01T00:00")).status, 303);
  auto phase = phase_of(h.admin, h.slug);
  EXPECT_EQ(phase["metric"], "accuracy");
  EXPECT_DOUBLE_EQ(phase["public_fraction"].get<double>(), 0.5);
  EXPECT_EQ(phase["daily_limit"], 9);
  // A new split is refused until confirmed, and nothing changes meanwhile.
  auto refused = h.admin.post("/competitions/" + h.slug + "/phases", phase_form("2098-01-01T00:00", "0.3"));
  EXPECT_EQ(refused.status, 409) << refused.body;
  EXPECT_TRUE(contains(refused.body, "name=\"confirm_rescore\""));
  EXPECT_DOUBLE_EQ(phase_of(h.admin, h.slug)["public_fraction"].get<double>(), 0.5);
  EXPECT_DOUBLE_EQ(wait_done(h.p, h.submission)["public_score"].get<double>(), before);
  // Confirmed: saved, and the submission is scored again under the new split.
  auto form = phase_form("2098-01-01T00:00", "0.3");
  form["confirm_rescore"] = "1";
  ASSERT_EQ(h.admin.post("/competitions/" + h.slug + "/phases", form).status, 303);
  EXPECT_DOUBLE_EQ(phase_of(h.admin, h.slug)["public_fraction"].get<double>(), 0.3);
  auto rescored = wait_done(h.p, h.submission);
  EXPECT_EQ(rescored["status"], "scored");
  auto board = json::parse(h.p.get("/api/v1/competitions/" + h.slug + "/leaderboard").body);
  ASSERT_EQ(board["entries"].size(), 1u) << "the board was rebuilt from the new scores";
  EXPECT_DOUBLE_EQ(board["entries"][0]["score"].get<double>(), rescored["public_score"].get<double>());
}

TEST(HttpPhases, ARevealedPhaseStaysFinalAndItsPrivateBoardNeverLeaksAgain) {
  HostedPhase h;
  ASSERT_EQ(h.admin.post("/competitions/" + h.slug + "/phases", phase_form("2021-01-01T00:00")).status, 303);
  ASSERT_EQ(h.admin.post("/competitions/" + h.slug + "/reveal", {{"phase", "dev"}}).status, 303);
  // The path of the leak: move the end into the future, then submit again.
  auto reopen = h.admin.post("/competitions/" + h.slug + "/phases", phase_form("2099-01-01T00:00"));
  EXPECT_EQ(reopen.status, 409) << reopen.body;
  EXPECT_TRUE(contains(reopen.body, "final")) << reopen.body;
  EXPECT_EQ(phase_of(h.admin, h.slug)["ends_at"], "2021-01-01T00:00:00Z");
  auto late = upload(h.p, "/competitions/" + h.slug + "/submissions", {}, "pred.csv", prediction(0));
  EXPECT_EQ(late.status, 409) << "the phase has ended for good";
  auto board = json::parse(h.p.get("/api/v1/competitions/" + h.slug + "/leaderboard?board=private").body);
  ASSERT_EQ(board["entries"].size(), 1u);
  EXPECT_EQ(h.admin.get("/competitions/" + h.slug).body.find("edit_phase=dev"), std::string::npos) << "no edit link for a final phase";
}

TEST(HttpPhases, TheHostIsOfferedOnlyWhatCanBeDone) {
  HostedPhase h;
  auto host = h.admin.get("/competitions/" + h.slug + "/host?phase=dev");
  EXPECT_FALSE(contains(host.body, "data-testid=\"reveal\"")) << "no reveal before the end";
  EXPECT_TRUE(contains(h.p.get("/competitions/" + h.slug + "/submissions").body, "/select\""));
  ASSERT_EQ(h.admin.post("/competitions/" + h.slug + "/phases", phase_form("2021-01-01T00:00")).status, 303);
  EXPECT_TRUE(contains(h.admin.get("/competitions/" + h.slug + "/host?phase=dev").body, "data-testid=\"reveal\""));
  EXPECT_FALSE(contains(h.p.get("/competitions/" + h.slug + "/submissions").body, "/select\"")) << "no choosing finals after the end";
}

TEST(HttpPhases, TheBaselineIsAReferenceRowNeitherRankedNorCounted) {
  HostedPhase h;
  // The baseline is better than the participant (0 wrong against 3).
  ASSERT_EQ(upload(h.admin, "/competitions/" + h.slug + "/baseline", {{"phase", "dev"}}, "base.csv", prediction(0)).status, 303);
  json board;
  for (int i = 0; i < 100; ++i) {
    board = json::parse(h.p.get("/api/v1/competitions/" + h.slug + "/leaderboard").body);
    if (board["entries"].size() == 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_EQ(board["entries"].size(), 2u) << board.dump();
  EXPECT_EQ(board["entries"][0]["baseline"], true);
  EXPECT_TRUE(board["entries"][0]["rank"].is_null());
  EXPECT_EQ(board["entries"][1]["rank"], 1) << "the first team is first, whatever the baseline scores";
  EXPECT_EQ(board["teams"], 1);
  auto page = h.p.get("/competitions/" + h.slug + "/leaderboard");
  EXPECT_TRUE(contains(page.body, "<p class=\"meta\">1 ")) << "one team counted: " << page.body;
  auto csv = h.p.get("/competitions/" + h.slug + "/leaderboard.csv").body;
  EXPECT_TRUE(contains(csv, "\r\n,")) << "the baseline's rank cell is empty: " << csv;
  auto mine = json::parse(h.p.get("/api/v1/competitions/" + h.slug + "/submissions").body);
  EXPECT_EQ(mine["rank"], 1) << mine.dump();
}

TEST(HttpPhases, AnOrganizersEarlyLookAtThePrivateBoardIsLabelledAPreview) {
  HostedPhase h;
  auto page = h.admin.get("/competitions/" + h.slug + "/leaderboard?phase=dev&board=private");
  ASSERT_EQ(page.status, 200);
  EXPECT_TRUE(contains(page.body, "data-testid=\"private-preview\""));
  EXPECT_FALSE(contains(h.admin.get("/competitions/" + h.slug + "/leaderboard?phase=dev").body, "data-testid=\"private-preview\""));
}

TEST(HttpPhases, NamesWithLineBreaksAreRefusedAndDownloadsNameFilesSafely) {
  HostedPhase h;
  auto form = phase_form("2099-01-01T00:00");
  form["name"] = "dev\r\nSet-Cookie: planted=1";
  auto r = h.admin.post("/competitions/" + h.slug + "/phases", form);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_TRUE(r.header("set-cookie").find("planted") == std::string::npos);
  form["name"] = "odd \"name\"; x=1";
  ASSERT_EQ(h.admin.post("/competitions/" + h.slug + "/phases", form).status, 303);
  auto csv = h.admin.get("/competitions/" + h.slug + "/leaderboard.csv?phase=" + url_encode(form["name"]));
  ASSERT_EQ(csv.status, 200);
  auto disposition = csv.header("content-disposition");
  EXPECT_EQ(disposition.find("\"name\""), std::string::npos) << disposition;
  EXPECT_TRUE(contains(disposition, "filename*=UTF-8''")) << disposition;
}

}  // namespace aigc::test

namespace aigc::test {

TEST(HttpPhases, PhaseTimesAreTypedInTheOrganizersZoneAndTheFormSaysWhich) {
  Browser admin(port()), org(port());
  sign_in_admin(admin);
  auto handle = register_member(org, "tzorg");
  ASSERT_EQ(admin.post("/admin/members/role", {{"handle", handle}, {"role", "organizer"}}).status, 303);
  ASSERT_EQ(org.post("/settings/profile", {{"display_name", "Organizer"}, {"preferred_lang", "en"}, {"time_zone", "Asia/Shanghai"}}).status, 303);
  auto slug = unique("tz-");
  ASSERT_EQ(org.post("/competitions", {{"slug", slug}, {"title_en", "Zones"}, {"visibility", "published"}}).status, 303);
  auto page = org.get("/competitions/" + slug);
  EXPECT_TRUE(contains(page.body, "data-testid=\"form-zone\">(Asia/Shanghai)<")) << "the form says its zone";
  auto form = phase_form("2099-01-01T08:00");
  form["starts_at"] = "2026-12-01T08:00";
  form["time_zone"] = "Asia/Shanghai";
  ASSERT_EQ(org.post("/competitions/" + slug + "/phases", form).status, 303);
  auto phase = phase_of(org, slug);
  EXPECT_EQ(phase["starts_at"], "2026-12-01T00:00:00Z") << "08:00 in Shanghai is midnight UTC";
  EXPECT_EQ(phase["ends_at"], "2099-01-01T00:00:00Z");
  auto edit = org.get("/competitions/" + slug + "?edit_phase=dev");
  EXPECT_TRUE(contains(edit.body, "name=\"starts_at\" value=\"2026-12-01T08:00\"")) << "shown back in the same zone";
  EXPECT_TRUE(contains(edit.body, "GMT+8")) << "times on the page say their zone";
  form["starts_at"] = "2026-02-30T08:00";
  EXPECT_EQ(org.post("/competitions/" + slug + "/phases", form).status, 422) << "no 30 February";
}

}  // namespace aigc::test

namespace aigc::test {

// What a phase asks is written in both languages, shown in the reader's, and kept when the
// organizer edits the phase again.
TEST(HttpPhases, PhaseDescriptionsReadInTheReadersLanguageAndSurviveAnEdit) {
  Browser admin(port()), zh(port()), en(port());
  sign_in_admin(admin);
  zh.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}});
  en.post("/lang", {{"lang", "en"}, {"next", "/"}});
  auto slug = unique("phd-");
  ASSERT_EQ(admin.post("/competitions", {{"slug", slug}, {"title_en", "Described"}, {"visibility", "published"}}).status, 303);
  auto form = phase_form("2099-01-01T00:00");
  form["description_en"] = "Label **every** image.";
  form["description_zh"] = "为**每张**图片标注。";
  ASSERT_EQ(admin.post("/competitions/" + slug + "/phases", form).status, 303);
  auto page_zh = zh.get("/competitions/" + slug).body;
  EXPECT_TRUE(contains(page_zh, "为<strong>每张</strong>图片标注。")) << page_zh;
  EXPECT_FALSE(contains(page_zh, "Label <strong>every</strong>"));
  EXPECT_TRUE(contains(en.get("/competitions/" + slug).body, "Label <strong>every</strong> image."));
  EXPECT_TRUE(contains(en.get("/competitions/" + slug + "?text=zh-CN").body, "为<strong>每张</strong>图片标注。")) << "the page's switch";
  auto api = phase_of(zh, slug);
  EXPECT_EQ(api["description"], "为**每张**图片标注。");
  EXPECT_EQ(api["description_en"], "Label **every** image.");
  auto edit = admin.get("/competitions/" + slug + "?edit_phase=dev");
  EXPECT_TRUE(contains(edit.body, ">为**每张**图片标注。</textarea>")) << "the form keeps both texts";
  form.erase("description_zh");
  ASSERT_EQ(admin.post("/competitions/" + slug + "/phases", form).status, 303);
  auto fallback = zh.get("/competitions/" + slug).body;
  EXPECT_TRUE(contains(fallback, "Label <strong>every</strong> image.")) << "an English-only text still shows";
}

}  // namespace aigc::test
