#include "web/metrics.hpp"

#include <sstream>

namespace aigc {

namespace {

std::string label(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out += '\\';
    if (c == '\n') { out += "\\n"; continue; }
    out += c;
  }
  return out;
}

}  // namespace

void Metrics::record(const std::string& route, const std::string& method, int status, double seconds) {
  std::lock_guard lock(mutex_);
  ++counts_[{route, method, status}];
  auto& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render() const {
  std::lock_guard lock(mutex_);
  std::ostringstream out;
  out << "# HELP aigc_http_requests_total HTTP requests by route, method and status.\n"
         "# TYPE aigc_http_requests_total counter\n";
  for (const auto& [key, n] : counts_)
    out << "aigc_http_requests_total{route=\"" << label(std::get<0>(key)) << "\",method=\"" << std::get<1>(key)
        << "\",status=\"" << std::get<2>(key) << "\"} " << n << "\n";
  out << "# HELP aigc_http_request_duration_seconds Time to produce a response, by route.\n"
         "# TYPE aigc_http_request_duration_seconds histogram\n";
  for (const auto& [route, h] : latency_) {
    auto r = label(route);
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      out << "aigc_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"" << kBuckets[i] << "\"} "
          << h.buckets[i] << "\n";
    out << "aigc_http_request_duration_seconds_bucket{route=\"" << r << "\",le=\"+Inf\"} " << h.count << "\n";
    out << "aigc_http_request_duration_seconds_sum{route=\"" << r << "\"} " << h.sum << "\n";
    out << "aigc_http_request_duration_seconds_count{route=\"" << r << "\"} " << h.count << "\n";
  }
  return out.str();
}

}  // namespace aigc
