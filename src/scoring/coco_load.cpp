#include <algorithm>
#include <cmath>
#include <map>


#include "scoring/coco.hpp"
#include "scoring/json_input.hpp"

namespace aigc::scoring {

namespace {

using simdjson::dom::element;

// An image id as pycocotools keeps it: the JSON value itself. Numbers are compared
// exactly (a long double holds every int64, uint64 and double without rounding), so ids
// past 2^53 stay distinct and 1 and 1.0 are one image, as they are one key of a Python
// dict; strings are compared as strings, so "10" sorts before "9".
struct ImageId {
  bool is_text = false;
  long double number = 0;
  std::string text;  // the string, or the number written out (the row's id)
  bool operator<(const ImageId& o) const { return is_text != o.is_text ? is_text < o.is_text : is_text ? text < o.text : number < o.number; }
};

bool image_id(element e, ImageId& out) {
  out = ImageId{};
  if (e.is_string()) {
    out.is_text = true;
    out.text = std::string(e.get_string().value());
    return true;
  }
  char buf[64];
  if (e.is_int64()) {
    auto v = e.get_int64().value();
    out.number = static_cast<long double>(v);
    out.text = std::to_string(v);
  } else if (e.is_uint64()) {
    auto v = e.get_uint64().value();
    out.number = static_cast<long double>(v);
    out.text = std::to_string(v);
  } else if (e.is_double() && std::isfinite(e.get_double().value())) {
    double v = e.get_double().value();
    out.number = v;
    std::snprintf(buf, sizeof buf, "%.17g", v);
    out.text = buf;
  } else {
    return false;
  }
  return true;
}

bool numbers(element e, std::size_t count, std::vector<double>& out) {
  auto arr = e.get_array();
  if (arr.error()) return false;
  out.clear();
  for (auto v : arr.value()) {
    double d;
    if (!json_number(v, d)) return false;
    out.push_back(d);
  }
  return count == 0 || out.size() == count;
}

}  // namespace

std::vector<double> keypoint_sigmas(const std::string& name) {
  if (name == "coco") {
    // As cocoeval.py writes them: tenths divided by 10.0, which differ from the literals
    // .026, .025, ... in the last bit for some points.
    std::vector<double> s = {.26, .25, .25, .35, .35, .79, .79, .72, .72, .62, .62, 1.07, 1.07, .87, .87, .89, .89};
    for (auto& v : s) v /= 10.0;
    return s;
  }
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
  JsonDocument truth_doc, pred_doc;
  if (!truth_doc.parse(truth_text, opt.truth_label, errors) || !pred_doc.parse(pred_text, opt.pred_label, errors)) return false;
  element troot = truth_doc.root, proot = pred_doc.root;
  JsonProblems t{opt.truth_label, errors}, p{opt.pred_label, errors};

  // Images, sorted as pycocotools sorts its image ids (sorted(): numbers by value, strings
  // as strings; a mix of both is a TypeError there and a problem here).
  auto images = troot["images"].get_array();
  if (images.error()) { t.fail("images", "coco_images_not_list"); return false; }
  std::vector<ImageId> ids;
  std::size_t listed = 0, texts = 0;
  for (auto img : images.value()) {
    std::string where = "images[" + std::to_string(listed++) + "]";
    ImageId id;
    if (img["id"].error() || !image_id(img["id"].value_unsafe(), id)) { t.fail(where, "coco_image_needs_id"); continue; }
    if (id.text.size() > IdColumn::kMaxLength) { t.fail(where, "coco_image_id_too_long"); continue; }
    texts += id.is_text;
    ids.push_back(std::move(id));
  }
  if (texts != 0 && texts != ids.size()) { t.fail("images", "coco_image_ids_mixed"); return false; }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end(), [](const ImageId& a, const ImageId& b) { return !(a < b) && !(b < a); }), ids.end());
  std::map<ImageId, std::size_t> image_row;
  for (std::size_t i = 0; i < ids.size(); ++i) image_row[ids[i]] = i;

  auto cats = troot["categories"].get_array();
  if (cats.error()) { t.fail("categories", "coco_categories_not_list"); return false; }
  for (auto c : cats.value()) {
    double id;
    if (c["id"].error() || !json_number(c["id"].value_unsafe(), id)) { t.fail("categories", "coco_category_needs_id"); continue; }
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
    ImageId image;
    double cat;
    std::vector<double> bbox;
    if (a["image_id"].error() || !image_id(a["image_id"].value_unsafe(), image) || !image_row.count(image)) { t.fail(where, "coco_bad_image_id"); continue; }
    if (a["category_id"].error() || !json_number(a["category_id"].value_unsafe(), cat) || cat_index(cat) < 0) { t.fail(where, "coco_bad_category_id"); continue; }
    if (a["id"].error() || !json_number(a["id"].value_unsafe(), o.id)) { t.fail(where, "coco_needs_numeric_id"); continue; }
    if (a["bbox"].error() || !numbers(a["bbox"].value_unsafe(), 4, bbox)) { t.fail(where, "coco_bad_bbox"); continue; }
    o.x = bbox[0]; o.y = bbox[1]; o.w = bbox[2]; o.h = bbox[3];
    if (a["area"].error() || !json_number(a["area"].value_unsafe(), o.area)) { t.fail(where, "coco_needs_area"); continue; }
    if (!a["iscrowd"].error()) {
      double c = 0;
      json_number(a["iscrowd"].value_unsafe(), c);
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
      if (!a["num_keypoints"].error()) json_number(a["num_keypoints"].value_unsafe(), labelled);
      else for (std::size_t k = 2; k < o.keypoints.size(); k += 3) labelled += o.keypoints[k] > 0;
      o.ignore = labelled == 0 || o.ignore;
    }
    coco->truth[image_row[image]][static_cast<std::size_t>(cat_index(cat))].push_back(std::move(o));
  }

  auto results = proot.get_array();
  if (results.error()) { p.fail("results", "coco_results_not_list"); return false; }
  // loadRes picks one branch for all results from the first: keypoint results whose first
  // has a non-empty bbox (detectron2 writes them so) take each area from its box; otherwise
  // box and area span the keypoints.
  bool area_from_box = !keypoints;
  for (auto r : results.value()) {
    auto first_box = r["bbox"];
    area_from_box = area_from_box || (!first_box.error() && !(first_box.is_array() && first_box.get_array().value().size() == 0));
    break;
  }
  n = 0;
  for (auto r : results.value()) {
    std::string where = "[" + std::to_string(n) + "]";
    CocoObject o;
    o.id = static_cast<double>(++n);  // as loadRes numbers results
    ImageId image;
    double cat;
    if (r["image_id"].error() || !image_id(r["image_id"].value_unsafe(), image) || !image_row.count(image)) {
      p.fail(where, "coco_result_bad_image_id");
      continue;
    }
    if (r["category_id"].error() || !json_number(r["category_id"].value_unsafe(), cat) || cat_index(cat) < 0) {
      p.fail(where, "coco_result_bad_category_id");
      continue;
    }
    if (r["score"].error() || !json_number(r["score"].value_unsafe(), o.score)) { p.fail(where, "coco_needs_score"); continue; }
    if (keypoints) {
      if (r["keypoints"].error() || !numbers(r["keypoints"].value_unsafe(), kpt_len, o.keypoints) || o.keypoints.empty()) {
        p.fail(where, "coco_result_keypoints", {{"count", std::to_string(kpt_len / 3)}});
        continue;
      }
    }
    if (area_from_box) {
      std::vector<double> bbox;
      // loadRes reads bb[0..3] of whatever list it gets; the box metric needs exactly four.
      if (r["bbox"].error() || !numbers(r["bbox"].value_unsafe(), keypoints ? 0 : 4, bbox) || bbox.size() < 4) {
        p.fail(where, "coco_bad_bbox");
        continue;
      }
      if (!keypoints && (bbox[2] < 0 || bbox[3] < 0)) { p.fail(where, "coco_negative_bbox"); continue; }
      o.x = bbox[0]; o.y = bbox[1]; o.w = bbox[2]; o.h = bbox[3];
      o.area = bbox[2] * bbox[3];
    } else {
      double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
      for (std::size_t k = 0; k + 1 < o.keypoints.size(); k += 3) {
        x0 = std::min(x0, o.keypoints[k]); x1 = std::max(x1, o.keypoints[k]);
        y0 = std::min(y0, o.keypoints[k + 1]); y1 = std::max(y1, o.keypoints[k + 1]);
      }
      o.x = x0; o.y = y0; o.w = x1 - x0; o.h = y1 - y0;
      o.area = (x1 - x0) * (y1 - y0);
    }
    coco->pred[image_row[image]][static_cast<std::size_t>(cat_index(cat))].push_back(std::move(o));
  }
  if (ids.empty()) t.fail("images", "coco_no_images");
  if (!errors.empty()) return false;
  if (keypoints && kpt_len == 0) kpt_len = 3;
  out.rows = ids.size();
  out.ids.reset({}, ids.size());
  for (const auto& id : ids) out.ids.push_back(id.text);
  out.coco = std::move(coco);
  return true;
}

}  // namespace aigc::scoring
