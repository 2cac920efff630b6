// The events tables: the event with its managers, partner organizations, ticket types (with
// live seat counts), registration questions and invitation codes. Callers bring the session
// (and the transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/events/event.hpp"

namespace aigc {

struct InvitationCode {
  std::int64_t id = 0, ticket_type_id = 0, seats = 0, used = 0;
  std::string code;
};

class EventRepository {
 public:
  // Inserts the event, its managers, organizations, ticket types and questions.
  std::int64_t insert(soci::session& sql, const Event& e);
  // Rewrites the event's own columns, managers, organizations and questions; ticket types
  // are matched by name (kept rows keep their registrations; new names are added; a type
  // that holds registrations is never deleted). Bumps the version.
  void update(soci::session& sql, const Event& e);
  void set_status(soci::session& sql, std::int64_t id, const std::string& status, std::int64_t now);
  // Something the event's pages show changed (programme, seats): caches key on the version.
  void bump_version(soci::session& sql, std::int64_t id, std::int64_t now);
  std::optional<Event> find(soci::session& sql, const std::string& slug);
  std::optional<Event> find_by_id(soci::session& sql, std::int64_t id);
  // Locks the event's row until the transaction ends (PostgreSQL; SQLite's writer lock
  // already serializes): every seat decision of the event runs behind it.
  void lock(soci::session& sql, std::int64_t id, bool postgresql);
  // Published events ending after `after` (upcoming, soonest first) or, with past, ended
  // before it (latest first); with drafts too when `include_drafts`.
  std::vector<Event> list(soci::session& sql, bool past, std::int64_t now, bool include_drafts, int limit);
  std::vector<Event> managed_by(soci::session& sql, std::int64_t member_id);
  void load_ticket_types(soci::session& sql, Event& e);

  std::int64_t add_code(soci::session& sql, std::int64_t event_id, const InvitationCode& c);
  std::optional<InvitationCode> find_code(soci::session& sql, std::int64_t event_id, const std::string& code);
  std::vector<InvitationCode> codes(soci::session& sql, std::int64_t event_id);
  // Uses one seat of the code when it has one left; false otherwise.
  bool use_code(soci::session& sql, std::int64_t code_id);
  void release_code(soci::session& sql, std::int64_t code_id);
  void set_capacity(soci::session& sql, std::int64_t ticket_type_id, std::int64_t capacity);
};

}  // namespace aigc
