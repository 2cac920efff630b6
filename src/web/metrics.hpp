// Prometheus metrics for HTTP: request counts by route, method and status, and latency
// histograms by route. record() is thread-safe and cheap (one mutex, no allocation on the
// hot path once a series exists).
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace aigc {

class Metrics {
 public:
  void record(const std::string& route, const std::string& method, int status, double seconds);
  // Prometheus text exposition format 0.0.4.
  std::string render() const;

  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  2.5};

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t> counts_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace aigc
