// COCO detection and keypoint data for coco_bbox_map and coco_keypoints_map: the truth is
// a COCO annotations file, the prediction a COCO results file (JSON, parsed with
// simdjson). Rows are images, sorted by id as pycocotools sorts them.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "scoring/dataset.hpp"
#include "scoring/input_error.hpp"

namespace aigc::scoring {

struct CocoObject {
  double id = 0;
  double x = 0, y = 0, w = 0, h = 0;
  double area = 0;
  bool crowd = false;
  bool ignore = false;  // truth: crowd, or (keypoints) no labelled keypoint
  double score = 0;     // predictions
  std::vector<double> keypoints;  // x, y, v triples
};

struct CocoData {
  bool keypoints = false;
  std::vector<double> categories;  // sorted category ids
  // [image row][category index] -> objects
  std::vector<std::vector<std::vector<CocoObject>>> truth, pred;
};

// Parses both files into `out` (rows = images). False with located problems otherwise.
bool load_coco_dataset(std::string_view truth, std::string_view pred, bool keypoints, const LoadOptions& options,
                       Dataset& out, InputErrors& errors);

// The per-keypoint sigmas of a named set: "coco" (17 keypoints) or "aic" (AI Challenger, 14).
std::vector<double> keypoint_sigmas(const std::string& name);

}  // namespace aigc::scoring
