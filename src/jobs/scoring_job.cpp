#include "jobs/scoring_job.hpp"


#include <cmath>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "domain/competitions/competition_repository.hpp"
#include "domain/competitions/submission_repository.hpp"
#include "domain/competitions/submission_service.hpp"
#include "domain/competitions/team_repository.hpp"
#include "domain/notifications/notifications.hpp"
#include "scoring/scorer.hpp"

namespace aigc {

namespace {

std::optional<double> score_of(const nlohmann::json& part) {
  if (!part.is_object() || !part.contains("score") || !part["score"].is_number()) return std::nullopt;
  return part["score"].get<double>();
}

// The organizer's program, run in the sandbox on the truth and the submission. Fills
// `result` as the engine would ({"public": {"score": ...}, "private": {...}}) or `error`.
void run_custom_scorer(BlobStore& blobs, const std::string& scorer_blob, const std::string& truth_blob,
                       const std::string& submission_blob, const SandboxLimits& limits, nlohmann::json& result, std::string& error) {
  if (auto problem = sandbox_unavailable()) {
    error = "custom scorers cannot run on this worker (" + *problem + "); nothing runs unsandboxed";
    return;
  }
  // The sandbox runs copies of the blobs (the program's made executable), never the files themselves.
  auto run = run_sandboxed(blobs.path_of(scorer_blob), {{blobs.path_of(truth_blob), "/data/truth"}, {blobs.path_of(submission_blob), "/data/submission"}},
                           {"/data/truth", "/data/submission"}, limits);
  auto tail = [](const std::string& s) { return s.size() > 500 ? "..." + s.substr(s.size() - 500) : s; };
  if (!run.started) error = run.problem;
  else if (run.limit != SandboxLimit::none) error = "the scorer " + describe_limit(run.limit, limits) + " and was stopped";
  else if (run.signal) error = "the scorer crashed (signal " + std::to_string(run.signal) + ")" + (run.err.empty() ? "" : ": " + tail(run.err));
  else if (run.exit_code != 0) error = "the scorer exited with status " + std::to_string(run.exit_code) + (run.err.empty() ? "" : ": " + tail(run.err));
  if (!error.empty()) return;
  auto out = nlohmann::json::parse(run.out, nullptr, false);
  auto number = [&](const char* key) -> std::optional<double> {
    if (!out.is_object() || !out.contains(key) || !out[key].is_number()) return std::nullopt;
    double v = out[key].get<double>();
    return std::isfinite(v) ? std::optional<double>(v) : std::nullopt;
  };
  auto pub = number("public"), priv = number("private"), both = number("score");
  if (!pub) pub = both;
  if (!priv) priv = both;
  if (!pub || !priv) {
    error = "the scorer must print one JSON object with finite numbers, {\"public\": x, \"private\": y} or {\"score\": x}; it printed: " +
            tail(run.out.empty() ? std::string("nothing") : run.out);
    return;
  }
  result = {{"public", {{"score", *pub}, {"details", {{"scorer", "custom"}}}}},
            {"private", {{"score", *priv}, {"details", {{"scorer", "custom"}}}}}};
}

std::string details_of(const nlohmann::json& part) {
  if (!part.is_object() || !part.contains("details")) return "{}";
  return nlohmann::json{{"rows", part.value("rows", 0)}, {"details", part["details"]}}.dump();
}

}  // namespace

JobOutcome run_scoring_job(Database& db, BlobStore& blobs, const Job& job, const SandboxLimits& limits) {
  SubmissionRepository submissions;
  CompetitionRepository competitions;
  struct Work {
    Submission submission;
    Phase phase;
    std::string truth_blob;
    std::string scorer_blob;
    nlohmann::json names;  // the competition's, for the submitter's notification
  };
  auto work = db.with_session([&](soci::session& sql) -> std::optional<Work> {
    auto s = submissions.find(sql, job.subject);
    if (!s || (s->status != "queued" && s->status != "scoring")) return std::nullopt;
    auto c = competitions.find_by_id(sql, s->competition_id);
    if (!c) return std::nullopt;
    Work w{*s, Phase{}, std::string(), std::string(), notification_params(*c)};
    for (const auto& p : c->phases)
      if (p.id == s->phase_id) w.phase = p;
    for (const auto& f : c->files)
      if (f.phase_name == w.phase.name && f.kind == "truth") w.truth_blob = f.blob;
      else if (f.phase_name == w.phase.name && f.kind == "scorer") w.scorer_blob = f.blob;
    return w;
  });
  if (!work) {
    db.write([&](soci::session& sql) { JobQueue::finish(sql, job.id, now_utc()); });
    return JobOutcome::skipped;
  }
  db.write([&](soci::session& sql) { submissions.set_status(sql, work->submission.id, "scoring"); });

  std::string error, problems;
  nlohmann::json result;
  auto truth = blobs.get(work->truth_blob);
  auto pred = blobs.get(work->submission.blob);
  if (!truth) error = "the phase's truth file is missing";
  else if (!pred) error = "the submitted file is missing from the blob store";
  else if (work->phase.metric == kCustomMetric) {
    if (work->scorer_blob.empty()) error = "the phase has no scorer program";
    else run_custom_scorer(blobs, work->scorer_blob, work->truth_blob, work->submission.blob, limits, result, error);
  } else {
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
      auto list = nlohmann::json::array();
      for (const auto& e : outcome.errors.kept()) {
        std::string where = e.file.empty() ? "" : e.file + (e.line ? ":" + std::to_string(e.line) : "");
        if (error.size() < 1000) error += (error.empty() ? "" : "; ") + (where.empty() ? "" : where + ": ") + e.message;
        nlohmann::json values = nlohmann::json::object();
        for (const auto& [k, v] : e.args) values[k] = v;
        list.push_back({{"code", e.code}, {"where", where}, {"values", values}});
      }
      problems = list.dump();
      if (error.empty()) error = "the scoring engine refused the files";
    }
  }

  bool ok = error.empty();
  auto written = db.in_transaction([&](soci::session& sql) -> Result<bool> {
    auto now = now_utc();
    const auto& s = work->submission;
    // Workers scoring two entries of one team take turns here, so each rebuilds the team's
    // board row from every committed score (PostgreSQL; SQLite serializes writers anyway).
    TeamRepository().lock(sql, s.team_id, db.for_update());
    bool wrote = ok ? submissions.record_score(sql, s.id, s.generation, score_of(result["public"]), score_of(result["private"]),
                                               details_of(result["public"]), details_of(result["private"]), now)
                    : submissions.record_failure(sql, s.id, s.generation, error, now, problems);
    if (wrote) {
      submissions.refresh_board_row(sql, work->phase, work->submission.team_id);
      submissions.bump_board_version(sql, work->phase.id);
      auto params = work->names;
      params["phase"] = work->phase.name;
      if (ok) {
        auto score = score_of(result["public"]);
        params["score"] = score ? fmt::format("{:.6g}", *score) : std::string("-");
      } else {
        params["error"] = error.size() > 200 ? error.substr(0, 200) + "…" : error;
      }
      Notifications::notify(sql, s.member_id, ok ? "submission_scored" : "submission_failed", params, "/submissions/" + s.id, now);
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
  db.write([&](soci::session& sql) {
    auto s = submissions.find(sql, submission_id);
    if (s && submissions.record_failure(sql, s->id, s->generation, reason, now_utc())) submissions.bump_board_version(sql, s->phase_id);
  });
}

}  // namespace aigc
