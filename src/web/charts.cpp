#include "web/charts.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/clock.hpp"
#include "core/text.hpp"

namespace aigc {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string label(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.4g", v);
  return buf;
}

}  // namespace

std::string svg_chart(const std::string& title, const std::vector<ChartSeries>& series, int width, int height, bool invert_y) {
  double t0 = 0, t1 = 0, y0 = 0, y1 = 0;
  bool any = false;
  for (const auto& s : series)
    for (const auto& p : s.points) {
      if (!std::isfinite(p.score)) continue;
      if (!any) { t0 = t1 = static_cast<double>(p.at); y0 = y1 = p.score; any = true; }
      t0 = std::min(t0, static_cast<double>(p.at)); t1 = std::max(t1, static_cast<double>(p.at));
      y0 = std::min(y0, p.score); y1 = std::max(y1, p.score);
    }
  if (!any) return "";
  if (t1 == t0) t1 = t0 + 1;
  if (y1 == y0) { y0 -= 0.5; y1 += 0.5; }
  const double left = 56, right = 12, top = 12, bottom = 28;
  auto x = [&](double t) { return left + (t - t0) / (t1 - t0) * (width - left - right); };
  auto y = [&](double v) { return top + (invert_y ? v - y0 : y1 - v) / (y1 - y0) * (height - top - bottom); };
  std::string svg = "<svg class=\"chart\" role=\"img\" viewBox=\"0 0 " + std::to_string(width) + " " + std::to_string(height) +
                    "\" xmlns=\"http://www.w3.org/2000/svg\"><title>" + html_escape(title) + "</title>";
  svg += "<line class=\"axis\" x1=\"" + num(left) + "\" y1=\"" + num(height - bottom) + "\" x2=\"" + num(width - right) + "\" y2=\"" +
         num(height - bottom) + "\"/><line class=\"axis\" x1=\"" + num(left) + "\" y1=\"" + num(top) + "\" x2=\"" + num(left) +
         "\" y2=\"" + num(height - bottom) + "\"/>";
  svg += "<text class=\"tick\" x=\"" + num(left - 4) + "\" y=\"" + num(top + 8) + "\" text-anchor=\"end\">" + label(invert_y ? y0 : y1) + "</text>";
  svg += "<text class=\"tick\" x=\"" + num(left - 4) + "\" y=\"" + num(height - bottom) + "\" text-anchor=\"end\">" + label(invert_y ? y1 : y0) + "</text>";
  svg += "<text class=\"tick\" x=\"" + num(left) + "\" y=\"" + num(height - 8) + "\">" + iso8601_utc(static_cast<std::int64_t>(t0)).substr(0, 10) + "</text>";
  svg += "<text class=\"tick\" x=\"" + num(width - right) + "\" y=\"" + num(height - 8) + "\" text-anchor=\"end\">" +
         iso8601_utc(static_cast<std::int64_t>(t1)).substr(0, 10) + "</text>";
  for (const auto& s : series) {
    std::string cls = html_escape(s.css_class.empty() ? "series" : s.css_class);
    if (s.step) {
      std::string d;
      double last_y = 0;
      for (std::size_t i = 0; i < s.points.size(); ++i) {
        double px = x(static_cast<double>(s.points[i].at)), py = y(s.points[i].score);
        d += i == 0 ? "M" + num(px) + " " + num(py) : " H" + num(px) + " V" + num(py);
        last_y = py;
      }
      if (!s.points.empty()) d += " H" + num(width - right) + " V" + num(last_y);
      svg += "<path class=\"" + cls + "\" d=\"" + d + "\"><title>" + html_escape(s.label) + "</title></path>";
    } else {
      for (const auto& p : s.points)
        svg += "<circle class=\"" + cls + "\" cx=\"" + num(x(static_cast<double>(p.at))) + "\" cy=\"" + num(y(p.score)) +
               "\" r=\"3\"><title>" + html_escape(s.label) + " " + label(p.score) + "</title></circle>";
    }
  }
  return svg + "</svg>";
}

}  // namespace aigc
