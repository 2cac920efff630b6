// coco_bbox_map and coco_keypoints_map: pycocotools' COCOeval (evaluate, accumulate,
// summarize) on the images of the scored rows. 10 IoU thresholds 0.50:0.05:0.95 and 101
// recall points as numpy.linspace computes them; detections ranked by a stable sort on
// descending score; crowd regions match many detections; precision made monotone from
// the right before sampling at the recall points.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <thread>

#include "scoring/coco.hpp"
#include "scoring/metric.hpp"
#include "scoring/numpy_like.hpp"

namespace aigc::scoring {

namespace {

struct Setup {
  std::vector<double> iou_thrs, rec_thrs;
  std::vector<std::pair<double, double>> area_rngs;
  std::vector<std::string> area_names;
  std::vector<std::size_t> max_dets;
  std::vector<double> sigmas;
};

// One image and category: detections in rank order, their matches per threshold. Flat
// arrays: 5,000 images x 10 categories x 4 area ranges made millions of small vectors,
// and allocating them was a third of the run.
struct ImageEval {
  bool present = false;
  std::vector<double> scores;  // detections, ranked, cut at the largest maxDet
  std::vector<double> dtm;     // [t * scores.size() + d] matched truth id, 0 for none
  std::vector<char> dt_ignore;  // the same layout
  std::size_t truth_not_ignored = 0;
  double matched(std::size_t t, std::size_t d) const { return dtm[t * scores.size() + d]; }
  bool ignored(std::size_t t, std::size_t d) const { return dt_ignore[t * scores.size() + d]; }
};

std::vector<std::size_t> ranked(const std::vector<CocoObject>& dts, std::size_t cut) {
  std::vector<std::size_t> order(dts.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return dts[a].score > dts[b].score; });
  if (order.size() > cut) order.resize(cut);
  return order;
}

double box_iou(const CocoObject& d, const CocoObject& g) {
  double w = std::fmin(d.w + d.x, g.w + g.x) - std::fmax(d.x, g.x);
  if (w <= 0) return 0;
  double h = std::fmin(d.h + d.y, g.h + g.y) - std::fmax(d.y, g.y);
  if (h <= 0) return 0;
  double i = w * h, da = d.w * d.h, ga = g.w * g.h;
  return i / (g.crowd ? da : da + ga - i);
}

double oks(const CocoObject& d, const CocoObject& g, const std::vector<double>& sigmas) {
  const std::size_t k = sigmas.size();
  std::size_t visible = 0;
  for (std::size_t j = 0; j < k; ++j) visible += g.keypoints[3 * j + 2] > 0;
  double x0 = g.x - g.w, x1 = g.x + g.w * 2, y0 = g.y - g.h, y1 = g.y + g.h * 2;
  double terms[64];  // np.sum(np.exp(-e)) / e.shape[0], summed as numpy sums
  std::vector<double> many;
  double* t = k <= 64 ? terms : (many.resize(k), many.data());
  std::size_t count = 0;
  for (std::size_t j = 0; j < k; ++j) {
    double xd = d.keypoints[3 * j], yd = d.keypoints[3 * j + 1], dx, dy;
    if (visible > 0) {
      if (!(g.keypoints[3 * j + 2] > 0)) continue;
      dx = xd - g.keypoints[3 * j];
      dy = yd - g.keypoints[3 * j + 1];
    } else {
      dx = std::max(0.0, x0 - xd) + std::max(0.0, xd - x1);
      dy = std::max(0.0, y0 - yd) + std::max(0.0, yd - y1);
    }
    double var = (sigmas[j] * 2) * (sigmas[j] * 2);
    double e = (dx * dx + dy * dy) / var / (g.area + std::numeric_limits<double>::epsilon())  /* np.spacing(1) */ / 2;
    t[count++] = std::exp(-e);
  }
  return numpy_sum(t, count) / static_cast<double>(count);
}

ImageEval evaluate_image(const std::vector<CocoObject>& gts, const std::vector<CocoObject>& dts_all,
                         const std::vector<double>& ious_all,  // [ranked dt * gts.size() + gt], or empty
                         const std::vector<std::size_t>& rank, std::pair<double, double> area, std::size_t max_det,
                         const Setup& s) {
  ImageEval e;
  if (gts.empty() && dts_all.empty()) return e;
  e.present = true;
  const std::size_t G = gts.size();
  std::vector<char> g_ignore(G);
  for (std::size_t g = 0; g < G; ++g) g_ignore[g] = gts[g].ignore || gts[g].area < area.first || gts[g].area > area.second;
  // Truth sorted with ignored ones last (stable).
  std::vector<std::size_t> gorder(G);
  std::iota(gorder.begin(), gorder.end(), 0);
  std::stable_sort(gorder.begin(), gorder.end(), [&](std::size_t a, std::size_t b) { return g_ignore[a] < g_ignore[b]; });
  const std::size_t D = std::min(rank.size(), max_det);
  const std::size_t T = s.iou_thrs.size();
  e.dtm.assign(T * D, 0);
  e.dt_ignore.assign(T * D, 0);
  std::vector<double> gtm(T * G, 0);
  for (std::size_t d = 0; d < D; ++d) e.scores.push_back(dts_all[rank[d]].score);
  for (std::size_t g = 0; g < G; ++g) e.truth_not_ignored += !g_ignore[g];
  if (!ious_all.empty()) {
    for (std::size_t t = 0; t < T; ++t) {
      for (std::size_t d = 0; d < D; ++d) {
        double iou = std::min(s.iou_thrs[t], 1 - 1e-10);
        long m = -1;
        for (std::size_t gi = 0; gi < G; ++gi) {
          std::size_t g = gorder[gi];
          if (gtm[t * G + gi] > 0 && !gts[g].crowd) continue;
          if (m > -1 && !g_ignore[gorder[static_cast<std::size_t>(m)]] && g_ignore[g]) break;
          if (ious_all[d * G + g] < iou) continue;
          iou = ious_all[d * G + g];
          m = static_cast<long>(gi);
        }
        if (m == -1) continue;
        std::size_t g = gorder[static_cast<std::size_t>(m)];
        e.dt_ignore[t * D + d] = g_ignore[g];
        e.dtm[t * D + d] = gts[g].id;
        gtm[t * G + static_cast<std::size_t>(m)] = dts_all[rank[d]].id;
      }
    }
  }
  for (std::size_t d = 0; d < D; ++d) {
    double a = dts_all[rank[d]].area;
    bool outside = a < area.first || a > area.second;
    for (std::size_t t = 0; t < T; ++t) e.dt_ignore[t * D + d] = e.dt_ignore[t * D + d] || (e.dtm[t * D + d] == 0 && outside);
  }
  return e;
}

bool coco_map(const Dataset& data, RowSet rows, const Params& params, MetricValue& out, std::string& error, bool keypoints) {
  const CocoData& c = *data.coco;
  Setup s;
  s.iou_thrs = numpy_linspace(0.5, 0.95, 10);
  s.rec_thrs = numpy_linspace(0.0, 1.0, 101);
  if (keypoints) {
    s.area_rngs = {{0, 1e10}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
    s.area_names = {"all", "medium", "large"};
    s.max_dets = {20};
    auto name = param_or(params, "sigmas", "");
    std::size_t k = 0;
    for (const auto& per_image : c.truth)
      for (const auto& objs : per_image)
        if (!objs.empty()) k = objs.front().keypoints.size() / 3;
    if (name.empty()) name = k == 14 ? "aic" : "coco";
    s.sigmas = keypoint_sigmas(name);
    if (s.sigmas.empty()) {
      for (std::size_t i = 0, j; i < name.size(); i = j + 1) {
        j = name.find(' ', i);
        if (j == std::string::npos) j = name.size();
        double v;
        if (j > i && parse_number(name.substr(i, j - i), v) && v > 0) s.sigmas.push_back(v);
        else if (j > i) { error = "parameter sigmas must be coco, aic or positive numbers separated by spaces"; return false; }
      }
    }
    if (k && s.sigmas.size() != k) {
      error = "the keypoints have " + std::to_string(k) + " points but " + std::to_string(s.sigmas.size()) +
              " sigmas were given (sigmas=coco has 17, sigmas=aic has 14)";
      return false;
    }
  } else {
    s.area_rngs = {{0, 1e10}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e10}};
    s.area_names = {"all", "small", "medium", "large"};
    s.max_dets = {1, 10, 100};
  }
  const std::size_t K = c.categories.size(), A = s.area_rngs.size(), M = s.max_dets.size(), T = s.iou_thrs.size(),
                    R = s.rec_thrs.size(), I = rows.size();
  const std::size_t max_det = s.max_dets.back();
  // Categories are independent in evaluate() and accumulate() (each writes its own cells),
  // so they are spread over the cores.
  auto per_category = [K, I](auto&& fn) {
    std::size_t threads = I * K < 1000 ? 1 : std::min<std::size_t>(K, std::max(1u, std::thread::hardware_concurrency()));
    auto work = [&](std::size_t first) {
      for (std::size_t k = first; k < K; k += threads) fn(k);
    };
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t) pool.emplace_back(work, t);
    work(0);
    for (auto& t : pool) t.join();
  };
  // evaluate(): per category, area range and image.
  std::vector<ImageEval> evals(K * A * I);
  per_category([&](std::size_t k) {
    for (std::size_t i = 0; i < I; ++i) {
      const auto& gts = c.truth[rows[i]][k];
      const auto& dts = c.pred[rows[i]][k];
      auto rank = ranked(dts, max_det);
      std::vector<double> ious;
      if (!rank.empty() && !gts.empty()) {
        ious.resize(rank.size() * gts.size());
        for (std::size_t d = 0; d < rank.size(); ++d)
          for (std::size_t g = 0; g < gts.size(); ++g)
            ious[d * gts.size() + g] = keypoints ? oks(dts[rank[d]], gts[g], s.sigmas) : box_iou(dts[rank[d]], gts[g]);
      }
      for (std::size_t a = 0; a < A; ++a)
        evals[(k * A + a) * I + i] = evaluate_image(gts, dts, ious, rank, s.area_rngs[a], max_det, s);
    }
  });
  // accumulate()
  std::vector<double> precision(T * R * K * A * M, -1.0), recall(T * K * A * M, -1.0);
  auto P = [&](std::size_t t, std::size_t r, std::size_t k, std::size_t a, std::size_t m) -> double& {
    return precision[(((t * R + r) * K + k) * A + a) * M + m];
  };
  auto Rc = [&](std::size_t t, std::size_t k, std::size_t a, std::size_t m) -> double& { return recall[((t * K + k) * A + a) * M + m]; };
  per_category([&](std::size_t k) {
    for (std::size_t a = 0; a < A; ++a)
      for (std::size_t m = 0; m < M; ++m) {
        std::vector<const ImageEval*> E;
        for (std::size_t i = 0; i < I; ++i)
          if (evals[(k * A + a) * I + i].present) E.push_back(&evals[(k * A + a) * I + i]);
        if (E.empty()) continue;
        struct Det { double score; const ImageEval* e; std::size_t d; };
        std::vector<Det> dets;
        std::size_t npig = 0;
        for (const auto* e : E) {
          for (std::size_t d = 0; d < e->scores.size() && d < s.max_dets[m]; ++d) dets.push_back({e->scores[d], e, d});
          npig += e->truth_not_ignored;
        }
        if (npig == 0) continue;
        std::stable_sort(dets.begin(), dets.end(), [](const Det& x, const Det& y) { return x.score > y.score; });
        for (std::size_t t = 0; t < T; ++t) {
          std::vector<double> rc, pr;
          double tp = 0, fp = 0;
          for (const auto& det : dets) {
            bool matched = det.e->matched(t, det.d) != 0, ignored = det.e->ignored(t, det.d);
            tp += matched && !ignored;
            fp += !matched && !ignored;
            rc.push_back(tp / static_cast<double>(npig));
            pr.push_back(tp / (fp + tp + std::numeric_limits<double>::epsilon()));
          }
          std::size_t nd = rc.size();
          Rc(t, k, a, m) = nd ? rc.back() : 0;
          for (std::size_t i = nd; i-- > 1;)
            if (pr[i] > pr[i - 1]) pr[i - 1] = pr[i];
          for (std::size_t r = 0; r < R; ++r) {
            auto pos = static_cast<std::size_t>(std::lower_bound(rc.begin(), rc.end(), s.rec_thrs[r]) - rc.begin());
            if (pos >= nd) {
              // numpy raises IndexError here and pycocotools leaves this and later points at 0.
              for (std::size_t rr = r; rr < R; ++rr) P(t, rr, k, a, m) = 0;
              break;
            }
            P(t, r, k, a, m) = pr[pos];
          }
        }
      }
  });
  // summarize()
  auto mean_of = [](const std::vector<double>& v) {  // np.mean(s[s > -1]), or -1
    std::vector<double> kept;
    for (double x : v)
      if (x > -1) kept.push_back(x);
    return kept.empty() ? -1.0 : numpy_mean(kept);
  };
  auto ap = [&](int t_sel, std::size_t a, std::size_t m) {
    std::vector<double> v;
    for (std::size_t t = 0; t < T; ++t) {
      if (t_sel >= 0 && t != static_cast<std::size_t>(t_sel)) continue;
      for (std::size_t r = 0; r < R; ++r)
        for (std::size_t k = 0; k < K; ++k) v.push_back(P(t, r, k, a, m));
    }
    return mean_of(v);
  };
  auto ar = [&](int t_sel, std::size_t a, std::size_t m) {
    std::vector<double> v;
    for (std::size_t t = 0; t < T; ++t) {
      if (t_sel >= 0 && t != static_cast<std::size_t>(t_sel)) continue;
      for (std::size_t k = 0; k < K; ++k) v.push_back(Rc(t, k, a, m));
    }
    return mean_of(v);
  };
  const int t50 = 0, t75 = 5;  // iouThrs[0] == 0.5 and iouThrs[5] == 0.75 exactly
  nlohmann::json d = nlohmann::json::object();
  if (keypoints) {
    d = {{"AP", ap(-1, 0, 0)}, {"AP50", ap(t50, 0, 0)}, {"AP75", ap(t75, 0, 0)}, {"APm", ap(-1, 1, 0)}, {"APl", ap(-1, 2, 0)},
         {"AR", ar(-1, 0, 0)}, {"AR50", ar(t50, 0, 0)}, {"AR75", ar(t75, 0, 0)}, {"ARm", ar(-1, 1, 0)}, {"ARl", ar(-1, 2, 0)}};
  } else {
    d = {{"AP", ap(-1, 0, 2)}, {"AP50", ap(t50, 0, 2)}, {"AP75", ap(t75, 0, 2)}, {"APs", ap(-1, 1, 2)},
         {"APm", ap(-1, 2, 2)}, {"APl", ap(-1, 3, 2)}, {"AR1", ar(-1, 0, 0)}, {"AR10", ar(-1, 0, 1)},
         {"AR100", ar(-1, 0, 2)}, {"ARs", ar(-1, 1, 2)}, {"ARm", ar(-1, 2, 2)}, {"ARl", ar(-1, 3, 2)}};
  }
  out.score = d["AP"].get<double>();
  out.details = d;
  return true;
}

}  // namespace

bool coco_bbox_map(const Dataset& d, RowSet rows, const Params& p, MetricValue& o, std::string& e) { return coco_map(d, rows, p, o, e, false); }
bool coco_keypoints_map(const Dataset& d, RowSet rows, const Params& p, MetricValue& o, std::string& e) { return coco_map(d, rows, p, o, e, true); }

}  // namespace aigc::scoring
