// LSD radix sort of 64-bit keys on 16-bit digits: sequential memory access only, and a
// digit that is equal for every key costs one counting pass and no move (common for
// probabilities and for hashes' unused bits).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace aigc::scoring {

inline void radix_sort_keys(std::vector<std::uint64_t>& v, std::vector<std::uint64_t>& tmp) {
  if (v.size() < 2) return;
  tmp.resize(v.size());
  std::vector<std::uint32_t> count(1 << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (auto k : v) ++count[(k >> shift) & 0xFFFF];
    if (count[(v.front() >> shift) & 0xFFFF] == v.size()) continue;
    std::uint32_t sum = 0;
    for (auto& c : count) {
      auto n = c;
      c = sum;
      sum += n;
    }
    for (auto k : v) tmp[count[(k >> shift) & 0xFFFF]++] = k;
    v.swap(tmp);
  }
}

// Maps a double to a key whose unsigned order is the double's numeric order.
inline std::uint64_t order_key(double d) {
  std::uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return (bits & 0x8000000000000000ULL) ? ~bits : bits ^ 0x8000000000000000ULL;
}

}  // namespace aigc::scoring
