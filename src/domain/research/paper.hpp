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

// Something on the platform a paper relates to, shown on both sides.
struct PaperLink {
  std::string kind;  // competition (events and standards later)
  std::int64_t target_id = 0;
  std::string key;                 // the competition's slug
  std::string title_en, title_zh;  // filled by reads
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
  std::vector<PaperLink> links;
  std::string pdf_blob;  // content hash in the blob store; empty: no PDF
  std::int64_t pdf_bytes = 0;
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
  std::vector<std::string> competitions;  // slugs of the competitions it relates to
  std::vector<std::string> events;        // slugs of the events where it was presented
};

}  // namespace aigc
