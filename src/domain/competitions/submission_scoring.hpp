// "Score a submission", in one place of the competitions domain: what a phase asks of the
// scoring engine (the upload check and the workers build the same request), and what a
// finished scoring changes (the submission's score or failure, its team's board row, the
// board's version, the submitter's notification) in one transaction. The workers run the
// engine or the sandbox between start() and record(); they touch no repository.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "domain/competitions/competition.hpp"
#include "domain/competitions/submission.hpp"
#include "scoring/scorer.hpp"
#include "store/database.hpp"

namespace aigc {

// The engine request for a phase: its metric, parameters and public/private split.
scoring::ScoreRequest scoring_request(const Phase& phase, std::string_view truth, std::string_view pred,
                                      const std::string& pred_label);

// What scoring a submission needs.
struct ScoringWork {
  Submission submission;
  Phase phase;
  std::string truth_blob, scorer_blob;  // empty when the phase has none
  nlohmann::json names;                 // the competition's, for the submitter's notification
};

// How a scoring ended: {"public": {"score", "details", "rows"}, "private": ...}, or why not.
struct ScoringResult {
  bool ok = false;
  nlohmann::json result;
  std::string error;     // in English
  std::string problems;  // the engine's problems as JSON (Submission::error_problems), or ""
  static ScoringResult failure(std::string error) { return {false, {}, std::move(error), {}}; }
  // The engine's outcome: its result, or its problems as codes and values.
  static ScoringResult from_engine(scoring::ScoreOutcome outcome);
};

class SubmissionScoring {
 public:
  explicit SubmissionScoring(Database& db) : db_(db) {}
  // The work of a queued (or interrupted) submission, now marked "scoring"; nullopt when
  // there is nothing to score (it was scored, or its competition is gone).
  std::optional<ScoringWork> start(const std::string& submission_id);
  // Records the result unless the submission moved on meanwhile (re-queued for a re-score);
  // `also` runs in the same transaction either way (the worker finishes its job there).
  // True when the result was recorded.
  bool record(const ScoringWork& work, const ScoringResult& result, const std::function<void(soci::session&)>& also);
  // Fails a submission that cannot be scored (its workers kept dying), with the reason.
  void fail(const std::string& submission_id, const std::string& reason);

 private:
  Database& db_;
};

}  // namespace aigc
