// What the talent pages, the profile and the API share: a member's achievements and a
// page of rankings, as template views (names in the reader's language, an inline SVG of
// the rank history) and as API JSON.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/talent/talent.hpp"
#include "web/app.hpp"

namespace aigc {

nlohmann::json achievements_view(App& app, const Request& req, const Achievements& a);
nlohmann::json achievements_api(const Achievements& a);
nlohmann::json ranking_entry_api(const RankingEntry& e);
// The Talent section's tabs (rankings, learning, opportunities, the pool), `current` marked.
nlohmann::json talent_tabs(App& app, const Request& req, const std::string& current);
// Points as the pages show them: whole numbers with thousands separators.
std::string points_text(double points);

}  // namespace aigc
