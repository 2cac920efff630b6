// Standards: working groups, their documents, versions, public reviews, comments and
// ballots. Plain values shared by the repository, the services and the web layer; the
// rules (who may do what, the lifecycle) live in StandardService and BallotService.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "domain/standards/ballot_rule.hpp"
#include "domain/standards/clauses.hpp"

namespace aigc {

struct GroupMember {
  std::int64_t member_id = 0;
  std::string handle, display_name;
  std::string role;   // chair, editor, member
  std::string state;  // active, requested (asked to join), invited (asked by a chair)
  std::int64_t since = 0;
};

struct WorkingGroup {
  std::int64_t id = 0;
  std::string slug, name_en, name_zh, charter_md;
  std::int64_t created_by = 0, created_at = 0;
  std::vector<GroupMember> members;
  std::vector<std::string> organizations;  // slugs of participating partner organizations
};

// The lifecycle, in order. Transitions (StandardService::transition) name who may take them.
inline constexpr const char* kStandardStatuses[] = {"proposal", "working_draft", "committee_draft", "public_review",
                                                     "ballot",   "published",     "amended",         "withdrawn"};

struct Standard {
  std::int64_t id = 0, group_id = 0;
  std::string group_slug;
  int number = 0;  // assigned at adoption (proposal -> working_draft); 0 before
  int year = 0;    // the year of publication
  std::string title_en, title_zh, scope_md, status = "proposal";
  std::int64_t created_by = 0, created_at = 0, updated_at = 0;
  int latest_version = 0;  // 0: no text yet
  int last_anchor = 0;     // the largest clause anchor handed out (clauses.hpp)
  std::int64_t version = 1;  // bumped by every change its pages show
};

// "AIGC-STD-0001", "AIGC-STD-0001:2027" once published; "" before adoption.
std::string standard_identifier(const Standard& s);

struct StatusChange {
  std::string from, to, reason, handle;
  std::int64_t member_id = 0, at = 0;
};

// One saved text: immutable once written. Chinese and English texts of a version are
// kept together; either may be empty.
struct StandardVersion {
  std::int64_t id = 0, standard_id = 0;
  int number = 0;
  std::string text_en, text_zh, note;
  std::vector<Clause> clauses_en, clauses_zh;  // anchored
  std::int64_t created_by = 0, created_at = 0;
  std::string author_handle;
};

struct PublicReview {
  std::int64_t id = 0, standard_id = 0;
  int version_number = 0;
  std::int64_t opens_at = 0, closes_at = 0, created_by = 0;
  bool open(std::int64_t now) const { return now >= opens_at && now < closes_at; }
};

inline constexpr const char* kCommentTypes[] = {"general", "technical", "editorial"};
inline constexpr const char* kDispositions[] = {"accepted", "accepted_in_principle", "rejected", "noted"};

struct StandardComment {
  std::int64_t id = 0, standard_id = 0, parent_id = 0, member_id = 0;
  std::string handle;
  int version_number = 0;
  std::string anchor;         // the clause's stable anchor ("" for the whole document)
  std::string clause_number;  // as it was numbered in that version
  std::string passage;        // the selected words, if any
  std::string type = "general", body_md, proposed_change;
  std::int64_t votes = 0, created_at = 0;
  std::string disposition, disposition_reason;  // "" until an editor decides
  int applied_version = 0;                      // the version that applied it, 0 if none
  std::int64_t decided_by = 0, decided_at = 0;
};

struct CommentInput {
  int version_number = 0;
  std::string clause;  // an anchor ("c7") or a number ("5.2") of that version; "" for general
  std::string passage, type = "general", body_md, proposed_change;
  std::int64_t parent_id = 0;
};

struct Ballot {
  std::int64_t id = 0, standard_id = 0;
  int version_number = 0;
  std::string stage = "committee";      // committee (a committee draft) or final
  std::string electorate = "members";   // members (of the group) or organizations (one vote each)
  std::int64_t opens_at = 0, closes_at = 0, created_by = 0, created_at = 0;
  BallotRule rule;
  std::string state = "open";  // open, closed
  bool approved = false;       // the result, recorded at the close
  BallotTally tally;           // at the close (live while open)
  std::int64_t closed_at = 0;
};

struct BallotVote {
  std::string voter;  // "m<id>" (a member) or "o<id>" (an organization)
  std::string voter_name;
  std::int64_t member_id = 0;
  std::string handle, position, reasons;
  std::int64_t at = 0;
};

}  // namespace aigc
