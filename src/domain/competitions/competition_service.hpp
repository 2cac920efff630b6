// The rules of hosting a competition: who may create and edit one (organizers and admins;
// an organizer edits only their own), what a valid competition and phase look like (a
// phase's metric and parameters must be ones the scoring engine accepts), and who sees
// drafts (their organizer and admins only). Thread-safe; each call uses its own session.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/competitions/competition.hpp"
#include "domain/competitions/competition_repository.hpp"
#include "domain/members/member.hpp"
#include "store/database.hpp"

namespace aigc {

class CompetitionService {
 public:
  explicit CompetitionService(Database& db) : db_(db) {}

  Result<Competition> create(const Member& actor, const CompetitionInput& input);
  Result<Competition> update(const Member& actor, const std::string& slug, const CompetitionInput& input);
  // Adds a phase, or replaces the one of the same name.
  Result<Competition> save_phase(const Member& actor, const std::string& slug, const PhaseInput& input);
  // Drafts are not_found for everyone but their organizer and admins.
  Result<Competition> get(const Member* viewer, const std::string& slug);
  std::vector<Competition> list(const Member* viewer);
  static bool can_edit(const Member* viewer, const Competition& c);

 private:
  Database& db_;
  CompetitionRepository repo_;
};

}  // namespace aigc
