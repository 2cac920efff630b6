// Learning paths: plain values shared by LearningService and the web layer. A path is an
// ordered list of steps (a page to read, a paper to read, a playground competition to reach a
// score in); a member who enrols passes each step when its condition holds and receives a
// certificate, verifiable by its code, when every step has passed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace aigc {

struct LearningStep {
  int position = 0;  // 1-based
  std::string kind;  // page, paper, competition
  std::string target;  // page slug, paper id, competition slug
  std::string phase;   // competition steps: the phase whose score counts
  double target_score = 0;
  bool higher_is_better = true;  // read from the phase, for the text "reach 0.8" / "go below 0.3"
  std::string title_en, title_zh;
  std::string target_title;  // what the step points at, for links
  // For the viewing member:
  std::int64_t passed_at = 0;
  std::string evidence;  // "read", or the score that passed it
};

struct LearningPath {
  std::int64_t id = 0;
  std::string slug;
  std::string title_en, title_zh, summary_en, summary_zh;  // markdown summaries
  std::int64_t organizer_id = 0;
  std::string organizer_handle;
  bool published = false;
  std::int64_t created_at = 0, updated_at = 0;
  std::vector<LearningStep> steps;
  std::int64_t enrolled = 0;   // members enrolled
  std::int64_t completed = 0;  // of whom finished
  // For the viewing member:
  std::int64_t enrolled_at = 0, completed_at = 0;
  std::string certificate;  // code, once completed
};

struct LearningStepInput {
  std::string kind, target, phase;
  double target_score = 0;
  std::string title_en, title_zh;
};

struct LearningPathInput {
  std::string slug;
  std::string title_en, title_zh, summary_en, summary_zh;
  bool published = false;
  std::vector<LearningStepInput> steps;
};

struct Certificate {
  std::string code;
  std::string path_slug, path_title_en, path_title_zh;
  std::string handle, display_name;
  std::int64_t enrolled_at = 0, completed_at = 0;
  int steps = 0;
};

}  // namespace aigc
