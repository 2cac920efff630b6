#include "domain/research/demo_research.hpp"

#include <fstream>

#include "core/text.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/research/paper_repository.hpp"
#include "domain/research/paper_service.hpp"

namespace aigc {

Result<std::string> seed_demo_research(Database& db, const std::string& file, const std::string& submitter_handle) {
  if (db.with_session([](soci::session& sql) { return PaperRepository().count(sql); }) > 0)
    return std::string("demo research already present");
  auto submitter = db.with_session([&](soci::session& sql) { return MemberRepository().find_by_handle(sql, submitter_handle); });
  if (!submitter) return Error::invalid("error.no_member", "no member '" + submitter_handle + "' to share the demo papers");
  std::ifstream in(file);
  if (!in) return Error::invalid("error.demo_research", "cannot read " + file);
  PaperService papers(db);
  int shared = 0, line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    auto f = split(line, '\t');
    if (f.size() != 9) return Error::invalid("error.demo_research", file + ":" + std::to_string(line_no) + ": expected 9 columns");
    PaperInput p;
    for (const auto& field : split(f[0], ' '))
      if (!field.empty()) p.fields.push_back(field);
    p.tags = f[1];
    p.year = f[2];
    p.venue = f[3];
    p.authors = split(f[4], '|');
    p.title_en = f[5];
    p.title_zh = f[6];
    p.abstract_en = f[7];
    p.abstract_zh = f[8];
    auto r = papers.share(*submitter, p);
    if (!r) return Error::invalid("error.demo_research", file + ":" + std::to_string(line_no) + ": " + r.error().message, r.error().problems);
    ++shared;
  }
  return std::to_string(shared) + " papers";
}

}  // namespace aigc
