// Storage for the per-row arrays of a scoring run (a million rows make each one several
// megabytes). Large arrays are mapped in 2 MiB-aligned blocks the kernel may back with
// huge pages: filling a 4 KiB page at a time cost a page fault each, and on a virtual
// machine the faults were a quarter of a whole `aigc score` run. Where huge pages are
// disabled or short the kernel backs the same mappings with small pages. Small arrays use
// the ordinary heap. Ids are kept as 8-byte offsets instead of 16-byte views.
#pragma once

#include <sys/mman.h>

#include <cstdint>
#include <cstring>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "scoring/prefetch.hpp"

namespace aigc::scoring {

template <class T>
struct HugePageAllocator {
  using value_type = T;
  static constexpr std::size_t kHuge = std::size_t{2} << 20;
  // Below this an array stays on the heap: a huge page would round it up too much. A
  // million 4-byte values (4.0 MB) must land above it: at 4 MiB they did not, and faulting
  // them in 4 KiB at a time was a sixth of an `aigc score --metric f1` run.
  static constexpr std::size_t kThreshold = std::size_t{1} << 20;

  HugePageAllocator() = default;
  template <class U>
  HugePageAllocator(const HugePageAllocator<U>&) {}

  T* allocate(std::size_t n) {
    std::size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) return static_cast<T*>(::operator new(bytes));
    std::size_t size = round_up(bytes);
    // Over-map by one huge page and trim, so the block starts on a 2 MiB boundary.
    void* p = ::mmap(nullptr, size + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    auto start = reinterpret_cast<std::uintptr_t>(p);
    auto aligned = (start + kHuge - 1) & ~(kHuge - 1);
    if (aligned > start) ::munmap(p, aligned - start);
    if (std::size_t tail = start + kHuge - aligned) ::munmap(reinterpret_cast<void*>(aligned + size), tail);
    ::madvise(reinterpret_cast<void*>(aligned), size, MADV_HUGEPAGE);
    return reinterpret_cast<T*>(aligned);
  }
  void deallocate(T* p, std::size_t n) {
    std::size_t bytes = n * sizeof(T);
    if (bytes < kThreshold) ::operator delete(p);
    else ::munmap(p, round_up(bytes));
  }
  // resize(n) leaves new elements default-initialized, skipping a zeroing pass over arrays
  // every row of which is about to be written; use assign(n, value) or the (n, value)
  // constructor where the values matter.
  template <class U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) { ::new (static_cast<void*>(p)) U; }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) { ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...); }
  template <class U>
  bool operator==(const HugePageAllocator<U>&) const { return true; }

 private:
  static std::size_t round_up(std::size_t bytes) { return (bytes + kHuge - 1) & ~(kHuge - 1); }
};

template <class T>
using Column = std::vector<T, HugePageAllocator<T>>;

// The truth's ids in row order. An id inside the truth buffer is stored as its offset and
// length there; one that had to be unescaped (quoted CSV, JSON) is copied to an arena.
class IdColumn {
 public:
  static constexpr std::size_t kMaxLength = (std::size_t{1} << 23) - 1;

  // `base`: the buffer most ids point into; it must outlive the column.
  void reset(std::string_view base, std::size_t expected_rows) {
    base_ = base;
    packed_.clear();
    packed_.reserve(expected_rows);
    arena_.clear();
  }
  // `id` must be at most kMaxLength bytes.
  void push_back(std::string_view id) {
    std::uint64_t offset, arena = 0;
    if (!base_.empty() && id.data() >= base_.data() && id.data() + id.size() <= base_.data() + base_.size()) {
      offset = static_cast<std::uint64_t>(id.data() - base_.data());
    } else {
      offset = arena_.size();
      arena_.append(id);
      arena = 1;
    }
    packed_.push_back(offset << 24 | static_cast<std::uint64_t>(id.size()) << 1 | arena);
  }
  // Appends another column's ids (copied to the arena unless they share this base).
  void append(const IdColumn& other) {
    if (other.base_.data() == base_.data() && other.base_.size() == base_.size() && other.arena_.empty()) {
      packed_.insert(packed_.end(), other.packed_.begin(), other.packed_.end());
      return;
    }
    for (std::size_t i = 0; i < other.size(); ++i) push_back(other[i]);
  }
  std::string_view operator[](std::size_t i) const {
    std::uint64_t p = packed_[i];
    const char* from = (p & 1) ? arena_.data() : base_.data();
    return {from + (p >> 24), static_cast<std::size_t>((p >> 1) & kMaxLength)};
  }
  // For batched random lookups: the row's entry, a step before its bytes are read.
  void prefetch_entry(std::size_t i) const { prefetch(&packed_[i]); }
  std::size_t size() const { return packed_.size(); }
  bool empty() const { return packed_.empty(); }

 private:
  std::string_view base_;
  Column<std::uint64_t> packed_;
  std::string arena_;
};

// Line numbers of rows that mostly follow one another: only a row whose line is not the
// previous row's plus one (after blank lines, multi-line quoted records or skipped bad
// rows) is stored, so a million well-formed rows cost a few bytes instead of 4 MB.
class LineMap {
 public:
  // Rows must be added in increasing order.
  void add(std::uint32_t row, std::size_t line) {
    if (!breaks_.empty() && line == at_last(row)) return;
    breaks_.push_back({row, line});
  }
  // Appends the lines of the rows after these: their rows and lines shifted by the given amounts.
  void append(const LineMap& next, std::uint32_t row_shift, std::size_t line_shift) {
    for (const auto& b : next.breaks_) add(b.row + row_shift, b.line + line_shift);
  }
  std::size_t at(std::uint32_t row) const {
    std::size_t lo = 0, hi = breaks_.size();
    while (hi - lo > 1) {
      std::size_t mid = (lo + hi) / 2;
      (breaks_[mid].row <= row ? lo : hi) = mid;
    }
    return breaks_.empty() ? 0 : breaks_[lo].line + (row - breaks_[lo].row);
  }

 private:
  struct Break {
    std::uint32_t row;
    std::size_t line;
  };
  std::size_t at_last(std::uint32_t row) const { return breaks_.back().line + (row - breaks_.back().row); }
  std::vector<Break> breaks_;
};

}  // namespace aigc::scoring
