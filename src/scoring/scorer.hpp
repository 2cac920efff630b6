// The scoring engine's entry point: bytes of a truth file and a prediction file in, a
// score (and, with a public fraction, the public and private scores computed in the same
// pass) or a list of located input errors out. Pure and thread-safe: no I/O, no globals.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "scoring/dataset.hpp"
#include "scoring/input_error.hpp"

namespace aigc::scoring {

struct ScoreRequest {
  std::string metric;
  std::string_view truth;
  std::string_view pred;
  Params params;
  std::optional<double> public_fraction;  // in [0, 1]
  std::uint64_t split_seed = 0;
  std::string truth_label = "truth";  // how errors name the files
  std::string pred_label = "pred";
  // Called once the prediction bytes are no longer referenced (every kind but lists and
  // texts keeps only numbers from them), so a caller may release a large mapping early.
  std::function<void()> release_pred;
  // Called while the prediction is parsed with byte ranges [begin, end) already consumed.
  std::function<void(std::size_t, std::size_t)> pred_consumed;
  // Called once the truth bytes will only be read again for an error message, so a caller
  // may drop a mapping's pages (LoadOptions::truth_idle).
  std::function<void()> truth_idle;
};

struct ScoreOutcome {
  bool ok = false;
  // {"metric","score","rows","higher_is_better","details",["public":{...},"private":{...}]}
  nlohmann::json result;
  InputErrors errors;
  nlohmann::json errors_json() const;
};

ScoreOutcome score(const ScoreRequest& request);
// Checks the inputs exactly as score() does (parameters, parsing, the id join) without
// computing the metric: what a platform runs when a file arrives, so a wrong file is
// refused at once with located errors. Empty when the files would score.
InputErrors validate(const ScoreRequest& request);

}  // namespace aigc::scoring
