// Taking part in a challenge over HTTP, against a real server with its scoring worker:
// joining, submitting from the browser and the API, quotas under concurrency, what
// participants may and may not see, teams, and the host's tools.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include <nlohmann/json.hpp>

#include "web/http_fixture.hpp"

namespace aigc::test {

using nlohmann::json;

namespace {

// 23 rows (so the halves' accuracies are not round numbers); a prediction gets `wrong`
// of them wrong (the first ones).
constexpr int kRows = 23;

std::string truth_csv(int rows = kRows) {
  std::string s = "id,label\n";
  for (int i = 1; i <= rows; ++i) s += "r" + std::to_string(100 + i) + "," + (i % 3 == 0 ? "cat" : "dog") + "\n";
  return s;
}

std::string prediction(int wrong, int rows = kRows) {
  std::string s = "id,label\n";
  for (int i = 1; i <= rows; ++i) {
    bool cat = i % 3 == 0;
    if (i <= wrong) cat = !cat;
    s += "r" + std::to_string(100 + i) + "," + (cat ? "cat" : "dog") + "\n";
  }
  return s;
}

struct PhaseSpec {
  std::string starts = "2020-01-01T00:00", ends = "2099-01-01T00:00";
  int daily = 5, total = 0, team_size = 3;
  std::string truth = truth_csv();
};

// A published challenge hosted by the admin, with one phase "dev" (accuracy, half the rows
// public) and its truth uploaded.
std::string host_challenge(Browser& admin, const PhaseSpec& spec = {}) {
  auto slug = unique("ch-");
  EXPECT_EQ(admin.post("/competitions", {{"slug", slug}, {"title_en", "Cats and dogs"}, {"rules_md", "Be fair."},
                                         {"visibility", "published"}}).status, 303);
  auto phase = admin.post("/competitions/" + slug + "/phases",
                          {{"name", "dev"}, {"starts_at", spec.starts}, {"ends_at", spec.ends}, {"metric", "accuracy"},
                           {"params", "{}"}, {"public_fraction", "0.5"}, {"split_seed", "7"},
                           {"daily_limit", std::to_string(spec.daily)}, {"total_limit", std::to_string(spec.total)},
                           {"max_team_size", std::to_string(spec.team_size)}, {"final_selections", "2"}});
  EXPECT_EQ(phase.status, 303) << phase.body;
  auto truth = upload(admin, "/competitions/" + slug + "/files", {{"kind", "truth"}, {"phase", "dev"}}, "truth.csv", spec.truth);
  EXPECT_EQ(truth.status, 303) << truth.body;
  return slug;
}

// A new member who has joined the challenge.
std::string participant(Browser& b, const std::string& slug, const std::string& prefix = "p") {
  auto handle = register_member(b, prefix);
  auto joined = b.post("/competitions/" + slug + "/join", {});
  EXPECT_EQ(joined.status, 303) << joined.body;
  return handle;
}

// An organizer's fresh challenge and one participant who has joined it: where most tests
// here start.
struct JoinedChallenge {
  explicit JoinedChallenge(const PhaseSpec& spec = {}) : admin(port()), p(port()) {
    sign_in_admin(admin);
    slug = host_challenge(admin, spec);
    handle = participant(p, slug);
  }
  Browser admin, p;
  std::string slug, handle;
};



// Runs `aigc ARGS`; returns the exit code, with stdout and stderr in `out`.
int aigc_command(const std::string& args, std::string& out) {
  FILE* p = ::popen((std::string(AIGC_BINARY) + " " + args + " 2>&1").c_str(), "r");
  char buf[4096];
  out.clear();
  while (auto n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string temp_file(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() / "aigc-tests" / name;
  std::ofstream(path) << content;
  return path.string();
}

json board(Browser& b, const std::string& slug, const std::string& which = "public") {
  return json::parse(b.get("/api/v1/competitions/" + slug + "/leaderboard?board=" + which).body);
}

}  // namespace

TEST(HttpSubmissions, AParticipantSubmitsAndTheScoreLandsOnThePublicBoard) {
  JoinedChallenge c;
  auto& [admin, p, slug, handle] = c;
  auto r = upload(p, "/competitions/" + slug + "/submissions", {{"message", "first try"}}, "pred.csv", prediction(0));
  ASSERT_EQ(r.status, 303) << r.body;
  auto s = wait_done(p, submission_id_of(r));
  ASSERT_EQ(s["status"], "scored") << s.dump();
  EXPECT_DOUBLE_EQ(s["public_score"].get<double>(), 1.0);
  EXPECT_FALSE(s.contains("private_score"));
  auto b = board(p, slug);
  ASSERT_EQ(b["entries"].size(), 1u);
  EXPECT_EQ(b["entries"][0]["team"], handle);
  EXPECT_EQ(b["entries"][0]["members"][0], handle);
  EXPECT_EQ(b["entries"][0]["rank"], 1);
  auto page = p.get("/competitions/" + slug + "/submissions");
  EXPECT_TRUE(contains(page.body, "data-testid=\"submissions\""));
  EXPECT_TRUE(contains(page.body, "<svg class=\"chart\""));
  auto page_html = p.get("/competitions/" + slug + "/leaderboard").body;
  EXPECT_TRUE(contains(page_html, handle));
  EXPECT_TRUE(contains(page_html, "data-testid=\"my-rank\">1<"));
  EXPECT_TRUE(contains(page_html, "data-testid=\"my-row\""));
}

TEST(HttpSubmissions, AWrongFileIsRefusedWithLineAndColumnAndDoesNotCount) {
  JoinedChallenge c({.daily = 1});
  auto& [admin, p, slug, handle] = c;
  auto bad = upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", "id,label\nr101,dog\nr999,cat\n");
  EXPECT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "data-testid=\"file-errors\""));
  EXPECT_TRUE(contains(bad.body, "pred.csv:3")) << "the unknown id is on line 3";
  auto token = create_token(p);
  ASSERT_FALSE(token.empty());
  auto api_bad = api_submit(port(), token, slug, "id,label\nr101,dog\n");
  EXPECT_EQ(api_bad.status, 422);
  auto err = json::parse(api_bad.body);
  ASSERT_FALSE(err["error"]["details"].empty());
  auto first = err["error"]["details"][0];
  EXPECT_EQ(first["field"], "file") << "the form field, not the position";
  EXPECT_EQ(first["code"], "scoring.missing_id");
  EXPECT_EQ(first["values"]["id"], "'r102'") << first.dump();
  EXPECT_EQ(first["message"], "missing id 'r102' (truth line 3)");
  EXPECT_EQ(first["position"].get<std::string>().rfind("pred.csv", 0), 0u) << first.dump();
  // Neither counted: the one submission of the day is still there.
  EXPECT_EQ(api_submit(port(), token, slug, prediction(2)).status, 201);
  auto over = api_submit(port(), token, slug, prediction(1));
  EXPECT_EQ(over.status, 429);
  EXPECT_TRUE(contains(over.body, "00:00 UTC"));
}

// The engine names each problem; the site words it in the reader's language, once per line.
TEST(HttpSubmissions, FileProblemsReadInTheReadersLanguageOncePerLine) {
  JoinedChallenge c;
  auto& [admin, p, slug, handle] = c;
  p.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}});
  auto file = prediction(0);
  file.replace(file.find("r102,dog"), 8, "r102,dog,extra");
  file += "r999,cat\n";
  auto bad = upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", file);
  ASSERT_EQ(bad.status, 422);
  EXPECT_TRUE(contains(bad.body, "<code>pred.csv:3:3</code> 应与表头一样有 2 个字段，实际有 3 个")) << bad.body;
  EXPECT_TRUE(contains(bad.body, "未知的 id &#39;r999&#39;（真值文件中没有）")) << bad.body;
  EXPECT_FALSE(contains(bad.body, "r102&#39;（真值")) << "r102's line is listed once, not again as missing";
  EXPECT_FALSE(contains(bad.body, "expected 2 fields"));
  auto token = create_token(p);
  Browser api(port());
  auto body = multipart(kBoundary, {}, "pred.csv", file);
  auto zh = api.request("POST", "/api/v1/competitions/" + slug + "/submissions", body,
                        {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary},
                         {"Authorization", "Bearer " + token}, {"Accept-Language", "zh-CN"}});
  ASSERT_EQ(zh.status, 422);
  auto details = json::parse(zh.body)["error"]["details"];
  ASSERT_EQ(details.size(), 2u) << zh.body;
  EXPECT_EQ(details[0]["code"], "scoring.field_count");
  EXPECT_EQ(details[0]["position"], "pred.csv:3:3");
  EXPECT_EQ(details[0]["values"]["found"], "3");
  EXPECT_EQ(details[0]["message"], "应与表头一样有 2 个字段，实际有 3 个");
}

TEST(HttpSubmissions, OversizeAndCutOffUploadsAreRefusedAndLeaveNothingBehind) {
  JoinedChallenge c;
  auto& [admin, p, slug, handle] = c;
  auto token = create_token(p);
  std::string big = prediction(0);
  while (big.size() <= 65536) big += "# padding line to make the file larger than the test server's limit\n";
  auto over = api_submit(port(), token, slug, big);
  EXPECT_EQ(over.status, 413);
  EXPECT_EQ(json::parse(over.body)["error"]["key"], "error.submission_too_large");
  Browser api(port());
  auto body = multipart(kBoundary, {}, "pred.csv", prediction(0));
  auto cut = api.request("POST", "/api/v1/competitions/" + slug + "/submissions", body.substr(0, body.size() / 2),
                         {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}, {"Authorization", "Bearer " + token}});
  EXPECT_EQ(cut.status, 400);
  auto mine = json::parse(p.get("/api/v1/competitions/" + slug + "/submissions").body);
  EXPECT_EQ(mine["total"], 0);
  EXPECT_TRUE(mine["submissions"].empty());
}

TEST(HttpSubmissions, QuotaHoldsUnderConcurrentSubmissions) {
  JoinedChallenge c({.daily = 3});
  auto& [admin, p, slug, handle] = c;
  auto token = create_token(p);
  std::vector<std::future<int>> fired;
  for (int i = 0; i < 12; ++i)
    fired.push_back(std::async(std::launch::async, [&, i] { return api_submit(port(), token, slug, prediction(i % 5)).status; }));
  int accepted = 0, refused = 0;
  for (auto& f : fired) {
    int status = f.get();
    accepted += status == 201;
    refused += status == 429;
  }
  EXPECT_EQ(accepted, 3);
  EXPECT_EQ(refused, 9);
  auto mine = json::parse(p.get("/api/v1/competitions/" + slug + "/submissions").body);
  EXPECT_EQ(mine["total"], 3);
  EXPECT_EQ(mine["submissions"].size(), 3u);
}

TEST(HttpSubmissions, NoParticipantSeesAPrivateScoreBeforeTheReveal) {
  JoinedChallenge c;
  auto& [admin, p, slug, handle] = c;
  // What the two halves score, worked out by the scoring engine itself; a prediction whose
  // private score is a number no page shows otherwise (not 0, 1 or 0.5, the public fraction).
  auto dir = std::filesystem::temp_directory_path() / "aigc-tests";
  std::ofstream(dir / "leak-truth.csv") << truth_csv();
  std::string pred;
  double priv = 0, pub = 0;
  for (int wrong : {7, 5, 3, 9, 4, 6, 8}) {
    pred = prediction(wrong);
    std::ofstream(dir / "leak-pred.csv") << pred;
    std::string out;
    ASSERT_EQ(aigc_command("score --metric accuracy --truth " + (dir / "leak-truth.csv").string() + " --pred " +
                               (dir / "leak-pred.csv").string() + " --public-fraction 0.5 --split-seed 7", out), 0) << out;
    auto expected = json::parse(out.substr(out.find('{')));
    priv = expected["private"]["score"];
    pub = expected["public"]["score"];
    if (priv != pub && priv != 0.5 && priv != 0 && priv != 1) break;
  }
  ASSERT_NE(priv, pub) << "the case must tell the two halves apart";
  auto r = upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", pred);
  ASSERT_EQ(r.status, 303);
  auto id = submission_id_of(r);
  auto s = wait_done(p, id);
  ASSERT_EQ(s["status"], "scored");
  EXPECT_DOUBLE_EQ(s["public_score"].get<double>(), pub);
  char six[32];
  std::snprintf(six, sizeof six, "%.6g", priv);
  std::vector<std::string> needles = {json(priv).dump(), six};
  auto token = create_token(p);
  Browser api(port());
  for (const auto& path : std::vector<std::string>{
           "/submissions/" + id, "/api/v1/submissions/" + id, "/competitions/" + slug + "/submissions",
           "/api/v1/competitions/" + slug + "/submissions", "/competitions/" + slug + "/leaderboard",
           "/competitions/" + slug + "/leaderboard?board=private", "/api/v1/competitions/" + slug + "/leaderboard",
           "/api/v1/competitions/" + slug + "/leaderboard?board=private", "/competitions/" + slug + "/leaderboard.csv",
           "/competitions/" + slug + "/leaderboard.csv?board=private", "/competitions/" + slug + "/submissions.csv",
           "/competitions/" + slug + "/host", "/api/v1/competitions/" + slug}) {  // the event stream holds versions only
    auto page = p.get(path);
    auto via_token = api.get(path, {{"Authorization", "Bearer " + token}});
    for (const auto& n : needles) {
      EXPECT_FALSE(contains(page.body, n)) << path << " shows the private score " << n;
      EXPECT_FALSE(contains(via_token.body, n)) << path << " shows the private score " << n;
    }
  }
  EXPECT_EQ(p.get("/api/v1/competitions/" + slug + "/leaderboard?board=private").status, 403);
  EXPECT_EQ(p.get("/competitions/" + slug + "/submissions.csv").status, 403);
  // The organizer sees it before; the reveal waits for the end of the phase.
  EXPECT_DOUBLE_EQ(board(admin, slug, "private")["entries"][0]["score"].get<double>(), priv);
  EXPECT_EQ(admin.post("/competitions/" + slug + "/reveal", {{"phase", "dev"}}).status, 409);
  ASSERT_EQ(admin.post("/competitions/" + slug + "/phases",
                       {{"name", "dev"}, {"starts_at", "2020-01-01T00:00"}, {"ends_at", "2021-01-01T00:00"}, {"metric", "accuracy"},
                        {"params", "{}"}, {"public_fraction", "0.5"}, {"split_seed", "7"}, {"daily_limit", "5"},
                        {"total_limit", "0"}, {"max_team_size", "3"}, {"final_selections", "2"}}).status, 303);
  EXPECT_EQ(api_submit(port(), token, slug, pred).status, 409) << "the phase has ended";
  EXPECT_EQ(admin.post("/competitions/" + slug + "/reveal", {{"phase", "dev"}}).status, 303);
  auto revealed = board(p, slug, "private");
  ASSERT_EQ(revealed["entries"].size(), 1u);
  EXPECT_DOUBLE_EQ(revealed["entries"][0]["score"].get<double>(), priv);
  EXPECT_DOUBLE_EQ(json::parse(p.get("/api/v1/submissions/" + id).body)["private_score"].get<double>(), priv);
}

TEST(HttpSubmissions, FinalsChosenByTheTeamDecideThePrivateBoard) {
  JoinedChallenge c;
  auto& [admin, p, slug, handle] = c;
  auto token = create_token(p);
  std::vector<std::string> ids;
  for (int wrong : {0, 6, 10}) {
    auto r = api_submit(port(), token, slug, prediction(wrong));
    ASSERT_EQ(r.status, 201) << r.body;
    ids.push_back(json::parse(r.body)["id"]);
  }
  for (const auto& id : ids) ASSERT_EQ(wait_done(p, id)["status"], "scored");
  // The worst two chosen: the private board takes the better of those, not the best overall.
  for (int i : {1, 2}) EXPECT_EQ(p.post("/submissions/" + ids[i] + "/select", {{"selected", "1"}}).status, 303);
  EXPECT_EQ(p.post("/submissions/" + ids[0] + "/select", {{"selected", "1"}}).status, 409) << "two finals at most";
  auto chosen = board(admin, slug, "private")["entries"][0]["score"].get<double>();
  auto best = board(admin, slug, "public")["entries"][0]["score"].get<double>();
  EXPECT_DOUBLE_EQ(best, 1.0);
  EXPECT_LT(chosen, 1.0);
}

TEST(HttpSubmissions, TeamsInviteMergeWithinLimitsAndAMemberIsInOneTeam) {
  Browser admin(port());
  sign_in_admin(admin);
  auto slug = host_challenge(admin, {.team_size = 3});
  Browser a(port()), b(port()), c(port()), d(port());
  auto ha = participant(a, slug, "lead");
  auto hb = participant(b, slug, "mate");
  auto hc = participant(c, slug, "solo");
  participant(d, slug, "late");
  EXPECT_EQ(a.post("/competitions/" + slug + "/team/invite", {{"handle", hb}}).status, 303);
  auto team_a = json::parse(a.get("/api/v1/competitions/" + slug + "/team").body)["team"];
  EXPECT_EQ(b.post("/competitions/" + slug + "/team/accept", {{"team_id", std::to_string(team_a["id"].get<long long>())}}).status, 303);
  EXPECT_EQ(json::parse(a.get("/api/v1/competitions/" + slug + "/team").body)["team"]["members"].size(), 2u);
  EXPECT_EQ(b.post("/competitions/" + slug + "/join", {}).status, 303);  // joining again changes nothing
  EXPECT_EQ(json::parse(b.get("/api/v1/competitions/" + slug + "/team").body)["team"]["id"], team_a["id"]);
  // C has a scored submission: an invitation cannot take C, a merge can.
  auto r = upload(c, "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(3));
  ASSERT_EQ(r.status, 303);
  ASSERT_EQ(wait_done(c, submission_id_of(r))["status"], "scored");
  EXPECT_EQ(a.post("/competitions/" + slug + "/team/invite", {{"handle", hc}}).status, 303);
  EXPECT_EQ(c.post("/competitions/" + slug + "/team/accept", {{"team_id", std::to_string(team_a["id"].get<long long>())}}).status, 409);
  auto team_c = json::parse(c.get("/api/v1/competitions/" + slug + "/team").body)["team"];
  EXPECT_EQ(c.post("/competitions/" + slug + "/team/merge", {{"team", team_a["name"]}}).status, 303);
  EXPECT_EQ(b.post("/competitions/" + slug + "/team/merge/accept", {{"team_id", std::to_string(team_c["id"].get<long long>())}}).status, 403)
      << "only the leader accepts";
  EXPECT_EQ(a.post("/competitions/" + slug + "/team/merge/accept", {{"team_id", std::to_string(team_c["id"].get<long long>())}}).status, 303);
  auto merged = json::parse(a.get("/api/v1/competitions/" + slug + "/team").body)["team"];
  EXPECT_EQ(merged["members"].size(), 3u);
  auto lb = board(a, slug);
  ASSERT_EQ(lb["entries"].size(), 1u) << "C's submission now counts for the merged team";
  EXPECT_EQ(lb["entries"][0]["team"], team_a["name"]);
  EXPECT_EQ(lb["entries"][0]["members"].size(), 3u);
  // D would make four: refused, and nothing moved.
  auto team_d = json::parse(d.get("/api/v1/competitions/" + slug + "/team").body)["team"];
  EXPECT_EQ(d.post("/competitions/" + slug + "/team/merge", {{"team", team_a["name"]}}).status, 303);
  auto full = a.post("/competitions/" + slug + "/team/merge/accept", {{"team_id", std::to_string(team_d["id"].get<long long>())}});
  EXPECT_EQ(full.status, 409);
  EXPECT_EQ(json::parse(d.get("/api/v1/competitions/" + slug + "/team").body)["team"]["id"], team_d["id"]);
  EXPECT_TRUE(contains(a.get("/competitions/" + slug + "/team").body, ha));
}

TEST(HttpSubmissions, SubmittingNeedsToJoinAndAnOpenPhase) {
  Browser admin(port());
  sign_in_admin(admin);
  auto open = host_challenge(admin);
  Browser p(port());
  register_member(p, "nojoin");
  auto token = create_token(p);
  EXPECT_EQ(api_submit(port(), token, open, prediction(0)).status, 403);
  auto later = host_challenge(admin, {.starts = "2098-01-01T00:00", .ends = "2099-01-01T00:00"});
  EXPECT_EQ(p.post("/competitions/" + later + "/join", {}).status, 303);
  auto early = api_submit(port(), token, later, prediction(0));
  EXPECT_EQ(early.status, 409);
  EXPECT_EQ(json::parse(early.body)["error"]["key"], "error.phase_not_started");
  Browser visitor(port());
  EXPECT_EQ(visitor.request("POST", "/api/v1/competitions/" + open + "/submissions", multipart(kBoundary, {}, "p.csv", prediction(0)),
                            {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary}}).status, 401);
}

TEST(HttpSubmissions, TheHostSeesFailuresRescoresAfterFixingTheTruthAndExports) {
  Browser admin(port());
  sign_in_admin(admin);
  auto slug = host_challenge(admin);
  ASSERT_EQ(upload(admin, "/competitions/" + slug + "/baseline", {{"phase", "dev"}}, "base.csv", prediction(10)).status, 303);
  Browser p(port());
  participant(p, slug);
  auto r = upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(0));
  ASSERT_EQ(r.status, 303);
  ASSERT_DOUBLE_EQ(wait_done(p, submission_id_of(r))["public_score"].get<double>(), 1.0);
  auto lb = board(p, slug);
  ASSERT_EQ(lb["entries"].size(), 2u);
  EXPECT_EQ(lb["entries"][1]["baseline"], true);
  // The truth had every label flipped by mistake: fix and re-score.
  std::string flipped = truth_csv();
  for (auto& ch : flipped) ch = ch == 'c' ? 'C' : ch;
  std::string fixed = "id,label\n";
  for (int i = 1; i <= kRows; ++i) fixed += "r" + std::to_string(100 + i) + "," + (i % 3 == 0 ? "dog" : "cat") + "\n";
  ASSERT_EQ(upload(admin, "/competitions/" + slug + "/files", {{"kind", "truth"}, {"phase", "dev"}}, "truth.csv", fixed).status, 303);
  EXPECT_EQ(admin.post("/competitions/" + slug + "/rescore", {{"phase", "dev"}}).status, 303);
  auto rescored = wait_done(p, submission_id_of(r));
  EXPECT_DOUBLE_EQ(rescored["public_score"].get<double>(), 0.0);
  auto host = admin.get("/competitions/" + slug + "/host?phase=dev");
  EXPECT_EQ(host.status, 200);
  EXPECT_TRUE(contains(host.body, "data-testid=\"host-stats\""));
  auto csv = admin.get("/competitions/" + slug + "/submissions.csv?phase=dev");
  EXPECT_EQ(csv.status, 200);
  EXPECT_TRUE(contains(csv.header("content-type"), "text/csv"));
  EXPECT_TRUE(contains(csv.body, "public_score,private_score"));
  EXPECT_EQ(p.get("/competitions/" + slug + "/host").status, 403);
  auto board_csv = p.get("/competitions/" + slug + "/leaderboard.csv");
  EXPECT_TRUE(contains(board_csv.body, "rank,team,members,score"));
}

// A file that passed the check can still fail when scored (here the truth gained a row
// after it was accepted): its problems keep their codes, worded for each reader.
TEST(HttpSubmissions, AScoringFailureReadsInTheReadersLanguage) {
  JoinedChallenge c;
  auto& [admin, p, slug, handle] = c;
  auto r = upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(0));
  ASSERT_EQ(r.status, 303);
  auto id = submission_id_of(r);
  ASSERT_EQ(wait_done(p, id)["status"], "scored");
  ASSERT_EQ(upload(admin, "/competitions/" + slug + "/files", {{"kind", "truth"}, {"phase", "dev"}}, "truth.csv",
                   truth_csv() + "r999,cat\n").status, 303);
  ASSERT_EQ(admin.post("/competitions/" + slug + "/rescore", {{"phase", "dev"}}).status, 303);
  auto failed = wait_done(p, id);
  ASSERT_EQ(failed["status"], "failed") << failed.dump();
  EXPECT_TRUE(contains(failed["error"].get<std::string>(), "missing id 'r999'"));
  ASSERT_EQ(failed["problems"].size(), 1u) << failed.dump();
  EXPECT_EQ(failed["problems"][0]["code"], "scoring.missing_id");
  EXPECT_EQ(failed["problems"][0]["values"]["id"], "'r999'");
  p.post("/lang", {{"lang", "zh-CN"}, {"next", "/"}});
  auto page = p.get("/submissions/" + id).body;
  EXPECT_TRUE(contains(page, "缺少 id &#39;r999&#39;（真值文件第 " + std::to_string(kRows + 2) + " 行）")) << page;
  EXPECT_FALSE(contains(page, "missing id"));
}

TEST(HttpSubmissions, TheBoardVersionIsPushedOnOneLongLivedStream) {
  JoinedChallenge c;
  auto& [admin, p, slug, handle] = c;
  const std::string events = "/competitions/" + slug + "/events?phase=dev";
  StreamReader stream(port(), events);
  auto head = stream.read_until("event: board");
  EXPECT_TRUE(contains(head, "text/event-stream"));
  EXPECT_TRUE(contains(head, "id: 0\nevent: board"));
  // A browser that reconnects with the version it has is told nothing until the next change.
  StreamReader current(port(), events, {{"Last-Event-ID", "0"}});
  EXPECT_FALSE(contains(current.read_until("event:", 300), "event:"));
  // The same stream, still open, hears of the score on both servers of the database, with
  // no reconnect: pushed when the worker commits it.
  ServerProcess other(SharedServer::get().db_url, mail_env({{"AIGC_WORKERS", "0"}}));
  StreamReader elsewhere(other.port(), events, {{"Last-Event-ID", "0"}});
  elsewhere.read_until("retry: 2000");
  auto r = upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(0));
  ASSERT_EQ(wait_done(p, submission_id_of(r))["status"], "scored");
  EXPECT_TRUE(contains(stream.read_until("id: 1\n", 5000), "id: 1\nevent: board\ndata: {\"version\":1}"));
  EXPECT_FALSE(stream.closed());
  EXPECT_TRUE(contains(current.read_until("id: 1\n", 5000), "id: 1\n"));
  EXPECT_TRUE(contains(elsewhere.read_until("id: 1\n", 5000), "id: 1\n"));
  // A stream of a competition the reader may not see is refused like its page.
  Browser stranger(port());
  EXPECT_EQ(stranger.get("/competitions/no-such-competition/events?phase=dev").status, 404);
}

TEST(HttpSubmissions, ARetryWithTheSameIdempotencyKeyGetsTheFirstSubmission) {
  JoinedChallenge c;
  auto& [admin, p, slug, handle] = c;
  auto token = create_token(p);
  auto send = [&, slug = slug](const std::string& key, const std::string& to) {
    Browser api(port());
    return api.request("POST", "/api/v1/competitions/" + to + "/submissions", multipart(kBoundary, {}, "pred.csv", prediction(0)),
                       {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary},
                        {"Authorization", "Bearer " + token},
                        {"Idempotency-Key", key}});
  };
  auto first = send("retry-7f3a", slug);
  ASSERT_EQ(first.status, 201) << first.body;
  auto again = send("retry-7f3a", slug);
  EXPECT_EQ(again.status, 201);
  EXPECT_EQ(again.header("idempotent-replayed"), "true");
  EXPECT_EQ(json::parse(again.body)["id"], json::parse(first.body)["id"]);
  // Two retries racing each other (the first answer lost in between) still make one.
  std::vector<std::thread> racers;
  std::vector<std::string> ids(4);
  for (int i = 0; i < 4; ++i)
    racers.emplace_back([&, i] {
      auto r = send("race-91c2", slug);
      if (r.status == 201) ids[i] = json::parse(r.body)["id"];
    });
  for (auto& t : racers) t.join();
  for (const auto& id : ids) EXPECT_EQ(id, ids[0]);
  auto mine = json::parse(Browser(port()).request("GET", "/api/v1/competitions/" + slug + "/submissions", "",
                                                  {{"Authorization", "Bearer " + token}}).body);
  EXPECT_EQ(mine["submissions"].size(), 2u) << "one per key: " << mine.dump();
  // A key is for one request: the same key for another competition is refused, a bad one named.
  EXPECT_EQ(send("retry-7f3a", "ai-challenger-2025-reading").status, 409);
  auto bad = send("has a space", slug);
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(first_problem(bad), "error.idempotency_key");
}

TEST(HttpSubmissions, ABoardReadByCursorIsTheBoardReadByOffset) {
  // The demo's busiest boards: every page by cursor must hold the rows, ranks and baselines
  // that the same page by offset holds, up to the end (next_cursor null).
  Browser b(port());
  for (const std::string slug : {"ai-challenger-2025-reading", "ai-challenger-demo"}) {
    auto whole = json::parse(b.get("/api/v1/competitions/" + slug + "/leaderboard?limit=1000").body)["entries"];
    ASSERT_GE(whole.size(), 3u) << slug;
    for (int limit : {1, 2, 3, 7}) {
      json walked = json::array();
      std::string cursor;
      for (int page = 0; page < 1000; ++page) {
        auto url = "/api/v1/competitions/" + slug + "/leaderboard?limit=" + std::to_string(limit) + (cursor.empty() ? "" : "&cursor=" + cursor);
        auto got = json::parse(b.get(url).body);
        auto by_offset = json::parse(b.get("/api/v1/competitions/" + slug + "/leaderboard?limit=" + std::to_string(limit) +
                                           "&offset=" + std::to_string(walked.size())).body);
        EXPECT_EQ(got["entries"], by_offset["entries"]) << slug << " limit " << limit << " page " << page;
        EXPECT_EQ(got["offset"], walked.size());
        for (const auto& e : got["entries"]) walked.push_back(e);
        if (got["next_cursor"].is_null()) break;
        cursor = got["next_cursor"].get<std::string>();
      }
      EXPECT_EQ(walked, whole) << slug << " limit " << limit;
    }
  }
  // The page by cursor: onward links carry it, and a cursor takes the page where it points.
  auto first_two = json::parse(b.get("/api/v1/competitions/ai-challenger-2025-reading/leaderboard?limit=2").body);
  auto third = json::parse(b.get("/api/v1/competitions/ai-challenger-2025-reading/leaderboard?limit=3").body)["entries"][2];
  auto html = b.get("/competitions/ai-challenger-2025-reading/leaderboard?page=2&cursor=" + first_two["next_cursor"].get<std::string>()).body;
  EXPECT_TRUE(contains(html, third["team"].get<std::string>())) << "the row after the cursor";
  EXPECT_FALSE(contains(html, first_two["entries"][0]["team"].get<std::string>())) << "the rows before it";
}

// Files under `dir` as the process `pid` sees them (through its own mount namespace).
std::vector<std::string> files_seen_by(pid_t pid, const std::string& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  const std::filesystem::path root = "/proc/" + std::to_string(pid) + "/root" + dir;
  for (auto it = std::filesystem::recursive_directory_iterator(root, ec); !ec && it != std::filesystem::recursive_directory_iterator();
       it.increment(ec))
    if (it->is_regular_file()) out.push_back(it->path().lexically_relative(root).string());
  return out;
}

TEST(HttpSubmissions, AFullDiskRefusesUploadsWith507AndLosesNothing) {
  // A server of its own whose blob folder is a real 1 MiB disk (tmpfs, mounted in a mount
  // namespace of its own by unshare), on the shared database.
  if (std::system("unshare -rm true >/dev/null 2>&1") != 0) GTEST_SKIP() << "user namespaces are off: no small disk can be mounted";
  const std::string dir = (std::filesystem::temp_directory_path() / "aigc-tests" / unique("full-disk-")).string();
  std::filesystem::create_directories(dir);
  // It takes no jobs (the shared server's workers send the mail and score).
  ServerProcess full(SharedServer::get().db_url,
                     {{"AIGC_BLOB_DIR", dir}, {"AIGC_MAX_SUBMISSION_BYTES", "4194304"}, {"AIGC_WORKERS", "0"}},
                     {"unshare", "-rm", "sh", "-c", "mount -t tmpfs -o size=1m tmpfs \"$AIGC_BLOB_DIR\" && exec \"$0\" \"$@\""});
  constexpr int kBigRows = 20000;  // ~240 KB a file: the disk holds the truth and two or three predictions
  Browser admin(full.port()), p(port());
  sign_in_admin(admin);
  PhaseSpec spec;
  spec.daily = 20;
  spec.truth = truth_csv(kBigRows);
  auto slug = host_challenge(admin, spec);
  participant(p, slug);
  auto token = create_token(p);
  int stored = 0;
  HttpResponse refused;
  for (int wrong = 1; wrong < 10; ++wrong) {  // (none wrong would be the truth's own bytes)
    auto r = api_submit(full.port(), token, slug, prediction(wrong, kBigRows));
    if (r.status != 201) {
      refused = r;
      break;
    }
    ++stored;
  }
  ASSERT_GE(stored, 1);
  ASSERT_EQ(refused.status, 507) << refused.body;
  auto error = json::parse(refused.body)["error"];
  EXPECT_EQ(error["code"], "insufficient_storage");
  EXPECT_TRUE(contains(error["message"].get<std::string>(), "storage is full")) << error.dump();
  // Nothing half-written: every file on the disk is a whole blob (no temporary left), and
  // the refused file counts against nothing.
  auto files = files_seen_by(full.pid(), dir);
  EXPECT_EQ(files.size(), static_cast<std::size_t>(stored) + 1) << "the truth and each stored prediction";
  for (const auto& f : files) EXPECT_FALSE(contains(f, ".tmp-")) << f;
  auto mine = json::parse(Browser(port()).request("GET", "/api/v1/competitions/" + slug + "/submissions", "",
                                                  {{"Authorization", "Bearer " + token}}).body);
  EXPECT_EQ(mine["submissions"].size(), static_cast<std::size_t>(stored));
  // An upload too large to keep in memory is spooled to the same disk: refused alike, in
  // the reader's language.
  Browser api(full.port());
  auto spooled = api.request("POST", "/api/v1/competitions/" + slug + "/submissions",
                             multipart(kBoundary, {{"message", std::string(1536 * 1024, 'x')}}, "pred.csv", prediction(0, kBigRows)),
                             {{"Content-Type", std::string("multipart/form-data; boundary=") + kBoundary},
                              {"Authorization", "Bearer " + token}, {"Accept-Language", "zh-CN"}});
  EXPECT_EQ(spooled.status, 507) << spooled.body;
  EXPECT_TRUE(contains(spooled.body, "存储空间已满")) << spooled.body;
  // What needs no new space still works: the same bytes as a stored file are that blob.
  EXPECT_EQ(api_submit(full.port(), token, slug, prediction(1, kBigRows)).status, 201);
  EXPECT_EQ(files_seen_by(full.pid(), dir).size(), static_cast<std::size_t>(stored) + 1);
}

TEST(HttpSubmissions, TheCommandLineClientSubmitsWaitsForTheScoreAndPrintsTheBoard) {
  JoinedChallenge c;
  auto& [admin, p, slug, handle] = c;
  auto token = create_token(p);
  auto server = " --server http://127.0.0.1:" + std::to_string(port()) + " --competition " + slug;
  std::string out;
  EXPECT_EQ(aigc_command("submit" + server + " --token " + token + " --file " + temp_file("cli-good.csv", prediction(0)) +
                             " --message 'from the CLI' --wait", out), 0) << out;
  EXPECT_TRUE(contains(out, "scored: public score 1")) << out;
  EXPECT_EQ(aigc_command("submit" + server + " --token " + token + " --file " + temp_file("cli-bad.csv", "id,label\nr101,dog\nr101,cat\n"),
                         out), 2) << out;
  EXPECT_TRUE(contains(out, "cli-bad.csv:3")) << "the duplicate id's line: " << out;
  EXPECT_EQ(aigc_command("submit" + server + " --token wrong-token --file " + temp_file("cli-good.csv", prediction(0)), out), 2) << out;
  EXPECT_EQ(aigc_command("leaderboard" + server, out), 0) << out;
  EXPECT_TRUE(contains(out, handle)) << out;
  EXPECT_EQ(aigc_command("leaderboard" + server + " --board private", out), 2) << "hidden before the reveal: " << out;
  EXPECT_EQ(aigc_command("leaderboard --server http://127.0.0.1:1 --competition " + slug, out), 1) << "no server there: " << out;
}

TEST(HttpSubmissions, CustomScorersRunSandboxedAndTheirFailuresAreReported) {
  const std::string accuracy = R"(#!/usr/bin/python3
import sys, json
truth = dict(l.strip().split(",") for l in open(sys.argv[1]).readlines()[1:])
pred = dict(l.strip().split(",") for l in open(sys.argv[2]).readlines()[1:])
right = sum(1 for k, v in truth.items() if pred.get(k) == v)
print(json.dumps({"public": right / len(truth), "private": right / len(truth) / 2}))
)";
  const std::string network = R"(#!/usr/bin/python3
import socket, json
reached = 0
for host, port in (("127.0.0.1", )" + std::to_string(port()) + R"(), ("1.1.1.1", 80)):
    try:
        socket.create_connection((host, port), timeout=1).close()
        reached += 1
    except OSError:
        pass
print(json.dumps({"score": reached}))
)";
  struct Case {
    std::string name, scorer, expect_status, expect_text;
    double score = -1;
  };
  std::vector<Case> cases = {
      {"works", accuracy, "scored", "", 1.0},
      {"crashes", "#!/usr/bin/python3\nimport sys\nsys.stderr.write('boom: index out of range')\nsys.exit(3)\n", "failed",
       "exited with status 3: boom: index out of range"},
      {"hangs", "#!/usr/bin/python3\nimport time\ntime.sleep(60)\n", "failed", "did not finish within 3 s"},
      {"garbage", "#!/bin/sh\necho 'the score is high'\n", "failed", "must print one JSON object"},
      {"network", network, "scored", "", 0.0},
  };
  // Where bubblewrap cannot make its namespaces, every case must fail saying so instead.
  bool sandbox = std::system("/usr/bin/bwrap --unshare-all --ro-bind /usr /usr --symlink usr/lib /lib --symlink usr/lib64 /lib64 "
                             "--symlink usr/bin /bin /usr/bin/true >/dev/null 2>&1") == 0;
  if (!sandbox)
    for (auto& c : cases) c = {c.name, c.scorer, "failed", "nothing runs unsandboxed", -1};
  std::vector<std::future<void>> running;
  for (const auto& c : cases)
    running.push_back(std::async(std::launch::async, [&, c] {
      Browser admin(port());  // one session per thread: a Browser is not thread-safe
      sign_in_admin(admin);
      auto slug = unique("custom-");
      ASSERT_EQ(admin.post("/competitions", {{"slug", slug}, {"title_en", "Custom " + c.name}, {"visibility", "published"}}).status, 303);
      ASSERT_EQ(admin.post("/competitions/" + slug + "/phases",
                           {{"name", "dev"}, {"starts_at", "2020-01-01T00:00"}, {"ends_at", "2099-01-01T00:00"}, {"metric", "custom"},
                            {"params", "{\"higher_is_better\": \"true\"}"}, {"public_fraction", "0.5"}, {"daily_limit", "5"},
                            {"total_limit", "0"}, {"max_team_size", "3"}}).status, 303);
      ASSERT_EQ(upload(admin, "/competitions/" + slug + "/files", {{"kind", "truth"}, {"phase", "dev"}}, "truth.csv", truth_csv()).status, 303);
      Browser p(port());
      participant(p, slug);
      EXPECT_EQ(upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(0)).status, 409) << "no scorer yet";
      ASSERT_EQ(upload(admin, "/competitions/" + slug + "/files", {{"kind", "scorer"}, {"phase", "dev"}}, "score.py", c.scorer).status, 303);
      EXPECT_EQ(Browser(port()).get("/competitions/" + slug + "/files/score.py").status, 404) << "the scorer is never served";
      auto r = upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(0));
      ASSERT_EQ(r.status, 303) << r.body;
      auto s = wait_done(p, submission_id_of(r));
      EXPECT_EQ(s["status"], c.expect_status) << c.name << ": " << s.dump();
      if (!c.expect_text.empty()) {
        EXPECT_TRUE(contains(s.value("error", std::string()), c.expect_text)) << c.name << ": " << s.dump();
      }
      if (c.score >= 0) {
        EXPECT_DOUBLE_EQ(s.value("public_score", -1.0), c.score) << c.name;
      }
      EXPECT_FALSE(s.contains("private_score"));
      if (c.name == "works") {
        // What the host page says of the sandbox comes from the workers' own reports.
        admin.post("/lang", {{"lang", "en"}, {"next", "/"}});
        auto host = admin.get("/competitions/" + slug + "/host?phase=dev").body;
        // (Other servers on this shared database report too, with their own limits.)
        if (sandbox) EXPECT_TRUE(contains(host, "data-testid=\"sandbox-limits\">The custom scorer runs as an unprivileged user")) << host;
        else EXPECT_FALSE(contains(host, "No scoring worker has reported")) << "the worker reported why it cannot";
      }
    }));
  for (auto& f : running) f.get();
}

// Separate worker processes on their own server (which scores nothing itself).
class HttpWorkers : public ::testing::Test {
 protected:
  void SetUp() override {
    db_url = fresh_database_url("workers");
    std::string out;
    ASSERT_EQ(ServerProcess::run_cli("seed --demo --db " + db_url + " --admin-password " + kAdminPassword + " --content " +
                                         source_dir() + "/content/pages", &out), 0) << out;
    server = std::make_unique<ServerProcess>(db_url, std::map<std::string, std::string>{{"AIGC_WORKERS", "0"}});
    // Registration mails still go out: a worker process that only sends mail.
    mailer = std::make_unique<WorkerProcess>(db_url, mail_env(), 0);
  }
  std::string db_url;
  std::unique_ptr<ServerProcess> server;
  std::unique_ptr<WorkerProcess> mailer;
};

TEST_F(HttpWorkers, AJobWhoseWorkerIsKilledMidwayIsScoredOnceByAnother) {
  Browser admin(server->port());
  sign_in_admin(admin);
  auto slug = host_challenge(admin);
  Browser p(server->port());
  participant(p, slug);
  // This worker holds every job for 30 s, renewing a 1 s lease: it is killed before it scores.
  WorkerProcess doomed(db_url, mail_env({{"AIGC_WORKER_PAUSE_MS", "30000"}, {"AIGC_JOB_LEASE_SECONDS", "1"}, {"AIGC_WORKER_POLL_MS", "50"}}));
  auto r = upload(p, "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(2));
  ASSERT_EQ(r.status, 303);
  auto id = submission_id_of(r);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  EXPECT_EQ(json::parse(p.get("/api/v1/submissions/" + id).body)["status"], "queued");
  doomed.stop(SIGKILL);
  WorkerProcess rescuer(db_url, mail_env({{"AIGC_JOB_LEASE_SECONDS", "1"}, {"AIGC_WORKER_POLL_MS", "50"}}));
  auto s = wait_done(p, id);
  ASSERT_EQ(s["status"], "scored") << s.dump();
  auto lb = board(p, slug);
  ASSERT_EQ(lb["entries"].size(), 1u);
  EXPECT_EQ(lb["entries"][0]["entries"], 1) << "scored once, counted once";
  auto csv = admin.get("/competitions/" + slug + "/submissions.csv?phase=dev").body;
  EXPECT_EQ(std::count(csv.begin(), csv.end(), '\n'), 2) << csv;
}

TEST_F(HttpWorkers, TwoWorkersShareTheQueueAndScoreEachSubmissionOnce) {
  Browser admin(server->port());
  sign_in_admin(admin);
  auto slug = host_challenge(admin, {.daily = 20});
  std::vector<std::unique_ptr<Browser>> players;
  std::vector<std::pair<Browser*, std::string>> ids;
  for (int i = 0; i < 4; ++i) {
    players.push_back(std::make_unique<Browser>(server->port()));
    participant(*players.back(), slug);
    for (int k = 0; k < 2; ++k) {
      auto r = upload(*players.back(), "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(i + k));
      ASSERT_EQ(r.status, 303);
      ids.emplace_back(players.back().get(), submission_id_of(r));
    }
  }
  {
    WorkerProcess one(db_url, mail_env({{"AIGC_WORKER_POLL_MS", "50"}, {"AIGC_WORKER_PAUSE_MS", "100"}}));
    WorkerProcess two(db_url, mail_env({{"AIGC_WORKER_POLL_MS", "50"}, {"AIGC_WORKER_PAUSE_MS", "100"}}));
    for (auto& [who, id] : ids) EXPECT_EQ(wait_done(*who, id)["status"], "scored");
  }
  auto lb = board(admin, slug);
  ASSERT_EQ(lb["entries"].size(), 4u);
  for (const auto& e : lb["entries"]) EXPECT_EQ(e["entries"], 2);
}

}  // namespace aigc::test

namespace aigc::test {

TEST(HttpNotifications, AScoreAnInvitationAndPreferencesReachTheMemberAsTheyChose) {
  Browser admin(port());
  sign_in_admin(admin);
  auto slug = host_challenge(admin);
  Browser a(port()), b(port());
  auto ha = participant(a, slug, "bell");
  auto hb = participant(b, slug, "mate");
  EXPECT_FALSE(contains(b.get("/").body, "data-testid=\"unread\"")) << "no bell count before anything happened";

  // A score: in the site only, by default.
  auto r = upload(a, "/competitions/" + slug + "/submissions", {}, "pred.csv", prediction(0));
  ASSERT_EQ(r.status, 303);
  auto id = submission_id_of(r);
  ASSERT_EQ(wait_done(a, id)["status"], "scored");
  auto list = json::parse(a.get("/api/v1/notifications").body);
  ASSERT_EQ(list["notifications"].size(), 1u) << list.dump();
  EXPECT_EQ(list["unread"], 1);
  EXPECT_EQ(list["notifications"][0]["kind"], "submission_scored");
  EXPECT_EQ(list["notifications"][0]["link"], "/submissions/" + id);
  EXPECT_TRUE(contains(list["notifications"][0]["title"].get<std::string>(), "scored 1")) << list.dump();

  // An invitation: in the site and by mail at once, in the invitee's language.
  ASSERT_EQ(b.post("/settings/profile", {{"display_name", "Mate"}, {"preferred_lang", "zh-CN"}, {"time_zone", "Asia/Shanghai"}}).status, 303);
  ASSERT_EQ(a.post("/competitions/" + slug + "/team/invite", {{"handle", hb}}).status, 303);
  auto page = b.get("/");
  EXPECT_TRUE(contains(page.body, "data-testid=\"unread\">1<")) << "the bell counts it";
  auto mail = mailbox().wait_for_mail_to(hb + "@example.org", 2);
  EXPECT_TRUE(contains(mail.subject, "邀请你加入其在")) << mail.subject;
  EXPECT_FALSE(link_path(mail.text, "/competitions/" + slug + "/team").empty()) << mail.text;
  auto mine = json::parse(b.get("/api/v1/notifications").body)["notifications"][0];
  auto open = b.post("/notifications/" + std::to_string(mine["id"].get<long long>()) + "/open", {});
  EXPECT_EQ(open.status, 303);
  EXPECT_EQ(open.header("location"), "/competitions/" + slug + "/team");
  EXPECT_EQ(json::parse(b.get("/api/v1/notifications").body)["unread"], 0);
  EXPECT_EQ(a.post("/notifications/" + std::to_string(mine["id"].get<long long>()) + "/open", {}).header("location"), "/notifications")
      << "another member's notification opens nothing";

  // Turned off, an invitation leaves no trace; a bad choice is refused.
  EXPECT_EQ(b.post("/settings/notifications", {{"team_invite", "sometimes"}}).status, 422);
  ASSERT_EQ(b.post("/settings/notifications", {{"team_invite", "off"}}).status, 303);
  EXPECT_TRUE(contains(b.get("/settings/notifications").body, "<option value=\"off\" selected>"));
  ASSERT_EQ(a.post("/competitions/" + slug + "/team/invite", {{"handle", hb}}).status, 303);
  EXPECT_EQ(json::parse(b.get("/api/v1/notifications").body)["notifications"].size(), 1u);
  EXPECT_EQ(a.post("/notifications/read", {}).status, 303);
  EXPECT_EQ(json::parse(a.get("/api/v1/notifications").body)["unread"], 0);
  EXPECT_EQ(Browser(port()).get("/api/v1/notifications").status, 401);
  EXPECT_EQ(a.get("/api/v1/notifications?before=x").status, 400);
}

}  // namespace aigc::test

namespace aigc::test {

TEST(HttpSubmissions, TheClientBoardSpeaksTheTerminalsLanguageAndShowsTheBaselineUnranked) {
  std::string out, server = " --server http://127.0.0.1:" + std::to_string(port()) + " --competition ai-challenger-demo";
  ASSERT_EQ(aigc_command("leaderboard" + server + " --lang zh-CN", out), 0) << out;
  EXPECT_TRUE(contains(out, "排名")) << out;
  EXPECT_TRUE(contains(out, "（基线）")) << out;
  EXPECT_TRUE(contains(out, "\n-     ")) << "the baseline has no rank: " << out;
  // Without --lang, the terminal's locale decides.
  ::setenv("LC_ALL", "zh_CN.UTF-8", 1);
  int code = aigc_command("leaderboard" + server, out);
  ::setenv("LC_ALL", "C.UTF-8", 1);
  ASSERT_EQ(code, 0) << out;
  EXPECT_TRUE(contains(out, "排名")) << out;
  ASSERT_EQ(aigc_command("leaderboard" + server, out), 0) << out;
  EXPECT_TRUE(contains(out, "rank")) << out;
}

}  // namespace aigc::test
