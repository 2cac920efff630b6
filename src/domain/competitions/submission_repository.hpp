// All SQL about submissions and the materialized leaderboard rows built from them.
// Methods take the caller's session, so a score and its leaderboard row change together.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/competitions/competition.hpp"
#include "domain/competitions/submission.hpp"

namespace aigc {

struct SubmissionCounts {
  std::int64_t today = 0;  // since 00:00 UTC, not counting failed ones
  std::int64_t total = 0;
};

struct PhaseStats {
  std::int64_t queued = 0, scoring = 0, scored = 0, failed = 0;
  std::vector<std::pair<std::int64_t, std::int64_t>> per_day;  // (day start, submissions)
};

class SubmissionRepository {
 public:
  void insert(soci::session& sql, const Submission& s);
  std::optional<Submission> find(soci::session& sql, const std::string& id);
  // The submission `member_id` made with this Idempotency-Key, if any.
  std::optional<std::string> id_for_key(soci::session& sql, std::int64_t member_id, const std::string& key);
  // The team's submissions in a phase, newest first.
  std::vector<Submission> of_team(soci::session& sql, std::int64_t phase_id, std::int64_t team_id, int limit);
  // Every submission of a phase (newest first), or only the failed ones.
  std::vector<Submission> of_phase(soci::session& sql, std::int64_t phase_id, bool failed_only, int limit);
  SubmissionCounts counts(soci::session& sql, std::int64_t phase_id, std::int64_t team_id, std::int64_t day_start);
  PhaseStats stats(soci::session& sql, std::int64_t phase_id);

  void set_status(soci::session& sql, const std::string& id, SubmissionStatus status);
  // For generated histories (the demo): when the submission was made.
  void set_created_at(soci::session& sql, const std::string& id, std::int64_t at);
  // Records a score unless the submission was already scored (a retried job writes once)
  // or was re-queued since the scoring began (`generation` is what the scorer read).
  // Returns whether this call wrote it.
  bool record_score(soci::session& sql, const std::string& id, int generation, std::optional<double> public_score,
                    std::optional<double> private_score, const std::string& public_details,
                    const std::string& private_details, std::int64_t at);
  // `problems`: the engine's problems as JSON (see Submission::error_problems), or empty.
  bool record_failure(soci::session& sql, const std::string& id, int generation, const std::string& error, std::int64_t at,
                      const std::string& problems = "");
  void set_selected(soci::session& sql, const std::string& id, bool selected);
  int selected_count(soci::session& sql, std::int64_t phase_id, std::int64_t team_id);
  // Puts every submission of the phase back in the queue with no score and a new
  // generation (results of scorings already under way are then dropped); returns their ids.
  std::vector<std::string> reset_phase(soci::session& sql, std::int64_t phase_id);
  // reset_phase, an empty board and a scoring job for each: every submission of the phase
  // is scored again under its current rules. Returns how many.
  std::size_t rescore_phase(soci::session& sql, std::int64_t phase_id, std::int64_t now);

  // Recomputes the team's leaderboard row of a phase from its submissions: best public
  // score (ties: earlier), entries, last submission, and the private score of its chosen
  // finals (or, when none are chosen, its best `final_selections` public ones).
  void refresh_board_row(soci::session& sql, const Phase& phase, std::int64_t team_id);
  void bump_board_version(soci::session& sql, std::int64_t phase_id);
  void clear_board(soci::session& sql, std::int64_t phase_id);
  // A page of a board ("public" or "private"), best first: `limit` rows from `offset`, or
  // from `after` when given (then `offset` is ignored). `total` is the number of ranked
  // teams when the caller knows it, or -1 to count them.
  Leaderboard board(soci::session& sql, const Phase& phase, const std::string& which, int offset, int limit, long long total = -1,
                    const BoardCursor* after = nullptr);
  std::int64_t board_size(soci::session& sql, std::int64_t phase_id, bool private_board);
  // The team's rank on the public board, 0 when it has none.
  int public_rank(soci::session& sql, std::int64_t phase_id, std::int64_t team_id);
  // The best public score as it improved over time (for the chart).
  std::vector<ScorePoint> leading_series(soci::session& sql, const Phase& phase);
};

}  // namespace aigc
