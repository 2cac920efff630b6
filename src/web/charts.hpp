// Small inline SVG charts (no script, no external library): a step line of the leading
// score over time, and the points of one team's submissions on the same axes. Labels
// are escaped; an empty series renders nothing.
#pragma once

#include <string>
#include <vector>

#include "domain/competitions/submission.hpp"

namespace aigc {

struct ChartSeries {
  std::string label;
  std::vector<ScorePoint> points;
  bool step = true;  // a step line; false: separate dots
  std::string css_class;
};

// `title` is the accessible name of the image. `invert_y` puts the smallest value on top
// (ranks: 1 is best).
std::string svg_chart(const std::string& title, const std::vector<ChartSeries>& series, int width = 640, int height = 220,
                      bool invert_y = false);

}  // namespace aigc
