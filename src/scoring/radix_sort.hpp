// LSD radix sort of (64-bit key, 32-bit payload) pairs on 16-bit digits: sequential
// memory access only, and a digit that is equal for every element costs one counting
// pass and no move (common for probabilities and hashes' unused bits).
#pragma once

#include <cstdint>
#include <cstring>
#include <vector>

namespace aigc::scoring {

struct Keyed {
  std::uint64_t key;
  std::uint32_t payload;
};

inline void radix_sort(std::vector<Keyed>& v, std::vector<Keyed>& tmp) {
  if (v.size() < 2) return;
  tmp.resize(v.size());
  std::vector<std::uint32_t> count(1 << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (const auto& e : v) ++count[(e.key >> shift) & 0xFFFF];
    if (count[(v.front().key >> shift) & 0xFFFF] == v.size()) continue;
    std::uint32_t sum = 0;
    for (auto& c : count) {
      auto n = c;
      c = sum;
      sum += n;
    }
    for (const auto& e : v) tmp[count[(e.key >> shift) & 0xFFFF]++] = e;
    v.swap(tmp);
  }
}

// The same for bare 64-bit keys.
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
