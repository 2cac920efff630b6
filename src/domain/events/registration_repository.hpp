// The registrations table: one row per registration, its status moving through confirmed,
// pending, waitlisted, offered, cancelled, rejected and expired. Callers bring the session
// and, for every write, the transaction that holds the event's lock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "domain/events/event.hpp"

namespace aigc {

class RegistrationRepository {
 public:
  std::int64_t insert(soci::session& sql, const EventRegistration& r);
  std::optional<EventRegistration> find(soci::session& sql, std::int64_t id);
  // (registration, event) that `member_id` made with this Idempotency-Key, if any.
  std::optional<std::pair<std::int64_t, std::int64_t>> for_key(soci::session& sql, std::int64_t member_id, const std::string& key);
  // The member's registrations for the event, newest first (every status).
  std::vector<EventRegistration> of_member(soci::session& sql, std::int64_t event_id, std::int64_t member_id);
  // Every registration of the member, for their tickets page.
  std::vector<EventRegistration> all_of_member(soci::session& sql, std::int64_t member_id, int limit);
  // The event's registrations: with `status` only when given; by ticket type, then queue
  // order (waitlisted), then time.
  std::vector<EventRegistration> of_event(soci::session& sql, std::int64_t event_id, const std::string& status);
  void set_status(soci::session& sql, std::int64_t id, const std::string& status, std::int64_t offer_expires_at, std::int64_t now);
  void set_member(soci::session& sql, std::int64_t id, std::int64_t member_id, std::int64_t now);
  void set_answers(soci::session& sql, std::int64_t id, const std::string& answers, std::int64_t now);
  void set_paid(soci::session& sql, std::int64_t id, std::int64_t paid_at, std::int64_t now);
  // Records the check-in unless one is recorded; true when this call recorded it.
  bool check_in(soci::session& sql, std::int64_t id, std::int64_t staff_id, std::int64_t now);
  // Seats the type holds (confirmed and open offers) and the next place in its line.
  std::int64_t seats_taken(soci::session& sql, std::int64_t ticket_type_id);
  std::int64_t next_waitlist_seq(soci::session& sql, std::int64_t ticket_type_id);
  // The first waiting registration of the type, if any.
  std::optional<EventRegistration> first_waiting(soci::session& sql, std::int64_t ticket_type_id);
  std::int64_t waitlist_position(soci::session& sql, const EventRegistration& r);
  // Offers whose time ran out, any event.
  std::vector<EventRegistration> expired_offers(soci::session& sql, std::int64_t now);
  // Active registrations (not cancelled, rejected or expired) of a member for an event.
  std::int64_t active_count(soci::session& sql, std::int64_t event_id, std::int64_t member_id, std::int64_t ticket_type_id);
  // The same for the whole event and for one of its types, in one statement.
  std::pair<std::int64_t, std::int64_t> active_counts(soci::session& sql, std::int64_t event_id, std::int64_t member_id,
                                                      std::int64_t ticket_type_id);
  // Registrations checked in, for certificates and feedback.
  std::vector<std::int64_t> checked_in_members(soci::session& sql, std::int64_t event_id);
};

}  // namespace aigc
