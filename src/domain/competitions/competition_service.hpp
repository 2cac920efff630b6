// The rules of hosting a competition: who may create and edit one (organizers and admins;
// an organizer edits only their own), what a valid competition and phase look like (a
// phase's metric and parameters must be ones the scoring engine accepts), and who sees
// drafts (their organizer and admins only). Thread-safe; each call uses its own session.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/competitions/competition.hpp"
#include "domain/competitions/competition_repository.hpp"
#include "domain/members/member.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace aigc {

class CompetitionService {
 public:
  CompetitionService(Database& db, BlobStore& blobs) : db_(db), blobs_(blobs) {}

  Result<Competition> create(const Member& actor, const CompetitionInput& input);
  Result<Competition> update(const Member& actor, const std::string& slug, const CompetitionInput& input);
  // The cover shown on the competition's page and card: a /media/ URL (the picture
  // uploaded through the media library) or "" for none.
  Result<Competition> set_cover(const Member& actor, const std::string& slug, const std::string& cover_url);
  // Adds a phase, or replaces the one of the same name.
  Result<Competition> save_phase(const Member& actor, const std::string& slug, const PhaseInput& input);
  // Drafts are not_found for everyone but their organizer and admins.
  Result<Competition> get(const Member* viewer, const std::string& slug);
  Result<Competition> get_by_id(const Member* viewer, std::int64_t id);
  std::vector<Competition> list(const Member* viewer);
  // Stores an uploaded file: kind "public" (participants download it) or "truth" (for
  // `phase`; only the scorer reads it). Organizer of the competition or admin only.
  Result<CompetitionFile> add_file(const Member& actor, const std::string& slug, const std::string& kind,
                                   const std::string& phase, const std::string& name, std::string_view bytes);
  // The bytes of a public file of a competition the viewer can see; a truth file is
  // not_found here whoever asks, so no route can hand it out.
  Result<std::string> public_file(const Member* viewer, const std::string& slug, const std::string& name);
  static bool can_edit(const Member* viewer, const Competition& c);

 private:
  // Loads the competition for `actor` to change (not_found for a draft they cannot see,
  // forbidden when they may not edit it), applies `change` and saves it, in one transaction.
  Result<Competition> edit(const Member& actor, const std::string& slug, const std::function<void(Competition&)>& change);
  Database& db_;
  BlobStore& blobs_;
  CompetitionRepository repo_;
};

}  // namespace aigc
