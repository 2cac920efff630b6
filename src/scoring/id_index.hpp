// A flat open-addressing hash index from byte strings (ids, labels) to dense numbers, for
// joining a million predictions to the truth: one allocation, linear probing, a 32-bit
// tag per slot so most mismatches never touch the key bytes. Keys are views the caller
// keeps alive. Not thread-safe for writes.
#pragma once

#include <array>
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

// An id that is a canonical decimal integer (digits only, no leading zero, at most 19
// digits) as its value: for such ids equal text and equal value are the same thing.
inline bool canonical_integer(std::string_view id, std::uint64_t& value) {
  if (id.empty() || id.size() > 19 || (id[0] == '0' && id.size() > 1)) return false;
  std::uint64_t v = 0;
  for (char c : id) {
    auto d = static_cast<unsigned>(c - '0');
    if (d > 9) return false;
    v = v * 10 + d;
  }
  value = v;
  return true;
}

// A 64-bit integer's hash (a bijective mix: distinct values never collide in full).
inline std::uint64_t hash_integer(std::uint64_t v) {
  v ^= v >> 33;
  v *= 0xFF51AFD7ED558CCDULL;
  v ^= v >> 33;
  v *= 0xC4CEB9FE1A85EC53ULL;
  v ^= v >> 33;
  return v;
}

// The truth's rows by id, for joining predictions that are not in the truth's order. A
// slot is 4 bytes: the row (plus one; 0 marks an empty slot) in its low bits and as many
// bits of the hash as are left above them as a tag (12 for a million rows: one probe in
// 4,096 compares a key in vain). The key itself is read back from the IdColumn, so a
// million ids cost 5.3 MB and no copy of the ids. When every truth id is a canonical
// integer, the caller passes their values and keys are compared as numbers: one 8-byte
// load from an array in huge pages instead of the id's entry and then its bytes in the
// file (two dependent misses, the second one not prefetchable ahead of the slot).
class RowIndex {
 public:
  static constexpr std::uint32_t kNone = IdIndex::kNone;

  // What a lookup needs of an id, computed once (and prefetched by) before the lookup.
  struct Probe {
    std::uint64_t hash = 0;
    std::uint64_t value = 0;
    bool integer = false;  // in integer mode: the id is canonical (else it matches nothing)
  };

  // Indexes every row of `ids` (which must outlive the index; fewer than 2^32 - 1 rows);
  // calls `duplicate(later_row, first_row)` for each id seen before. `values`, when given,
  // holds every id's canonical_integer value (and must outlive the index too).
  template <class OnDuplicate>
  RowIndex(const IdColumn& ids, const Column<std::uint64_t>* values, OnDuplicate&& duplicate) : ids_(ids), values_(values) {
    const std::size_t n = ids.size();
    while (row_bits_ < 32 && (std::uint64_t{1} << row_bits_) <= n) ++row_bits_;
    row_mask_ = static_cast<std::uint32_t>((std::uint64_t{1} << row_bits_) - 1);
    // Three quarters full at most: probes stay short (sixteen neighbouring slots share a
    // cache line) and no power of two rounds the table up. Joined by value, half full: more
    // keys sit in their home slot, whose value is the one prefetched (f1 on a million
    // shuffled integer ids 1.07x faster, paired; by text no faster, and 2.7 MB over the
    // memory bound).
    slots_.assign(std::max<std::size_t>(16, values_ ? n * 2 : n + n / 3 + 1), 0);
    // Hashes are computed a few rows ahead so each slot can be prefetched before use.
    constexpr std::size_t kAhead = 16;
    Probe ring[kAhead];
    auto probe_row = [&](std::size_t i) {
      Probe p;
      if (values_) {
        p.value = (*values_)[i];
        p.integer = true;
        p.hash = hash_integer(p.value);
      } else {
        p.hash = hash_bytes(ids[i]);
      }
      prefetch_slot(p);
      return p;
    };
    for (std::size_t i = 0; i < n && i < kAhead; ++i) ring[i] = probe_row(i);
    for (std::size_t i = 0; i < n; ++i) {
      Probe p = ring[i % kAhead];
      if (i + kAhead < n) ring[i % kAhead] = probe_row(i + kAhead);
      if (auto first = insert(ids[i], p, static_cast<std::uint32_t>(i)); first != kNone)
        duplicate(static_cast<std::uint32_t>(i), first);
    }
  }
  template <class OnDuplicate>
  RowIndex(const IdColumn& ids, OnDuplicate&& duplicate) : RowIndex(ids, nullptr, std::forward<OnDuplicate>(duplicate)) {}

  Probe probe(std::string_view key) const {
    Probe p;
    if (!values_) p.hash = hash_bytes(key);
    else if ((p.integer = canonical_integer(key, p.value))) p.hash = hash_integer(p.value);
    return p;
  }
  void prefetch_slot(const Probe& p) const { prefetch(&slots_[home(p.hash)]); }
  // Once the slot is in cache: what the candidate row's key is read from, ahead of find().
  // The candidate is the first slot from home whose tag matches, not the home slot: three
  // quarters full, a key is found past its home more often than in it (f1 on a million
  // shuffled integer ids 1.05x faster, paired).
  void prefetch_entry(const Probe& p) const {
    const std::uint32_t t = tag(p.hash);
    std::size_t i = home(p.hash);
    for (int step = 0; step < 8; ++step, i = next(i)) {
      std::uint32_t s = slots_[i];
      if (!s) return;
      if ((s & ~row_mask_) != t) continue;
      if (values_) prefetch(&(*values_)[(s & row_mask_) - 1]);
      else ids_.prefetch_entry((s & row_mask_) - 1);
      return;
    }
  }

  // The row whose id is `key` (`p` = probe(key)), or kNone.
  std::uint32_t find(std::string_view key, const Probe& p) const {
    if (values_ && !p.integer) return kNone;
    const std::uint32_t t = tag(p.hash);
    for (std::size_t i = home(p.hash);; i = next(i)) {
      std::uint32_t s = slots_[i];
      if (!s) return kNone;
      if ((s & ~row_mask_) == t && same_key((s & row_mask_) - 1, key, p)) return (s & row_mask_) - 1;
    }
  }
  std::uint32_t find(std::string_view key) const { return find(key, probe(key)); }

 private:
  std::uint32_t insert(std::string_view key, const Probe& p, std::uint32_t row) {
    const std::uint32_t t = tag(p.hash);
    for (std::size_t i = home(p.hash);; i = next(i)) {
      std::uint32_t& s = slots_[i];
      if (!s) {
        s = t | (row + 1);
        return kNone;
      }
      if ((s & ~row_mask_) == t && same_key((s & row_mask_) - 1, key, p)) return (s & row_mask_) - 1;
    }
  }
  bool same_key(std::uint32_t row, std::string_view key, const Probe& p) const {
    return values_ ? (*values_)[row] == p.value : same_bytes(ids_[row], key);
  }
  // The hash's upper bits, placed above the row's (none when the row takes all 32).
  std::uint32_t tag(std::uint64_t h) const { return static_cast<std::uint32_t>(h >> 32) & ~row_mask_; }
  // The slot a hash starts at: its low 32 bits scaled to the table (any size, no modulo).
  std::size_t home(std::uint64_t h) const { return static_cast<std::size_t>(((h & 0xFFFFFFFFu) * slots_.size()) >> 32); }
  std::size_t next(std::size_t i) const { return i + 1 == slots_.size() ? 0 : i + 1; }
  const IdColumn& ids_;
  const Column<std::uint64_t>* values_ = nullptr;
  unsigned row_bits_ = 0;
  std::uint32_t row_mask_ = 0;
  Column<std::uint32_t> slots_;
};

// Labels: usually a handful, looked up once per row. A one-byte label (a digit class: the
// common case) is found by its byte in a table; up to 16 others are searched linearly
// (cheaper than hashing short strings); more go through an IdIndex.
class LabelIndex {
 public:
  LabelIndex() { one_byte_.fill(IdIndex::kNone); }
  std::uint32_t insert(std::string_view key, std::uint32_t value) {
    if (auto found = find(key); found != IdIndex::kNone) return found;
    if (key.size() == 1) one_byte_[static_cast<unsigned char>(key[0])] = value;
    small_.emplace_back(key, value);
    if (small_.size() > 16 || large_.size()) large_.insert(key, value);
    if (small_.size() == 17)
      for (const auto& [k, v] : small_) large_.insert(k, v);
    return IdIndex::kNone;
  }
  std::uint32_t find(std::string_view key) const {
    if (key.size() == 1) return one_byte_[static_cast<unsigned char>(key[0])];
    if (small_.size() > 16) return large_.find(key);
    for (const auto& [k, v] : small_)
      if (same_bytes(k, key)) return v;
    return IdIndex::kNone;
  }

 private:
  std::array<std::uint32_t, 256> one_byte_;
  std::vector<std::pair<std::string_view, std::uint32_t>> small_;
  IdIndex large_;
};

}  // namespace aigc::scoring
