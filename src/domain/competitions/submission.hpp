// Submissions and leaderboards. A submission's private score is stored beside its public
// one but leaves the domain layer only through the private board once it is revealed (or
// to the competition's organizer); everything shown to participants uses the public part.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aigc {

// A submission's life: queued on upload, scoring while a worker has it, then scored or
// failed (a re-score queues it again). Stored as its name.
enum class SubmissionStatus { queued, scoring, scored, failed };
const char* to_string(SubmissionStatus s);
// The status named `name`; queued for a name no version wrote.
SubmissionStatus parse_submission_status(const std::string& name);
// Queued or being scored: a result is still to come.
inline bool pending(SubmissionStatus s) { return s == SubmissionStatus::queued || s == SubmissionStatus::scoring; }

struct Submission {
  std::int64_t seq = 0;  // internal order (ties on the board go to the earlier one)
  std::string id;        // opaque, for URLs
  std::int64_t competition_id = 0;
  std::int64_t phase_id = 0;
  std::string phase_name;
  std::int64_t team_id = 0;
  std::string team_name;
  std::int64_t member_id = 0;
  std::string member_handle;
  std::string blob;
  std::int64_t size = 0;
  std::string filename;
  std::string message;
  SubmissionStatus status = SubmissionStatus::queued;
  std::string error;   // why it failed, in English
  // When the scoring engine refused the file: its problems as a JSON array of
  // {"code", "where", "values"}, which the web layer words in the reader's language.
  std::string error_problems;
  std::optional<double> public_score;
  std::optional<double> private_score;  // never shown before the reveal
  std::string public_details = "{}";
  bool selected = false;
  int generation = 0;  // bumped by a re-score: a result computed for an older one is dropped
  std::int64_t created_at = 0;
  std::int64_t scored_at = 0;
  std::string idempotency_key;  // the client's, when it sent one (never shown)
  bool replayed = false;        // returned again for a retried request with the same key
};

struct LeaderboardEntry {
  int rank = 0;  // 0 for a baseline: a reference row, not ranked
  std::int64_t team_id = 0;
  std::string team_name;
  bool is_baseline = false;
  std::vector<std::string> member_handles;
  std::string submission_id;
  double score = 0;
  int entries = 0;
  std::int64_t submitted_at = 0;  // of the entry shown
  std::int64_t last_at = 0;       // the team's latest submission
};

// Where the next page of a board starts: the board's index is entered at this row instead
// of skipping `position` rows, so page 1,000 costs what page 1 does. Opaque to clients
// ("<position>-<seq>-<the rank key's 64 bits in hex>": exact, and safe in a URL).
struct BoardCursor {
  double rank_key = 0;
  std::int64_t seq = 0;
  std::int64_t position = 0;  // rows before the next one, baselines included
  std::string text() const;
  static std::optional<BoardCursor> parse(const std::string& text);
};

struct Leaderboard {
  std::string board;  // "public" or "private"
  std::string phase;
  bool higher_is_better = true;
  std::int64_t total = 0;  // rows on the board, baselines included (for paging)
  std::int64_t teams = 0;  // ranked teams: the rows less the baselines
  int offset = 0;
  std::vector<LeaderboardEntry> entries;
  std::int64_t version = 0;
  std::string next_cursor;  // BoardCursor of the next page; empty on the last
};

// One point of the chart of the leading score over time.
struct ScorePoint {
  std::int64_t at = 0;
  double score = 0;
};

}  // namespace aigc
