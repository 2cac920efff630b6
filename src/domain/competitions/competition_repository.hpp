// All SQL about competitions and phases. Methods take the caller's session.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/competitions/competition.hpp"

namespace aigc {

class CompetitionRepository {
 public:
  std::int64_t insert(soci::session& sql, const Competition& c);
  void update(soci::session& sql, const Competition& c);
  // Without phases unless `with_phases`.
  std::optional<Competition> find_by_slug(soci::session& sql, const std::string& slug, bool with_phases);
  // With phases and files.
  std::optional<Competition> find_by_id(soci::session& sql, std::int64_t id);
  // Every competition's id, drafts too (the search index's rebuild).
  std::vector<std::int64_t> ids(soci::session& sql);
  void set_revealed(soci::session& sql, std::int64_t phase_id, std::int64_t at);
  // Newest first; drafts only when `include_drafts`, and then only those of `organizer_id`
  // unless it is 0 (everyone's).
  std::vector<Competition> list(soci::session& sql, bool include_drafts, std::int64_t organizer_id);
  std::int64_t insert_phase(soci::session& sql, std::int64_t competition_id, const Phase& p);
  void update_phase(soci::session& sql, const Phase& p);
  // Adds a file, or points an existing one (same kind, phase and name) at new bytes.
  void upsert_file(soci::session& sql, std::int64_t competition_id, const CompetitionFile& f);
};

}  // namespace aigc
