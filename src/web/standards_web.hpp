// What the standards pages and API share: the views of a standard, a version's clauses
// with the comments anchored to them, a ballot, and their JSON for the API.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "domain/standards/ballot_service.hpp"
#include "domain/standards/standard_service.hpp"
#include "web/app.hpp"

namespace aigc {

// The standard named by the route's :id, or not found.
Result<Standard> load_standard(App& app, const Request& req);
nlohmann::json standard_view(App& app, const Request& req, const Standard& s);
nlohmann::json standard_api(const Standard& s);
nlohmann::json clause_change_api(const ClauseChange& c);
nlohmann::json ballot_view(App& app, const Request& req, const Ballot& b);
nlohmann::json ballot_api(const Ballot& b);
nlohmann::json comment_api(const StandardComment& c);
// The roles the viewer holds in the standard's group.
struct GroupRoles {
  bool chair = false, editor = false, member = false;
};
GroupRoles roles_in(const WorkingGroup& g, const Request& req);
// A review's or ballot's opening (empty: now) and closing times, as typed in `time_zone`
// (wall clock) or RFC 3339; an error naming closes_at otherwise.
Result<std::pair<std::int64_t, std::int64_t>> parse_window(const std::string& opens, const std::string& closes, const std::string& time_zone,
                                                           std::int64_t now);
// An integer member of a JSON object; 0 when absent or not an integer.
std::int64_t json_int(const nlohmann::json& j, const char* key);

}  // namespace aigc
