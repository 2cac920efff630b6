// Sharing papers: checks what a member submits (texts, authors, year, links in their
// valid forms, fields from the taxonomy, tags), stores it with its authors, asks the
// member co-authors to confirm (a notification), and indexes it for search, all in one
// transaction. Reads: one paper, the newest (by field or tag), a member's papers.
// Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "domain/members/member.hpp"
#include "domain/research/paper.hpp"
#include "domain/research/paper_repository.hpp"
#include "store/blob_store.hpp"
#include "store/database.hpp"

namespace aigc {

struct PaperPage {
  std::vector<Paper> papers;
  std::int64_t next_before = 0;  // 0 on the last page
};

class PaperService {
 public:
  static constexpr int kMaxAuthors = 100;
  explicit PaperService(Database& db) : db_(db) {}

  static constexpr std::size_t kMaxPdfBytes = 20 * 1024 * 1024;
  Result<Paper> share(const Member& actor, const PaperInput& input);
  // The member who shared it (or an admin) changes it; named members keep their
  // confirmations, newly named ones are asked.
  Result<Paper> update(const Member& actor, std::int64_t id, const PaperInput& input);
  static bool can_edit(const Member& actor, const Paper& p);
  // Stores the paper's PDF in the blob store: refused unless the bytes are a PDF's, at most
  // kMaxPdfBytes. Its sharer, a confirmed member author or an admin.
  Result<Paper> attach_pdf(const Member& actor, std::int64_t id, std::string_view bytes, BlobStore& blobs);
  std::vector<Paper> linked_to(const std::string& kind, std::int64_t target_id, int limit = 20);
  Result<Paper> get(std::int64_t id);
  Result<PaperPage> list(const std::string& field, const std::string& tag, std::int64_t before_id, int limit);
  std::vector<Paper> by_member(std::int64_t member_id, int limit = 50);
  std::vector<Paper> awaiting(std::int64_t member_id);
  // The member named as an author confirms (accept) or declines it.
  Result<Paper> answer_authorship(const Member& actor, std::int64_t paper_id, bool accept);

  // The checks of share(), for the form to show every problem at once.
  static Result<Paper> validate(const PaperInput& input);

 private:
  Database& db_;
  PaperRepository repo_;
};

}  // namespace aigc
