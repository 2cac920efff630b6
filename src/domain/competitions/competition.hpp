// Competitions ("AI Challenger"): a challenge in both languages and its phases, each with
// its own window, metric (one of the scoring engine's), split and limits.
#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>
#include <vector>

namespace aigc {

// The metric of a phase scored by the organizer's own program (a file of kind "scorer"),
// run in a sandbox by the workers instead of the scoring engine.
inline constexpr const char* kCustomMetric = "custom";

struct Phase {
  std::int64_t id = 0;
  std::string name;  // "development", "final", ...
  std::int64_t starts_at = 0;
  std::int64_t ends_at = 0;
  std::string metric;              // a scoring engine metric name
  std::string params_json = "{}";  // {"average":"macro"}
  double public_fraction = 0.3;
  std::int64_t split_seed = 0;
  int daily_limit = 5;   // submissions per team per UTC day; 0 = unlimited
  int total_limit = 0;   // 0 = unlimited
  int max_team_size = 5;
  int final_selections = 2;      // submissions a team may choose for the private board
  std::int64_t revealed_at = 0;  // when the organizer revealed the private board; 0 = hidden
  std::int64_t board_version = 0;  // bumped whenever a score lands (live updates compare it)
  std::string description_en, description_zh;  // markdown: what the phase asks, in either language or both
  // The metric's direction (a custom scorer's from params {"higher_is_better": "false"}).
  bool higher_is_better() const;
};

// A file of a competition: "public" ones participants download (training data, a sample
// submission); the "truth" of a phase, which only the scorer reads; and a phase's custom
// "scorer" program, which only the workers run. Only public files are ever served.
struct CompetitionFile {
  std::string kind;        // "public" or "truth"
  std::string phase_name;  // the phase a truth belongs to; empty for public files
  std::string name;
  std::string blob;        // SHA-256 of the bytes, the blob store's key
  std::int64_t size = 0;
  std::int64_t created_at = 0;
};

struct Competition {
  std::int64_t id = 0;
  std::string slug;
  std::string title_en, title_zh;
  std::string description_en, description_zh;  // markdown
  std::string rules_md, prizes_md;  // English (or the only language)
  std::string rules_zh, prizes_zh;
  std::vector<std::string> tags;
  std::string cover;
  std::string visibility = "draft";  // draft, published, archived
  std::int64_t organizer_id = 0;
  std::string organizer_handle;
  std::int64_t created_at = 0, updated_at = 0;
  // Always open (a started phase takes submissions past its end), scored at once, never
  // medal-eligible: for learning paths and practice. Set by TalentService.
  bool playground = false;
  std::vector<Phase> phases;  // by start time
  std::vector<CompetitionFile> files;  // by kind, phase, name
};

// What an organizer submits; everything is validated by the service.
struct CompetitionInput {
  std::string slug, title_en, title_zh, description_en, description_zh, rules_md, prizes_md, tags, cover;
  std::string rules_zh, prizes_zh;
  std::string visibility = "draft";
};

struct PhaseInput {
  std::string name;
  std::int64_t starts_at = 0, ends_at = 0;
  std::string metric;
  std::string params_json = "{}";
  double public_fraction = 0.3;
  std::int64_t split_seed = 0;
  int daily_limit = 5, total_limit = 0, max_team_size = 5;
  int final_selections = 2;
  std::string description_en, description_zh;
  // Changing how a phase that has submissions is scored (metric, parameters, split) scores
  // them all again: the organizer confirms it with this.
  bool confirm_rescore = false;
};

// The competition's names in both languages, for a notification's {competition}.
nlohmann::json notification_params(const Competition& c);

}  // namespace aigc
