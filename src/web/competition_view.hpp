// What every page of one competition shows: its summary (titles, markdown rendered,
// phases with localized times and status), the tabs (overview, leaderboard, team,
// submissions, host) and the phase chooser. Route files add their own part.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/competitions/competition.hpp"
#include "web/app.hpp"

namespace aigc {

nlohmann::json competition_view(App& app, const Request& req, const Competition& c, const std::string& tab,
                                 const std::string& phase = "");

}  // namespace aigc
