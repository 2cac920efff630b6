// Events ("AI Frontiers" conferences, workshops, meetups, online talks): the event in both
// languages with its own time zone, its ticket types and registration questions, its
// programme (tracks, rooms, talks and speakers) and registrations. Plain values; times are
// UTC seconds.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace aigc {

struct TicketType {
  std::int64_t id = 0;
  std::string name, name_zh;
  std::int64_t price_cents = 0;  // shown only: payments are outside the platform
  std::string currency;          // "CNY", "USD"; empty when free
  std::int64_t capacity = 0;
  std::int64_t sales_start = 0, sales_end = 0;  // 0: no bound
  bool requires_approval = false;
  bool hidden = false;       // offered only with an invitation code
  int per_member = 1;        // registrations a member may hold for this type
  bool transferable = true;
  // Filled on reads: seats held (confirmed + open offers), waiting, pending approval.
  std::int64_t taken = 0, waiting = 0, pending = 0;
  std::int64_t left() const { return capacity > taken ? capacity - taken : 0; }
};

struct EventQuestion {
  std::int64_t id = 0;
  std::string kind = "text";  // text, choice, yesno
  std::string label_en, label_zh;
  std::vector<std::string> choices;
  bool required = false;
};

struct Event {
  std::int64_t id = 0;
  std::string slug;
  std::string title_en, title_zh;
  std::string description_en, description_zh;  // markdown
  std::string kind = "conference";             // conference, workshop, meetup, online
  std::string venue, address, map_url, online_url;
  std::string time_zone = "Asia/Shanghai";
  std::int64_t starts_at = 0, ends_at = 0;
  std::string cover;  // a /media/ URL or empty
  std::string status = "draft";  // draft, published, cancelled
  std::int64_t cfp_opens_at = 0, cfp_closes_at = 0;  // 0/0: no call for proposals
  bool cfp_blind = false;        // reviewers do not see who submitted
  std::int64_t edit_deadline = 0;  // answers may change until then (0: until the event starts)
  int offer_hours = 24;          // how long a freed seat waits for the next person in line
  std::int64_t created_by = 0;
  std::int64_t created_at = 0, updated_at = 0, version = 1;
  std::vector<std::int64_t> managers;  // member ids besides the creator
  std::vector<std::string> manager_handles;
  std::vector<std::int64_t> organizations;
  std::vector<std::string> organization_slugs, organization_names;
  std::vector<TicketType> ticket_types;
  std::vector<EventQuestion> questions;

  bool cfp_open(std::int64_t now) const { return cfp_closes_at > 0 && now >= cfp_opens_at && now < cfp_closes_at; }
  const TicketType* ticket_type(const std::string& name) const {
    for (const auto& t : ticket_types)
      if (t.name == name) return &t;
    return nullptr;
  }
  const TicketType* ticket_type(std::int64_t id) const {
    for (const auto& t : ticket_types)
      if (t.id == id) return &t;
    return nullptr;
  }
};

// What an organizer sends to create or edit an event (form fields or API JSON). Times are
// wall-clock in `time_zone` ("2026-12-05T09:00") or, from the API, RFC 3339 / UTC seconds.
struct TicketTypeInput {
  std::string name, name_zh, price, currency, capacity, sales_start, sales_end;
  bool requires_approval = false, hidden = false, transferable = true;
  std::string per_member = "1";
};

struct EventInput {
  std::string slug, title_en, title_zh, description_en, description_zh, kind, venue, address, map_url, online_url, time_zone,
      starts_at, ends_at, cover, cfp_opens_at, cfp_closes_at, edit_deadline, offer_hours, managers, organizations;
  bool cfp_blind = false;
  std::vector<TicketTypeInput> ticket_types;
  // One question per line: "kind | label_en | label_zh | choice1; choice2 | required".
  std::string questions;
  bool replace_ticket_types = true;
};

struct EventRegistration {
  std::int64_t id = 0, event_id = 0, ticket_type_id = 0, member_id = 0;
  std::string member_handle, member_name;
  std::string ticket_type;  // its name
  std::string status;       // confirmed, pending, waitlisted, offered, cancelled, rejected
  std::int64_t waitlist_seq = 0;
  std::int64_t position = 0;  // in the type's waiting line (1 = next); filled for waitlisted
  std::int64_t offer_expires_at = 0;
  std::string answers = "{}";  // JSON object: question id -> answer
  std::int64_t code_id = 0, paid_at = 0;
  std::int64_t checked_in_at = 0, checked_in_by = 0;
  std::string checked_in_by_handle;
  std::int64_t created_at = 0, updated_at = 0;
  std::string idempotency_key;  // the client's, when it sent one (never shown)
  bool replayed = false;        // returned again for a retried request with the same key
  bool holds_seat() const { return status == "confirmed" || status == "offered"; }
  bool active() const { return status != "cancelled" && status != "rejected"; }
};

struct Speaker {
  std::int64_t id = 0, member_id = 0;
  std::string handle;  // of the member, if one
  std::string name, affiliation, bio, photo;
};

struct Talk {
  std::int64_t id = 0, event_id = 0, track_id = 0, room_id = 0, session_id = 0;
  std::string kind = "talk";  // keynote, talk, poster, workshop, panel, break
  std::string title_en, title_zh, abstract_md;
  std::int64_t starts_at = 0, ends_at = 0;
  std::string slides_url, recording_url;
  std::int64_t proposal_id = 0, updated_at = 0;
  std::vector<Speaker> speakers;
  std::int64_t stars = 0;
};

struct Track {
  std::int64_t id = 0;
  std::string name_en, name_zh;
};

struct Room {
  std::int64_t id = 0;
  std::string name;
};

// A block of the programme (Indico's session): talks grouped under a title, with chairs.
struct Session {
  std::int64_t id = 0;
  std::string title_en, title_zh;
  std::string chairs;  // as written: "@handle, Name (Affiliation)"
};

struct Programme {
  std::vector<Track> tracks;
  std::vector<Room> rooms;
  std::vector<Talk> talks;  // by start, then room
  std::vector<Session> sessions;
};

struct Proposal {
  std::int64_t id = 0, event_id = 0, submitter_id = 0;
  std::string submitter_handle;
  std::string title, abstract_md, kind, co_speakers;
  std::int64_t track_id = 0;
  std::string status = "submitted";  // submitted, accepted, rejected, waitlisted, withdrawn
  std::int64_t talk_id = 0, created_at = 0, decided_at = 0;
  double mean_score = 0;
  int reviews = 0, assigned = 0;
};

struct Review {
  std::int64_t proposal_id = 0, reviewer_id = 0;
  std::string reviewer_handle;
  int score = 0;  // 0: assigned, not yet reviewed
  std::string comment;
  std::int64_t updated_at = 0;
};

}  // namespace aigc
