#include "domain/competitions/submission_scoring.hpp"

#include <fmt/format.h>

#include "core/clock.hpp"
#include "domain/competitions/competition_repository.hpp"
#include "domain/competitions/submission_repository.hpp"
#include "domain/competitions/team_repository.hpp"
#include "domain/notifications/notifications.hpp"

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

scoring::ScoreRequest scoring_request(const Phase& phase, std::string_view truth, std::string_view pred,
                                      const std::string& pred_label) {
  scoring::ScoreRequest req;
  req.metric = phase.metric;
  req.truth = truth;
  req.pred = pred;
  auto params = nlohmann::json::parse(phase.params_json, nullptr, false);
  if (params.is_object())
    for (const auto& [k, v] : params.items()) req.params[k] = v.is_string() ? v.get<std::string>() : v.dump();
  req.public_fraction = phase.public_fraction;
  req.split_seed = static_cast<std::uint64_t>(phase.split_seed);
  req.truth_label = "truth";
  req.pred_label = pred_label.empty() ? "submission" : pred_label;
  return req;
}

ScoringResult ScoringResult::from_engine(scoring::ScoreOutcome outcome) {
  ScoringResult r;
  if (outcome.ok) {
    r.ok = true;
    r.result = std::move(outcome.result);
    return r;
  }
  auto list = nlohmann::json::array();
  for (const auto& e : outcome.errors.kept()) {
    std::string where = e.file.empty() ? "" : e.file + (e.line ? ":" + std::to_string(e.line) : "");
    if (r.error.size() < 1000) r.error += (r.error.empty() ? "" : "; ") + (where.empty() ? "" : where + ": ") + e.message;
    nlohmann::json values = nlohmann::json::object();
    for (const auto& [k, v] : e.args) values[k] = v;
    list.push_back({{"code", e.code}, {"where", where}, {"values", values}});
  }
  r.problems = list.dump();
  if (r.error.empty()) r.error = "the scoring engine refused the files";
  return r;
}

std::optional<ScoringWork> SubmissionScoring::start(const std::string& submission_id) {
  SubmissionRepository submissions;
  CompetitionRepository competitions;
  auto work = db_.with_session([&](soci::session& sql) -> std::optional<ScoringWork> {
    auto s = submissions.find(sql, submission_id);
    if (!s || !pending(s->status)) return std::nullopt;
    auto c = competitions.find_by_id(sql, s->competition_id);
    if (!c) return std::nullopt;
    ScoringWork w{*s, Phase{}, std::string(), std::string(), notification_params(*c)};
    for (const auto& p : c->phases)
      if (p.id == s->phase_id) w.phase = p;
    for (const auto& f : c->files)
      if (f.phase_name == w.phase.name && f.kind == "truth") w.truth_blob = f.blob;
      else if (f.phase_name == w.phase.name && f.kind == "scorer") w.scorer_blob = f.blob;
    return w;
  });
  if (work) db_.write([&](soci::session& sql) { submissions.set_status(sql, work->submission.id, SubmissionStatus::scoring); });
  return work;
}

bool SubmissionScoring::record(const ScoringWork& work, const ScoringResult& r, const std::function<void(soci::session&)>& also) {
  SubmissionRepository submissions;
  auto written = db_.in_transaction([&](soci::session& sql) -> Result<bool> {
    auto now = now_utc();
    const auto& s = work.submission;
    // Workers scoring two entries of one team take turns here, so each rebuilds the team's
    // board row from every committed score (PostgreSQL; SQLite serializes writers anyway).
    TeamRepository().lock(sql, s.team_id, db_.for_update());
    bool wrote = r.ok ? submissions.record_score(sql, s.id, s.generation, score_of(r.result["public"]), score_of(r.result["private"]),
                                                 details_of(r.result["public"]), details_of(r.result["private"]), now)
                      : submissions.record_failure(sql, s.id, s.generation, r.error, now, r.problems);
    if (wrote) {
      submissions.refresh_board_row(sql, work.phase, s.team_id);
      submissions.bump_board_version(sql, work.phase.id);
      auto params = work.names;
      params["phase"] = work.phase.name;
      if (r.ok) {
        auto score = score_of(r.result["public"]);
        params["score"] = score ? fmt::format("{:.6g}", *score) : std::string("-");
      } else {
        params["error"] = r.error.size() > 200 ? r.error.substr(0, 200) + "…" : r.error;
      }
      Notifications::notify(sql, s.member_id, r.ok ? "submission_scored" : "submission_failed", params, "/submissions/" + s.id, now);
    }
    if (also) also(sql);
    return wrote;
  });
  return written.value();
}

void SubmissionScoring::fail(const std::string& submission_id, const std::string& reason) {
  SubmissionRepository submissions;
  db_.write([&](soci::session& sql) {
    auto s = submissions.find(sql, submission_id);
    if (s && submissions.record_failure(sql, s->id, s->generation, reason, now_utc())) submissions.bump_board_version(sql, s->phase_id);
  });
}

}  // namespace aigc
