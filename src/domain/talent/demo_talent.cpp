#include "domain/talent/demo_talent.hpp"

#include <algorithm>
#include <random>
#include <vector>

#include "core/clock.hpp"
#include "domain/competitions/competition_service.hpp"
#include "domain/competitions/submission_service.hpp"
#include "domain/competitions/team_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/talent/talent_service.hpp"

namespace aigc {

namespace {

struct Round {
  const char *slug, *title_en, *title_zh, *about_en, *about_zh, *tags;
  int teams;
  int ended_days_ago;
  std::vector<const char*> labels;
};

const std::vector<Round>& rounds() {
  static const std::vector<Round> list = {
      {"ai-challenger-2025-reading", "AI Challenger 2025: Chinese Machine Reading", "AI Challenger 2025：中文机器阅读理解",
       "Read a short passage and pick the answer (A-D) to its question. Scored by accuracy on the hidden answers.",
       "阅读短文，为问题选出正确答案（A–D）。以隐藏答案上的准确率评分。", "nlp, reading, chinese", 64, 150, {"A", "B", "C", "D"}},
      {"ai-challenger-2025-keywords", "AI Challenger 2025: Speech Keyword Spotting", "AI Challenger 2025：语音关键词识别",
       "Tell which of eight spoken commands each one-second clip holds. Scored by accuracy.",
       "判断每段一秒的录音是八个口令中的哪一个。以准确率评分。", "speech, audio", 112, 75, {"up", "down", "left", "right", "go", "stop", "yes", "no"}},
      {"ai-challenger-2026-crops", "AI Challenger 2026: Satellite Crop Mapping", "AI Challenger 2026：卫星影像农作物识别",
       "Classify each field in a satellite tile as rice, wheat, maize, soy or fallow. Scored by accuracy.",
       "将卫星影像中的每块农田分为水稻、小麦、玉米、大豆或休耕。以准确率评分。", "vision, remote-sensing", 42, 21,
       {"rice", "wheat", "maize", "soy", "fallow"}},
  };
  return list;
}

constexpr int kRows = 300;

std::string truth_of(const Round& r, std::vector<int>& labels, std::mt19937_64& rng) {
  std::uniform_int_distribution<int> pick(0, static_cast<int>(r.labels.size()) - 1);
  std::string out = "id,label\n";
  for (int i = 0; i < kRows; ++i) {
    labels.push_back(pick(rng));
    out += "q" + std::to_string(1000 + i) + "," + r.labels[static_cast<std::size_t>(labels.back())] + "\n";
  }
  return out;
}

std::string predict(const Round& r, const std::vector<int>& labels, double skill, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0, 1);
  std::uniform_int_distribution<int> any(0, static_cast<int>(r.labels.size()) - 1);
  std::string out = "id,label\n";
  for (int i = 0; i < kRows; ++i)
    out += "q" + std::to_string(1000 + i) + "," + r.labels[static_cast<std::size_t>(u(rng) < skill ? labels[static_cast<std::size_t>(i)] : any(rng))] + "\n";
  return out;
}

}  // namespace

Result<std::string> seed_demo_talent(Database& db, BlobStore& blobs, const std::string& organizer_handle) {
  CompetitionService competitions(db, blobs);
  TeamService teams(db, competitions);
  SubmissionService submissions(db, blobs, competitions);
  MemberRepository member_repo;
  auto organizer = db.with_session([&](soci::session& sql) { return member_repo.find_by_handle(sql, organizer_handle); });
  if (!organizer) return Error::make(ErrorCode::not_found, "error.member_not_found", "no member '" + organizer_handle + "'");
  if (competitions.get(&*organizer, rounds().front().slug)) return std::string("past rounds already present");

  auto people = db.with_session([&](soci::session& sql) { return member_repo.active_after(sql, 0, 1000); });
  people.erase(std::remove_if(people.begin(), people.end(), [](const Member& m) { return m.role != Role::member; }), people.end());
  if (people.size() < 150) return Error::make(ErrorCode::conflict, "error.demo", "the past rounds need the 240 demo members");
  // Each member's steady skill: the strong ones medal again and again.
  std::mt19937_64 rng(2018);
  std::vector<double> skill(people.size());
  std::uniform_real_distribution<double> talent(0.30, 0.92);
  for (auto& s : skill) s = talent(rng);

  int made_teams = 0, made_submissions = 0;
  const auto now = now_utc();
  for (const auto& r : rounds()) {
    CompetitionInput in;
    in.slug = r.slug;
    in.title_en = r.title_en;
    in.title_zh = r.title_zh;
    in.description_en = r.about_en;
    in.description_zh = r.about_zh;
    in.rules_md = "One account per person; teams of up to 3; at most 5 submissions a day.";
    in.rules_zh = "每人一个账号；每队最多 3 人；每天最多提交 5 次。";
    in.tags = r.tags;
    in.visibility = "published";
    if (auto c = competitions.create(*organizer, in); !c) return c.error();
    // Open while the demo enters it; finish_demo_talent moves it into the past.
    PhaseInput phase;
    phase.name = "final";
    phase.starts_at = now - 3600;
    phase.ends_at = now + 86400;
    phase.metric = "accuracy";
    phase.public_fraction = 0.4;
    phase.split_seed = 7;
    phase.max_team_size = 3;
    AIGC_TRY(competitions.save_phase(*organizer, r.slug, phase));
    std::vector<int> labels;
    AIGC_TRY(competitions.add_file(*organizer, r.slug, "truth", "final", "truth.csv", truth_of(r, labels, rng)));

    // Teams of one to three members drawn from everyone; a team is as good as its best member.
    std::vector<std::size_t> order(people.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::shuffle(order.begin(), order.end(), rng);
    std::size_t next = 0;
    for (int t = 0; t < r.teams && next < order.size(); ++t) {
      const std::size_t size = std::min<std::size_t>(1 + (rng() % 5 == 0 ? 2 : rng() % 3 == 0 ? 1 : 0), order.size() - next);
      const Member& lead = people[order[next]];
      double best = skill[order[next]];
      AIGC_TRY(teams.join(lead, r.slug));
      auto team = teams.participation(lead, r.slug);
      for (std::size_t k = 1; k < size; ++k) {
        const Member& mate = people[order[next + k]];
        best = std::max(best, skill[order[next + k]]);
        AIGC_TRY(teams.join(mate, r.slug));
        AIGC_TRY(teams.invite(lead, r.slug, mate.handle));
        AIGC_TRY(teams.accept_invite(mate, r.slug, team->team->id));
      }
      next += size;
      ++made_teams;
      std::normal_distribution<double> day(0, 0.03);
      for (int attempt = 0; attempt < 1 + static_cast<int>(rng() % 2); ++attempt) {
        auto s = submissions.submit(lead, r.slug, {"final", "predictions.csv", "attempt " + std::to_string(attempt + 1),
                                                   predict(r, labels, std::clamp(best + day(rng) - 0.05 * (1 - attempt), 0.05, 0.99), rng)});
        if (!s) return s.error();
        ++made_submissions;
      }
    }
  }
  return std::to_string(rounds().size()) + " past rounds with " + std::to_string(made_teams) + " teams and " +
         std::to_string(made_submissions) + " submissions queued";
}

Result<std::string> finish_demo_talent(Database& db, BlobStore& blobs, const std::string& organizer_handle, std::int64_t now) {
  CompetitionService competitions(db, blobs);
  SubmissionService submissions(db, blobs, competitions);
  auto organizer = db.with_session([&](soci::session& sql) { return MemberRepository().find_by_handle(sql, organizer_handle); });
  if (!organizer) return Error::make(ErrorCode::not_found, "error.member_not_found", "no member '" + organizer_handle + "'");
  for (const auto& r : rounds()) {
    auto c = competitions.get(&*organizer, r.slug);
    if (!c) return c.error();
    if (c->phases.empty() || c->phases.back().revealed_at > 0) continue;
    // Back-date the round (as if it ran for eight weeks) and its entries into its window.
    const long long ends = now - r.ended_days_ago * 86400LL, starts = ends - 56 * 86400LL, id = c->id;
    db.write([&](soci::session& sql) {
      sql << "UPDATE phases SET starts_at = :s, ends_at = :e WHERE competition_id = :c", soci::use(starts), soci::use(ends), soci::use(id);
      sql << "UPDATE submissions SET created_at = :e - 86400 * (1 + seq % 50), scored_at = :e2 - 86400 * (seq % 50) WHERE competition_id = :c",
          soci::use(ends), soci::use(ends), soci::use(id);
      sql << "UPDATE leaderboard SET submitted_at = :e - 86400, last_at = :e2 - 86400 WHERE phase_id IN "
             "(SELECT id FROM phases WHERE competition_id = :c)",
          soci::use(ends), soci::use(ends), soci::use(id);
      sql << "UPDATE competitions SET medals = 1, created_at = :s, updated_at = :e WHERE id = :c", soci::use(starts), soci::use(ends),
          soci::use(id);
    });
    AIGC_TRY(submissions.reveal(*organizer, r.slug, "final"));
    // Revealed two days after the end, as the round's organizers did.
    db.write([&](soci::session& sql) {
      long long at = ends + 2 * 86400LL;
      sql << "UPDATE phases SET revealed_at = :r WHERE competition_id = :c", soci::use(at), soci::use(id);
    });
  }
  auto stats = TalentService(db).recompute_all(now);
  return std::to_string(stats.competitions) + " final boards, " + std::to_string(stats.medals) + " medals, " +
         std::to_string(stats.ranked) + " members ranked";
}

}  // namespace aigc
