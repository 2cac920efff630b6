// Ranks from keys: competition ranking ("1224") in the world, in each country and in each
// organization, for one category at a time. Equal keys share a rank and the next distinct
// key takes the rank after all of them. Pure; O(n log n) for n members.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aigc {

struct Standing {
  std::int64_t member_id = 0;
  double key = 0;
  std::string country;               // "" ranks among the members without one
  std::int64_t organization_id = 0;  // 0: none (no organization rank)
  int tier = 0;
  std::int64_t world_rank = 0, country_rank = 0, organization_rank = 0;  // filled by rank_standings
};

// Fills the three ranks and leaves the members ordered by world rank, then member id.
void rank_standings(std::vector<Standing>& members);

// Tie-aware competition ranks of `keys` sorted best first: ranks[i] = 1 + how many are better.
std::vector<std::int64_t> tie_ranks(const std::vector<double>& sorted_desc);

}  // namespace aigc
