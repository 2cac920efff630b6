// The rules of submitting and of the leaderboards. A submission is checked at once with
// the scoring engine's validation against the phase's truth: a wrong file is refused with
// located errors and costs nothing; a valid one is stored, counted against the team's
// daily and total limits (under a lock, so concurrent submissions cannot overrun them)
// and queued for a scoring worker, all in one transaction. Who sees what: a submission
// is visible to its team, the organizer and admins; the private board and every private
// score stay inside this service until the organizer reveals them after the phase ends
// (the organizer may look before). Thread-safe; each call uses its own session.
#pragma once

#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "domain/competitions/competition_service.hpp"
#include "domain/competitions/submission.hpp"
#include "domain/competitions/submission_repository.hpp"
#include "domain/competitions/team_repository.hpp"
#include "store/blob_store.hpp"

namespace aigc {

struct SubmissionInput {
  std::string phase;  // empty: the phase open now
  std::string filename;
  std::string message;
  std::string_view bytes;
  // Idempotency-Key: a retry with the same key gets the submission the first try made.
  std::string idempotency_key;
};

struct TeamStanding {
  std::vector<Submission> submissions;  // newest first, private scores cleared unless revealed
  int rank = 0;                         // on the public board; 0 = not on it
  SubmissionCounts counts;
  Phase phase;
};

class SubmissionService {
 public:
  // Files larger than `max_file_bytes` are refused (too_large) before anything is read.
  SubmissionService(Database& db, BlobStore& blobs, CompetitionService& competitions, std::size_t max_file_bytes = 128u << 20)
      : db_(db), blobs_(blobs), competitions_(competitions), max_file_bytes_(max_file_bytes) {}

  Result<Submission> submit(const Member& actor, const std::string& slug, const SubmissionInput& input);
  // The organizer's reference entry, shown on the boards as the "baseline" team; no quota.
  Result<Submission> submit_baseline(const Member& actor, const std::string& slug, const SubmissionInput& input);
  // Visible to the submitting team, the organizer and admins; not_found for anyone else.
  // Private score and details are cleared unless revealed or the viewer hosts.
  Result<Submission> get(const Member& viewer, const std::string& id);
  Result<TeamStanding> standing(const Member& viewer, const std::string& slug, const std::string& phase);
  // The viewer's team and its public rank (0: not on the board); team 0 when not taking part.
  Result<std::pair<std::int64_t, int>> team_rank(const Member& viewer, const std::string& slug, const std::string& phase);
  // Marks a submission as one of the team's finals (at most the phase's final_selections).
  Result<Submission> select(const Member& actor, const std::string& id, bool selected);
  // Organizer: scores every submission of the phase again (after fixing the truth).
  Result<std::size_t> rescore(const Member& actor, const std::string& slug, const std::string& phase);
  // Organizer: shows the private board once the phase has ended.
  Result<void> reveal(const Member& actor, const std::string& slug, const std::string& phase);
  // A page of a board; the private one is forbidden before the reveal except to hosts.
  // `after` (a Leaderboard::next_cursor) continues where a page ended, at any depth for the
  // cost of the first page; `offset` then does not count.
  Result<Leaderboard> leaderboard(const Member* viewer, const std::string& slug, const std::string& phase,
                                  const std::string& board, int offset, int limit, const BoardCursor* after = nullptr);
  Result<std::vector<ScorePoint>> leading_series(const Member* viewer, const std::string& slug, const std::string& phase);
  // Organizer: counts by status, submissions per day, recent failures.
  Result<std::pair<PhaseStats, std::vector<Submission>>> dashboard(const Member& actor, const std::string& slug,
                                                                   const std::string& phase);
  // Organizer: every submission of the phase, newest first (with private scores).
  Result<std::vector<Submission>> all_submissions(const Member& actor, const std::string& slug, const std::string& phase);
  // The board version of a phase a viewer may see (for live updates); 0 if none.
  std::int64_t board_version(const Member* viewer, const std::string& slug, const std::string& phase);
  Result<Submission> replay(const Member& actor, std::int64_t competition_id, const std::string& id);

  // The phase named, or the one open now (the latest started), or the last one.
  static const Phase* pick_phase(const Competition& c, const std::string& name);
  // Revealed after the phase's current end: a board revealed and then reopened is hidden again.
  static bool revealed(const Phase& p) { return p.revealed_at > 0 && p.revealed_at >= p.ends_at; }

 private:
  struct Target {
    Competition competition;
    Phase phase;
  };
  // The competition the viewer may see and its phase (named, or the open one); with
  // `for_hosts`, forbidden unless the viewer hosts it.
  Result<Target> target(const Member* viewer, const std::string& slug, const std::string& phase, bool for_hosts);
  Result<Submission> store(const Member& actor, const Competition& c, const Phase& phase, const Team& team,
                           const SubmissionInput& input, bool count_quota);
  Result<void> check_file(const Competition& c, const Phase& phase, const SubmissionInput& input);
  // What a board version determines and is costly to recompute per request: the ranked
  // team counts and the leading-score series. Every change to a board bumps its version
  // (in the database), so an entry is exact for any process that reads that version.
  struct BoardFacts {
    std::int64_t version = -1;
    std::int64_t public_total = 0, private_total = 0;
    std::vector<ScorePoint> leading;
  };
  BoardFacts facts(soci::session& sql, const Phase& phase);
  Database& db_;
  BlobStore& blobs_;
  CompetitionService& competitions_;
  SubmissionRepository repo_;
  TeamRepository teams_;
  std::size_t max_file_bytes_;
  std::mutex facts_mu_;
  std::map<std::int64_t, BoardFacts> facts_;  // by phase id
};

}  // namespace aigc
