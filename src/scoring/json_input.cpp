#include "scoring/json_input.hpp"

#include <cmath>

#include <nlohmann/json.hpp>

namespace aigc::scoring {

namespace {

// simdjson does not say where a syntax error is; nlohmann does, so we ask it only then.
void report_syntax(std::string_view text, const std::string& file, InputErrors& errors, const char* what) {
  try {
    auto parsed = nlohmann::json::parse(text.begin(), text.end());
    (void)parsed;
    errors.add(file, 0, 0, "invalid_json", {{"detail", what}});
  } catch (const nlohmann::json::parse_error& e) {
    std::size_t line = 1, col = 1;
    for (std::size_t i = 0; i + 1 < e.byte && i < text.size(); ++i) {
      if (text[i] == '\n') { ++line; col = 1; } else ++col;
    }
    errors.add(file, line, col, "invalid_json", {{"detail", what}});
  } catch (const nlohmann::json::exception& e) {  // e.g. a number too large for a double
    errors.add(file, 0, 0, "invalid_json", {{"detail", std::string(what) + " (" + e.what() + ")"}});
  }
}

}  // namespace

bool JsonDocument::parse(std::string_view raw, const std::string& file, InputErrors& errors) {
  text = simdjson::padded_string(raw);
  if (auto err = parser.parse(text).get(root)) {
    report_syntax(raw, file, errors, simdjson::error_message(err));
    return false;
  }
  return true;
}

bool json_number(simdjson::dom::element e, double& out) {
  if (e.is_double()) { out = e.get_double().value(); return std::isfinite(out); }
  if (e.is_int64()) { out = static_cast<double>(e.get_int64().value()); return true; }
  if (e.is_uint64()) { out = static_cast<double>(e.get_uint64().value()); return true; }
  return false;
}

}  // namespace aigc::scoring
