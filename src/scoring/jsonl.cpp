#include "scoring/jsonl.hpp"

#include <cmath>
#include <cstdio>

#include <simdjson.h>

#include "scoring/csv.hpp"

namespace aigc::scoring {

struct JsonlReader::Parser {
  simdjson::dom::parser parser;
};

bool looks_like_jsonl(std::string_view data) {
  if (data.substr(0, 3) == "\xEF\xBB\xBF") data.remove_prefix(3);
  for (char c : data) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') continue;
    return c == '{';
  }
  return false;
}

JsonlReader::JsonlReader(std::string_view data, std::string file_label, InputErrors& errors)
    : data_(data), file_(std::move(file_label)), errors_(errors), parser_(new Parser) {
  if (data_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
}

JsonlReader::~JsonlReader() { delete parser_; }

namespace {

bool to_text(simdjson::dom::element e, std::string& out) {
  using simdjson::dom::element_type;
  char buf[40];
  switch (e.type()) {
    case element_type::STRING: out = std::string(e.get_string().value()); return true;
    case element_type::INT64: out = std::to_string(e.get_int64().value()); return true;
    case element_type::UINT64: out = std::to_string(e.get_uint64().value()); return true;
    case element_type::DOUBLE: std::snprintf(buf, sizeof buf, "%.17g", e.get_double().value()); out = buf; return true;
    case element_type::BOOL: out = e.get_bool().value() ? "true" : "false"; return true;
    case element_type::ARRAY: {
      out.clear();
      simdjson::dom::array items;  // named: iterating value() of a temporary result dangles
      if (e.get_array().get(items)) return false;
      for (auto item : items) {
        std::string part;
        if (!item.is_string() && !item.is_number()) return false;
        to_text(item, part);
        if (!out.empty()) out += ' ';
        out += part;
      }
      return true;
    }
    default: return false;
  }
}

}  // namespace

bool JsonlReader::parse_line(std::string_view text, std::size_t line, bool header_pass, std::vector<std::string_view>& out) {
  out.clear();
  if (!is_valid_utf8_fast(text)) {
    errors_.add(file_, line, 0, "not_utf8_line");
    return false;
  }
  simdjson::dom::element doc;
  if (auto err = parser_->parser.parse(text.data(), text.size()).get(doc); err || !doc.is_object()) {
    if (err) errors_.add(file_, line, 0, "bad_json_line", {{"detail", simdjson::error_message(err)}});
    else errors_.add(file_, line, 0, "not_json_object");
    return false;
  }
  simdjson::dom::object obj;
  if (doc.get_object().get(obj)) return false;
  if (header_pass) {
    keys_.clear();
    for (auto field : obj) keys_.emplace_back(field.key);
  }
  for (std::size_t k = 0; k < keys_.size(); ++k) {
    auto v = obj[keys_[k]];
    storage_.emplace_back();
    if (v.error()) {
      errors_.add(file_, line, k + 1, "missing_key", {{"key", "'" + keys_[k] + "'"}});
      errors_.refuse_row(out);
      return false;
    }
    if (!to_text(v.value(), storage_.back())) {
      errors_.add(file_, line, k + 1, "bad_value_type", {{"key", "'" + keys_[k] + "'"}});
      errors_.refuse_row(out);
      return false;
    }
    out.emplace_back(storage_.back());
  }
  return true;
}

bool JsonlReader::next_line(std::string_view& text) {
  while (pos_ < data_.size()) {
    auto nl = data_.find('\n', pos_);
    text = data_.substr(pos_, (nl == std::string_view::npos ? data_.size() : nl) - pos_);
    ++line_;
    pos_ = nl == std::string_view::npos ? data_.size() : nl + 1;
    if (text.find_first_not_of(" \t\r") != std::string_view::npos) return true;
  }
  return false;
}

bool JsonlReader::read_header(std::vector<std::string_view>& header) {
  // The header is the first object's keys; that object is also the first row.
  std::size_t save = pos_, line_save = line_;
  std::string_view text;
  if (next_line(text)) {
    std::vector<std::string_view> ignored;
    if (!parse_line(text, line_, true, ignored)) return false;
    header.assign(keys_.begin(), keys_.end());
    pos_ = save;
    line_ = line_save;
    return true;
  }
  errors_.add(file_, 0, 0, "empty_jsonl");
  return false;
}

bool JsonlReader::next_row(std::size_t, std::vector<std::string_view>& fields, std::size_t& line) {
  std::string_view text;
  while (next_line(text)) {
    line = line_;
    if (parse_line(text, line_, false, fields)) return true;
  }
  return false;
}

}  // namespace aigc::scoring
