// Learning paths: organizers (and admins) write them; any member enrols, passes steps and,
// when every step has passed, receives a certificate whose code anyone can verify. A page or
// paper step passes when the member marks it read; a competition step passes when one of the
// member's team's scored submissions in the named phase of a playground reaches the target
// (in the phase's direction). Passes are evaluated when the member views the path and in the
// background round (advance), so a path completes even if its member never comes back.
// Thread-safe; every call uses its own session.
#pragma once

#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/talent/learning.hpp"
#include "store/database.hpp"

namespace aigc {

class LearningService {
 public:
  explicit LearningService(Database& db) : db_(db) {}

  // The form's steps, one per line: `page <slug>`, `paper <id>` or
  // `competition <slug> <phase> <target score>`, then optionally `| English title | 中文标题`.
  // Errors name the line.
  static Result<std::vector<LearningStepInput>> parse_steps(const std::string& text);
  static std::string format_steps(const std::vector<LearningStep>& steps);

  // Creates (`slug` empty) or replaces the path `slug`. Passes of steps whose definition
  // changed are taken back; certificates already issued stay.
  Result<LearningPath> save(const Member& actor, const std::string& slug, const LearningPathInput& input, std::int64_t now);
  // Published paths (and the viewer's own drafts; every draft for admins), newest first.
  std::vector<LearningPath> list(const Member* viewer);
  // With the viewer's progress, after passing what now holds.
  Result<LearningPath> get(const Member* viewer, const std::string& slug, std::int64_t now);
  bool can_edit(const Member* actor, const LearningPath& path) const;
  Result<LearningPath> enrol(const Member& actor, const std::string& slug, std::int64_t now);
  // Marks a page or paper step read (a competition step passes only by its score).
  Result<LearningPath> mark_read(const Member& actor, const std::string& slug, int position, std::int64_t now);
  // Passes every competition step whose condition now holds, for every enrolment (or one
  // member's); completes paths and issues certificates. Returns how many steps passed.
  int advance(std::int64_t now, std::int64_t member_id = 0);

  Result<Certificate> certificate(const std::string& code);
  // Completed paths of a member, newest first.
  std::vector<Certificate> certificates_of(std::int64_t member_id);
  static std::vector<Certificate> certificates_of(soci::session& sql, std::int64_t member_id);
  // Paths the member is enrolled in and has not completed.
  std::vector<LearningPath> in_progress(std::int64_t member_id);

 private:
  Result<void> validate(soci::session& sql, const LearningPathInput& input, std::vector<LearningStep>& steps);
  struct Pass {
    std::int64_t path = 0, member = 0, position = 0;
    double score = 0;
  };
  // Competition steps whose condition holds and that have not passed yet.
  static std::vector<Pass> passing(soci::session& sql, std::int64_t member_id, std::int64_t path_id);
  void advance_for(std::int64_t member_id, const std::string& slug, std::int64_t now);
  int advance_in(soci::session& sql, std::int64_t now, std::int64_t member_id, std::int64_t path_id);
  void complete_if_done(soci::session& sql, std::int64_t path_id, std::int64_t member_id, std::int64_t now);
  Database& db_;
};

}  // namespace aigc
