// Problems found in an input file, each located precisely (file, line, column) and worded
// as a code plus the values it names: the web layer words the code in the reader's language,
// the CLI prints the English text made from the same table (input_error.cpp). The list is
// capped; `total` counts every problem found.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace aigc::scoring {

// The values a problem names, in the order its wording uses them: {"id", "'a7'"}.
using ProblemArgs = std::vector<std::pair<std::string, std::string>>;

struct InputError {
  std::string file;     // "truth" / "pred" or the path given
  std::size_t line = 0;    // 1-based; 0 when the whole file is meant
  std::size_t column = 0;  // 1-based field number; 0 when the whole line is meant
  std::string code;     // e.g. "unknown_id"; the i18n key is "scoring.<code>"
  ProblemArgs args;
  std::string message;  // the English wording (for the CLI and as a fallback)
};

// The English wording of a code with its values filled in. Every code the engine reports
// is in the table; an unknown one (a bug) reads as the code itself.
std::string english_wording(std::string_view code, const ProblemArgs& args);
// Every code and its English template ("unknown id {id} (not in the truth)"), for the test
// that keeps the web catalogs in step with the engine.
const std::vector<std::pair<std::string_view, std::string_view>>& problem_wordings();

class InputErrors {
 public:
  static constexpr std::size_t kMaxKept = 50;
  static constexpr std::size_t kMaxRefusedRows = 1000;
  void add(const std::string& file, std::size_t line, std::size_t column, std::string_view code, ProblemArgs args = {}) {
    ++total_;
    if (kept_.size() >= kMaxKept) return;
    auto message = english_wording(code, args);
    kept_.push_back({file, line, column, std::string(code), std::move(args), std::move(message)});
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
    for (const auto& e : other.kept_) add(e.file, e.line, e.column, e.code, e.args);
    total_ += other.total_ - other.kept_.size();
    for (const auto& r : other.refused_)
      if (refused_.size() < kMaxRefusedRows) refused_.push_back(r);
  }
  // Keeps the fields of a row refused whole (a wrong field count, bad UTF-8, a missing key),
  // so the join does not report its id as missing too: each bad line is reported once.
  template <class Fields>
  void refuse_row(const Fields& fields) {
    if (refused_.size() < kMaxRefusedRows) refused_.emplace_back(fields.begin(), fields.end());
  }
  const std::vector<std::vector<std::string>>& refused_rows() const { return refused_; }
  // Orders the kept problems as a reader reads the file: by file, then line; problems of
  // the whole file (line 0) after the lines.
  void sort();

 private:
  std::vector<InputError> kept_;
  std::size_t total_ = 0;
  std::vector<std::vector<std::string>> refused_;
};

}  // namespace aigc::scoring
