// How standards are made: site committee members (and admins) charter working groups;
// members join by request (a chair approves) or invitation (they accept); a group's
// chairs and editors propose documents and save versions; the lifecycle moves only along
// the transitions below, each taken by the role it names and recorded with who, when and
// why; public reviews take comments anchored to clauses, which editors dispose of.
// Ballots are BallotService's. Every check names the field to fix. Thread-safe.
//
//   proposal -> working_draft          chair or committee (adoption: the number is assigned)
//   working_draft -> committee_draft   chair
//   committee_draft -> working_draft   chair
//   committee_draft -> public_review   by open_review (chair)
//   public_review -> committee_draft   chair (the review has closed)
//   * -> ballot                        by BallotService::open with a final ballot (chair)
//   ballot -> committee_draft          chair (a failed or withdrawn final ballot)
//   ballot -> published                chair, once the final ballot on the latest version is approved
//   published -> amended | withdrawn   chair or committee
//   any draft state -> withdrawn       chair or committee
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <soci/soci.h>

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/standards/standard.hpp"
#include "store/database.hpp"

namespace aigc {

struct GroupInput {
  std::string slug, name_en, name_zh, charter_md;
};

struct StandardInput {
  std::string group;  // the working group's slug
  std::string title_en, title_zh, scope_md;
  std::string text_en, text_zh;  // the first version, if any
};

// A comment as a version shows it: on this version, or on an earlier one whose clause
// this version still has.
struct CommentOnVersion {
  StandardComment comment;
  bool earlier_version = false;
};

struct ResolutionRow {
  StandardComment comment;
  std::string clause;  // the number it had, or "general"
};

bool is_group_chair(const WorkingGroup& g, std::int64_t member_id);
bool is_group_editor(const WorkingGroup& g, std::int64_t member_id);  // chairs edit too
bool is_group_member(const WorkingGroup& g, std::int64_t member_id);  // any active role

// Tells the group's active members (but `except`) in their notifications; params gain the
// standard's titles as {standard}.
void notify_group(soci::session& sql, const WorkingGroup& g, const Standard& s, const std::string& kind, nlohmann::json params,
                  std::int64_t now, std::int64_t except = 0);
// {"x_en": en, "x_zh": zh}: a word of a notification in both languages.
nlohmann::json both_languages(const std::string& name, const std::string& en, const std::string& zh);

class StandardService {
 public:
  explicit StandardService(Database& db) : db_(db) {}

  // Groups.
  Result<WorkingGroup> create_group(const Member& actor, const GroupInput& input, std::int64_t now);
  Result<WorkingGroup> group(const std::string& slug);
  std::vector<WorkingGroup> groups();
  Result<void> request_to_join(const Member& actor, const std::string& group, std::int64_t now);
  // A chair invites (role member or editor) or approves a request; the member accepts an invitation.
  Result<void> invite(const Member& chair, const std::string& group, const std::string& handle, const std::string& role, std::int64_t now);
  Result<void> approve(const Member& chair, const std::string& group, const std::string& handle, std::int64_t now);
  Result<void> accept_invitation(const Member& actor, const std::string& group, std::int64_t now);
  Result<void> set_role(const Member& chair, const std::string& group, const std::string& handle, const std::string& role, std::int64_t now);
  Result<void> add_organization(const Member& chair, const std::string& group, const std::string& organization_slug);

  // Documents.
  Result<Standard> create(const Member& actor, const StandardInput& input, std::int64_t now);
  Result<Standard> get(std::int64_t id);
  std::vector<Standard> list(const std::string& status, const std::string& group);
  Result<Standard> transition(const Member& actor, std::int64_t id, const std::string& to, const std::string& reason, std::int64_t now);
  std::vector<StatusChange> history(std::int64_t id);
  // What the standards feed shows: the newest steps of every standard, with the standard.
  std::vector<std::pair<Standard, StatusChange>> recent_steps(int limit);

  // Versions: immutable once saved; refused once the standard is published or withdrawn,
  // or while a ballot runs.
  Result<StandardVersion> save_version(const Member& actor, std::int64_t id, const std::string& text_en, const std::string& text_zh,
                                       const std::string& note, std::int64_t now);
  Result<StandardVersion> version(std::int64_t id, int number);  // 0: the latest
  std::vector<StandardVersion> versions(std::int64_t id);
  // The clauses that changed from one version to another, in one language ("en", "zh-CN").
  Result<std::vector<ClauseChange>> diff(std::int64_t id, int from, int to, const std::string& lang);

  // Public review and comments.
  Result<PublicReview> open_review(const Member& chair, std::int64_t id, int version, std::int64_t opens_at, std::int64_t closes_at,
                                   std::int64_t now);
  std::optional<PublicReview> review(std::int64_t id);
  Result<StandardComment> comment(const Member& actor, std::int64_t id, const CommentInput& input, std::int64_t now);
  Result<StandardComment> dispose(const Member& editor, std::int64_t comment_id, const std::string& disposition,
                                  const std::string& reason, int applied_version, std::int64_t now);
  Result<std::int64_t> vote_comment(const Member& actor, std::int64_t comment_id, bool on);
  std::vector<StandardComment> comments(std::int64_t id);
  // The comments a version shows, by clause anchor order of that version (general ones first).
  Result<std::vector<CommentOnVersion>> comments_on(std::int64_t id, int version);
  std::vector<ResolutionRow> resolution(std::int64_t id);
  std::string resolution_csv(std::int64_t id);
  // Tells each group whose public review has closed since the last round; returns how many.
  int announce_closed_reviews(std::int64_t now);

 private:
  Database& db_;
};

}  // namespace aigc
