// Words interned as dense numbers, so n-grams compare as small integers rather than as
// strings (and no separator byte inside a word can make two n-grams one). One Vocab per
// thread; ids are consistent within it.
#pragma once

#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>

#include "scoring/id_index.hpp"

namespace aigc::scoring {

class Vocab {
 public:
  std::uint32_t id(std::string_view token) {
    auto found = index_.find(token);
    if (found != IdIndex::kNone) return found;
    if (words_.size() >= (1u << 30)) throw std::length_error("more than 2^30 distinct tokens");
    words_.emplace_back(token);
    auto id = static_cast<std::uint32_t>(words_.size() - 1);
    index_.insert(words_.back(), id);
    return id;
  }
  // The id of a word already seen, or IdIndex::kNone.
  std::uint32_t find(std::string_view token) const { return index_.find(token); }
  std::size_t size() const { return words_.size(); }

 private:
  IdIndex index_{1 << 12};
  std::deque<std::string> words_;  // stable storage for the index's keys
};

}  // namespace aigc::scoring
