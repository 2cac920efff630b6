#include <algorithm>
#include <cmath>
#include <map>

#include <nlohmann/json.hpp>
#include <simdjson.h>

#include "scoring/coco.hpp"

namespace aigc::scoring {

namespace {

using simdjson::dom::element;

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

bool number(element e, double& out) {
  if (e.is_double()) { out = e.get_double().value(); return std::isfinite(out); }
  if (e.is_int64()) { out = static_cast<double>(e.get_int64().value()); return true; }
  if (e.is_uint64()) { out = static_cast<double>(e.get_uint64().value()); return true; }
  return false;
}

// Image and category ids may be numbers or strings; both become text keys.
bool id_key(element e, std::string& out) {
  if (e.is_string()) { out = std::string(e.get_string().value()); return true; }
  double v;
  if (!number(e, v)) return false;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", v);
  out = buf;
  return true;
}

struct Ctx {
  const std::string& file;
  InputErrors& errors;
  void fail(const std::string& where, std::string_view code, ProblemArgs args = {}) {
    args.insert(args.begin(), {"where", where});
    errors.add(file, 0, 0, code, std::move(args));
  }
};

bool numbers(element e, std::size_t count, std::vector<double>& out) {
  auto arr = e.get_array();
  if (arr.error()) return false;
  out.clear();
  for (auto v : arr.value()) {
    double d;
    if (!number(v, d)) return false;
    out.push_back(d);
  }
  return count == 0 || out.size() == count;
}

}  // namespace

std::vector<double> keypoint_sigmas(const std::string& name) {
  if (name == "coco")
    return {.026, .025, .025, .035, .035, .079, .079, .072, .072, .062, .062, .107, .107, .087, .087, .089, .089};
  if (name == "aic")
    return {0.01388152, 0.01515228, 0.01057665, 0.01417709, 0.01497891, 0.01402144, 0.03909642,
            0.03686941, 0.01981803, 0.03843971, 0.03412318, 0.02415081, 0.01291456, 0.01236173};
  return {};
}

bool load_coco_dataset(std::string_view truth_text, std::string_view pred_text, bool keypoints, const LoadOptions& opt,
                       Dataset& out, InputErrors& errors) {
  out = Dataset{};
  auto coco = std::make_shared<CocoData>();
  coco->keypoints = keypoints;
  simdjson::dom::parser tparser, pparser;
  simdjson::padded_string tpad(truth_text), ppad(pred_text);
  element troot, proot;
  if (auto err = tparser.parse(tpad).get(troot)) { report_syntax(truth_text, opt.truth_label, errors, simdjson::error_message(err)); return false; }
  if (auto err = pparser.parse(ppad).get(proot)) { report_syntax(pred_text, opt.pred_label, errors, simdjson::error_message(err)); return false; }
  Ctx t{opt.truth_label, errors}, p{opt.pred_label, errors};

  // Images, sorted as pycocotools sorts its image ids (numbers numerically).
  auto images = troot["images"].get_array();
  if (images.error()) { t.fail("images", "coco_images_not_list"); return false; }
  std::vector<std::string> ids;
  for (auto img : images.value()) {
    std::string id;
    if (!id_key(img["id"].value_unsafe(), id) || img["id"].error()) { t.fail("images[" + std::to_string(ids.size()) + "]", "coco_image_needs_id"); continue; }
    if (id.size() > IdColumn::kMaxLength) { t.fail("images[" + std::to_string(ids.size()) + "]", "coco_image_id_too_long"); continue; }
    ids.push_back(id);
  }
  sort_labels(ids);
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  std::map<std::string, std::size_t> image_row;
  for (std::size_t i = 0; i < ids.size(); ++i) image_row[ids[i]] = i;

  auto cats = troot["categories"].get_array();
  if (cats.error()) { t.fail("categories", "coco_categories_not_list"); return false; }
  for (auto c : cats.value()) {
    double id;
    if (c["id"].error() || !number(c["id"].value_unsafe(), id)) { t.fail("categories", "coco_category_needs_id"); continue; }
    coco->categories.push_back(id);
  }
  std::sort(coco->categories.begin(), coco->categories.end());
  coco->categories.erase(std::unique(coco->categories.begin(), coco->categories.end()), coco->categories.end());
  auto cat_index = [&](double id) -> long {
    auto it = std::lower_bound(coco->categories.begin(), coco->categories.end(), id);
    return it != coco->categories.end() && *it == id ? it - coco->categories.begin() : -1;
  };
  coco->truth.assign(ids.size(), std::vector<std::vector<CocoObject>>(coco->categories.size()));
  coco->pred.assign(ids.size(), std::vector<std::vector<CocoObject>>(coco->categories.size()));

  std::size_t kpt_len = 0;
  auto anns = troot["annotations"].get_array();
  if (anns.error()) { t.fail("annotations", "coco_annotations_not_list"); return false; }
  std::size_t n = 0;
  for (auto a : anns.value()) {
    std::string where = "annotations[" + std::to_string(n++) + "]";
    CocoObject o;
    std::string image;
    double cat;
    std::vector<double> bbox;
    if (a["image_id"].error() || !id_key(a["image_id"].value_unsafe(), image) || !image_row.count(image)) { t.fail(where, "coco_bad_image_id"); continue; }
    if (a["category_id"].error() || !number(a["category_id"].value_unsafe(), cat) || cat_index(cat) < 0) { t.fail(where, "coco_bad_category_id"); continue; }
    if (a["id"].error() || !number(a["id"].value_unsafe(), o.id)) { t.fail(where, "coco_needs_numeric_id"); continue; }
    if (a["bbox"].error() || !numbers(a["bbox"].value_unsafe(), 4, bbox)) { t.fail(where, "coco_bad_bbox"); continue; }
    o.x = bbox[0]; o.y = bbox[1]; o.w = bbox[2]; o.h = bbox[3];
    if (a["area"].error() || !number(a["area"].value_unsafe(), o.area)) { t.fail(where, "coco_needs_area"); continue; }
    if (!a["iscrowd"].error()) {
      double c = 0;
      number(a["iscrowd"].value_unsafe(), c);
      o.crowd = c != 0;
    }
    o.ignore = o.crowd;
    if (keypoints) {
      if (a["keypoints"].error() || !numbers(a["keypoints"].value_unsafe(), 0, o.keypoints) || o.keypoints.size() % 3 != 0 || o.keypoints.empty()) {
        t.fail(where, "coco_bad_keypoints");
        continue;
      }
      if (kpt_len == 0) kpt_len = o.keypoints.size();
      if (o.keypoints.size() != kpt_len) { t.fail(where, "coco_keypoint_count", {{"count", std::to_string(o.keypoints.size() / 3)}, {"expected", std::to_string(kpt_len / 3)}}); continue; }
      double labelled = 0;
      if (!a["num_keypoints"].error()) number(a["num_keypoints"].value_unsafe(), labelled);
      else for (std::size_t k = 2; k < o.keypoints.size(); k += 3) labelled += o.keypoints[k] > 0;
      o.ignore = labelled == 0 || o.ignore;
    }
    coco->truth[image_row[image]][static_cast<std::size_t>(cat_index(cat))].push_back(std::move(o));
  }

  auto results = proot.get_array();
  if (results.error()) { p.fail("results", "coco_results_not_list"); return false; }
  n = 0;
  for (auto r : results.value()) {
    std::string where = "[" + std::to_string(n) + "]";
    CocoObject o;
    o.id = static_cast<double>(++n);  // as loadRes numbers results
    std::string image;
    double cat;
    if (r["image_id"].error() || !id_key(r["image_id"].value_unsafe(), image) || !image_row.count(image)) {
      p.fail(where, "coco_result_bad_image_id");
      continue;
    }
    if (r["category_id"].error() || !number(r["category_id"].value_unsafe(), cat) || cat_index(cat) < 0) {
      p.fail(where, "coco_result_bad_category_id");
      continue;
    }
    if (r["score"].error() || !number(r["score"].value_unsafe(), o.score)) { p.fail(where, "coco_needs_score"); continue; }
    if (keypoints) {
      if (r["keypoints"].error() || !numbers(r["keypoints"].value_unsafe(), kpt_len, o.keypoints) || o.keypoints.empty()) {
        p.fail(where, "coco_result_keypoints", {{"count", std::to_string(kpt_len / 3)}});
        continue;
      }
      // As loadRes: the box and area span the predicted keypoints.
      double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
      for (std::size_t k = 0; k + 1 < o.keypoints.size(); k += 3) {
        x0 = std::min(x0, o.keypoints[k]); x1 = std::max(x1, o.keypoints[k]);
        y0 = std::min(y0, o.keypoints[k + 1]); y1 = std::max(y1, o.keypoints[k + 1]);
      }
      o.x = x0; o.y = y0; o.w = x1 - x0; o.h = y1 - y0;
      o.area = (x1 - x0) * (y1 - y0);
    } else {
      std::vector<double> bbox;
      if (r["bbox"].error() || !numbers(r["bbox"].value_unsafe(), 4, bbox)) { p.fail(where, "coco_bad_bbox"); continue; }
      if (bbox[2] < 0 || bbox[3] < 0) { p.fail(where, "coco_negative_bbox"); continue; }
      o.x = bbox[0]; o.y = bbox[1]; o.w = bbox[2]; o.h = bbox[3];
      o.area = o.w * o.h;
    }
    coco->pred[image_row[image]][static_cast<std::size_t>(cat_index(cat))].push_back(std::move(o));
  }
  if (ids.empty()) t.fail("images", "coco_no_images");
  if (!errors.empty()) return false;
  if (keypoints && kpt_len == 0) kpt_len = 3;
  out.rows = ids.size();
  out.ids.reset({}, ids.size());
  for (const auto& s : ids) out.ids.push_back(s);
  out.coco = std::move(coco);
  return true;
}

}  // namespace aigc::scoring
