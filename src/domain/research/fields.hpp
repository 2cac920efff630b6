// The research fields every area tags its work with (papers, discussions, events,
// standards): a fixed taxonomy with a stable id, an English and a Chinese name. Ids go
// into URLs and filters; their order is their number (the search index packs it), so new
// fields are appended, never inserted.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace aigc {

struct ResearchField {
  std::string id;  // "computer-vision"
  std::string en;
  std::string zh;
};

const std::vector<ResearchField>& research_fields();
// 1-based number of the field with this id (0 is "no field"); nullopt for an unknown id.
std::optional<int> research_field_number(const std::string& id);
// The field with this id; nullptr for an unknown (or empty) id.
const ResearchField* find_research_field(const std::string& id);

}  // namespace aigc
