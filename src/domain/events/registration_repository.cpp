#include "domain/events/registration_repository.hpp"

namespace aigc {

namespace {

const char* kSelect =
    "SELECT r.id, r.event_id, r.ticket_type_id, r.member_id, m.handle, m.display_name, t.name, r.status, r.waitlist_seq, "
    "r.offer_expires_at, r.answers, r.code_id, r.paid_at, r.checked_in_at, r.checked_in_by, COALESCE(s.handle, ''), r.created_at, "
    "r.updated_at FROM registrations r JOIN members m ON m.id = r.member_id JOIN ticket_types t ON t.id = r.ticket_type_id "
    "LEFT JOIN members s ON s.id = r.checked_in_by AND r.checked_in_by <> 0 ";

template <class... Uses>
std::vector<EventRegistration> select_registrations(soci::session& sql, const std::string& tail, Uses&... uses) {
  EventRegistration r;
  long long id = 0, event = 0, type = 0, member = 0, seq = 0, offer = 0, code = 0, paid = 0, in_at = 0, in_by = 0, created = 0,
            updated = 0;
  soci::statement st = ((sql.prepare << std::string(kSelect) + tail, soci::into(id), soci::into(event), soci::into(type),
                         soci::into(member), soci::into(r.member_handle), soci::into(r.member_name), soci::into(r.ticket_type),
                         soci::into(r.status), soci::into(seq), soci::into(offer), soci::into(r.answers), soci::into(code),
                         soci::into(paid), soci::into(in_at), soci::into(in_by), soci::into(r.checked_in_by_handle),
                         soci::into(created), soci::into(updated)),
                        ..., soci::use(uses));
  st.execute();
  std::vector<EventRegistration> out;
  while (st.fetch()) {
    r.id = id;
    r.event_id = event;
    r.ticket_type_id = type;
    r.member_id = member;
    r.waitlist_seq = seq;
    r.offer_expires_at = offer;
    r.code_id = code;
    r.paid_at = paid;
    r.checked_in_at = in_at;
    r.checked_in_by = in_by;
    r.created_at = created;
    r.updated_at = updated;
    out.push_back(r);
  }
  return out;
}

long long scalar(soci::session& sql, const std::string& query, long long key) {
  long long value = 0;
  soci::indicator ind = soci::i_ok;
  sql << query, soci::use(key), soci::into(value, ind);
  return ind == soci::i_ok ? value : 0;
}

}  // namespace

std::int64_t RegistrationRepository::insert(soci::session& sql, const EventRegistration& r) {
  long long id = 0, event = r.event_id, type = r.ticket_type_id, member = r.member_id, seq = r.waitlist_seq,
            offer = r.offer_expires_at, code = r.code_id, created = r.created_at, updated = r.updated_at;
  sql << "INSERT INTO registrations (event_id, ticket_type_id, member_id, status, waitlist_seq, offer_expires_at, answers, code_id, "
         "created_at, updated_at, idempotency_key) VALUES (:e, :t, :m, :s, :q, :o, :a, :c, :ca, :ua, :k) RETURNING id",
      soci::use(event), soci::use(type), soci::use(member), soci::use(r.status), soci::use(seq), soci::use(offer),
      soci::use(r.answers), soci::use(code), soci::use(created), soci::use(updated), soci::use(r.idempotency_key), soci::into(id);
  return id;
}

std::optional<std::pair<std::int64_t, std::int64_t>> RegistrationRepository::for_key(soci::session& sql, std::int64_t member_id,
                                                                                     const std::string& key) {
  long long m = member_id, id = 0, event = 0;
  sql << "SELECT id, event_id FROM registrations WHERE member_id = :m AND idempotency_key = :k", soci::use(m), soci::use(key),
      soci::into(id), soci::into(event);
  if (!sql.got_data()) return std::nullopt;
  return std::make_pair(static_cast<std::int64_t>(id), static_cast<std::int64_t>(event));
}

std::optional<EventRegistration> RegistrationRepository::find(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto v = select_registrations(sql, "WHERE r.id = :id", key);
  if (v.empty()) return std::nullopt;
  v.front().position = waitlist_position(sql, v.front());
  return v.front();
}

std::vector<EventRegistration> RegistrationRepository::of_member(soci::session& sql, std::int64_t event_id, std::int64_t member_id) {
  long long e = event_id, m = member_id;
  auto v = select_registrations(sql, "WHERE r.event_id = :e AND r.member_id = :m ORDER BY r.id DESC", e, m);
  for (auto& r : v) r.position = waitlist_position(sql, r);
  return v;
}

std::vector<EventRegistration> RegistrationRepository::all_of_member(soci::session& sql, std::int64_t member_id, int limit) {
  long long m = member_id;
  return select_registrations(sql, "WHERE r.member_id = :m ORDER BY r.id DESC LIMIT " + std::to_string(limit), m);
}

std::vector<EventRegistration> RegistrationRepository::of_event(soci::session& sql, std::int64_t event_id, const std::string& status) {
  long long e = event_id;
  std::string s = status;
  std::string order = " ORDER BY t.position, CASE WHEN r.status = 'waitlisted' THEN r.waitlist_seq ELSE 0 END, r.id";
  auto v = status.empty() ? select_registrations(sql, "WHERE r.event_id = :e" + order, e)
                          : select_registrations(sql, "WHERE r.event_id = :e AND r.status = :s" + order, e, s);
  // Positions in each type's line follow from the order.
  std::int64_t last_type = 0, position = 0;
  for (auto& r : v) {
    if (r.status != "waitlisted") continue;
    if (r.ticket_type_id != last_type) last_type = r.ticket_type_id, position = 0;
    r.position = ++position;
  }
  return v;
}

void RegistrationRepository::set_status(soci::session& sql, std::int64_t id, const std::string& status, std::int64_t offer_expires_at,
                                        std::int64_t now) {
  long long key = id, offer = offer_expires_at, t = now;
  sql << "UPDATE registrations SET status = :s, offer_expires_at = :o, updated_at = :t WHERE id = :id", soci::use(status),
      soci::use(offer), soci::use(t), soci::use(key);
}

void RegistrationRepository::set_member(soci::session& sql, std::int64_t id, std::int64_t member_id, std::int64_t now) {
  long long key = id, m = member_id, t = now;
  sql << "UPDATE registrations SET member_id = :m, answers = '{}', updated_at = :t WHERE id = :id", soci::use(m), soci::use(t),
      soci::use(key);
}

void RegistrationRepository::set_answers(soci::session& sql, std::int64_t id, const std::string& answers, std::int64_t now) {
  long long key = id, t = now;
  sql << "UPDATE registrations SET answers = :a, updated_at = :t WHERE id = :id", soci::use(answers), soci::use(t), soci::use(key);
}

void RegistrationRepository::set_paid(soci::session& sql, std::int64_t id, std::int64_t paid_at, std::int64_t now) {
  long long key = id, p = paid_at, t = now;
  sql << "UPDATE registrations SET paid_at = :p, updated_at = :t WHERE id = :id", soci::use(p), soci::use(t), soci::use(key);
}

bool RegistrationRepository::check_in(soci::session& sql, std::int64_t id, std::int64_t staff_id, std::int64_t now) {
  long long key = id, s = staff_id, t = now;
  soci::statement st = (sql.prepare << "UPDATE registrations SET checked_in_at = :t, checked_in_by = :s WHERE id = :id AND "
                                       "checked_in_at = 0",
                        soci::use(t), soci::use(s), soci::use(key));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

std::int64_t RegistrationRepository::seats_taken(soci::session& sql, std::int64_t ticket_type_id) {
  return scalar(sql, "SELECT COUNT(*) FROM registrations WHERE ticket_type_id = :t AND status IN ('confirmed', 'offered')",
                ticket_type_id);
}

std::int64_t RegistrationRepository::next_waitlist_seq(soci::session& sql, std::int64_t ticket_type_id) {
  return scalar(sql, "SELECT MAX(waitlist_seq) FROM registrations WHERE ticket_type_id = :t", ticket_type_id) + 1;
}

std::optional<EventRegistration> RegistrationRepository::first_waiting(soci::session& sql, std::int64_t ticket_type_id) {
  long long t = ticket_type_id;
  auto v = select_registrations(sql, "WHERE r.ticket_type_id = :t AND r.status = 'waitlisted' ORDER BY r.waitlist_seq LIMIT 1", t);
  if (v.empty()) return std::nullopt;
  return v.front();
}

std::int64_t RegistrationRepository::waitlist_position(soci::session& sql, const EventRegistration& r) {
  if (r.status != "waitlisted") return 0;
  long long t = r.ticket_type_id, seq = r.waitlist_seq, n = 0;
  sql << "SELECT COUNT(*) FROM registrations WHERE ticket_type_id = :t AND status = 'waitlisted' AND waitlist_seq <= :q",
      soci::use(t), soci::use(seq), soci::into(n);
  return n;
}

std::vector<EventRegistration> RegistrationRepository::expired_offers(soci::session& sql, std::int64_t now) {
  long long t = now;
  return select_registrations(sql, "WHERE r.status = 'offered' AND r.offer_expires_at <= :t ORDER BY r.id", t);
}

std::int64_t RegistrationRepository::active_count(soci::session& sql, std::int64_t event_id, std::int64_t member_id,
                                                  std::int64_t ticket_type_id) {
  long long e = event_id, m = member_id, t = ticket_type_id, n = 0;
  std::string query = "SELECT COUNT(*) FROM registrations WHERE event_id = :e AND member_id = :m AND status NOT IN "
                      "('cancelled', 'rejected', 'expired')";
  if (ticket_type_id) sql << query + " AND ticket_type_id = :t", soci::use(e), soci::use(m), soci::use(t), soci::into(n);
  else sql << query, soci::use(e), soci::use(m), soci::into(n);
  return n;
}

std::pair<std::int64_t, std::int64_t> RegistrationRepository::active_counts(soci::session& sql, std::int64_t event_id, std::int64_t member_id,
                                                                          std::int64_t ticket_type_id) {
  long long e = event_id, m = member_id, t = ticket_type_id, all = 0, of_type = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT COUNT(*), SUM(CASE WHEN ticket_type_id = :t THEN 1 ELSE 0 END) FROM registrations WHERE event_id = :e AND member_id = :m "
         "AND status NOT IN ('cancelled', 'rejected', 'expired')",
      soci::use(t), soci::use(e), soci::use(m), soci::into(all), soci::into(of_type, ind);
  return {all, ind == soci::i_ok ? of_type : 0};
}

std::vector<std::int64_t> RegistrationRepository::checked_in_members(soci::session& sql, std::int64_t event_id) {
  long long e = event_id, m = 0;
  std::vector<std::int64_t> out;
  soci::statement st = (sql.prepare << "SELECT DISTINCT member_id FROM registrations WHERE event_id = :e AND checked_in_at <> 0",
                        soci::use(e), soci::into(m));
  st.execute();
  while (st.fetch()) out.push_back(m);
  return out;
}

}  // namespace aigc
