// What the event route files share: the event a path names (drafts only for their
// managers), the frame every event page has (title, tabs, the viewer's role), the call for
// proposals as the viewer may see it, and an EventInput read from a form or API JSON.
#pragma once

#include <nlohmann/json.hpp>

#include "domain/events/event.hpp"
#include "web/app.hpp"

namespace aigc {

Result<Event> load_event(App& app, const Request& req);
// The "events" words of the reader's catalog, for the views' labels.
const nlohmann::json& words(const App& app, const Request& req);
nlohmann::json event_page_view(App& app, const Request& req, const Event& e, const std::string& tab);
nlohmann::json proposals_view(App& app, const Request& req, const Event& e);
Result<EventInput> event_input_from_json(const nlohmann::json& body);
EventInput event_input_from_form(const Request& req);

}  // namespace aigc
