#include "domain/events/registration_service.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/events/event_repository.hpp"
#include "domain/events/event_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/notifications/notifications.hpp"

namespace aigc {

namespace {

const std::map<std::string, std::string> kStatusZh = {
    {"confirmed", "已确认"}, {"pending", "待审核"},   {"waitlisted", "候补中"}, {"offered", "有名额待接受"},
    {"cancelled", "已取消"}, {"rejected", "未通过"}, {"expired", "已过期"}};

void tell(soci::session& sql, const Event& e, const EventRegistration& r, std::int64_t now) {
  auto params = event_notification_params(e);
  const auto* t = e.ticket_type(r.ticket_type_id);
  params["ticket_en"] = t ? t->name : r.ticket_type;
  params["ticket_zh"] = t && !t->name_zh.empty() ? t->name_zh : params["ticket_en"].get<std::string>();
  const std::string link = "/events/" + e.slug + "/registration";
  const std::string subject = "registration:" + std::to_string(r.id) + ":" + r.status;
  if (r.status == "offered") {
    params["until_en"] = format_time(r.offer_expires_at, "en", e.time_zone);
    params["until_zh"] = format_time(r.offer_expires_at, "zh-CN", e.time_zone);
    Notifications::notify(sql, r.member_id, "event_seat_offer", params, link, now, subject);
    return;
  }
  params["status_en"] = r.status;
  params["status_zh"] = kStatusZh.count(r.status) ? kStatusZh.at(r.status) : r.status;
  Notifications::notify(sql, r.member_id, "event_registration", params, link, now, subject);
}

Result<std::string> checked_answers(const Event& e, const std::map<std::string, std::string>& given) {
  std::vector<Problem> p;
  nlohmann::json out = nlohmann::json::object();
  for (const auto& q : e.questions) {
    const std::string key = std::to_string(q.id), field = "answers." + key;
    auto it = given.find(key);
    std::string a = it == given.end() ? "" : trim(it->second);
    const std::string label = q.label_en.empty() ? q.label_zh : q.label_en;
    if (a.empty()) {
      if (q.required) p.push_back({field, "error.answer_required", "answer “" + label + "”", {}, {{"question", label}}});
      continue;
    }
    if (q.kind == "yesno" && a != "yes" && a != "no")
      p.push_back({field, "error.answer_yesno", "answer “" + label + "” with yes or no", {}, {{"question", label}}});
    else if (q.kind == "choice" && std::find(q.choices.begin(), q.choices.end(), a) == q.choices.end())
      p.push_back({field, "error.answer_choice", "choose one of the offered answers to “" + label + "”", {}, {{"question", label}}});
    else if (a.size() > 2000 || !is_valid_utf8(a))
      p.push_back({field, "error.answer_long", "an answer is at most 2,000 bytes of text", {}, {{"question", label}}});
    else out[key] = a;
  }
  for (const auto& [key, value] : given) {
    bool known = false;
    for (const auto& q : e.questions) known = known || std::to_string(q.id) == key;
    if (!known && !trim(value).empty()) p.push_back({"answers." + key, "error.answer_unknown", "the event asks no question " + key});
  }
  if (!p.empty()) return Error::invalid("error.fix_fields", "fix the fields below", std::move(p));
  return out.dump();
}

Error not_found(std::int64_t id) { return Error::make(ErrorCode::not_found, "error.not_found", "no registration " + std::to_string(id)); }

}  // namespace

void RegistrationService::fill_seats(soci::session& sql, std::int64_t event_id, std::int64_t now, bool postgresql) {
  (void)postgresql;  // the caller holds the lock
  EventRepository events;
  RegistrationRepository regs;
  auto e = events.find_by_id(sql, event_id);
  if (!e || e->status == "cancelled") return;
  for (const auto& t : e->ticket_types) {
    std::int64_t free = t.capacity - regs.seats_taken(sql, t.id);
    while (free-- > 0) {
      auto next = regs.first_waiting(sql, t.id);
      if (!next) break;
      // offer_hours 0: the seat is given outright, as an automatic waitlist would.
      if (e->offer_hours == 0) next->status = "confirmed", next->offer_expires_at = 0;
      else next->status = "offered", next->offer_expires_at = now + std::int64_t{e->offer_hours} * 3600;
      regs.set_status(sql, next->id, next->status, next->offer_expires_at, now);
      tell(sql, *e, *next, now);
    }
  }
  events.bump_version(sql, event_id, now);
}

Result<EventRegistration> RegistrationService::register_for(const Member& m, const std::string& slug, const RegistrationInput& in,
                                                       std::int64_t now) {
  const bool pg = db_.dialect() == Dialect::postgresql;
  const auto& key = in.idempotency_key;
  if (key.size() > 255 || !std::all_of(key.begin(), key.end(), [](char ch) { return ch > 32 && ch < 127; }))
    return Error::invalid("error.idempotency_key", "Idempotency-Key is 1-255 printable ASCII characters without spaces (a UUID, say)",
                          {{"idempotency_key", "error.idempotency_key", "1-255 printable ASCII characters"}});
  auto made = db_.in_transaction([&](soci::session& sql) -> Result<EventRegistration> {
    EventRepository events;
    auto found = events.find(sql, slug);
    if (!found || found->status == "draft") return Error::make(ErrorCode::not_found, "error.not_found", "no event " + slug);
    events.lock(sql, found->id, pg);
    // A retry finds its first try here (a racing one waited on the lock for it to commit).
    if (!in.idempotency_key.empty())
      if (auto first = repo_.for_key(sql, m.id, in.idempotency_key)) {
        if (first->second != found->id)
          return Error::make(ErrorCode::conflict, "error.idempotency_key_reused",
                             "this Idempotency-Key was used for a registration to another event; send a new key for a new request");
        EventRegistration again;
        again.id = first->first;
        again.replayed = true;
        return again;
      }
    // Counts read after the lock: the decision below sees every earlier one.
    Event e = std::move(*found);
    events.load_ticket_types(sql, e);
    if (e.status == "cancelled") return Error::make(ErrorCode::conflict, "error.event_cancelled", "the event is cancelled");
    if (now >= e.ends_at) return Error::make(ErrorCode::conflict, "error.event_over", "the event is over");
    const TicketType* t = e.ticket_type(trim(in.ticket_type));
    if (!t)
      return Error::invalid("error.fix_fields", "fix the fields below",
                            {{"ticket_type", "error.ticket_unknown", "choose one of the event's ticket types", {}, {{"name", in.ticket_type}}}});
    std::optional<InvitationCode> code;
    if (!trim(in.code).empty()) {
      code = events.find_code(sql, e.id, trim(in.code));
      if (!code || (code->ticket_type_id && code->ticket_type_id != t->id))
        return Error::invalid("error.fix_fields", "fix the fields below", {{"code", "error.invitation_code_wrong", "this code does not open this ticket type"}});
    }
    if (t->hidden && !code)
      return Error::invalid("error.fix_fields", "fix the fields below", {{"code", "error.invitation_code_needed", "this ticket type needs an invitation code"}});
    if (!code && ((t->sales_start && now < t->sales_start) || (t->sales_end && now >= t->sales_end)))
      return Error::make(ErrorCode::conflict, "error.ticket_not_on_sale", "this ticket type is not on sale now");
    const auto [mine, mine_of_type] = repo_.active_counts(sql, e.id, m.id, t->id);
    if ((mine > 0 && t->per_member <= 1) || mine_of_type >= t->per_member)
      return Error::make(ErrorCode::conflict, "error.already_registered", "you are registered for this event already");
    auto answers = checked_answers(e, in.answers);
    if (!answers) return answers.error();
    if (code && !events.use_code(sql, code->id))
      return Error::invalid("error.fix_fields", "fix the fields below", {{"code", "error.invitation_code_used", "this code has no registrations left"}});

    EventRegistration r;
    r.event_id = e.id;
    r.ticket_type_id = t->id;
    r.member_id = m.id;
    r.answers = answers.value();
    r.code_id = code ? code->id : 0;
    r.created_at = r.updated_at = now;
    r.idempotency_key = in.idempotency_key;
    // Nobody jumps the line: with people waiting, a newcomer waits too.
    if (t->requires_approval) r.status = "pending";
    else if (t->waiting == 0 && t->taken < t->capacity) r.status = "confirmed";
    else r.status = "waitlisted", r.waitlist_seq = repo_.next_waitlist_seq(sql, t->id);
    r.id = repo_.insert(sql, r);
    events.bump_version(sql, e.id, now);
    // Built, not read back: under the lock every statement is paid by everyone in line.
    r.member_handle = m.handle;
    r.member_name = m.display_name;
    r.ticket_type = t->name;
    if (r.status == "waitlisted") r.position = t->waiting + 1;
    tell(sql, e, r, now);
    return r;
  });
  if (!made || !made->replayed) return made;
  auto first = get(m, made->id);  // as it stands now (confirmed since, say)
  if (first) first->replayed = true;
  return first;
}

template <class F>
Result<EventRegistration> RegistrationService::change(const Member& actor, std::int64_t id, std::int64_t now, bool manager_only, F&& f) {
  const bool pg = db_.dialect() == Dialect::postgresql;
  return db_.in_transaction([&](soci::session& sql) -> Result<EventRegistration> {
    auto r = repo_.find(sql, id);
    if (!r) return not_found(id);
    EventRepository events;
    events.lock(sql, r->event_id, pg);
    r = repo_.find(sql, id);  // as of the lock
    auto e = events.find_by_id(sql, r->event_id).value();
    const bool manager = can_manage_event(actor, e);
    if (!manager && (manager_only || r->member_id != actor.id)) return not_found(id);
    const bool held = r->holds_seat();
    Result<void> done = f(sql, e, *r, manager);
    if (!done) return done.error();
    auto after = repo_.find(sql, id).value();
    if (after.status != r->status) tell(sql, e, after, now);
    if (held && !after.holds_seat()) {
      if (r->code_id) events.release_code(sql, r->code_id);
      fill_seats(sql, e.id, now, pg);
    } else {
      events.bump_version(sql, e.id, now);
    }
    return repo_.find(sql, id).value();
  });
}

Result<EventRegistration> RegistrationService::cancel(const Member& actor, std::int64_t id, std::int64_t now) {
  return change(actor, id, now, false, [&](soci::session& sql, const Event& e, EventRegistration& r, bool) -> Result<void> {
    if (!r.active() ) return Error::make(ErrorCode::conflict, "error.registration_inactive", "this registration is " + r.status + " already");
    if (r.checked_in_at) return Error::make(ErrorCode::conflict, "error.registration_checked_in", "a checked-in registration stays");
    (void)e;
    repo_.set_status(sql, r.id, "cancelled", 0, now);
    return {};
  });
}

Result<EventRegistration> RegistrationService::accept_offer(const Member& actor, std::int64_t id, std::int64_t now) {
  return change(actor, id, now, false, [&](soci::session& sql, const Event&, EventRegistration& r, bool) -> Result<void> {
    if (r.member_id != actor.id) return not_found(id);
    if (r.status == "confirmed") return {};
    if (r.status != "offered" || r.offer_expires_at <= now)
      return Error::make(ErrorCode::conflict, "error.offer_gone", "there is no open offer on this registration");
    repo_.set_status(sql, r.id, "confirmed", 0, now);
    return {};
  });
}

Result<EventRegistration> RegistrationService::transfer(const Member& actor, std::int64_t id, const std::string& to_handle, std::int64_t now) {
  return change(actor, id, now, false, [&](soci::session& sql, const Event& e, EventRegistration& r, bool) -> Result<void> {
    const auto* t = e.ticket_type(r.ticket_type_id);
    if (r.status != "confirmed") return Error::make(ErrorCode::conflict, "error.transfer_confirmed_only", "only a confirmed registration moves");
    if (!t || !t->transferable) return Error::make(ErrorCode::conflict, "error.transfer_not_allowed", "this ticket type cannot be transferred");
    if (r.checked_in_at) return Error::make(ErrorCode::conflict, "error.registration_checked_in", "a checked-in registration stays");
    auto handle = trim(to_handle);
    if (!handle.empty() && handle[0] == '@') handle.erase(0, 1);
    auto to = MemberRepository().find_by_handle(sql, handle);
    if (!to || to->deleted() || to->suspended_at != 0)
      return Error::invalid("error.fix_fields", "fix the fields below", {{"to", "error.unknown_member", "no member @" + handle, {}, {{"handle", handle}}}});
    if (to->id == r.member_id) return Error::invalid("error.fix_fields", "fix the fields below", {{"to", "error.transfer_self", "name another member"}});
    if (repo_.active_count(sql, e.id, to->id, 0) > 0)
      return Error::make(ErrorCode::conflict, "error.transfer_target_registered", "@" + handle + " is registered for this event already");
    repo_.set_member(sql, r.id, to->id, now);
    auto moved = repo_.find(sql, r.id).value();
    tell(sql, e, moved, now);  // the new holder hears of their ticket
    return {};
  });
}

Result<EventRegistration> RegistrationService::edit_answers(const Member& actor, std::int64_t id, const std::map<std::string, std::string>& answers,
                                                       std::int64_t now) {
  return change(actor, id, now, false, [&](soci::session& sql, const Event& e, EventRegistration& r, bool manager) -> Result<void> {
    const std::int64_t deadline = e.edit_deadline ? e.edit_deadline : e.starts_at;
    if (!manager && now >= deadline)
      return Error::make(ErrorCode::conflict, "error.answers_closed", "answers can no longer be changed");
    if (!r.active()) return Error::make(ErrorCode::conflict, "error.registration_inactive", "this registration is " + r.status);
    auto checked = checked_answers(e, answers);
    if (!checked) return checked.error();
    repo_.set_answers(sql, r.id, checked.value(), now);
    return {};
  });
}

Result<EventRegistration> RegistrationService::decide(const Member& actor, std::int64_t id, const std::string& decision, std::int64_t now) {
  return change(actor, id, now, true, [&](soci::session& sql, const Event& e, EventRegistration& r, bool) -> Result<void> {
    if (decision == "paid" || decision == "unpaid") {
      repo_.set_paid(sql, r.id, decision == "paid" ? now : 0, now);
      return {};
    }
    if (decision == "reject") {
      if (!r.active()) return Error::make(ErrorCode::conflict, "error.registration_inactive", "this registration is " + r.status);
      repo_.set_status(sql, r.id, "rejected", 0, now);
      return {};
    }
    if (decision != "approve") return Error::invalid("error.registration_decision", "a decision is approve, reject, paid or unpaid");
    if (r.status != "pending") return Error::make(ErrorCode::conflict, "error.registration_not_pending", "only a pending registration is approved");
    const auto* t = e.ticket_type(r.ticket_type_id);
    if (t && t->waiting == 0 && repo_.seats_taken(sql, t->id) < t->capacity) {
      repo_.set_status(sql, r.id, "confirmed", 0, now);
    } else {
      long long seq = repo_.next_waitlist_seq(sql, r.ticket_type_id), key = r.id;
      sql << "UPDATE registrations SET status = 'waitlisted', waitlist_seq = :q WHERE id = :id", soci::use(seq), soci::use(key);
    }
    return {};
  });
}

Result<CheckIn> RegistrationService::check_in(const Member& staff, const std::string& slug, std::int64_t registration_id, std::int64_t now) {
  return db_.in_transaction([&](soci::session& sql) -> Result<CheckIn> {
    auto e = EventRepository().find(sql, slug);
    if (!e) return Error::make(ErrorCode::not_found, "error.not_found", "no event " + slug);
    if (!can_manage_event(staff, *e)) return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's staff check people in");
    auto r = repo_.find(sql, registration_id);
    if (!r || r->event_id != e->id) return not_found(registration_id);
    if (r->status != "confirmed")
      return Error::make(ErrorCode::conflict, "error.checkin_not_confirmed", "this registration is " + r->status + ", not confirmed");
    CheckIn c;
    c.first = repo_.check_in(sql, r->id, staff.id, now);
    if (c.first) EventRepository().bump_version(sql, e->id, now);
    c.registration = repo_.find(sql, r->id).value();
    return c;
  });
}

Result<EventRegistration> RegistrationService::get(const Member& viewer, std::int64_t id) {
  return db_.with_session([&](soci::session& sql) -> Result<EventRegistration> {
    auto r = repo_.find(sql, id);
    if (!r) return not_found(id);
    if (r->member_id == viewer.id) return *r;
    auto e = EventRepository().find_by_id(sql, r->event_id);
    if (e && can_manage_event(viewer, *e)) return *r;
    return not_found(id);
  });
}

std::vector<EventRegistration> RegistrationService::of_member(std::int64_t event_id, std::int64_t member_id) {
  return db_.with_session([&](soci::session& sql) { return repo_.of_member(sql, event_id, member_id); });
}

std::vector<EventRegistration> RegistrationService::all_of_member(std::int64_t member_id, int limit) {
  return db_.with_session([&](soci::session& sql) { return repo_.all_of_member(sql, member_id, limit); });
}

Result<std::vector<EventRegistration>> RegistrationService::of_event(const Member& actor, const std::string& slug, const std::string& status) {
  return db_.with_session([&](soci::session& sql) -> Result<std::vector<EventRegistration>> {
    auto e = EventRepository().find(sql, slug);
    if (!e) return Error::make(ErrorCode::not_found, "error.not_found", "no event " + slug);
    if (!can_manage_event(actor, *e)) return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers see registrations");
    return repo_.of_event(sql, e->id, status);
  });
}

int RegistrationService::expire_offers(std::int64_t now) {
  auto due = db_.with_session([&](soci::session& sql) { return repo_.expired_offers(sql, now); });
  const bool pg = db_.dialect() == Dialect::postgresql;
  int ended = 0;
  for (const auto& stale : due) {
    ended += db_.in_transaction([&](soci::session& sql) -> Result<int> {
      EventRepository().lock(sql, stale.event_id, pg);
      auto r = repo_.find(sql, stale.id);
      if (!r || r->status != "offered" || r->offer_expires_at > now) return 0;  // accepted, or another worker ended it
      repo_.set_status(sql, r->id, "expired", 0, now);
      auto e = EventRepository().find_by_id(sql, r->event_id).value();
      r->status = "expired";
      tell(sql, e, *r, now);
      fill_seats(sql, e.id, now, pg);
      return 1;
    }).value();
  }
  return ended;
}

}  // namespace aigc
