// The secondary indexes of the talent tables, shared by migration 16 and the full
// recompute: on SQLite the recompute drops them while it writes millions of rows and builds
// them again afterwards, because one sort per index beats millions of inserts at random
// places (docs/PERFORMANCE.md, Talent). Readers on SQLite keep their snapshot meanwhile.
#pragma once

namespace aigc {

inline constexpr const char* kTalentResultIndexes[] = {
    "CREATE INDEX talent_results_member ON talent_results (member_id, deadline)",
};
inline constexpr const char* kTalentMedalIndexes[] = {
    "CREATE INDEX talent_medals_source ON talent_medals (source, source_id)",
};
inline constexpr const char* kTalentRankIndexes[] = {
    "CREATE INDEX talent_ranks_world ON talent_ranks (category, world_rank, member_id)",
    "CREATE INDEX talent_ranks_country ON talent_ranks (category, country, country_rank, member_id)",
    "CREATE INDEX talent_ranks_organization ON talent_ranks (category, organization_id, organization_rank, member_id)",
};

}  // namespace aigc
