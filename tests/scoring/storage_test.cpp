// The loader's storage helpers: sorts that the duplicate check and ROC AUC rest on, the
// compact id and line columns, and the row index that joins shuffled predictions.
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cstring>
#include <random>

#include <fast_float/fast_float.h>

#include "scoring/column.hpp"
#include "scoring/dataset.hpp"
#include "scoring/id_index.hpp"
#include "scoring/plain_decimal.hpp"
#include "scoring/radix_sort.hpp"

namespace aigc::scoring {

TEST(Sorting, HashesSortInPlaceLikeStdSortWhateverTheirSpread) {
  std::mt19937 rng(7);
  for (std::size_t n : {0, 1, 63, 5000, 300000}) {
    for (std::uint32_t top_mask : {0xFFFFFFFFu, 0x00FFFFFFu, 0x0000000Fu}) {  // spread, one bucket, many ties
      std::vector<std::uint32_t> v(n);
      for (auto& x : v) x = static_cast<std::uint32_t>(rng()) & top_mask;
      auto expected = v;
      std::sort(expected.begin(), expected.end());
      sort_hashes_in_place(v.data(), v.size());
      ASSERT_EQ(v, expected) << n << " " << top_mask;
    }
  }
}

TEST(Sorting, RadixSortOfScoreKeysIsNumericOrder) {
  std::mt19937_64 rng(11);
  std::vector<double> values = {0.0, -0.0, 1.0, -1.5, 1e-300, -1e300, 0.5, 0.5};
  for (int i = 0; i < 100000; ++i) values.push_back(std::uniform_real_distribution<double>(-2, 2)(rng));
  std::vector<std::uint64_t> keys, tmp(values.size());
  for (double d : values) keys.push_back(order_key(d));
  sort_score_keys(keys.data(), keys.size(), tmp.data());
  std::sort(values.begin(), values.end());
  for (std::size_t i = 1; i < keys.size(); ++i) ASSERT_LE(keys[i - 1], keys[i]);
  for (std::size_t i = 0; i < values.size(); ++i) ASSERT_EQ(keys[i], order_key(values[i])) << i;
  EXPECT_EQ(order_key(-0.0), order_key(0.0));  // equal numbers tie, as in scikit-learn
}

TEST(Sorting, UpperHalfSortOrdersSpreadAndCrowdedKeysExactly) {
  std::mt19937_64 rng(5);
  for (double width : {2.0, 1e-9, 0.0}) {  // spread, crowded into a few upper halves, all tied
    std::vector<std::uint64_t> keys, tmp(200000);
    for (int i = 0; i < 200000; ++i) keys.push_back(order_key(0.5 + width * std::uniform_real_distribution<double>(-1, 1)(rng)));
    auto expected = keys;
    std::sort(expected.begin(), expected.end());
    sort_score_keys(keys.data(), keys.size(), tmp.data());
    ASSERT_EQ(keys, expected) << width;
  }
}

TEST(Sorting, FixedKeysSortLikeStdSortWhateverTheirSpread) {
  std::mt19937 rng(3);
  for (std::size_t n : {0, 1, 2, 1000, 250000}) {
    // spread over all 30 bits, only the low digit varying, only the high one, all tied
    for (std::uint32_t mask : {(1u << 30) - 1, (1u << 15) - 1, ((1u << 30) - 1) & ~((1u << 15) - 1), 0u}) {
      std::vector<std::uint32_t> v(n), tmp(n);
      for (auto& x : v) x = (static_cast<std::uint32_t>(rng()) & mask) | (mask ? 0 : 12345);
      auto expected = v;
      std::sort(expected.begin(), expected.end());
      sort_fixed_keys(v.data(), v.size(), tmp.data());
      ASSERT_EQ(v, expected) << n << " " << mask;
    }
  }
}

TEST(Columns, IdsComeBackFromTheBufferOrTheArenaAndLargeArraysWork) {
  std::string buffer = "alpha,beta";
  IdColumn ids;
  ids.reset(buffer, 2);
  ids.push_back(std::string_view(buffer).substr(0, 5));
  std::string unescaped = "ga\"mma";  // outside the buffer: copied
  ids.push_back(unescaped);
  unescaped = "changed";
  ids.push_back(std::string_view(buffer).substr(6));
  ASSERT_EQ(ids.size(), 3u);
  EXPECT_EQ(ids[0], "alpha");
  EXPECT_EQ(ids[1], "ga\"mma");
  EXPECT_EQ(ids[2], "beta");
  Column<double> big(3 << 20, 1.5);  // 24 MB: mapped, not from the heap
  big.resize(big.size() + 1, 2.5);
  EXPECT_EQ(big.front(), 1.5);
  EXPECT_EQ(big.back(), 2.5);
}

TEST(Columns, LineMapStoresOnlyBreaksInTheSequence) {
  LineMap lines;
  lines.add(0, 2);
  lines.add(1, 3);
  lines.add(2, 5);   // after a blank line
  lines.add(3, 6);
  lines.add(4, 9);   // after a record spanning lines 6-8
  EXPECT_EQ(lines.at(0), 2u);
  EXPECT_EQ(lines.at(1), 3u);
  EXPECT_EQ(lines.at(2), 5u);
  EXPECT_EQ(lines.at(3), 6u);
  EXPECT_EQ(lines.at(4), 9u);
}

// The slot packs the row and a tag into 32 bits, their split set by the row count: sizes
// on both sides of a power of two, so the last row takes the top row bit.
TEST(RowIndex, FindsEveryRowAndNoStrangerAtEverySplitOfTheSlot) {
  for (std::size_t n : {1u, 2u, 3u, 255u, 256u, 257u, 65535u, 65536u, 100000u}) {
    std::string buffer;
    for (std::size_t i = 0; i < n; ++i) buffer += "id" + std::to_string(i * 7919 % 1000003) + ",";
    IdColumn ids;
    ids.reset(buffer, n);
    for (std::size_t start = 0, i = 0; i < n; ++i) {
      auto comma = buffer.find(',', start);
      ids.push_back(std::string_view(buffer).substr(start, comma - start));
      start = comma + 1;
    }
    int duplicates = 0;
    RowIndex index(ids, [&](std::uint32_t, std::uint32_t) { ++duplicates; });
    EXPECT_EQ(duplicates, 0) << n;
    for (std::size_t i = 0; i < n; ++i) {
      std::string_view id = ids[i];
      ASSERT_EQ(index.find(id), i) << n;
    }
    for (const std::string& stranger : {std::string("id"), std::string("id1000003"), "x" + std::string(ids[0])})
      EXPECT_EQ(index.find(stranger), RowIndex::kNone) << n;
  }
}

TEST(RowIndex, ReportsEachRepeatAgainstTheFirstRow) {
  std::string buffer = "a,b,a,c,b,a";
  IdColumn ids;
  ids.reset(buffer, 6);
  for (std::size_t i = 0; i < buffer.size(); i += 2) ids.push_back(std::string_view(buffer).substr(i, 1));
  std::vector<std::pair<std::uint32_t, std::uint32_t>> repeats;
  RowIndex index(ids, [&](std::uint32_t later, std::uint32_t first) { repeats.emplace_back(later, first); });
  std::vector<std::pair<std::uint32_t, std::uint32_t>> expected = {{2, 0}, {4, 1}, {5, 0}};
  EXPECT_EQ(repeats, expected);
  EXPECT_EQ(index.find("c"), 3u);
}

TEST(RowIndex, CanonicalIntegersAreDigitsWithoutALeadingZero) {
  std::uint64_t v = 1;
  EXPECT_TRUE(canonical_integer("0", v));
  EXPECT_EQ(v, 0u);
  EXPECT_TRUE(canonical_integer("9999999999999999999", v));  // 19 digits: the most kept
  EXPECT_EQ(v, 9999999999999999999ULL);
  for (std::string_view s : {"", "00", "07", "+7", "-7", "7.0", "1e3", " 7", "7 ", "0x10", "10000000000000000000", "١٢"})
    EXPECT_FALSE(canonical_integer(s, v)) << s;
}

// Integer mode: the same rows as by text for every id a prediction may bring, including
// texts of the same number that are not the same id ("07", "+7"), and repeats by value.
TEST(RowIndex, IdsJoinedByValueFindWhatTheirTextFinds) {
  std::mt19937_64 rng(7);
  std::string buffer;
  std::vector<std::uint64_t> numbers;
  for (int i = 0; i < 50000; ++i) numbers.push_back(i % 5 == 0 ? rng() % 100 : i % 7 == 0 ? rng() % 10000000000000000000ULL : rng() % 1000000000000ULL);
  numbers.push_back(numbers[10]);  // a repeat
  for (auto x : numbers) buffer += std::to_string(x) + ",";
  IdColumn ids;
  ids.reset(buffer, numbers.size());
  Column<std::uint64_t> values;
  for (std::size_t start = 0, i = 0; i < numbers.size(); ++i) {
    auto comma = buffer.find(',', start);
    auto id = std::string_view(buffer).substr(start, comma - start);
    ids.push_back(id);
    std::uint64_t v = 0;
    ASSERT_TRUE(canonical_integer(id, v)) << id;
    values.push_back(v);
    start = comma + 1;
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_text_repeats, by_value_repeats;
  RowIndex by_text(ids, [&](std::uint32_t later, std::uint32_t first) { by_text_repeats.emplace_back(later, first); });
  RowIndex by_value(ids, &values, [&](std::uint32_t later, std::uint32_t first) { by_value_repeats.emplace_back(later, first); });
  EXPECT_FALSE(by_text_repeats.empty());
  EXPECT_EQ(by_value_repeats, by_text_repeats);
  std::vector<std::string> probes;
  for (std::size_t i = 0; i < ids.size(); i += 3) {
    std::string id(ids[i]);
    probes.push_back(id);
    probes.push_back("0" + id);
    probes.push_back("+" + id);
    probes.push_back(id + "0");
    probes.push_back(std::to_string(values[i] + 1));
  }
  for (const auto& p : probes) ASSERT_EQ(by_value.find(p), by_text.find(p)) << p;
}

// parse_number reads plain decimals itself and leaves the rest to fast_float: every string
// must give the same verdict and the same double, bit for bit, as fast_float alone.
TEST(Numbers, PlainDecimalsParseToTheSameDoubleAsFastFloat) {
  auto reference = [](std::string_view s, double& v) {
    const char* first = s.data();
    if (!s.empty() && *first == '+') ++first;
    auto r = fast_float::from_chars(first, s.data() + s.size(), v);
    return !s.empty() && r.ec == std::errc() && r.ptr == s.data() + s.size();
  };
  std::vector<std::string> cases = {"0", "-0", "1.", ".5", "-.5", "+.5", "00.10", "1.5e3", "1e-7", ".", "-", "+-5",
                                    "1..2", "1.2.3", "12a", "inf", "nan", "0.1", "0.3", "2.675", "123456789012345",
                                    "1234567890123456", "0.000000000000001", "0.1000000000000001", "9007199254740993",
                                    "999999999999999.9", "-999999999999999", "0.99999999999999999"};
  std::mt19937_64 g(7);
  for (int i = 0; i < 200000; ++i) {
    std::string s = (g() % 5 == 0) ? "-" : "";
    int int_digits = static_cast<int>(g() % 6), frac_digits = static_cast<int>(g() % 18);
    for (int d = 0; d < int_digits; ++d) s += static_cast<char>('0' + g() % 10);
    if (g() % 8) {
      s += '.';
      for (int d = 0; d < frac_digits; ++d) s += static_cast<char>('0' + g() % 10);
    }
    cases.push_back(s);
  }
  for (const auto& s : cases) {
    double ours = 0, theirs = 0;
    bool ok = parse_number(s, ours), ref = reference(s, theirs);
    ASSERT_EQ(ok, ref) << "'" << s << "'";
    if (ok) {
      std::uint64_t a, b;
      std::memcpy(&a, &ours, 8);
      std::memcpy(&b, &theirs, 8);
      ASSERT_EQ(a, b) << "'" << s << "': " << ours << " vs " << theirs;
    }
  }
  // Inside a file (the CSV reader's one-pass path) a decimal followed by any byte that
  // cannot continue it (those next to the digits included) must end there, with the same
  // value as when it ends the buffer.
  for (const auto& s : cases)
    for (char after : {',', '\n', '\r', '/', ':', ' ', 'e', '\0', '\x80', '\xBA', '\xFF'}) {
      const std::string buffer = s + after + "0123456789.5e-3,";
      double whole = 0, inside = 0;
      const char* a = scan_plain_decimal(s.data(), s.data() + s.size(), whole);
      const char* b = scan_plain_decimal(buffer.data(), buffer.data() + buffer.size(), inside);
      ASSERT_EQ(a == nullptr, b == nullptr) << "'" << s << "' + " << int(after);
      if (!a) continue;
      ASSERT_EQ(a - s.data(), b - buffer.data()) << "'" << s << "' + " << int(after);
      ASSERT_EQ(std::bit_cast<std::uint64_t>(whole), std::bit_cast<std::uint64_t>(inside)) << "'" << s << "'";
    }
}

// A fixed score is exact or refused: decimals of at most nine places in [0, 1] become
// integers whose quotient by 1e9 is the very double parsing gives, in the same order;
// anything else (more places, out of range) is refused.
TEST(Numbers, FixedScoresAreTheParsedDoubleOrRefused) {
  std::mt19937_64 g(9);
  std::vector<std::pair<std::uint32_t, double>> accepted;
  for (int i = 0; i < 200000; ++i) {
    const int places = 1 + static_cast<int>(g() % 9);
    std::uint64_t scale = 1;
    for (int p = 0; p < places; ++p) scale *= 10;
    const std::uint64_t m = g() % (scale + 1);  // 0 ... 1 in steps of 10^-places
    std::string s = std::to_string(m / scale) + "." + std::to_string(scale + m % scale).substr(1);
    double v;
    ASSERT_TRUE(parse_number(s, v)) << s;
    std::uint32_t fixed = 0;
    ASSERT_TRUE(to_fixed_score(v, fixed)) << s;
    ASSERT_EQ(fixed, m * (1000000000 / scale)) << s;
    ASSERT_EQ(fixed / Dataset::kFixedScale, v) << s;
    accepted.emplace_back(fixed, v);
  }
  std::sort(accepted.begin(), accepted.end());
  for (std::size_t i = 1; i < accepted.size(); ++i)  // integers and doubles order and tie alike
    ASSERT_EQ(accepted[i - 1].first < accepted[i].first, accepted[i - 1].second < accepted[i].second) << i;
  std::uint32_t fixed;
  for (double refused : {0.1234567891, 1e-10, 0.5 + 1e-12, -1e-9, 1.000000001, 2.0, -0.5, 1.0 / 3})
    EXPECT_FALSE(to_fixed_score(refused, fixed)) << refused;
  EXPECT_TRUE(to_fixed_score(-0.0, fixed) && fixed == 0);  // equal to 0, and ties with it
  EXPECT_TRUE(to_fixed_score(1.0, fixed) && fixed == 1000000000u);
  // The CSV reader counts billionths from the digits as written: always the same verdict
  // and integer as this check of the parsed double.
  std::vector<std::string> spelled = {"0", "-0", "-0.000", "1", "1.000000000000", "0.5000000000", "0.0000000001", "1.000000001", "-0.1", "2"};
  for (int i = 0; i < 300000; ++i) {
    std::string s = (g() % 8 == 0) ? "-" : "";
    s += (g() % 6 == 0) ? "1" : "0";
    s += '.';
    const int places = static_cast<int>(g() % 15);
    for (int d = 0; d < places; ++d) s += static_cast<char>('0' + ((g() % 3 == 0) ? 0 : g() % 10));
    spelled.push_back(s);
  }
  for (const auto& s : spelled) {
    double v;
    PlainDecimalParts parts;
    ASSERT_EQ(scan_plain_decimal(s.data(), s.data() + s.size(), v, &parts), s.data() + s.size()) << s;
    const bool ok = to_fixed_score(v, fixed);
    ASSERT_EQ(billionths(parts), ok ? fixed : kNotBillionths) << s;
  }
}

}  // namespace aigc::scoring
