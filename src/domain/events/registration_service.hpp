// EventRegistration, as pretix gets it right and Indico does not: every seat decision of an event
// runs in one transaction behind the event's lock (PostgreSQL row lock; SQLite's single
// writer), so capacity holds under any concurrency and a registration is confirmed,
// pending approval or waitlisted, never lost or taken twice. A freed seat (cancellation,
// rejection, a raised capacity, an expired offer) is offered to the first person waiting
// for that ticket type, for the event's offer_hours, then to the next. Thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.hpp"
#include "domain/events/event.hpp"
#include "domain/events/registration_repository.hpp"
#include "domain/members/member.hpp"
#include "store/database.hpp"

namespace aigc {

struct RegistrationInput {
  std::string ticket_type;                     // its name
  std::map<std::string, std::string> answers;  // question id -> answer
  std::string code;                            // an invitation code, when one is needed
  // Idempotency-Key: a retry with the same key gets the registration the first try made.
  std::string idempotency_key;
};

struct CheckIn {
  EventRegistration registration;
  bool first = false;  // false: it was checked in before (at checked_in_at, by checked_in_by_handle)
};

class RegistrationService {
 public:
  explicit RegistrationService(Database& db) : db_(db) {}

  Result<EventRegistration> register_for(const Member& m, const std::string& slug, const RegistrationInput& in, std::int64_t now);
  // The member's own registration (or, for the event's managers, anyone's).
  Result<EventRegistration> cancel(const Member& actor, std::int64_t id, std::int64_t now);
  Result<EventRegistration> accept_offer(const Member& actor, std::int64_t id, std::int64_t now);
  Result<EventRegistration> transfer(const Member& actor, std::int64_t id, const std::string& to_handle, std::int64_t now);
  Result<EventRegistration> edit_answers(const Member& actor, std::int64_t id, const std::map<std::string, std::string>& answers,
                                    std::int64_t now);
  // Managers: approve or reject a pending registration, reject any, mark paid or unpaid.
  Result<EventRegistration> decide(const Member& actor, std::int64_t id, const std::string& decision, std::int64_t now);
  // Staff check a confirmed registration in; a second check-in says when the first was.
  Result<CheckIn> check_in(const Member& staff, const std::string& slug, std::int64_t registration_id, std::int64_t now);
  Result<EventRegistration> get(const Member& viewer, std::int64_t id);
  std::vector<EventRegistration> of_member(std::int64_t event_id, std::int64_t member_id);
  std::vector<EventRegistration> all_of_member(std::int64_t member_id, int limit = 100);
  // Managers only.
  Result<std::vector<EventRegistration>> of_event(const Member& actor, const std::string& slug, const std::string& status);
  // Ends offers whose time ran out and offers those seats on. Run by the workers; any
  // number may run it at once. Returns how many offers ended.
  int expire_offers(std::int64_t now);

  // Offers the free seats of every ticket type of the event to their waiting lines, in
  // order. The caller's transaction holds the event's lock.
  static void fill_seats(soci::session& sql, std::int64_t event_id, std::int64_t now, bool postgresql);

 private:
  template <class F>
  Result<EventRegistration> change(const Member& actor, std::int64_t id, std::int64_t now, bool manager_only, F&& f);
  Database& db_;
  RegistrationRepository repo_;
};

}  // namespace aigc
