// Papers and other research outputs members share: texts in Chinese, English or both,
// authors in order (members, who confirm, or named people), where it appeared, its links,
// its fields and tags. Plain values; the rules live in PaperService.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aigc {

struct PaperAuthor {
  std::int64_t member_id = 0;  // 0: not a member
  std::string handle;          // the member's, filled by reads
  std::string name;            // the member's display name, or the person's name
  std::string affiliation;
  std::int64_t confirmed_at = 0;  // a member author confirmed; 0 while asked (always 0 for others)
};

struct Paper {
  std::int64_t id = 0;
  std::int64_t submitter_id = 0;
  std::string submitter_handle;
  std::string title_en, title_zh;
  std::string abstract_en, abstract_zh;  // markdown
  int year = 0;
  std::string venue;
  std::string arxiv_id, doi, code_url, data_url, project_url;
  std::vector<std::string> fields;  // research field ids (domain/research/fields.hpp)
  std::vector<std::string> tags;
  std::vector<PaperAuthor> authors;
  std::int64_t votes = 0;
  std::int64_t created_at = 0, updated_at = 0;
};

// One author as a submitter writes it: "@handle" for a member, else "Name (Affiliation)".
struct PaperInput {
  std::string title_en, title_zh, abstract_en, abstract_zh;
  std::vector<std::string> authors;
  std::string year;  // as typed
  std::string venue, arxiv_id, doi, code_url, data_url, project_url;
  std::vector<std::string> fields;
  std::string tags;  // comma-separated
};

}  // namespace aigc
