// aic_keypoints: the official AI Challenger 2017 human-keypoint score (keypoint_eval.py),
// a different metric from COCOeval with AI Challenger's sigmas. Each truth person takes the
// OKS of its best-matching predicted person (no confidence scores, no one-to-one
// assignment); per OKS threshold .50:.05:.95 the matches above it are counted and divided
// by max(#truth, #predicted) summed over images (an image missing from the submission
// counts its truth people); the score is the mean over thresholds, in [0, 1]. Only points
// with v == 1 count; the scale is the person box's area rounded to a 32-bit float, plus 1.
// Inputs are the challenge's own JSON files: the truth a list of {"image_id",
// "human_annotations": {"human1": [x1, y1, x2, y2]}, "keypoint_annotations": {"human1":
// [x, y, v] x 14}}, the submission a list of {"image_id", "keypoint_annotations"}.
#pragma once

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/dataset.hpp"
#include "scoring/input_error.hpp"

namespace aigc::scoring {

constexpr std::size_t kAicPoints = 14;
using AicPose = std::array<double, 3 * kAicPoints>;  // x, y, v per point

struct AicTruthPerson {
  AicPose pose{};
  double scale_plus_one = 0;  // np.float32(box area) + 1, in float32 as numpy adds it
};

struct AicImage {
  std::vector<AicTruthPerson> people;  // those with keypoints
  std::size_t boxes = 0;               // human_annotations: what a missing image counts
  bool predicted = false;
  std::vector<AicPose> predictions;
};

struct AicData {
  std::vector<AicImage> images;  // rows, in the truth's order
};

bool load_aic_dataset(std::string_view truth, std::string_view pred, const LoadOptions& options, Dataset& out,
                      InputErrors& errors);

}  // namespace aigc::scoring
