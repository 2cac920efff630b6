// Software prefetches that the optimizer keeps. GCC 12 does not count __builtin_prefetch
// as a side effect: a loop that only prefetches (the join's lookup stages) is deleted
// whole, and with it every prefetch the batched lookups were built on. An empty volatile
// asm that takes the address is a side effect the compiler must keep, so the prefetch
// before it stays; it costs no instruction.
#pragma once

namespace aigc::scoring {

inline void prefetch(const void* p) {
  __builtin_prefetch(p);
  asm volatile("" : : "r"(p));
}

// For a line about to be written.
inline void prefetch_for_write(const void* p) {
  __builtin_prefetch(p, 1);
  asm volatile("" : : "r"(p));
}

}  // namespace aigc::scoring
