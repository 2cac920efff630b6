// The standards tables (migration 15): working groups with their members and partner
// organizations, standards with their status history, immutable versions (text and
// anchored clauses), public reviews, comments with votes and dispositions, ballots with
// their votes and history. Callers bring the session (and the transaction); the rules
// live in StandardService and BallotService.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/standards/standard.hpp"

namespace aigc {

class StandardRepository {
 public:
  // Groups.
  std::int64_t insert_group(soci::session& sql, const WorkingGroup& g);
  std::optional<WorkingGroup> find_group(soci::session& sql, const std::string& slug);
  std::optional<WorkingGroup> find_group_by_id(soci::session& sql, std::int64_t id);
  std::vector<WorkingGroup> groups(soci::session& sql);
  // Sets (or replaces) a member's role and state in the group; role "" removes them.
  void set_group_member(soci::session& sql, std::int64_t group_id, std::int64_t member_id, const std::string& role,
                        const std::string& state, std::int64_t since);
  void add_group_organization(soci::session& sql, std::int64_t group_id, std::int64_t organization_id);
  bool group_has_organization(soci::session& sql, std::int64_t group_id, std::int64_t organization_id);

  // Standards.
  std::int64_t insert_standard(soci::session& sql, const Standard& s);
  // Rewrites its columns and bumps its version (pages cache on it).
  void update_standard(soci::session& sql, const Standard& s);
  std::optional<Standard> find_standard(soci::session& sql, std::int64_t id);
  // Newest change first; status "" for all, group 0 for every group.
  std::vector<Standard> standards(soci::session& sql, const std::string& status, std::int64_t group_id);
  // Until the transaction ends (PostgreSQL; SQLite's writer lock already serializes).
  void lock_standard(soci::session& sql, std::int64_t id, bool postgresql);
  int next_number(soci::session& sql);
  void add_transition(soci::session& sql, std::int64_t standard_id, const StatusChange& c);
  std::vector<StatusChange> transitions(soci::session& sql, std::int64_t standard_id);
  // The newest status changes of every standard, newest first: (standard id, change).
  std::vector<std::pair<std::int64_t, StatusChange>> recent_transitions(soci::session& sql, int limit);

  // Versions.
  void insert_version(soci::session& sql, const StandardVersion& v);
  std::optional<StandardVersion> find_version(soci::session& sql, std::int64_t standard_id, int number);
  // Every version without its texts (number, note, author, date), oldest first.
  std::vector<StandardVersion> versions(soci::session& sql, std::int64_t standard_id);

  // Public reviews.
  std::int64_t insert_review(soci::session& sql, const PublicReview& r);
  std::optional<PublicReview> latest_review(soci::session& sql, std::int64_t standard_id);
  // Reviews closed by `now` whose closing nobody has announced yet.
  std::vector<PublicReview> reviews_to_announce(soci::session& sql, std::int64_t now);
  // True for the one caller that marks it.
  bool mark_review_announced(soci::session& sql, std::int64_t review_id);

  // Comments.
  std::int64_t insert_comment(soci::session& sql, const StandardComment& c);
  std::optional<StandardComment> find_comment(soci::session& sql, std::int64_t id);
  std::vector<StandardComment> comments(soci::session& sql, std::int64_t standard_id);
  void set_disposition(soci::session& sql, const StandardComment& c);
  // Adds or removes the member's vote; returns the comment's votes after.
  std::int64_t vote_comment(soci::session& sql, std::int64_t comment_id, std::int64_t member_id, bool on);

  // Ballots.
  std::int64_t insert_ballot(soci::session& sql, const Ballot& b);
  std::optional<Ballot> find_ballot(soci::session& sql, std::int64_t id);
  std::vector<Ballot> ballots(soci::session& sql, std::int64_t standard_id);
  std::vector<std::int64_t> ballots_due(soci::session& sql, std::int64_t now);
  // Records the vote (replacing the voter's earlier one) and appends it to the history.
  void put_vote(soci::session& sql, std::int64_t ballot_id, const BallotVote& v);
  std::vector<BallotVote> votes(soci::session& sql, std::int64_t ballot_id);
  std::vector<BallotVote> history(soci::session& sql, std::int64_t ballot_id);
  BallotTally tally(soci::session& sql, std::int64_t ballot_id);
  void close_ballot(soci::session& sql, const Ballot& b);
};

// The clauses as stored beside a version's text, and back.
std::string clauses_json(const std::vector<Clause>& clauses);
std::vector<Clause> clauses_from_json(const std::string& json);

}  // namespace aigc
