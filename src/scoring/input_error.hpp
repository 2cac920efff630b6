// Problems found in an input file, each located precisely: file, line, column, and what
// was expected. The list is capped; `total` counts every problem found.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace aigc::scoring {

struct InputError {
  std::string file;     // "truth" / "pred" or the path given
  std::size_t line = 0;    // 1-based; 0 when the whole file is meant
  std::size_t column = 0;  // 1-based field number; 0 when the whole line is meant
  std::string message;  // what is wrong and what was expected
};

class InputErrors {
 public:
  static constexpr std::size_t kMaxKept = 50;
  void add(const std::string& file, std::size_t line, std::size_t column, std::string message) {
    ++total_;
    if (kept_.size() < kMaxKept) kept_.push_back({file, line, column, std::move(message)});
  }
  bool empty() const { return total_ == 0; }
  std::size_t total() const { return total_; }
  const std::vector<InputError>& kept() const { return kept_; }
  // Renumbers the kept problems' lines (for a chunk read without knowing where it starts).
  void shift_lines(std::size_t by) {
    for (auto& e : kept_)
      if (e.line) e.line += by;
  }
  void merge(const InputErrors& other) {
    for (const auto& e : other.kept_) add(e.file, e.line, e.column, e.message);
    total_ += other.total_ - other.kept_.size();
  }

 private:
  std::vector<InputError> kept_;
  std::size_t total_ = 0;
};

}  // namespace aigc::scoring
