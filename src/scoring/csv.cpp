#include "scoring/csv.hpp"

#include <algorithm>
#include <array>
#include <cstring>

#include "scoring/plain_decimal.hpp"

namespace aigc::scoring {

bool is_valid_utf8_fast(std::string_view s, std::size_t* bad_offset) {
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  std::size_t i = 0;
  while (i < n) {
    // ASCII fast path, eight bytes at a time.
    if (i + 8 <= n) {
      std::uint64_t block;
      std::memcpy(&block, p + i, 8);
      if ((block & 0x8080808080808080ULL) == 0) { i += 8; continue; }
    }
    unsigned c = p[i];
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    unsigned cp;
    if (c >= 0xC2 && c <= 0xDF) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; cp = c & 0x07; }
    else { if (bad_offset) *bad_offset = i; return false; }
    if (i + len > n) { if (bad_offset) *bad_offset = i; return false; }
    for (std::size_t k = 1; k < len; ++k) {
      if ((p[i + k] & 0xC0) != 0x80) { if (bad_offset) *bad_offset = i; return false; }
      cp = (cp << 6) | (p[i + k] & 0x3F);
    }
    if ((len == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) || (len == 4 && (cp < 0x10000 || cp > 0x10FFFF))) {
      if (bad_offset) *bad_offset = i;
      return false;
    }
    i += len;
  }
  return true;
}

CsvReader::CsvReader(std::string_view data, std::string file_label, InputErrors& errors, std::size_t first_line)
    : data_(data), line_(first_line), file_(std::move(file_label)), errors_(errors) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

bool CsvReader::valid_record(std::size_t start, std::size_t line) {
  // Validated record by record, so the file is read once and stays streamable.
  std::size_t bad = 0;
  auto record = data_.substr(start, pos_ - start);
  if (is_valid_utf8_fast(record, &bad)) return true;
  std::size_t column = 1 + static_cast<std::size_t>(std::count(record.begin(), record.begin() + static_cast<long>(bad), ','));
  errors_.add(file_, line, column, "not_utf8", {{"offset", std::to_string(start + bad)}});
  return false;
}

bool CsvReader::read_header(std::vector<std::string_view>& header) {
  bool ok = true;
  header.clear();
  while (pos_ < data_.size()) {
    std::size_t start = pos_, line = line_;
    if (!read_record(header, ok)) break;
    if (!ok || !valid_record(start, line)) return false;
    if (header.size() == 1 && header[0].empty()) { header.clear(); continue; }  // leading blank lines
    return true;
  }
  errors_.add(file_, 0, 0, "the file is empty; expected a header row and one row per id");
  return false;
}

bool CsvReader::read_record(std::vector<std::string_view>& fields, bool& ok) {
  fields.clear();
  ok = true;
  const char* d = data_.data();
  const std::size_t n = data_.size();
  if (pos_ >= n) return false;
  const std::size_t start_line = line_;
  for (;;) {
    if (pos_ < n && d[pos_] == '"') {
      // Quoted field: "" is a literal quote; commas and newlines are data.
      quoted_ = true;
      std::size_t start = ++pos_;
      bool doubled = false;
      for (;;) {
        const void* q = std::memchr(d + pos_, '"', n - pos_);
        if (!q) {
          errors_.add(file_, start_line, fields.size() + 1, "unclosed_quote");
          line_ += static_cast<std::size_t>(std::count(d + start, d + n, '\n'));
          pos_ = n;
          ok = false;
          return true;
        }
        std::size_t qpos = static_cast<std::size_t>(static_cast<const char*>(q) - d);
        if (qpos + 1 < n && d[qpos + 1] == '"') { doubled = true; pos_ = qpos + 2; continue; }
        line_ += static_cast<std::size_t>(std::count(d + start, d + qpos, '\n'));
        std::string_view raw(d + start, qpos - start);
        if (doubled) {
          std::string s;
          s.reserve(raw.size());
          for (std::size_t k = 0; k < raw.size(); ++k) {
            s += raw[k];
            if (raw[k] == '"') ++k;
          }
          unescaped_.push_back(std::move(s));
          fields.emplace_back(unescaped_.back());
        } else {
          fields.push_back(raw);
        }
        pos_ = qpos + 1;
        break;
      }
      if (pos_ < n && d[pos_] != ',' && d[pos_] != '\n' && d[pos_] != '\r') {
        errors_.add(file_, line_, fields.size(), "text_after_quote");
        ok = false;
        while (pos_ < n && d[pos_] != '\n') ++pos_;  // skip to the end of the line
      }
    } else {
      std::size_t start = pos_;
      while (pos_ < n) {
        char c = d[pos_];
        if (c == ',' || c == '\n' || c == '\r') break;
        ++pos_;
      }
      fields.emplace_back(d + start, pos_ - start);
    }
    if (pos_ >= n) return true;
    char c = d[pos_];
    if (c == ',') { ++pos_; if (pos_ >= n) { fields.emplace_back(); return true; } continue; }
    if (c == '\r') { ++pos_; if (pos_ < n && d[pos_] == '\n') ++pos_; ++line_; return true; }
    if (c == '\n') { ++pos_; ++line_; return true; }
  }
}

bool CsvReader::plain_row(std::size_t columns, std::vector<std::string_view>& fields, std::size_t& line) {
  if (columns == 0) return false;
  const char* const begin = data_.data();
  const char* const end = begin + data_.size();
  const char* p = begin + pos_;
  const char* start = p;
  fields.resize(columns);
  std::size_t j = 0;
  // The bytes that end a field or send the line the general way, found by one table
  // lookup a byte (four comparisons a byte measured slower than read_record on long fields).
  static constexpr auto kSpecial = [] {
    std::array<bool, 256> t{};
    for (int c : {',', '\n', '\r', '"'}) t[static_cast<std::size_t>(c)] = true;
    for (std::size_t c = 0x80; c < 256; ++c) t[c] = true;
    return t;
  }();
  for (; p < end; ++p) {
    const unsigned char c = static_cast<unsigned char>(*p);
    if (!kSpecial[c]) continue;
    if (c != ',') {
      if (c == '\n' || c == '\r') break;
      return false;
    }
    if (j + 1 == columns) return false;
    fields[j++] = std::string_view(start, static_cast<std::size_t>(p - start));
    start = p + 1;
  }
  if (j + 1 != columns || (j == 0 && p == start)) return false;  // a count off, or a blank line
  fields[j] = std::string_view(start, static_cast<std::size_t>(p - start));
  line = line_;
  if (p < end) {
    if (*p == '\r') {
      if (p + 1 == end || p[1] != '\n') return false;
      ++p;
    }
    ++p;
    ++line_;
  }
  pos_ = static_cast<std::size_t>(p - begin);
  return true;
}

bool CsvReader::next_row(std::size_t columns, std::vector<std::string_view>& fields, std::size_t& line) {
  bool ok = true;
  while (pos_ < data_.size()) {
    if (plain_row(columns, fields, line)) return true;
    line = line_;
    std::size_t start = pos_;
    if (!read_record(fields, ok)) return false;
    if (!ok || !valid_record(start, line)) {
      errors_.refuse_row(fields);
      continue;
    }
    if (fields.size() == 1 && fields[0].empty()) continue;  // blank line
    if (fields.size() != columns) {
      errors_.add(file_, line, std::min(fields.size(), columns) + (fields.size() > columns ? 1 : 0), "field_count",
                  {{"expected", std::to_string(columns)}, {"found", std::to_string(fields.size())}});
      errors_.refuse_row(fields);
      continue;
    }
    return true;
  }
  return false;
}

bool CsvReader::next_plain_numbers_row(std::size_t columns, std::size_t id_column, double lo, double hi,
                                       std::vector<std::string_view>& fields, std::vector<double>& numbers, std::size_t& line,
                                       std::vector<std::uint32_t>* billionths) {
  const char* const begin = data_.data();
  const char* const end = begin + data_.size();
  const char* p = begin + pos_;
  if (p >= end || columns == 0) return false;
  fields.resize(columns);
  numbers.resize(columns);
  if (billionths) billionths->resize(columns);
  for (std::size_t j = 0; j < columns; ++j) {
    const char* start = p;
    if (j == id_column) {
      unsigned char seen = 0;  // the bits of every byte: a quote or a non-ASCII byte goes the general way
      bool quote = false;
      for (; p < end && *p != ',' && *p != '\n' && *p != '\r'; ++p) {
        seen |= static_cast<unsigned char>(*p);
        quote |= *p == '"';
      }
      if (p == start || (seen & 0x80) || quote) return false;
      numbers[j] = 0;
      if (billionths) (*billionths)[j] = 0;
    } else {
      double v;
      PlainDecimalParts parts;
      p = scan_plain_decimal(p, end, v, &parts);
      if (!p || !(v >= lo && v <= hi)) return false;
      numbers[j] = v;
      if (billionths) (*billionths)[j] = scoring::billionths(parts);
    }
    fields[j] = std::string_view(start, static_cast<std::size_t>(p - start));
    if (j + 1 < columns) {
      if (p >= end || *p != ',') return false;
      ++p;
    }
  }
  line = line_;
  if (p < end) {
    if (*p == '\n') ++p;
    else if (*p == '\r' && p + 1 < end && p[1] == '\n') p += 2;
    else return false;
    ++line_;
  }
  pos_ = static_cast<std::size_t>(p - begin);
  return true;
}

}  // namespace aigc::scoring
