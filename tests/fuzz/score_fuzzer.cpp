// libFuzzer target: hostile truth and prediction files through the whole scoring path.
// The first byte picks the metric; the rest is split at the first NUL into truth and
// prediction. Any crash, hang, leak or sanitizer report is a bug.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "scoring/registry.hpp"
#include "scoring/scorer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const auto& metrics = aigc::scoring::all_metrics();
  const auto& metric = metrics[data[0] % metrics.size()];
  std::string_view rest(reinterpret_cast<const char*>(data + 1), size - 1);
  auto nul = rest.find('\0');
  aigc::scoring::ScoreRequest req;
  req.metric = metric.name;
  req.truth = rest.substr(0, nul);
  req.pred = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
  if (data[0] & 0x80) {
    req.public_fraction = 0.5;
    req.split_seed = data[0];
  }
  auto out = aigc::scoring::score(req);
  (void)out;
  return 0;
}
