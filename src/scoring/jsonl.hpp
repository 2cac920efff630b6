// JSON Lines inputs for the metrics that read CSV: one JSON object per line, the first
// line's keys acting as the header. Offers the same reading interface as CsvReader, so
// the dataset loader treats both alike. Values become text fields: strings as they are,
// numbers in shortest round-trip form, arrays of strings joined by spaces (lists).
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/input_error.hpp"

namespace aigc::scoring {

// True when the data looks like JSON Lines (its first non-blank byte is '{').
bool looks_like_jsonl(std::string_view data);

class JsonlReader {
 public:
  JsonlReader(std::string_view data, std::string file_label, InputErrors& errors);
  ~JsonlReader();
  bool read_header(std::vector<std::string_view>& header);
  bool next_row(std::size_t columns, std::vector<std::string_view>& fields, std::size_t& line);
  std::size_t position() const { return pos_; }

 private:
  bool parse_line(std::string_view text, std::size_t line, bool header_pass, std::vector<std::string_view>& out);
  // The next non-blank line, advancing past it; false at the end.
  bool next_line(std::string_view& text);
  std::string_view data_;
  std::size_t pos_ = 0;
  std::size_t line_ = 0;
  std::string file_;
  InputErrors& errors_;
  std::vector<std::string> keys_;
  std::deque<std::string> storage_;  // field texts; stable for as long as the reader lives
  struct Parser;
  Parser* parser_;
};

}  // namespace aigc::scoring
