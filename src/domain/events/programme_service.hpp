// An event's programme: tracks, rooms, speakers (members or guests) and talks placed in
// time, and each member's agenda (starred talks; clashes are talks that overlap). A change
// to a talk's time, room or title tells everyone who starred it. Managers write; anyone who
// can see the event reads. Thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <soci/soci.h>

#include "core/result.hpp"
#include "domain/events/event.hpp"
#include "domain/members/member.hpp"
#include "store/database.hpp"

namespace aigc {

struct TalkInput {
  std::int64_t id = 0;  // 0: a new talk
  std::string kind, title_en, title_zh, abstract_md, track, room, starts_at, ends_at, slides_url, recording_url;
  // One speaker per line: "@handle", or "Name (Affiliation)", optionally "| bio | /media/photo.png".
  std::string speakers;
  std::int64_t proposal_id = 0;
  std::string session;  // a session's English or Chinese title; empty: none
};

struct Agenda {
  std::vector<Talk> talks;             // starred, by start
  std::vector<std::int64_t> clashing;  // ids of starred talks that overlap another starred talk
};

class ProgrammeService {
 public:
  explicit ProgrammeService(Database& db) : db_(db) {}

  Programme get(std::int64_t event_id);
  // The event's talks with speakers, in the caller's session (search indexing).
  static std::vector<Talk> talks(soci::session& sql, std::int64_t event_id);
  // Tracks and rooms, one per line ("English | 中文" for tracks). Existing names keep their
  // ids (and their talks); a removed one that talks use is refused.
  Result<Programme> set_structure(const Member& actor, const Event& e, const std::string& tracks, const std::string& rooms,
                                  std::int64_t now);
  // Sessions, one per line ("English title | 中文标题 | chairs"); kept by title like tracks.
  Result<Programme> set_sessions(const Member& actor, const Event& e, const std::string& sessions, std::int64_t now);
  Result<Talk> save_talk(const Member& actor, const Event& e, const TalkInput& in, std::int64_t now);
  // Inside the caller's transaction (a call for papers accepting a proposal).
  static Result<Talk> save_talk(Database& db, soci::session& sql, const Event& e, const TalkInput& in, std::int64_t now);
  Result<void> delete_talk(const Member& actor, const Event& e, std::int64_t talk_id, std::int64_t now);
  std::optional<Talk> talk(std::int64_t event_id, std::int64_t talk_id);

  Result<void> star(const Member& m, const Event& e, std::int64_t talk_id, bool on, std::int64_t now);
  std::vector<std::int64_t> starred(std::int64_t member_id, std::int64_t event_id);
  Agenda agenda(std::int64_t member_id, std::int64_t event_id);
  // The secret of the member's agenda feed URL (made on first use; `renew` replaces it).
  std::string calendar_token(std::int64_t member_id, bool renew);
  std::optional<std::int64_t> member_for_calendar(const std::string& token);
  // Every starred talk of the member, any event, by start (the agenda feed).
  std::vector<std::pair<Event, Talk>> agenda_everywhere(std::int64_t member_id);

 private:
  Database& db_;
};

}  // namespace aigc
