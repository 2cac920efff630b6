// The papers tables: papers and their authors in order. Callers bring the session (and
// the transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/research/paper.hpp"

namespace aigc {

class PaperRepository {
 public:
  // Inserts the paper and its authors; returns the new id.
  std::int64_t insert(soci::session& sql, const Paper& p);
  // Replaces the texts, fields, tags, authors and links (the authors' confirmations as given).
  void update(soci::session& sql, const Paper& p);
  void set_pdf(soci::session& sql, std::int64_t paper_id, const std::string& blob, std::int64_t bytes, std::int64_t at);
  // Papers that link this competition (or event, standard), newest first.
  std::vector<Paper> linked_to(soci::session& sql, const std::string& kind, std::int64_t target_id, int limit);
  std::optional<Paper> find(soci::session& sql, std::int64_t id);
  // Newest first, below before_id (0: from the newest); with a field or tag when given.
  std::vector<Paper> list(soci::session& sql, const std::string& field, const std::string& tag, std::int64_t before_id, int limit);
  // Papers a member wrote: confirmed authorships, and those they shared themselves.
  std::vector<Paper> by_member(soci::session& sql, std::int64_t member_id, int limit);
  // Papers waiting for this member to confirm authorship.
  std::vector<Paper> awaiting(soci::session& sql, std::int64_t member_id);
  void confirm_author(soci::session& sql, std::int64_t paper_id, std::int64_t member_id, std::int64_t at);
  // The member declined: the author stays, by name, no longer linked to them.
  void unlink_author(soci::session& sql, std::int64_t paper_id, std::int64_t member_id);
  std::vector<std::int64_t> ids(soci::session& sql);
  std::int64_t count(soci::session& sql);
};

}  // namespace aigc
