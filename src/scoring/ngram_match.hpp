// Clipped n-gram matches between sequences of symbols (code points for chrF's character
// n-grams, word ids for chrF++'s and BLEU's word n-grams), counted exactly:
// an n-gram is looked up by a hash of its window and confirmed by comparing the symbols
// themselves, so no separator byte or hash collision can make two n-grams one. One matcher
// per thread; it keeps its table between calls so a row costs no allocation.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace aigc::scoring {

class NgramMatcher {
 public:
  struct Counts {
    double hyp = 0, ref = 0, match = 0;  // n-grams in each, and min-clipped matches
  };

  // For each order n in 1..max_order, the counts of order n, in out[n - 1].
  void match(std::span<const std::uint32_t> hyp, std::span<const std::uint32_t> ref, int max_order, Counts* out) {
    hyp_hash_.assign(hyp.size(), 0);
    ref_hash_.assign(ref.size(), 0);
    for (int n = 1; n <= max_order; ++n) {
      const std::size_t len = static_cast<std::size_t>(n);
      Counts& c = out[n - 1];
      c = {};
      if (hyp.size() >= len) {
        extend(hyp_hash_, hyp, len);
        c.hyp = static_cast<double>(hyp.size() - len + 1);
      }
      if (ref.size() >= len) {
        extend(ref_hash_, ref, len);
        c.ref = static_cast<double>(ref.size() - len + 1);
      }
      if (c.hyp == 0 || c.ref == 0) continue;
      begin(hyp.size() - len + 1);
      for (std::size_t i = 0; i + len <= hyp.size(); ++i) add(hyp, i, len, hyp_hash_[i]);
      double match = 0;
      for (std::size_t i = 0; i + len <= ref.size(); ++i) match += take(hyp, ref, i, len, ref_hash_[i]);
      c.match = match;
    }
  }

  // BLEU's clipping: for each order n in 1..max_order, the hypothesis's n-grams counted
  // (hyp) and each clipped by its largest count in any one reference (match).
  template <class Refs>
  void match_best_of(std::span<const std::uint32_t> hyp, const Refs& refs, int max_order, Counts* out) {
    hyp_hash_.assign(hyp.size(), 0);
    ref_hashes_.resize(refs.size());
    for (std::size_t r = 0; r < refs.size(); ++r) ref_hashes_[r].assign(refs[r].size(), 0);
    for (int n = 1; n <= max_order; ++n) {
      const std::size_t len = static_cast<std::size_t>(n);
      Counts& c = out[n - 1];
      c = {};
      if (hyp.size() < len) continue;
      extend(hyp_hash_, hyp, len);
      c.hyp = static_cast<double>(hyp.size() - len + 1);
      begin(hyp.size() - len + 1);
      used_.clear();
      for (std::size_t i = 0; i + len <= hyp.size(); ++i) used_.push_back(add(hyp, i, len, hyp_hash_[i]));
      for (std::size_t r = 0; r < refs.size(); ++r) {
        std::span<const std::uint32_t> ref = refs[r];
        if (ref.size() < len) continue;
        extend(ref_hashes_[r], ref, len);
        for (auto i : used_) slots_[i].in_ref = 0;
        for (std::size_t i = 0; i + len <= ref.size(); ++i) count_in_ref(hyp, ref, i, len, ref_hashes_[r][i]);
        for (auto i : used_) slots_[i].best = std::max(slots_[i].best, slots_[i].in_ref);
      }
      double match = 0;
      for (auto i : used_) {
        Slot& s = slots_[i];
        if (s.count == 0) continue;  // counted already (used_ lists a slot once per occurrence)
        match += std::min(s.count, s.best);
        s.count = 0;
      }
      c.match = match;
    }
  }

 private:
  struct Slot {
    std::uint64_t hash;
    std::uint32_t pos;    // where the n-gram starts in hyp
    std::uint32_t count;  // hyp occurrences (not yet matched, for match())
    std::uint32_t stamp;  // the slot is in use when it equals stamp_
    std::uint32_t in_ref = 0, best = 0;  // match_best_of: occurrences in this reference, most in any
  };

  // hash[i] becomes the hash of window [i, i + len) from that of [i, i + len - 1).
  static void extend(std::vector<std::uint64_t>& hash, std::span<const std::uint32_t> s, std::size_t len) {
    for (std::size_t i = 0; i + len <= s.size(); ++i) {
      std::uint64_t h = (hash[i] ^ s[i + len - 1]) * 0x9E3779B97F4A7C15ULL;
      hash[i] = h ^ (h >> 29);
    }
  }

  void begin(std::size_t entries) {
    std::size_t cap = 16;
    while (cap < entries * 2) cap <<= 1;
    if (slots_.size() < cap) {
      slots_.assign(cap, Slot{0, 0, 0, 0, 0, 0});
      stamp_ = 0;
    }
    mask_ = cap - 1;
    if (++stamp_ == 0) {  // wrapped: clear for real
      for (auto& s : slots_) s.stamp = 0;
      stamp_ = 1;
    }
  }

  static bool same(std::span<const std::uint32_t> a, std::size_t i, std::span<const std::uint32_t> b, std::size_t j, std::size_t len) {
    for (std::size_t k = 0; k < len; ++k)
      if (a[i + k] != b[j + k]) return false;
    return true;
  }

  // Counts one hyp occurrence; returns its slot.
  std::size_t add(std::span<const std::uint32_t> hyp, std::size_t pos, std::size_t len, std::uint64_t h) {
    for (std::size_t i = (h >> 7) & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.stamp != stamp_) {
        s = {h, static_cast<std::uint32_t>(pos), 1, stamp_, 0, 0};
        return i;
      }
      if (s.hash == h && same(hyp, s.pos, hyp, pos, len)) {
        ++s.count;
        return i;
      }
    }
  }

  void count_in_ref(std::span<const std::uint32_t> hyp, std::span<const std::uint32_t> ref, std::size_t pos, std::size_t len, std::uint64_t h) {
    for (std::size_t i = (h >> 7) & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.stamp != stamp_) return;
      if (s.hash == h && same(hyp, s.pos, ref, pos, len)) {
        ++s.in_ref;
        return;
      }
    }
  }

  double take(std::span<const std::uint32_t> hyp, std::span<const std::uint32_t> ref, std::size_t pos, std::size_t len, std::uint64_t h) {
    for (std::size_t i = (h >> 7) & mask_;; i = (i + 1) & mask_) {
      Slot& s = slots_[i];
      if (s.stamp != stamp_) return 0;
      if (s.hash == h && same(hyp, s.pos, ref, pos, len)) {
        if (s.count == 0) return 0;
        --s.count;
        return 1;
      }
    }
  }

  std::vector<std::uint64_t> hyp_hash_, ref_hash_;
  std::vector<std::vector<std::uint64_t>> ref_hashes_;
  std::vector<std::size_t> used_;
  std::vector<Slot> slots_;
  std::size_t mask_ = 0;
  std::uint32_t stamp_ = 0;
};

}  // namespace aigc::scoring
