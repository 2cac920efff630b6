#include "scoring/aic_keypoints.hpp"

#include <cfloat>
#include <cmath>
#include <map>

#include "scoring/coco.hpp"
#include "scoring/json_input.hpp"
#include "scoring/metric.hpp"
#include "scoring/numpy_like.hpp"

namespace aigc::scoring {

namespace {

using simdjson::dom::element;

// keypoint_eval.py's delta: 2 x AI Challenger's per-point sigmas (the same as sigmas=aic).
const std::array<double, kAicPoints>& deltas() {
  static const std::array<double, kAicPoints> d = [] {
    std::array<double, kAicPoints> out{};
    auto sigmas = keypoint_sigmas("aic");
    for (std::size_t i = 0; i < kAicPoints; ++i) out[i] = 2 * sigmas[i];
    return out;
  }();
  return d;
}

template <std::size_t N>
bool numbers(element e, std::array<double, N>& out) {
  auto arr = e.get_array();
  if (arr.error() || arr.value().size() != N) return false;
  std::size_t i = 0;
  for (auto v : arr.value())
    if (!json_number(v, out[i++])) return false;
  return true;
}

// np.float32(area) + 1, added in float32 as numpy adds a Python int to a float32 scalar.
double scale_plus_one(const std::array<double, 4>& box) {
  double area = (box[3] - box[1]) * (box[2] - box[0]);
  float s = std::fabs(area) > FLT_MAX ? std::copysign(INFINITY, area) : static_cast<float>(area);
  return static_cast<double>(s + 1.0f);
}

}  // namespace

bool load_aic_dataset(std::string_view truth_text, std::string_view pred_text, const LoadOptions& opt, Dataset& out,
                      InputErrors& errors) {
  out = Dataset{};
  auto data = std::make_shared<AicData>();
  JsonDocument truth_doc, pred_doc;
  if (!truth_doc.parse(truth_text, opt.truth_label, errors) || !pred_doc.parse(pred_text, opt.pred_label, errors)) return false;
  element troot = truth_doc.root, proot = pred_doc.root;
  JsonProblems t{opt.truth_label, errors}, p{opt.pred_label, errors};

  auto images = troot.get_array();
  if (images.error()) { t.fail("the file", "aic_not_list"); return false; }
  std::map<std::string, std::size_t, std::less<>> row_of;
  std::vector<std::string> ids;
  std::size_t n = 0;
  for (auto img : images.value()) {
    std::string where = "[" + std::to_string(n++) + "]";
    auto id = img["image_id"].get_string();
    if (id.error()) { t.fail(where, "aic_image_needs_id"); continue; }
    if (id.value().size() > IdColumn::kMaxLength) { t.fail(where, "coco_image_id_too_long"); continue; }
    std::string image(id.value());
    if (image.find('.') != std::string::npos) { t.fail(where, "aic_image_id_dot", {{"id", image}}); continue; }
    if (row_of.count(image)) { t.fail(where, "aic_duplicate_image", {{"id", image}}); continue; }
    auto boxes = img["human_annotations"].get_object();
    auto poses = img["keypoint_annotations"].get_object();
    if (boxes.error() || poses.error()) { t.fail(where, "aic_needs_annotations"); continue; }
    AicImage row;
    bool ok = true;
    for (auto field : boxes.value()) {
      std::array<double, 4> box{};
      if (!numbers(field.value, box)) { t.fail(where, "aic_bad_box", {{"person", std::string(field.key)}}); ok = false; }
      ++row.boxes;
    }
    for (auto field : poses.value()) {
      AicTruthPerson person;
      std::array<double, 4> box{};
      std::string key(field.key);
      if (!numbers(field.value, person.pose)) { t.fail(where, "aic_bad_keypoints", {{"person", key}}); ok = false; continue; }
      auto b = boxes.value()[field.key];
      if (b.error()) { t.fail(where, "aic_person_without_box", {{"person", key}}); ok = false; continue; }
      if (!numbers(b.value(), box)) continue;  // reported above
      person.scale_plus_one = scale_plus_one(box);
      row.people.push_back(person);
    }
    if (!ok) continue;
    row_of.emplace(image, data->images.size());
    ids.push_back(std::move(image));
    data->images.push_back(std::move(row));
  }
  if (ids.empty() && errors.empty()) t.fail("the file", "coco_no_images");

  auto preds = proot.get_array();
  if (preds.error()) { p.fail("the file", "aic_not_list"); return false; }
  // keypoint_eval.py files a prediction under its image_id cut at the first '.' ("abc.jpg"
  // counts for "abc"); of several for one image, the last counts, as the script keeps it.
  n = 0;
  for (auto pred : preds.value()) {
    std::string where = "[" + std::to_string(n++) + "]";
    auto id = pred["image_id"].get_string();
    if (id.error()) { p.fail(where, "aic_image_needs_id"); continue; }
    std::string_view image = id.value().substr(0, id.value().find('.'));
    auto row = row_of.find(image);
    if (row == row_of.end()) { p.fail(where, "aic_unknown_image", {{"id", std::string(id.value())}}); continue; }
    auto poses = pred["keypoint_annotations"].get_object();
    if (poses.error()) { p.fail(where, "aic_needs_keypoints"); continue; }
    std::vector<AicPose> people;
    bool ok = true;
    for (auto field : poses.value()) {
      AicPose pose{};
      if (!numbers(field.value, pose)) { p.fail(where, "aic_bad_keypoints", {{"person", std::string(field.key)}}); ok = false; continue; }
      people.push_back(pose);
    }
    if (!ok) continue;
    auto& img = data->images[row->second];
    img.predicted = true;
    img.predictions = std::move(people);
  }
  if (!errors.empty()) return false;
  out.rows = ids.size();
  out.ids.reset({}, ids.size());
  for (const auto& id : ids) out.ids.push_back(id);
  out.aic = std::move(data);
  return true;
}

// compute_oks for one truth person and one predicted person.
double aic_oks(const AicTruthPerson& truth, const AicPose& pred) {
  double terms[kAicPoints];
  std::size_t visible = 0;
  for (std::size_t i = 0; i < kAicPoints; ++i) {
    if (truth.pose[3 * i + 2] != 1) continue;
    double dx = truth.pose[3 * i] - pred[3 * i], dy = truth.pose[3 * i + 1] - pred[3 * i + 1];
    double dis = dx * dx + dy * dy;
    double delta = deltas()[i];
    terms[visible++] = std::exp(-dis / 2 / (delta * delta) / truth.scale_plus_one);
  }
  return visible ? numpy_sum(terms, visible) / static_cast<double>(visible) : 0.0;
}

bool aic_keypoints(const Dataset& d, RowSet rows, const Params&, MetricValue& out, std::string&) {
  const auto thresholds = numpy_linspace(0.5, 0.95, 10);
  std::array<std::size_t, 10> above{};
  std::size_t total = 0, people = 0, predicted = 0, missing = 0;
  for (auto r : rows) {
    const AicImage& img = d.aic->images[r];
    people += img.people.size();
    if (!img.predicted) {
      ++missing;
      total += img.boxes;  // the script counts human_annotations for a missing image
      continue;
    }
    predicted += img.predictions.size();
    total += std::max(img.people.size(), img.predictions.size());
    if (img.predictions.empty()) continue;
    for (const auto& person : img.people) {
      double best = -INFINITY;  // np.max: a NaN wins and then counts above no threshold
      for (const auto& pose : img.predictions) {
        double o = aic_oks(person, pose);
        if (std::isnan(o) || o > best) best = o;
        if (std::isnan(best)) break;
      }
      for (std::size_t t = 0; t < thresholds.size(); ++t) above[t] += best > thresholds[t];
    }
  }
  // np.sum(...) / np.float32(oks_num): the count of people goes through a float32.
  double denominator = static_cast<double>(static_cast<float>(total));
  std::vector<double> ap(thresholds.size());
  for (std::size_t t = 0; t < ap.size(); ++t) ap[t] = static_cast<double>(above[t]) / denominator;
  out.score = numpy_mean(ap);
  out.details = {{"AP50", ap[0]}, {"AP75", ap[5]}, {"truth_people", people}, {"predicted_people", predicted},
                 {"images_missing", missing}};
  return true;
}

}  // namespace aigc::scoring
