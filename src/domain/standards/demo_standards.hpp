// The demo community's standards work, written for the demo: a working group with partner
// organizations; "Labelling of AI-generated content", published after a public review
// (comments with dispositions) and a final ballot of the participating organizations;
// "Evaluation reports for large language models", in public review now with comments
// anchored to clauses, replies and dispositions, its third version saved during the
// review; "Documentation of training datasets", a committee draft with a ballot open and
// votes cast (one changed); and a fresh proposal. Dates follow the seed's clock.
// Loaded once by `aigc seed --demo`, after the demo members and organizations.
#pragma once

#include <cstdint>
#include <string>

#include "core/result.hpp"
#include "store/database.hpp"

namespace aigc {

Result<std::string> seed_demo_standards(Database& db, std::int64_t now);

}  // namespace aigc
