// Runs a per-row computation on contiguous parts of the rows, one thread each, joined
// before it returns. Callers keep one state per part and combine the parts in part order,
// so a result does not depend on how many threads there were when the per-part values are
// exact (integer counts) or are kept per row.
#pragma once

#include <algorithm>
#include <span>
#include <thread>
#include <vector>

namespace aigc::scoring {

// How many parts are worth a thread: one below `min_rows` rows, else one per core.
inline std::size_t row_parts(std::size_t rows, std::size_t min_rows) {
  return rows < min_rows ? 1 : std::max(1u, std::thread::hardware_concurrency());
}

template <class Row, class Fn>
void for_row_parts(std::span<const Row> rows, std::size_t parts, Fn&& fn) {
  std::size_t chunk = (rows.size() + parts - 1) / std::max<std::size_t>(parts, 1);
  auto part = [&](std::size_t p) {
    std::size_t begin = std::min(rows.size(), p * chunk);
    return rows.subspan(begin, std::min(chunk, rows.size() - begin));
  };
  std::vector<std::thread> pool;
  for (std::size_t p = 1; p < parts; ++p) pool.emplace_back([&fn, &part, p] { fn(p, part(p)); });
  fn(std::size_t{0}, part(0));
  for (auto& t : pool) t.join();
}

}  // namespace aigc::scoring
