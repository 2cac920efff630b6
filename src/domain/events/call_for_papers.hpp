// An event's call for papers and proposals: members submit while it is open; the managers
// assign reviewers (who, in a blind call, do not see who submitted), reviewers score 1-5
// with a comment, and the managers decide: accept (the proposal becomes an unplaced talk of
// the programme, its submitter and co-speakers its speakers), reject or waitlist. The
// submitter is told the decision. Thread-safe.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/events/event.hpp"
#include "domain/members/member.hpp"
#include "store/database.hpp"

namespace aigc {

struct ProposalInput {
  std::string title, abstract_md, kind, track, co_speakers;  // co-speakers: one per line, as talk speakers
};

class CallForPapers {
 public:
  explicit CallForPapers(Database& db) : db_(db) {}

  Result<Proposal> submit(const Member& m, const Event& e, const ProposalInput& in, std::int64_t now);
  Result<Proposal> withdraw(const Member& m, const Event& e, std::int64_t id, std::int64_t now);
  Result<void> assign(const Member& manager, const Event& e, std::int64_t id, const std::string& reviewer_handle, std::int64_t now);
  Result<void> review(const Member& reviewer, const Event& e, std::int64_t id, int score, const std::string& comment, std::int64_t now);
  Result<Proposal> decide(const Member& manager, const Event& e, std::int64_t id, const std::string& decision, std::int64_t now);

  // Managers: every proposal with its mean score; a reviewer: those assigned to them
  // (submitter hidden when blind); anyone else: their own.
  std::vector<Proposal> visible_to(const Member& m, const Event& e);
  std::vector<Review> reviews(const Member& m, const Event& e, std::int64_t id);

 private:
  Database& db_;
};

}  // namespace aigc
