#include "domain/competitions/demo_challenge.hpp"

#include <random>

#include "core/clock.hpp"
#include "domain/competitions/competition_service.hpp"
#include "domain/competitions/submission_service.hpp"
#include "domain/competitions/team_service.hpp"
#include "domain/media/media_library.hpp"
#include "domain/members/member_repository.hpp"

namespace aigc {

namespace {

constexpr const char* kSlug = "ai-challenger-demo";
const char* kClasses[] = {"forest", "street", "harbor", "campus", "market"};

struct Generated {
  std::string truth, train, sample;
  std::vector<int> labels;
};

Generated generate(std::mt19937_64& rng, int rows) {
  Generated g;
  g.truth = g.sample = "id,label\n";
  g.train = "id,label\n";
  std::discrete_distribution<int> pick({30, 25, 20, 15, 10});
  for (int i = 0; i < rows; ++i) {
    int label = pick(rng);
    g.labels.push_back(label);
    auto id = "img-" + std::to_string(10000 + i);
    g.truth += id + "," + kClasses[label] + "\n";
    g.sample += id + "," + kClasses[0] + "\n";
    g.train += "train-" + std::to_string(10000 + i) + "," + kClasses[pick(rng)] + "\n";
  }
  return g;
}

// A prediction that is right with probability `skill`.
std::string predict(std::mt19937_64& rng, const Generated& g, double skill) {
  std::string out = "id,label\n";
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> any(0, 4);
  for (std::size_t i = 0; i < g.labels.size(); ++i)
    out += "img-" + std::to_string(10000 + i) + "," + kClasses[u(rng) < skill ? g.labels[i] : any(rng)] + "\n";
  return out;
}

}  // namespace

Result<std::string> seed_demo_challenge(Database& db, BlobStore& blobs, const std::string& organizer_handle, std::string_view cover) {
  CompetitionService competitions(db, blobs);
  TeamService teams(db, competitions);
  SubmissionService submissions(db, blobs, competitions);
  MemberRepository member_repo;
  auto organizer = db.with_session([&](soci::session& sql) { return member_repo.find_by_handle(sql, organizer_handle); });
  if (!organizer) return Error::make(ErrorCode::not_found, "error.member_not_found", "no member '" + organizer_handle + "'");
  if (competitions.get(&*organizer, kSlug)) return std::string("demo challenge already present");

  CompetitionInput in;
  in.slug = kSlug;
  in.title_en = "AI Challenger: Scene Classification (demo)";
  in.title_zh = "AI Challenger：场景分类（演示）";
  in.description_en = "Classify each photo into one of five scenes: forest, street, harbor, campus or market.\n\n"
                      "Submit a CSV with the columns `id,label`. Scored by **macro F1**; half of the test set is on the "
                      "public leaderboard, the other half decides the private one.";
  in.description_zh = "将每张照片归入五类场景之一：森林、街道、港口、校园、市场。\n\n"
                      "提交包含 `id,label` 两列的 CSV 文件。评测指标为 **宏平均 F1**；测试集的一半用于公开排行榜，另一半决定最终排名。";
  in.rules_md = "1. One account per person; teams of up to 4.\n2. At most 10 submissions per team per day.\n"
                "3. External data is allowed if it is public and named in your write-up.";
  in.prizes_md = "- 1st: ¥30,000\n- 2nd: ¥15,000\n- 3rd: ¥5,000";
  in.rules_zh = "1. 每人一个账号；每队最多 4 人。\n2. 每队每天最多提交 10 次。\n3. 可以使用公开的外部数据，但须在报告中注明。";
  in.prizes_zh = "- 第一名：¥30,000\n- 第二名：¥15,000\n- 第三名：¥5,000";
  in.tags = "vision, classification, demo";
  in.visibility = "published";
  auto c = competitions.create(*organizer, in);
  if (!c) return c.error();
  auto now = now_utc();
  PhaseInput phase;
  phase.name = "development";
  // Three weeks ago: every seeded entry below (the oldest is 18 days old) falls inside the window.
  phase.starts_at = now - 21 * 86400;
  phase.ends_at = now + 60 * 86400;
  phase.metric = "f1";
  phase.params_json = R"({"average":"macro"})";
  phase.public_fraction = 0.5;
  phase.split_seed = 2017;
  phase.daily_limit = 10;
  phase.max_team_size = 4;
  phase.description_en =
      "Predict a label for every id in `sample_submission.csv`. Half of the ids score the public board now; "
      "the other half decide the private board when the phase ends. Choose your two final submissions before then.";
  phase.description_zh =
      "为 `sample_submission.csv` 中的每个 id 预测一个标签。其中一半 id 现在就计入公开榜；另一半在阶段结束时决定私有榜。"
      "请在结束前选定两份最终提交。";
  AIGC_TRY(competitions.save_phase(*organizer, kSlug, phase));
  if (!cover.empty()) {
    MediaLibrary media(db, blobs);
    auto url = media.add_picture(cover, "cover");
    if (!url) return url.error();
    AIGC_TRY(competitions.set_cover(*organizer, kSlug, url.value()));
  }

  std::mt19937_64 rng(2017);
  auto data = generate(rng, 2000);
  for (auto [kind, name, bytes] : {std::tuple{"public", "train.csv", &data.train}, std::tuple{"public", "sample_submission.csv", &data.sample},
                                   std::tuple{"truth", "test_truth.csv", &data.truth}})
    if (auto r = competitions.add_file(*organizer, kSlug, kind, kind == std::string("truth") ? "development" : "", name, *bytes); !r)
      return r.error();
  auto baseline = data.sample;  // everything is the most common class
  auto base = submissions.submit_baseline(*organizer, kSlug, {"development", "baseline.csv", "majority class", baseline});
  if (!base) return base.error();
  db.with_session([&](soci::session& sql) { SubmissionRepository().set_created_at(sql, base->id, now - 20 * 86400); return 0; });

  // A few teams of seeded members, of different skill.
  auto handles = db.with_session([&](soci::session& sql) {
    std::vector<std::string> out;
    std::string h;
    soci::statement st = (sql.prepare << "SELECT handle FROM members WHERE role = 'member' ORDER BY id LIMIT 12", soci::into(h));
    st.execute();
    while (st.fetch()) out.push_back(h);
    return out;
  });
  const double skills[] = {0.82, 0.74, 0.66, 0.58, 0.47, 0.35};
  int made = 0;
  for (std::size_t i = 0; i + 1 < handles.size() && made < 6; i += 2, ++made) {
    auto lead = db.with_session([&](soci::session& sql) { return member_repo.find_by_handle(sql, handles[i]); });
    auto mate = db.with_session([&](soci::session& sql) { return member_repo.find_by_handle(sql, handles[i + 1]); });
    if (!lead || !mate) continue;
    AIGC_TRY(teams.join(*lead, kSlug));
    AIGC_TRY(teams.join(*mate, kSlug));
    if (made % 2 == 0) {  // every other team has two members
      AIGC_TRY(teams.invite(*lead, kSlug, mate->handle));
      auto team = teams.participation(*lead, kSlug);
      AIGC_TRY(teams.accept_invite(*mate, kSlug, team->team->id));
    }
    // Each team improves over the past weeks, so the chart of the leading score moves.
    int attempts = 1 + made % 3;
    for (int k = 0; k < attempts; ++k) {
      auto pred = predict(rng, data, skills[made] - 0.06 * (attempts - 1 - k));
      auto s = submissions.submit(*lead, kSlug, {"development", "predictions.csv", "attempt " + std::to_string(k + 1), pred});
      if (!s) return s.error();
      auto at = now - (2 + 2 * made + 3 * (attempts - 1 - k)) * 86400 + k * 3600;
      db.with_session([&](soci::session& sql) { SubmissionRepository().set_created_at(sql, s->id, at); return 0; });
    }
  }
  return "demo challenge '" + std::string(kSlug) + "' created with a baseline and " + std::to_string(made) + " teams";
}

}  // namespace aigc
