// A fast streaming RFC 4180 CSV reader for scoring inputs: quoted fields with embedded
// commas, quotes and newlines; CRLF or LF; UTF-8 with or without BOM. Fields are views
// into the caller's buffer, or into the reader's own stable storage when a quoted field
// had to be unescaped; they live as long as both. Bad rows are reported to InputErrors
// with line and column and skipped, so one pass finds every problem. Never throws on input.
#pragma once

#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/input_error.hpp"

namespace aigc::scoring {

class CsvReader {
 public:
  // `first_line` numbers the data's first line (a chunk of a larger file starts later).
  CsvReader(std::string_view data, std::string file_label, InputErrors& errors, std::size_t first_line = 1);

  // Reads the header row. False (with an error) for an empty or non-UTF-8 file.
  bool read_header(std::vector<std::string_view>& header);
  // Reads the next well-formed row of exactly `columns` fields into `fields`, setting
  // `line` to where it starts. Blank lines are skipped. False at the end of the data.
  bool next_row(std::size_t columns, std::vector<std::string_view>& fields, std::size_t& line);
  // The fast path for rows of numbers (class scores): when the next line is `columns`
  // unquoted ASCII fields, every one but `id_column` a plain decimal (see plain_decimal.hpp)
  // within [lo, hi], reads it as next_row would and puts each field's number in `numbers`
  // (the id's slot is 0). Otherwise reads nothing and returns false: next_row then reads
  // the line and reports whatever is wrong with it. Tokenising, checking and parsing in one
  // pass, it looks at each byte once where the general path looks three times. With
  // `billionths`, also puts there each number in billionths (see plain_decimal.hpp).
  bool next_plain_numbers_row(std::size_t columns, std::size_t id_column, double lo, double hi,
                              std::vector<std::string_view>& fields, std::vector<double>& numbers, std::size_t& line,
                              std::vector<std::uint32_t>* billionths = nullptr);
  const std::string& file() const { return file_; }
  // Bytes of the data read so far.
  std::size_t position() const { return pos_; }
  // True once a quoted field has been read (a chunk cut inside one would start one).
  bool saw_quoted_field() const { return quoted_; }
  // The line the reader has reached (after the last row read, the one after it).
  std::size_t line() const { return line_; }

 private:
  // The usual row in one pass: a line of exactly `columns` unquoted ASCII fields, split as
  // read_record would split it (ASCII needs no UTF-8 check). Anything else (a quote, a byte
  // outside ASCII, a lone CR, a blank line, another field count) reads nothing and returns
  // false, leaving the line to read_record, which reports what is wrong.
  bool plain_row(std::size_t columns, std::vector<std::string_view>& fields, std::size_t& line);
  // Reads one physical record; false at end. Reports malformed quoting.
  bool read_record(std::vector<std::string_view>& fields, bool& ok);
  // Reports invalid UTF-8 in the record that started at `start` on `line`.
  bool valid_record(std::size_t start, std::size_t line);
  std::string_view data_;
  std::size_t pos_ = 0;
  std::size_t line_ = 1;
  bool quoted_ = false;
  std::string file_;
  InputErrors& errors_;
  std::deque<std::string> unescaped_;
};

bool is_valid_utf8_fast(std::string_view s, std::size_t* bad_offset = nullptr);

}  // namespace aigc::scoring
