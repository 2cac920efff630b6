#include "jobs/scoring_job.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "domain/competitions/competition_repository.hpp"
#include "domain/competitions/submission_repository.hpp"
#include "domain/competitions/submission_service.hpp"
#include "scoring/scorer.hpp"

namespace aigc {

namespace {

std::optional<double> score_of(const nlohmann::json& part) {
  if (!part.is_object() || !part.contains("score") || !part["score"].is_number()) return std::nullopt;
  return part["score"].get<double>();
}

std::string details_of(const nlohmann::json& part) {
  if (!part.is_object() || !part.contains("details")) return "{}";
  return nlohmann::json{{"rows", part.value("rows", 0)}, {"details", part["details"]}}.dump();
}

}  // namespace

JobOutcome run_scoring_job(Database& db, BlobStore& blobs, const Job& job) {
  SubmissionRepository submissions;
  CompetitionRepository competitions;
  struct Work {
    Submission submission;
    Phase phase;
    std::string truth_blob;
  };
  auto work = db.with_session([&](soci::session& sql) -> std::optional<Work> {
    auto s = submissions.find(sql, job.subject);
    if (!s || (s->status != "queued" && s->status != "scoring")) return std::nullopt;
    auto c = competitions.find_by_id(sql, s->competition_id);
    if (!c) return std::nullopt;
    Work w{*s, {}, ""};
    for (const auto& p : c->phases)
      if (p.id == s->phase_id) w.phase = p;
    for (const auto& f : c->files)
      if (f.kind == "truth" && f.phase_name == w.phase.name) w.truth_blob = f.blob;
    return w;
  });
  if (!work) {
    auto r = db.in_transaction([&](soci::session& sql) -> Result<void> { JobQueue::finish(sql, job.id, now_utc()); return {}; });
    (void)r;
    return JobOutcome::skipped;
  }
  auto marked = db.in_transaction([&](soci::session& sql) -> Result<void> {
    submissions.set_status(sql, work->submission.id, "scoring");
    return {};
  });
  (void)marked;

  std::string error;
  nlohmann::json result;
  auto truth = blobs.get(work->truth_blob);
  auto pred = blobs.get(work->submission.blob);
  if (!truth) error = "the phase's truth file is missing";
  else if (!pred) error = "the submitted file is missing from the blob store";
  else {
    scoring::ScoreRequest req;
    req.metric = work->phase.metric;
    req.truth = *truth;
    req.pred = *pred;
    auto params = nlohmann::json::parse(work->phase.params_json, nullptr, false);
    if (params.is_object())
      for (const auto& [k, v] : params.items()) req.params[k] = v.is_string() ? v.get<std::string>() : v.dump();
    req.public_fraction = work->phase.public_fraction;
    req.split_seed = static_cast<std::uint64_t>(work->phase.split_seed);
    req.pred_label = work->submission.filename;
    auto outcome = scoring::score(req);
    if (outcome.ok) {
      result = std::move(outcome.result);
    } else {
      for (const auto& e : outcome.errors.kept()) {
        if (!error.empty()) error += "; ";
        error += (e.file.empty() ? "" : e.file + (e.line ? ":" + std::to_string(e.line) : "") + ": ") + e.message;
        if (error.size() > 1000) break;
      }
      if (error.empty()) error = "the scoring engine refused the files";
    }
  }

  bool ok = error.empty();
  auto written = db.in_transaction([&](soci::session& sql) -> Result<bool> {
    auto now = now_utc();
    bool wrote = ok ? submissions.record_score(sql, work->submission.id, score_of(result["public"]), score_of(result["private"]),
                                               details_of(result["public"]), details_of(result["private"]), now)
                    : submissions.record_failure(sql, work->submission.id, error, now);
    if (wrote) {
      submissions.refresh_board_row(sql, work->phase, work->submission.team_id, SubmissionService::higher_is_better(work->phase));
      submissions.bump_board_version(sql, work->phase.id);
    }
    JobQueue::finish(sql, job.id, now);
    return wrote;
  });
  if (!written.value()) return JobOutcome::skipped;
  spdlog::info("submission {} {}{}", work->submission.id, ok ? "scored" : "failed: ", error);
  return ok ? JobOutcome::scored : JobOutcome::failed;
}

void fail_submission(Database& db, const std::string& submission_id, const std::string& reason) {
  SubmissionRepository submissions;
  auto r = db.in_transaction([&](soci::session& sql) -> Result<void> {
    auto s = submissions.find(sql, submission_id);
    if (s && submissions.record_failure(sql, s->id, reason, now_utc())) submissions.bump_board_version(sql, s->phase_id);
    return {};
  });
  (void)r;
}

}  // namespace aigc
