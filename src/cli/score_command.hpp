// `aigc score`: the scoring engine at the command line. Prints one JSON object and exits
// 0, or prints the located input errors as JSON and exits 2.
#pragma once

#include <CLI/CLI.hpp>

namespace aigc::cli {

struct ScoreOptions {
  std::string metric, truth, pred;
  std::vector<std::string> params;
  double public_fraction = -1;
  unsigned long long split_seed = 0;
};

CLI::App* add_score_command(CLI::App& app, ScoreOptions& options);
int score(const ScoreOptions& options);

}  // namespace aigc::cli
