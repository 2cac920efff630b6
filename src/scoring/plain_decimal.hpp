// Plain decimals ([-]digits[.digits], how scores are written) read without fast_float's
// general machinery: at most 15 digits make an integer m below 2^53 and 10^d is exact for
// d <= 22, so m / 10^d, one correctly rounded division, is the double nearest the decimal,
// the value fast_float returns (Clinger's fast path). Shared by parse_number and the CSV
// reader's path for rows of plain numbers, so both give the same bits.
#pragma once

#include <cstdint>

namespace aigc::scoring {

// What a plain decimal was written as: its digits as one integer, and how many of them
// follow the point.
struct PlainDecimalParts {
  std::uint64_t digits = 0;
  int decimals = 0;
  bool negative = false;
};

// Reads a plain decimal starting at p and ending at the first byte that cannot continue
// it (or at end). Returns where it ended, or nullptr when no plain decimal of at most 15
// digits starts at p.
inline const char* scan_plain_decimal(const char* p, const char* end, double& out, PlainDecimalParts* parts = nullptr) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  const bool negative = p < end && *p == '-';
  if (negative) ++p;
  std::uint64_t m = 0;
  int digits = 0, decimals = 0;
  const char* start = p;
  for (; p < end && static_cast<unsigned char>(*p - '0') < 10; ++p, ++digits) m = m * 10 + static_cast<unsigned>(*p - '0');
  const bool integer_part = p > start;
  if (p < end && *p == '.') {
    const char* fraction = ++p;
    for (; p < end && static_cast<unsigned char>(*p - '0') < 10; ++p, ++digits) m = m * 10 + static_cast<unsigned>(*p - '0');
    decimals = static_cast<int>(p - fraction);
    if (!integer_part && decimals == 0) return nullptr;
  } else if (!integer_part) {
    return nullptr;
  }
  if (digits > 15) return nullptr;
  const double v = static_cast<double>(m) / kPow10[decimals];
  out = negative ? -v : v;
  if (parts) *parts = {m, decimals, negative};
  return p;
}

// The decimal in billionths when it lies in [0, 1] with at most nine decimals (after
// dropping trailing zeros), else kNotBillionths. Exact by construction: billionths / 1e9 is the same rational as
// digits / 10^decimals, so its one correctly rounded division gives the same double
// scan_plain_decimal gave (what Dataset::fixed_scores relies on), with no check needed.
inline constexpr std::uint32_t kNotBillionths = 0xFFFFFFFFu;
inline std::uint32_t billionths(PlainDecimalParts d) {
  static constexpr std::uint32_t kScale[] = {1000000000, 100000000, 10000000, 1000000, 100000, 10000, 1000, 100, 10, 1};
  while (d.decimals > 9 && d.digits % 10 == 0) {  // 0.5000000000 is 0.5
    d.digits /= 10;
    --d.decimals;
  }
  if (d.decimals > 9 || (d.negative && d.digits != 0)) return kNotBillionths;
  const std::uint64_t b = d.digits * kScale[d.decimals];
  return b <= 1000000000 ? static_cast<std::uint32_t>(b) : kNotBillionths;
}

// The whole of [p, end) as a plain decimal; false for anything else.
inline bool parse_plain_decimal(const char* p, const char* end, double& out) {
  return scan_plain_decimal(p, end, out) == end;
}

}  // namespace aigc::scoring
