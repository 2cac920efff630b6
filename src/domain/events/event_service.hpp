// Events: organizers (and admins) create them; the creator and the managers they name run
// them. Checks what an organizer sends (texts in either language, kind, zone, a window that
// ends after it starts, ticket types with capacities, questions), stores it in one
// transaction, and cancels an event telling every registrant. Raising a capacity offers the
// freed seats to the waiting line at once. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.hpp"
#include "domain/events/event.hpp"
#include "domain/events/event_repository.hpp"
#include "domain/members/member.hpp"
#include "store/database.hpp"

namespace aigc {

// The event's title in both languages (each falling back to the other), as notifications
// name it: {"event_en", "event_zh"}.
nlohmann::json event_notification_params(const Event& e);
// Who runs an event: its creator, the managers they named, and admins.
bool can_manage_event(const Member& m, const Event& e);
// A time an organizer typed: wall-clock "2026-12-05T09:00" in the event's zone, or an
// RFC 3339 instant ("2026-12-05T01:00:00Z", "...+08:00"), or UTC seconds. nullopt otherwise.
std::optional<std::int64_t> parse_event_time(const std::string& text, const std::string& time_zone);

class EventService {
 public:
  static constexpr std::int64_t kMaxCapacity = 1'000'000;
  explicit EventService(Database& db) : db_(db) {}

  Result<Event> create(const Member& actor, const EventInput& input, std::int64_t now);
  Result<Event> update(const Member& actor, const std::string& slug, const EventInput& input, std::int64_t now);
  // draft -> published; published/draft -> cancelled (registrants are told). A cancelled
  // event stays cancelled.
  Result<Event> set_status(const Member& actor, const std::string& slug, const std::string& status, std::int64_t now);
  // A published (or, for its managers, draft) event.
  Result<Event> get(const std::string& slug, const Member* viewer);
  std::vector<Event> upcoming(std::int64_t now, const Member* viewer, int limit = 50);
  std::vector<Event> past(std::int64_t now, int limit = 50);
  std::vector<Event> managed_by(const Member& m);
  Result<InvitationCode> add_code(const Member& actor, const std::string& slug, const std::string& code, const std::string& ticket_type,
                                  std::int64_t seats);
  std::vector<InvitationCode> codes(std::int64_t event_id);
  // A /media/ URL from the media library (or "" to remove the cover).
  Result<Event> set_cover(const Member& actor, const std::string& slug, const std::string& url, std::int64_t now);
  // Any status: for a member's own registrations and certificates.
  std::optional<Event> get_by_id(std::int64_t id);

  // After the event: attendees who were checked in rate it (1-5) and comment, once
  // (a second answer replaces the first).
  bool attended(std::int64_t event_id, std::int64_t member_id);
  Result<void> give_feedback(const Member& m, const std::string& slug, int rating, const std::string& comment, std::int64_t now);
  std::optional<std::pair<int, std::string>> feedback_of(std::int64_t event_id, std::int64_t member_id);
  // Managers: every answer, newest first, as (rating, comment).
  std::vector<std::pair<int, std::string>> feedback(std::int64_t event_id);

  // The checks of create() and update(), every problem at once.
  static Result<Event> validate(const EventInput& input, bool is_new, std::int64_t now);

 private:
  Database& db_;
  EventRepository repo_;
};

}  // namespace aigc
