// numpy's arithmetic where a reference script's numbers depend on it: linspace as numpy
// computes it (i * step + start, the last point set to stop), and the sum of a float64
// array as numpy.sum / numpy.mean add it up (pairwise, in blocks of eight), so that a
// mean here has the very bits numpy's has.
#pragma once

#include <cstddef>
#include <vector>

namespace aigc::scoring {

inline std::vector<double> numpy_linspace(double start, double stop, int num) {
  std::vector<double> v(static_cast<std::size_t>(num));
  double step = (stop - start) / (num - 1);
  for (int i = 0; i < num; ++i) v[static_cast<std::size_t>(i)] = i * step + start;
  v.back() = stop;
  return v;
}

// numpy's pairwise_sum for contiguous float64 (numpy/core/src/umath/loops_utils.h.src).
inline double numpy_sum(const double* a, std::size_t n) {
  if (n < 8) {
    double r = 0.;
    for (std::size_t i = 0; i < n; ++i) r += a[i];
    return r;
  }
  if (n <= 128) {
    double r[8];
    for (std::size_t j = 0; j < 8; ++j) r[j] = a[j];
    std::size_t i = 8;
    for (; i < n - n % 8; i += 8)
      for (std::size_t j = 0; j < 8; ++j) r[j] += a[i + j];
    double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; ++i) res += a[i];
    return res;
  }
  std::size_t n2 = n / 2;
  n2 -= n2 % 8;
  return numpy_sum(a, n2) + numpy_sum(a + n2, n - n2);
}

inline double numpy_mean(const std::vector<double>& v) { return numpy_sum(v.data(), v.size()) / static_cast<double>(v.size()); }

}  // namespace aigc::scoring
