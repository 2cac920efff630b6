#include "domain/talent/talent_ranking.hpp"

#include <algorithm>
#include <numeric>

namespace aigc {

std::vector<std::int64_t> tie_ranks(const std::vector<double>& sorted_desc) {
  std::vector<std::int64_t> ranks(sorted_desc.size());
  for (std::size_t i = 0; i < sorted_desc.size(); ++i)
    ranks[i] = i > 0 && sorted_desc[i] == sorted_desc[i - 1] ? ranks[i - 1] : static_cast<std::int64_t>(i) + 1;
  return ranks;
}

namespace {

// Ranks within groups of `order` (already sorted by group, then key descending).
template <class SameGroup, class Assign>
void rank_groups(std::vector<Standing>& m, const std::vector<std::uint32_t>& order, SameGroup same, Assign assign) {
  std::int64_t position = 0, rank = 0;
  for (std::size_t i = 0; i < order.size(); ++i) {
    Standing& s = m[order[i]];
    const bool new_group = i == 0 || !same(m[order[i - 1]], s);
    position = new_group ? 1 : position + 1;
    if (new_group || m[order[i - 1]].key != s.key) rank = position;
    assign(s, rank);
  }
}

}  // namespace

void rank_standings(std::vector<Standing>& m) {
  std::sort(m.begin(), m.end(), [](const Standing& a, const Standing& b) {
    return a.key != b.key ? a.key > b.key : a.member_id < b.member_id;
  });
  std::vector<std::uint32_t> order(m.size());
  std::iota(order.begin(), order.end(), 0u);
  rank_groups(m, order, [](const Standing&, const Standing&) { return true; }, [](Standing& s, std::int64_t r) { s.world_rank = r; });
  // Stable: within a country the world order (key, then id) is kept.
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return m[a].country < m[b].country; });
  rank_groups(m, order, [](const Standing& a, const Standing& b) { return a.country == b.country; },
              [](Standing& s, std::int64_t r) { s.country_rank = r; });
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::uint32_t a, std::uint32_t b) { return m[a].organization_id < m[b].organization_id; });
  rank_groups(m, order, [](const Standing& a, const Standing& b) { return a.organization_id == b.organization_id; },
              [](Standing& s, std::int64_t r) { s.organization_rank = s.organization_id == 0 ? 0 : r; });
}

}  // namespace aigc
