// The public helpers of dataset.hpp: numbers as the loaders parse them, labels sorted as
// scikit-learn sorts them, and the public/private split. Loading itself is csv_load.cpp.
#include "scoring/dataset.hpp"

#include <algorithm>

#include <fast_float/fast_float.h>

#include "scoring/plain_decimal.hpp"
#include "scoring/pred_join.hpp"

namespace aigc::scoring {

using join::trim;

bool parse_number(std::string_view text, double& out) {
  text = trim(text);
  if (text.empty()) return false;
  const char* first = text.data();
  if (*first == '+') ++first;
  if (parse_plain_decimal(first, text.data() + text.size(), out)) return true;
  auto r = fast_float::from_chars(first, text.data() + text.size(), out);
  return r.ec == std::errc() && r.ptr == text.data() + text.size();
}

void sort_labels(std::vector<std::string>& labels) {
  std::vector<double> values(labels.size());
  bool numeric = true;
  for (std::size_t i = 0; i < labels.size() && numeric; ++i) numeric = parse_number(labels[i], values[i]);
  if (numeric) {
    std::vector<std::size_t> order(labels.size());
    for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
    std::vector<std::string> sorted;
    for (auto i : order) sorted.push_back(labels[i]);
    labels = std::move(sorted);
  } else {
    std::sort(labels.begin(), labels.end());
  }
}

double split_point(std::string_view id, std::uint64_t seed) {
  // FNV-1a over the id, mixed with the seed by SplitMix64: stable across platforms.
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
  std::uint64_t z = h ^ (seed + 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  z ^= z >> 31;
  return static_cast<double>(z >> 11) * 0x1.0p-53;
}

std::vector<std::uint8_t> public_mask(const IdColumn& ids, double fraction, std::uint64_t seed) {
  std::vector<std::uint8_t> mask(ids.size());
  for (std::size_t i = 0; i < ids.size(); ++i) mask[i] = split_point(ids[i], seed) < fraction;
  return mask;
}

}  // namespace aigc::scoring
