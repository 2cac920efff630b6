#include "domain/events/event_repository.hpp"

#include "core/text.hpp"

namespace aigc {

namespace {

const char* kSelect =
    "SELECT id, slug, title_en, title_zh, description_en, description_zh, kind, venue, address, map_url, online_url, time_zone, "
    "starts_at, ends_at, cover, status, cfp_opens_at, cfp_closes_at, cfp_blind, edit_deadline, offer_hours, created_by, created_at, "
    "updated_at, version FROM events ";

void load_people(soci::session& sql, Event& e) {
  long long id = e.id, member = 0;
  std::string handle, slug, name;
  e.managers.clear();
  e.manager_handles.clear();
  soci::statement m = (sql.prepare << "SELECT m.id, m.handle FROM event_managers x JOIN members m ON m.id = x.member_id "
                                      "WHERE x.event_id = :e ORDER BY m.handle_key",
                       soci::use(id), soci::into(member), soci::into(handle));
  m.execute();
  while (m.fetch()) {
    e.managers.push_back(member);
    e.manager_handles.push_back(handle);
  }
  e.organizations.clear();
  e.organization_slugs.clear();
  e.organization_names.clear();
  soci::statement o = (sql.prepare << "SELECT o.id, o.slug, o.name FROM event_organizations x JOIN organizations o "
                                      "ON o.id = x.organization_id WHERE x.event_id = :e ORDER BY o.name",
                       soci::use(id), soci::into(member), soci::into(slug), soci::into(name));
  o.execute();
  while (o.fetch()) {
    e.organizations.push_back(member);
    e.organization_slugs.push_back(slug);
    e.organization_names.push_back(name);
  }
}

void load_questions(soci::session& sql, Event& e) {
  long long id = e.id, qid = 0;
  int required = 0;
  std::string choices;
  EventQuestion q;
  e.questions.clear();
  soci::statement st = (sql.prepare << "SELECT id, kind, label_en, label_zh, choices, required FROM event_questions "
                                       "WHERE event_id = :e ORDER BY position",
                        soci::use(id), soci::into(qid), soci::into(q.kind), soci::into(q.label_en), soci::into(q.label_zh),
                        soci::into(choices), soci::into(required));
  st.execute();
  while (st.fetch()) {
    q.id = qid;
    q.required = required != 0;
    q.choices.clear();
    for (auto& c : split(choices, '\n'))
      if (!c.empty()) q.choices.push_back(c);
    e.questions.push_back(q);
  }
}

void write_people_and_questions(soci::session& sql, const Event& e) {
  long long id = e.id;
  sql << "DELETE FROM event_managers WHERE event_id = :e", soci::use(id);
  sql << "DELETE FROM event_organizations WHERE event_id = :e", soci::use(id);
  for (auto m : e.managers) {
    long long member = m;
    sql << "INSERT INTO event_managers (event_id, member_id) VALUES (:e, :m)", soci::use(id), soci::use(member);
  }
  for (auto o : e.organizations) {
    long long org = o;
    sql << "INSERT INTO event_organizations (event_id, organization_id) VALUES (:e, :o)", soci::use(id), soci::use(org);
  }
  sql << "DELETE FROM event_questions WHERE event_id = :e", soci::use(id);
  int position = 0;
  for (const auto& q : e.questions) {
    std::string choices;
    for (const auto& c : q.choices) choices += c + "\n";
    int required = q.required;
    sql << "INSERT INTO event_questions (event_id, position, kind, label_en, label_zh, choices, required) "
           "VALUES (:e, :p, :k, :le, :lz, :c, :r)",
        soci::use(id), soci::use(position), soci::use(q.kind), soci::use(q.label_en), soci::use(q.label_zh), soci::use(choices),
        soci::use(required);
    ++position;
  }
}

void insert_ticket_type(soci::session& sql, long long event_id, const TicketType& t, int position) {
  long long price = t.price_cents, capacity = t.capacity, start = t.sales_start, end = t.sales_end;
  int approval = t.requires_approval, hidden = t.hidden, per = t.per_member, transferable = t.transferable;
  sql << "INSERT INTO ticket_types (event_id, name, name_zh, price_cents, currency, capacity, sales_start, sales_end, "
         "requires_approval, hidden, per_member, transferable, position) VALUES (:e, :n, :nz, :p, :c, :cap, :s, :en, :a, :h, :pm, "
         ":t, :pos)",
      soci::use(event_id), soci::use(t.name), soci::use(t.name_zh), soci::use(price), soci::use(t.currency), soci::use(capacity),
      soci::use(start), soci::use(end), soci::use(approval), soci::use(hidden), soci::use(per), soci::use(transferable),
      soci::use(position);
}

template <class... Uses>
std::vector<Event> select_events(soci::session& sql, const std::string& tail, Uses&... uses) {
  Event e;
  long long id = 0, starts = 0, ends = 0, cfp_open = 0, cfp_close = 0, deadline = 0, by = 0, created = 0, updated = 0, version = 0;
  int blind = 0, offer = 0;
  soci::statement st =
      ((sql.prepare << std::string(kSelect) + tail, soci::into(id), soci::into(e.slug), soci::into(e.title_en),
        soci::into(e.title_zh), soci::into(e.description_en), soci::into(e.description_zh), soci::into(e.kind),
        soci::into(e.venue), soci::into(e.address), soci::into(e.map_url), soci::into(e.online_url), soci::into(e.time_zone),
        soci::into(starts), soci::into(ends), soci::into(e.cover), soci::into(e.status), soci::into(cfp_open),
        soci::into(cfp_close), soci::into(blind), soci::into(deadline), soci::into(offer), soci::into(by), soci::into(created),
        soci::into(updated), soci::into(version)),
       ..., soci::use(uses));
  st.execute();
  std::vector<Event> out;
  while (st.fetch()) {
    e.id = id;
    e.starts_at = starts;
    e.ends_at = ends;
    e.cfp_opens_at = cfp_open;
    e.cfp_closes_at = cfp_close;
    e.cfp_blind = blind != 0;
    e.edit_deadline = deadline;
    e.offer_hours = offer;
    e.created_by = by;
    e.created_at = created;
    e.updated_at = updated;
    e.version = version;
    out.push_back(e);
  }
  return out;
}

Event loaded(soci::session& sql, Event e, EventRepository& repo) {
  load_people(sql, e);
  load_questions(sql, e);
  repo.load_ticket_types(sql, e);
  return e;
}

}  // namespace

std::int64_t EventRepository::insert(soci::session& sql, const Event& e) {
  long long id = 0, starts = e.starts_at, ends = e.ends_at, cfp_open = e.cfp_opens_at, cfp_close = e.cfp_closes_at,
            deadline = e.edit_deadline, by = e.created_by, created = e.created_at, updated = e.updated_at;
  int blind = e.cfp_blind, offer = e.offer_hours;
  sql << "INSERT INTO events (slug, title_en, title_zh, description_en, description_zh, kind, venue, address, map_url, online_url, "
         "time_zone, starts_at, ends_at, cover, status, cfp_opens_at, cfp_closes_at, cfp_blind, edit_deadline, offer_hours, "
         "created_by, created_at, updated_at) VALUES (:s, :te, :tz, :de, :dz, :k, :v, :a, :m, :o, :zone, :st, :en, :c, :status, "
         ":co, :cc, :b, :d, :oh, :by, :ca, :ua) RETURNING id",
      soci::use(e.slug), soci::use(e.title_en), soci::use(e.title_zh), soci::use(e.description_en), soci::use(e.description_zh),
      soci::use(e.kind), soci::use(e.venue), soci::use(e.address), soci::use(e.map_url), soci::use(e.online_url),
      soci::use(e.time_zone), soci::use(starts), soci::use(ends), soci::use(e.cover), soci::use(e.status), soci::use(cfp_open),
      soci::use(cfp_close), soci::use(blind), soci::use(deadline), soci::use(offer), soci::use(by), soci::use(created),
      soci::use(updated), soci::into(id);
  Event with_id = e;
  with_id.id = id;
  write_people_and_questions(sql, with_id);
  int position = 0;
  for (const auto& t : e.ticket_types) insert_ticket_type(sql, id, t, position++);
  return id;
}

void EventRepository::update(soci::session& sql, const Event& e) {
  long long id = e.id, starts = e.starts_at, ends = e.ends_at, cfp_open = e.cfp_opens_at, cfp_close = e.cfp_closes_at,
            deadline = e.edit_deadline, updated = e.updated_at;
  int blind = e.cfp_blind, offer = e.offer_hours;
  sql << "UPDATE events SET title_en = :te, title_zh = :tz, description_en = :de, description_zh = :dz, kind = :k, venue = :v, "
         "address = :a, map_url = :m, online_url = :o, time_zone = :zone, starts_at = :st, ends_at = :en, cover = :c, "
         "cfp_opens_at = :co, cfp_closes_at = :cc, cfp_blind = :b, edit_deadline = :d, offer_hours = :oh, updated_at = :ua, "
         "version = version + 1 WHERE id = :id",
      soci::use(e.title_en), soci::use(e.title_zh), soci::use(e.description_en), soci::use(e.description_zh), soci::use(e.kind),
      soci::use(e.venue), soci::use(e.address), soci::use(e.map_url), soci::use(e.online_url), soci::use(e.time_zone),
      soci::use(starts), soci::use(ends), soci::use(e.cover), soci::use(cfp_open), soci::use(cfp_close), soci::use(blind),
      soci::use(deadline), soci::use(offer), soci::use(updated), soci::use(id);
  write_people_and_questions(sql, e);
  Event current;
  current.id = e.id;
  load_ticket_types(sql, current);
  int position = 0;
  for (const auto& t : e.ticket_types) {
    if (auto* old = current.ticket_type(t.name)) {
      long long tid = old->id, price = t.price_cents, capacity = t.capacity, start = t.sales_start, end = t.sales_end;
      int approval = t.requires_approval, hidden = t.hidden, per = t.per_member, transferable = t.transferable;
      sql << "UPDATE ticket_types SET name_zh = :nz, price_cents = :p, currency = :c, capacity = :cap, sales_start = :s, "
             "sales_end = :en, requires_approval = :a, hidden = :h, per_member = :pm, transferable = :t, position = :pos "
             "WHERE id = :id",
          soci::use(t.name_zh), soci::use(price), soci::use(t.currency), soci::use(capacity), soci::use(start), soci::use(end),
          soci::use(approval), soci::use(hidden), soci::use(per), soci::use(transferable), soci::use(position), soci::use(tid);
    } else {
      insert_ticket_type(sql, id, t, position);
    }
    ++position;
  }
}

void EventRepository::set_status(soci::session& sql, std::int64_t id, const std::string& status, std::int64_t now) {
  long long key = id, t = now;
  sql << "UPDATE events SET status = :s, updated_at = :t, version = version + 1 WHERE id = :id", soci::use(status), soci::use(t),
      soci::use(key);
}

void EventRepository::bump_version(soci::session& sql, std::int64_t id, std::int64_t now) {
  long long key = id, t = now;
  sql << "UPDATE events SET version = version + 1, updated_at = :t WHERE id = :id", soci::use(t), soci::use(key);
}

std::optional<Event> EventRepository::find(soci::session& sql, const std::string& slug) {
  std::string s = slug;
  auto v = select_events(sql, "WHERE slug = :s", s);
  if (v.empty()) return std::nullopt;
  return loaded(sql, v.front(), *this);
}

std::optional<Event> EventRepository::find_by_id(soci::session& sql, std::int64_t id) {
  long long key = id;
  auto v = select_events(sql, "WHERE id = :id", key);
  if (v.empty()) return std::nullopt;
  return loaded(sql, v.front(), *this);
}

void EventRepository::lock(soci::session& sql, std::int64_t id, bool postgresql) {
  if (!postgresql) return;
  long long key = id, got = 0;
  sql << "SELECT id FROM events WHERE id = :id FOR UPDATE", soci::use(key), soci::into(got);
}

std::vector<Event> EventRepository::list(soci::session& sql, bool past, std::int64_t now, bool include_drafts, int limit) {
  long long t = now;
  std::string where = include_drafts ? "WHERE status <> 'none'" : "WHERE status <> 'draft'";
  where += past ? " AND ends_at <= :t ORDER BY starts_at DESC, id DESC" : " AND ends_at > :t ORDER BY starts_at, id";
  auto v = select_events(sql, where + " LIMIT " + std::to_string(limit), t);
  for (auto& e : v) load_ticket_types(sql, e);
  return v;
}

std::vector<Event> EventRepository::managed_by(soci::session& sql, std::int64_t member_id) {
  long long m = member_id, m2 = member_id;
  return select_events(sql, "WHERE created_by = :m OR id IN (SELECT event_id FROM event_managers WHERE member_id = :m2) "
                            "ORDER BY starts_at DESC", m, m2);
}

void EventRepository::load_ticket_types(soci::session& sql, Event& e) {
  long long id = e.id, tid = 0, price = 0, capacity = 0, start = 0, end = 0, taken = 0, waiting = 0, pending = 0;
  int approval = 0, hidden = 0, per = 0, transferable = 0;
  TicketType t;
  e.ticket_types.clear();
  // Seat counts in the same read: a type's page and its registration decision agree.
  soci::statement st =
      (sql.prepare << "SELECT t.id, t.name, t.name_zh, t.price_cents, t.currency, t.capacity, t.sales_start, t.sales_end, "
                      "t.requires_approval, t.hidden, t.per_member, t.transferable, "
                      "COALESCE(SUM(CASE WHEN r.status IN ('confirmed', 'offered') THEN 1 ELSE 0 END), 0), "
                      "COALESCE(SUM(CASE WHEN r.status = 'waitlisted' THEN 1 ELSE 0 END), 0), "
                      "COALESCE(SUM(CASE WHEN r.status = 'pending' THEN 1 ELSE 0 END), 0) "
                      "FROM ticket_types t LEFT JOIN registrations r ON r.ticket_type_id = t.id AND r.status IN "
                      "('confirmed', 'offered', 'waitlisted', 'pending') WHERE t.event_id = :e "
                      "GROUP BY t.id, t.name, t.name_zh, t.price_cents, t.currency, t.capacity, t.sales_start, t.sales_end, "
                      "t.requires_approval, t.hidden, t.per_member, t.transferable, t.position ORDER BY t.position",
       soci::use(id), soci::into(tid), soci::into(t.name), soci::into(t.name_zh), soci::into(price), soci::into(t.currency),
       soci::into(capacity), soci::into(start), soci::into(end), soci::into(approval), soci::into(hidden), soci::into(per),
       soci::into(transferable), soci::into(taken), soci::into(waiting), soci::into(pending));
  st.execute();
  while (st.fetch()) {
    t.id = tid;
    t.price_cents = price;
    t.capacity = capacity;
    t.sales_start = start;
    t.sales_end = end;
    t.requires_approval = approval != 0;
    t.hidden = hidden != 0;
    t.per_member = per;
    t.transferable = transferable != 0;
    t.taken = taken;
    t.waiting = waiting;
    t.pending = pending;
    e.ticket_types.push_back(t);
  }
}

std::int64_t EventRepository::add_code(soci::session& sql, std::int64_t event_id, const InvitationCode& c) {
  long long e = event_id, type = c.ticket_type_id, seats = c.seats, id = 0;
  sql << "INSERT INTO invitation_codes (event_id, code, ticket_type_id, seats) VALUES (:e, :c, :t, :s) RETURNING id", soci::use(e),
      soci::use(c.code), soci::use(type), soci::use(seats), soci::into(id);
  return id;
}

std::optional<InvitationCode> EventRepository::find_code(soci::session& sql, std::int64_t event_id, const std::string& code) {
  long long e = event_id, id = 0, type = 0, seats = 0, used = 0;
  std::string c = code;
  soci::indicator ind = soci::i_null;
  sql << "SELECT id, ticket_type_id, seats, used FROM invitation_codes WHERE event_id = :e AND code = :c", soci::use(e), soci::use(c),
      soci::into(id, ind), soci::into(type), soci::into(seats), soci::into(used);
  if (!sql.got_data()) return std::nullopt;
  return InvitationCode{id, type, seats, used, code};
}

std::vector<InvitationCode> EventRepository::codes(soci::session& sql, std::int64_t event_id) {
  long long e = event_id, id = 0, type = 0, seats = 0, used = 0;
  std::string c;
  std::vector<InvitationCode> out;
  soci::statement st = (sql.prepare << "SELECT id, code, ticket_type_id, seats, used FROM invitation_codes WHERE event_id = :e "
                                       "ORDER BY id",
                        soci::use(e), soci::into(id), soci::into(c), soci::into(type), soci::into(seats), soci::into(used));
  st.execute();
  while (st.fetch()) out.push_back({id, type, seats, used, c});
  return out;
}

bool EventRepository::use_code(soci::session& sql, std::int64_t code_id) {
  long long id = code_id;
  soci::statement st = (sql.prepare << "UPDATE invitation_codes SET used = used + 1 WHERE id = :id AND used < seats", soci::use(id));
  st.execute(true);
  return st.get_affected_rows() == 1;
}

void EventRepository::release_code(soci::session& sql, std::int64_t code_id) {
  long long id = code_id;
  sql << "UPDATE invitation_codes SET used = used - 1 WHERE id = :id AND used > 0", soci::use(id);
}

void EventRepository::set_capacity(soci::session& sql, std::int64_t ticket_type_id, std::int64_t capacity) {
  long long id = ticket_type_id, c = capacity;
  sql << "UPDATE ticket_types SET capacity = :c WHERE id = :id", soci::use(c), soci::use(id);
}

}  // namespace aigc
