// The demo community's research, written for the demo (content/research/papers.tsv): papers
// in both languages across the research fields, shared by the demo admin. Loaded once by
// `aigc seed --demo`.
#pragma once

#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace aigc {

// Shares every paper of `file` as `submitter_handle`; nothing when papers exist already.
Result<std::string> seed_demo_research(Database& db, const std::string& file, const std::string& submitter_handle);

}  // namespace aigc
