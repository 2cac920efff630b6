#include "scoring/input_error.hpp"

#include <algorithm>

namespace aigc::scoring {

namespace {

// The one English wording of each problem. Values arrive already quoted where the text
// quotes them, so a translation only places them.
const std::vector<std::pair<std::string_view, std::string_view>> kWordings = {
    // CSV and JSON Lines
    {"empty_csv", "the file is empty; expected a header row and one row per id"},
    {"not_utf8", "not UTF-8 (invalid byte at offset {offset}); save the file as UTF-8"},
    {"not_utf8_line", "not UTF-8; save the file as UTF-8"},
    {"unclosed_quote", "a quoted field is never closed; add the closing '\"'"},
    {"text_after_quote", "unexpected text after a closing quote; quote the whole field"},
    {"field_count", "expected {expected} fields as in the header, found {found}"},
    {"empty_jsonl", "the file is empty; expected one JSON object per line"},
    {"not_json_object", "expected one JSON object on this line"},
    {"bad_json_line", "expected one JSON object on this line: {detail}"},
    {"missing_key", "missing key {key} (the first line has it)"},
    {"bad_value_type", "{key} must be a string, a number or a list of them"},
    // Headers
    {"no_id_column", "no id column named {name} in the header"},
    {"header_too_short", "expected a header with an id column and at least one value column, found {count} column(s)"},
    {"no_target_column", "no column named {name} (from --param target) in the header"},
    {"ambiguous_target", "cannot tell which column holds the values: name it 'label' or pass --param target=NAME"},
    {"id_column_renamed", "the id column is named {pred} here but {truth} in the truth"},
    {"class_column_unnamed", "a class column needs a header naming its class"},
    {"column_twice", "column {name} appears twice"},
    {"no_class_column", "no column for class {class}; add one holding its score"},
    // Rows
    {"empty_id", "the id is empty"},
    {"id_too_long", "the id is longer than 8 MB"},
    {"empty_label", "the label is empty"},
    {"not_a_number", "expected a finite number, found {value}"},
    {"empty_references", "every reference is empty; give at least one"},
    {"no_rows", "the file has a header but no rows"},
    {"unknown_label", "label {label} is not one of the known labels"},
    {"probability_out_of_range", "probability {value} is outside [0, 1]"},
    {"unknown_id", "unknown id {id} (not in the truth)"},
    {"duplicate_id", "duplicate id {id} (first on line {first})"},
    {"missing_id", "missing id {id} (truth line {line})"},
    {"more_missing_ids", "... and {count} more missing ids"},
    // COCO JSON
    {"invalid_json", "not valid JSON: {detail}"},
    {"coco_images_not_list", "{where}: expected a list of images, each with an id"},
    {"coco_image_needs_id", "{where}: needs an id"},
    {"coco_image_id_too_long", "{where}: has an id longer than 8 MB"},
    {"coco_image_ids_mixed", "{where}: image ids must be all numbers or all strings (pycocotools cannot sort a mix)"},
    {"coco_no_images", "{where}: there are no images"},
    {"coco_categories_not_list", "{where}: expected a list of categories, each with an id"},
    {"coco_category_needs_id", "{where}: every category needs a numeric id"},
    {"coco_annotations_not_list", "{where}: expected a list of annotations"},
    {"coco_bad_image_id", "{where}: image_id is missing or not one of the images"},
    {"coco_bad_category_id", "{where}: category_id is missing or not one of the categories"},
    {"coco_needs_numeric_id", "{where}: needs a numeric id"},
    {"coco_bad_bbox", "{where}: bbox must be [x, y, width, height]"},
    {"coco_needs_area", "{where}: needs an area"},
    {"coco_bad_keypoints", "{where}: keypoints must be a list of x, y, v triples"},
    {"coco_keypoint_count", "{where}: has {count} keypoints, others have {expected}"},
    {"coco_results_not_list", "{where}: expected a list of detections (COCO results format)"},
    {"coco_result_bad_image_id", "{where}: image_id is missing or not one of the truth's images"},
    {"coco_result_bad_category_id", "{where}: category_id is missing or not one of the truth's categories"},
    {"coco_needs_score", "{where}: needs a finite score"},
    {"coco_result_keypoints", "{where}: keypoints must be {count} x, y, v triples like the truth's"},
    {"coco_negative_bbox", "{where}: bbox width and height must not be negative"},
    {"aic_not_list", "{where}: expected a JSON list of images"},
    {"aic_image_needs_id", "{where}: image_id must be a string"},
    {"aic_image_id_dot", "{where}: image_id {id} contains a '.'; keypoint_eval.py cuts submitted ids at the first '.', so this image could never be matched"},
    {"aic_duplicate_image", "{where}: image {id} is listed twice"},
    {"aic_needs_annotations", "{where}: needs human_annotations and keypoint_annotations objects"},
    {"aic_needs_keypoints", "{where}: needs a keypoint_annotations object"},
    {"aic_bad_box", "{where}: human_annotations.{person} must be [x1, y1, x2, y2]"},
    {"aic_bad_keypoints", "{where}: keypoint_annotations.{person} must be 14 x, y, v triples (42 numbers)"},
    {"aic_person_without_box", "{where}: person {person} has keypoints but no box in human_annotations"},
    {"aic_unknown_image", "{where}: image {id} is not in the truth"},
    // The request and the metric
    {"unknown_metric", "unknown metric {metric}; see `aigc score --help` for the list"},
    {"bad_public_fraction", "the public fraction must be between 0 and 1"},
    {"unknown_param", "unknown parameter {name} for {metric}; accepted: {accepted}"},
    {"metric_refused", "{part}: {detail}"},
};

}  // namespace

const std::vector<std::pair<std::string_view, std::string_view>>& problem_wordings() { return kWordings; }

std::string english_wording(std::string_view code, const ProblemArgs& args) {
  auto it = std::find_if(kWordings.begin(), kWordings.end(), [&](const auto& w) { return w.first == code; });
  if (it == kWordings.end()) return std::string(code);
  std::string out;
  std::string_view t = it->second;
  for (std::size_t i = 0; i < t.size();) {
    auto close = t[i] == '{' ? t.find('}', i) : std::string_view::npos;
    if (close != std::string_view::npos) {
      auto name = t.substr(i + 1, close - i - 1);
      auto arg = std::find_if(args.begin(), args.end(), [&](const auto& a) { return a.first == name; });
      if (arg != args.end()) {
        out += arg->second;
        i = close + 1;
        continue;
      }
    }
    out += t[i++];
  }
  return out;
}

void InputErrors::sort() {
  std::vector<std::string> files;  // in the order they were first reported
  for (const auto& e : kept_)
    if (std::find(files.begin(), files.end(), e.file) == files.end()) files.push_back(e.file);
  auto key = [&](const InputError& e) {
    auto file = static_cast<std::size_t>(std::find(files.begin(), files.end(), e.file) - files.begin());
    return std::pair(file, e.line ? e.line : static_cast<std::size_t>(-1));
  };
  std::stable_sort(kept_.begin(), kept_.end(), [&](const InputError& a, const InputError& b) { return key(a) < key(b); });
}

}  // namespace aigc::scoring
