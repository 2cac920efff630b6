// JSON inputs (the COCO and AI Challenger files): a document parsed with simdjson whose
// syntax errors are reported at their line and column, problems located by the element
// they are in ("annotations[12]"), and numbers read as the loaders accept them.
#pragma once

#include <string>
#include <string_view>

#include <simdjson.h>

#include "scoring/input_error.hpp"

namespace aigc::scoring {

// One parsed file; `root` is valid while the document lives.
struct JsonDocument {
  simdjson::dom::parser parser;
  simdjson::padded_string text;
  simdjson::dom::element root;
  // False, with the syntax error located, when `raw` is not JSON.
  bool parse(std::string_view raw, const std::string& file, InputErrors& errors);
};

struct JsonProblems {
  const std::string& file;
  InputErrors& errors;
  void fail(const std::string& where, std::string_view code, ProblemArgs args = {}) {
    args.insert(args.begin(), {"where", where});
    errors.add(file, 0, 0, code, std::move(args));
  }
};

// A finite number (integer or not) as a double, or false.
bool json_number(simdjson::dom::element e, double& out);

}  // namespace aigc::scoring
