#include "domain/competitions/competition.hpp"

#include <nlohmann/json.hpp>

#include "scoring/registry.hpp"

namespace aigc {

bool Phase::higher_is_better() const {
  if (metric == kCustomMetric) {
    auto params = nlohmann::json::parse(params_json, nullptr, false);
    return !(params.is_object() && params.value("higher_is_better", std::string("true")) == "false");
  }
  const auto* m = scoring::find_metric(metric);
  return !m || m->higher_is_better;
}

nlohmann::json notification_params(const Competition& c) {
  return {{"competition_en", c.title_en}, {"competition_zh", c.title_zh}, {"slug", c.slug}};
}

}  // namespace aigc
