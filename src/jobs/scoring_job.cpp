#include "jobs/scoring_job.hpp"

#include <cmath>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "domain/competitions/submission_scoring.hpp"

namespace aigc {

namespace {

// The organizer's program, run in the sandbox on the truth and the submission: its scores
// as the engine would give them ({"public": {"score": ...}, "private": {...}}), or why not.
ScoringResult run_custom_scorer(BlobStore& blobs, const std::string& scorer_blob, const std::string& truth_blob,
                                const std::string& submission_blob, const SandboxLimits& limits) {
  if (auto problem = sandbox_unavailable())
    return ScoringResult::failure("custom scorers cannot run on this worker (" + *problem + "); nothing runs unsandboxed");
  std::string error;
  // The sandbox runs copies of the blobs (the program's made executable), never the files themselves.
  auto run = run_sandboxed(blobs.path_of(scorer_blob), {{blobs.path_of(truth_blob), "/data/truth"}, {blobs.path_of(submission_blob), "/data/submission"}},
                           {"/data/truth", "/data/submission"}, limits);
  auto tail = [](const std::string& s) { return s.size() > 500 ? "..." + s.substr(s.size() - 500) : s; };
  if (!run.started) error = run.problem;
  else if (run.limit != SandboxLimit::none) error = "the scorer " + describe_limit(run.limit, limits) + " and was stopped";
  else if (run.signal) error = "the scorer crashed (signal " + std::to_string(run.signal) + ")" + (run.err.empty() ? "" : ": " + tail(run.err));
  else if (run.exit_code != 0) error = "the scorer exited with status " + std::to_string(run.exit_code) + (run.err.empty() ? "" : ": " + tail(run.err));
  if (!error.empty()) return ScoringResult::failure(error);
  auto out = nlohmann::json::parse(run.out, nullptr, false);
  auto number = [&](const char* key) -> std::optional<double> {
    if (!out.is_object() || !out.contains(key) || !out[key].is_number()) return std::nullopt;
    double v = out[key].get<double>();
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
  };
  auto pub = number("public"), priv = number("private"), both = number("score");
  if (!pub) pub = both;
  if (!priv) priv = both;
  if (!pub || !priv)
    return ScoringResult::failure(
        "the scorer must print one JSON object with finite numbers, {\"public\": x, \"private\": y} or {\"score\": x}; it printed: " +
        tail(run.out.empty() ? std::string("nothing") : run.out));
  ScoringResult r;
  r.ok = true;
  r.result = {{"public", {{"score", *pub}, {"details", {{"scorer", "custom"}}}}},
              {"private", {{"score", *priv}, {"details", {{"scorer", "custom"}}}}}};
  return r;
}

}  // namespace

JobOutcome run_scoring_job(Database& db, BlobStore& blobs, const Job& job, const SandboxLimits& limits) {
  SubmissionScoring scoring(db);
  auto work = scoring.start(job.subject);
  if (!work) {
    db.write([&](soci::session& sql) { JobQueue::finish(sql, job.id, now_utc()); });
    return JobOutcome::skipped;
  }
  ScoringResult r;
  auto truth = blobs.get(work->truth_blob);
  auto pred = blobs.get(work->submission.blob);
  if (!truth) r = ScoringResult::failure("the phase's truth file is missing");
  else if (!pred) r = ScoringResult::failure("the submitted file is missing from the blob store");
  else if (work->phase.metric == kCustomMetric) {
    if (work->scorer_blob.empty()) r = ScoringResult::failure("the phase has no scorer program");
    else r = run_custom_scorer(blobs, work->scorer_blob, work->truth_blob, work->submission.blob, limits);
  } else {
    r = ScoringResult::from_engine(scoring::score(scoring_request(work->phase, *truth, *pred, work->submission.filename)));
  }
  bool recorded = scoring.record(*work, r, [&](soci::session& sql) { JobQueue::finish(sql, job.id, now_utc()); });
  if (!recorded) return JobOutcome::skipped;
  spdlog::info("submission {} {}{}", work->submission.id, r.ok ? "scored" : "failed: ", r.error);
  return r.ok ? JobOutcome::scored : JobOutcome::failed;
}

void fail_submission(Database& db, const std::string& submission_id, const std::string& reason) {
  SubmissionScoring(db).fail(submission_id, reason);
}

}  // namespace aigc
