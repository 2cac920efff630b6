// A flat open-addressing hash index from byte strings (ids, labels) to dense numbers, for
// joining a million predictions to the truth: one allocation, linear probing, a 32-bit
// tag per slot so most mismatches never touch the key bytes. Keys are views the caller
// keeps alive. Not thread-safe for writes.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "scoring/column.hpp"

namespace aigc::scoring {

inline std::uint64_t hash_bytes(std::string_view s) {
  // 8 bytes at a time, multiply-xor mixing (in the spirit of wyhash); good enough for ids.
  const std::uint64_t m = 0x9E3779B97F4A7C15ULL;
  std::uint64_t h = s.size() * m;
  const char* p = s.data();
  std::size_t n = s.size();
  while (n >= 8) {
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    h = (h ^ v) * m;
    h ^= h >> 29;
    p += 8;
    n -= 8;
  }
  if (n) {
    std::uint64_t v = 0;
    std::memcpy(&v, p, n);
    h = (h ^ v) * m;
  }
  h ^= h >> 32;
  h *= 0xD6E8FEB86659FD93ULL;
  h ^= h >> 32;
  return h;
}

// Equality of short byte strings without a call to memcmp (ids and labels are short and
// compared once per row, where the call itself was a measurable share of the time).
inline bool same_bytes(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  std::size_t n = a.size(), i = 0;
  for (; i + 8 <= n; i += 8) {
    std::uint64_t x, y;
    std::memcpy(&x, a.data() + i, 8);
    std::memcpy(&y, b.data() + i, 8);
    if (x != y) return false;
  }
  for (; i < n; ++i)
    if (a[i] != b[i]) return false;
  return true;
}

class IdIndex {
 public:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFu;

  explicit IdIndex(std::size_t expected = 16) { reserve(expected); }

  // The number already stored for `key`, or kNone after storing `value` for it.
  std::uint32_t insert(std::string_view key, std::uint32_t value) {
    if ((size_ + 1) * 2 > slots_.size()) grow();
    const std::uint64_t h = hash_bytes(key);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.value == kNone) {
        s = {tag, value};
        keys_[i] = key;
        ++size_;
        return kNone;
      }
      if (s.tag == tag && same_bytes(keys_[i], key)) return s.value;
    }
  }

  std::uint32_t find(std::string_view key) const {
    const std::uint64_t h = hash_bytes(key);
    const auto tag = static_cast<std::uint32_t>(h >> 32);
    for (std::size_t i = h & mask_;; i = (i + 1) & mask_) {
      const Slot& s = slots_[i];
      if (s.value == kNone) return kNone;
      if (s.tag == tag && same_bytes(keys_[i], key)) return s.value;
    }
  }

  std::size_t size() const { return size_; }

  void reserve(std::size_t expected) {
    std::size_t cap = 16;
    while (cap < expected * 2) cap <<= 1;
    if (cap > slots_.size()) rehash(cap);
  }

 private:
  struct Slot {
    std::uint32_t tag = 0;
    std::uint32_t value = kNone;
  };
  void grow() { rehash(slots_.empty() ? 16 : slots_.size() * 2); }
  void rehash(std::size_t cap) {
    std::vector<Slot> old = std::move(slots_);
    std::vector<std::string_view> old_keys = std::move(keys_);
    slots_.assign(cap, Slot{});
    keys_.assign(cap, {});
    mask_ = cap - 1;
    size_ = 0;
    for (std::size_t i = 0; i < old.size(); ++i)
      if (old[i].value != kNone) insert(old_keys[i], old[i].value);
  }
  std::vector<Slot> slots_;
  std::vector<std::string_view> keys_;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// The truth's rows by id, for joining predictions that are not in the truth's order. A
// slot is 4 bytes: the row (plus one; 0 marks an empty slot) in its low bits and as many
// bits of the hash as are left above them as a tag (12 for a million rows: one probe in
// 4,096 compares a key in vain). The key itself is read back from the IdColumn, so a
// million ids cost 5.3 MB and no copy of the ids.
class RowIndex {
 public:
  static constexpr std::uint32_t kNone = IdIndex::kNone;

  // Indexes every row of `ids` (which must outlive the index; fewer than 2^32 - 1 rows);
  // calls `duplicate(later_row, first_row)` for each id seen before.
  template <class OnDuplicate>
  RowIndex(const IdColumn& ids, OnDuplicate&& duplicate) : ids_(ids) {
    const std::size_t n = ids.size();
    while (row_bits_ < 32 && (std::uint64_t{1} << row_bits_) <= n) ++row_bits_;
    row_mask_ = static_cast<std::uint32_t>((std::uint64_t{1} << row_bits_) - 1);
    // Three quarters full at most: probes stay short (sixteen neighbouring slots share a
    // cache line) and no power of two rounds the table up.
    slots_.assign(std::max<std::size_t>(16, n + n / 3 + 1), 0);
    // Hashes are computed a few rows ahead so each slot can be prefetched before use.
    constexpr std::size_t kAhead = 16;
    std::uint64_t ring[kAhead];
    for (std::size_t i = 0; i < n && i < kAhead; ++i) prefetch_slot(ring[i] = hash_bytes(ids[i]));
    for (std::size_t i = 0; i < n; ++i) {
      std::uint64_t h = ring[i % kAhead];
      if (i + kAhead < n) prefetch_slot(ring[i % kAhead] = hash_bytes(ids[i + kAhead]));
      if (auto first = insert(ids[i], static_cast<std::uint32_t>(i), h); first != kNone)
        duplicate(static_cast<std::uint32_t>(i), first);
    }
  }

  void prefetch_slot(std::uint64_t h) const { prefetch(&slots_[home(h)]); }
  // The row in the hash's home slot if its tag matches (usually the answer), or kNone.
  std::uint32_t candidate(std::uint64_t h) const {
    std::uint32_t s = slots_[home(h)];
    return s && (s & ~row_mask_) == tag(h) ? (s & row_mask_) - 1 : kNone;
  }
  // Once the slot is in cache: the candidate row's id entry, ahead of find().
  void prefetch_entry(std::uint64_t h) const {
    if (auto row = candidate(h); row != kNone) ids_.prefetch_entry(row);
  }

  // The row whose id is `key` (`h` = hash_bytes(key)), or kNone.
  std::uint32_t find(std::string_view key, std::uint64_t h) const {
    const std::uint32_t t = tag(h);
    for (std::size_t i = home(h);; i = next(i)) {
      std::uint32_t s = slots_[i];
      if (!s) return kNone;
      if ((s & ~row_mask_) == t && same_bytes(ids_[(s & row_mask_) - 1], key)) return (s & row_mask_) - 1;
    }
  }

 private:
  std::uint32_t insert(std::string_view key, std::uint32_t row, std::uint64_t h) {
    const std::uint32_t t = tag(h);
    for (std::size_t i = home(h);; i = next(i)) {
      std::uint32_t& s = slots_[i];
      if (!s) {
        s = t | (row + 1);
        return kNone;
      }
      if ((s & ~row_mask_) == t && same_bytes(ids_[(s & row_mask_) - 1], key)) return (s & row_mask_) - 1;
    }
  }
  // The hash's upper bits, placed above the row's (none when the row takes all 32).
  std::uint32_t tag(std::uint64_t h) const { return static_cast<std::uint32_t>(h >> 32) & ~row_mask_; }
  // The slot a hash starts at: its low 32 bits scaled to the table (any size, no modulo).
  std::size_t home(std::uint64_t h) const { return static_cast<std::size_t>(((h & 0xFFFFFFFFu) * slots_.size()) >> 32); }
  std::size_t next(std::size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }
  const IdColumn& ids_;
  unsigned row_bits_ = 0;
  std::uint32_t row_mask_ = 0;
  Column<std::uint32_t> slots_;
};

// Labels: usually a handful, looked up once per row. Up to 16 are searched linearly
// (cheaper than hashing short strings); more go through an IdIndex.
class LabelIndex {
 public:
  std::uint32_t insert(std::string_view key, std::uint32_t value) {
    if (auto found = find(key); found != IdIndex::kNone) return found;
    small_.emplace_back(key, value);
    if (small_.size() > 16 || large_.size()) large_.insert(key, value);
    if (small_.size() == 17)
      for (const auto& [k, v] : small_) large_.insert(k, v);
    return IdIndex::kNone;
  }
  std::uint32_t find(std::string_view key) const {
    if (small_.size() > 16) return large_.find(key);
    for (const auto& [k, v] : small_)
      if (same_bytes(k, key)) return v;
    return IdIndex::kNone;
  }

 private:
  std::vector<std::pair<std::string_view, std::uint32_t>> small_;
  IdIndex large_;
};

}  // namespace aigc::scoring
