// Sorting keys for the metrics and the loader: score keys (ROC AUC) by radix passes with
// sequential memory access only; 32-bit id hashes (the duplicate check) in place.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <vector>

namespace aigc::scoring {

// Sorts v[0, n) of order-preserving score keys, using tmp[0, n) as scratch; the result is
// in v. Keys' upper 32 bits (sign, exponent and 20 bits of mantissa) mostly differ, so an
// LSD radix sort on that half only (two passes of 16-bit digits, both counted in one read;
// a digit equal for every key costs no move), then each run of equal upper halves (usually
// one key, or exact ties) sorted whole, gives the full order in about half the passes.
// Keys crowded into a narrow range degrade to std::sort of the crowded runs.
inline void sort_score_keys(std::uint64_t* v, std::size_t n, std::uint64_t* tmp) {
  if (n < 2) return;
  // Kept per thread: allocating its 512 KB afresh faulted it in again on every call.
  thread_local std::vector<std::uint32_t> count;
  count.assign(2 << 16, 0);
  for (std::size_t i = 0; i < n; ++i) {
    ++count[(v[i] >> 32) & 0xFFFF];
    ++count[(1 << 16) + (v[i] >> 48)];
  }
  std::uint64_t *src = v, *dst = tmp;
  for (int digit = 0; digit < 2; ++digit) {
    std::uint32_t* c = count.data() + (static_cast<std::size_t>(digit) << 16);
    const int shift = 32 + 16 * digit;
    if (c[(src[0] >> shift) & 0xFFFF] == n) continue;
    std::uint32_t sum = 0;
    for (std::size_t d = 0; d < (1 << 16); ++d) {
      auto m = c[d];
      c[d] = sum;
      sum += m;
    }
    for (std::size_t i = 0; i < n; ++i) dst[c[(src[i] >> shift) & 0xFFFF]++] = src[i];
    std::swap(src, dst);
  }
  if (src != v) std::memcpy(v, src, n * sizeof(std::uint64_t));
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    const std::uint64_t upper = v[i] >> 32;
    while (j < n && (v[j] >> 32) == upper) ++j;
    if (j - i > 1) std::sort(v + i, v + j);
    i = j;
  }
}

// Sorts v[0, n) of keys below 2^30 (fixed scores, see Dataset::fixed_scores), using
// tmp[0, n) as scratch; the result is in v. Two LSD passes of 15-bit digits (both counted
// in one read; a digit equal for every key costs no move) sort them completely.
inline void sort_fixed_keys(std::uint32_t* v, std::size_t n, std::uint32_t* tmp) {
  if (n < 2) return;
  constexpr std::size_t kDigits = std::size_t{1} << 15;
  thread_local std::vector<std::uint32_t> count;  // kept: see sort_score_keys
  count.assign(2 * kDigits, 0);
  for (std::size_t i = 0; i < n; ++i) {
    ++count[v[i] & (kDigits - 1)];
    ++count[kDigits + ((v[i] >> 15) & (kDigits - 1))];
  }
  std::uint32_t *src = v, *dst = tmp;
  for (int digit = 0; digit < 2; ++digit) {
    std::uint32_t* c = count.data() + static_cast<std::size_t>(digit) * kDigits;
    const int shift = 15 * digit;
    if (c[(src[0] >> shift) & (kDigits - 1)] == n) continue;
    std::uint32_t sum = 0;
    for (std::size_t d = 0; d < kDigits; ++d) {
      auto m = c[d];
      c[d] = sum;
      sum += m;
    }
    for (std::size_t i = 0; i < n; ++i) dst[c[(src[i] >> shift) & (kDigits - 1)]++] = src[i];
    std::swap(src, dst);
  }
  if (src != v) std::memcpy(v, src, n * sizeof(std::uint32_t));
}

// Sorts 32-bit hashes in place with scratch for one bucket only: one in-place pass into
// 256 buckets by the top byte (American flag sort), then each bucket (a 256th of the
// data, in cache) by an LSD radix sort of its other three bytes.
inline void sort_hashes_in_place(std::uint32_t* v, std::size_t n) {
  if (n < 2) return;
  std::size_t start[257] = {0}, next[256];
  for (std::size_t i = 0; i < n; ++i) ++start[(v[i] >> 24) + 1];
  for (std::size_t b = 1; b <= 256; ++b) start[b] += start[b - 1];
  std::copy(start, start + 256, next);
  for (std::uint32_t b = 0; b < 256; ++b) {
    while (next[b] < start[b + 1]) {
      std::uint32_t x = v[next[b]];
      for (std::uint32_t d = x >> 24; d != b; d = x >> 24) std::swap(x, v[next[d]++]);
      v[next[b]++] = x;
    }
  }
  std::size_t largest = 0;
  for (std::size_t b = 0; b < 256; ++b) largest = std::max(largest, start[b + 1] - start[b]);
  std::vector<std::uint32_t> tmp(largest);
  for (std::size_t b = 0; b < 256; ++b) {
    std::uint32_t* src = v + start[b];
    const std::size_t m = start[b + 1] - start[b];
    if (m < 64) {
      std::sort(src, src + m);
      continue;
    }
    std::uint32_t *from = src, *to = tmp.data();
    for (int shift = 0; shift < 24; shift += 8) {
      std::uint32_t count[256] = {0};
      for (std::size_t i = 0; i < m; ++i) ++count[(from[i] >> shift) & 0xFF];
      std::uint32_t sum = 0;
      for (auto& c : count) {
        auto k = c;
        c = sum;
        sum += k;
      }
      for (std::size_t i = 0; i < m; ++i) to[count[(from[i] >> shift) & 0xFF]++] = from[i];
      std::swap(from, to);
    }
    if (from != src) std::memcpy(src, from, m * sizeof(std::uint32_t));
  }
}

// Maps a double to a key whose unsigned order is the double's numeric order (-0 and 0,
// being equal numbers, get one key: a tie, as numpy sees it).
inline std::uint64_t order_key(double d) {
  if (d == 0) d = 0.0;
  std::uint64_t bits;
  std::memcpy(&bits, &d, 8);
  return (bits & 0x8000000000000000ULL) ? ~bits : bits ^ 0x8000000000000000ULL;
}

}  // namespace aigc::scoring
