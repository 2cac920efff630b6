#include "domain/events/programme_service.hpp"

#include <algorithm>
#include <map>
#include <set>

#include "core/crypto.hpp"
#include "core/text.hpp"
#include "domain/events/event_repository.hpp"
#include "domain/events/event_service.hpp"
#include "domain/media/media_library.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/notifications/notifications.hpp"
#include "domain/search/search_index.hpp"
#include "domain/search/search_sources.hpp"

namespace aigc {

namespace {

const std::set<std::string> kTalkKinds = {"keynote", "talk", "poster", "workshop", "panel", "break"};

Error forbidden() { return Error::make(ErrorCode::forbidden, "error.forbidden", "only the event's managers edit its programme"); }

std::vector<Track> load_tracks(soci::session& sql, long long event) {
  std::vector<Track> out;
  long long id = 0;
  Track t;
  soci::statement st = (sql.prepare << "SELECT id, name_en, name_zh FROM event_tracks WHERE event_id = :e ORDER BY position",
                        soci::use(event), soci::into(id), soci::into(t.name_en), soci::into(t.name_zh));
  st.execute();
  while (st.fetch()) t.id = id, out.push_back(t);
  return out;
}

std::vector<Session> load_sessions(soci::session& sql, long long event) {
  std::vector<Session> out;
  long long id = 0;
  Session x;
  soci::statement st = (sql.prepare << "SELECT id, title_en, title_zh, chairs FROM event_sessions WHERE event_id = :e ORDER BY position",
                        soci::use(event), soci::into(id), soci::into(x.title_en), soci::into(x.title_zh), soci::into(x.chairs));
  st.execute();
  while (st.fetch()) x.id = id, out.push_back(x);
  return out;
}

std::vector<Room> load_rooms(soci::session& sql, long long event) {
  std::vector<Room> out;
  long long id = 0;
  Room r;
  soci::statement st = (sql.prepare << "SELECT id, name FROM event_rooms WHERE event_id = :e ORDER BY position", soci::use(event),
                        soci::into(id), soci::into(r.name));
  st.execute();
  while (st.fetch()) r.id = id, out.push_back(r);
  return out;
}

// Talks of the event (or the one talk), with speakers and star counts.
std::vector<Talk> load_talks(soci::session& sql, long long event, long long only = 0) {
  std::vector<Talk> out;
  Talk t;
  long long id = 0, track = 0, room = 0, session = 0, starts = 0, ends = 0, proposal = 0, updated = 0, stars = 0;
  long long only2 = only;
  soci::statement st = (sql.prepare << "SELECT t.id, t.track_id, t.room_id, t.session_id, t.kind, t.title_en, t.title_zh, t.abstract_md, t.starts_at, "
                                       "t.ends_at, t.slides_url, t.recording_url, t.proposal_id, t.updated_at, "
                                       "(SELECT COUNT(*) FROM agenda_stars s WHERE s.talk_id = t.id) FROM talks t "
                                       "WHERE t.event_id = :e AND (:o1 = 0 OR t.id = :o2) ORDER BY t.starts_at, t.room_id, t.id",
                        soci::use(event), soci::use(only), soci::use(only2), soci::into(id), soci::into(track), soci::into(room), soci::into(session), soci::into(t.kind), soci::into(t.title_en),
                        soci::into(t.title_zh), soci::into(t.abstract_md), soci::into(starts), soci::into(ends), soci::into(t.slides_url),
                        soci::into(t.recording_url), soci::into(proposal), soci::into(updated), soci::into(stars));
  st.execute();
  while (st.fetch()) {
    t.id = id, t.event_id = event, t.track_id = track, t.room_id = room, t.session_id = session, t.starts_at = starts, t.ends_at = ends;
    t.proposal_id = proposal, t.updated_at = updated, t.stars = stars;
    out.push_back(t);
  }
  std::map<long long, std::size_t> index;
  for (std::size_t i = 0; i < out.size(); ++i) index[out[i].id] = i;
  long long talk = 0, sid = 0, member = 0;
  soci::indicator hi = soci::i_ok;
  Speaker s;
  std::string handle;
  soci::statement sp = (sql.prepare << "SELECT x.talk_id, s.id, s.member_id, m.handle, CASE WHEN m.id IS NULL THEN s.name ELSE "
                                       "m.display_name END, s.affiliation, s.bio, s.photo FROM talk_speakers x JOIN event_speakers s "
                                       "ON s.id = x.speaker_id LEFT JOIN members m ON m.id = s.member_id AND s.member_id <> 0 "
                                       "WHERE s.event_id = :e ORDER BY x.talk_id, x.position",
                        soci::use(event), soci::into(talk), soci::into(sid), soci::into(member), soci::into(handle, hi), soci::into(s.name),
                        soci::into(s.affiliation), soci::into(s.bio), soci::into(s.photo));
  sp.execute();
  while (sp.fetch()) {
    auto it = index.find(talk);
    if (it == index.end()) continue;
    s.id = sid, s.member_id = member, s.handle = hi == soci::i_ok ? handle : "";
    out[it->second].speakers.push_back(s);
  }
  return out;
}

// "English | 中文" lines into (en, zh) pairs, blanks skipped.
std::vector<std::pair<std::string, std::string>> named_lines(const std::string& text) {
  std::vector<std::pair<std::string, std::string>> out;
  for (auto& line : split(text, '\n')) {
    if (trim(line).empty()) continue;
    auto bar = line.find('|');
    out.emplace_back(trim(line.substr(0, bar)), bar == std::string::npos ? "" : trim(line.substr(bar + 1)));
  }
  return out;
}

// One speaker line: "@handle" or "Name (Affiliation) | bio | photo".
Result<Speaker> parse_speaker(soci::session& sql, const std::string& line) {
  auto parts = split(line, '|');
  for (auto& p : parts) p = trim(p);
  Speaker s;
  const std::string head = parts.empty() ? "" : parts[0];
  if (!head.empty() && head[0] == '@') {
    auto m = MemberRepository().find_by_handle(sql, head.substr(1));
    if (!m) return Error::invalid("error.unknown_member", "no member " + head, {{"speakers", "error.unknown_member", "no member " + head, {}, {{"handle", head.substr(1)}}}});
    s.member_id = m->id;
    s.name = m->display_name;
  } else {
    auto open = head.rfind('(');
    if (open != std::string::npos && head.back() == ')') {
      s.name = trim(head.substr(0, open));
      s.affiliation = trim(head.substr(open + 1, head.size() - open - 2));
    } else {
      s.name = head;
    }
  }
  s.bio = parts.size() > 1 ? parts[1] : "";
  s.photo = parts.size() > 2 ? parts[2] : "";
  if (s.name.empty() || !is_line_within(s.name, 120) || !is_line_within(s.affiliation, 200) || s.bio.size() > 2000 ||
      (!s.photo.empty() && !MediaLibrary::is_media_url(s.photo)))
    return Error::invalid("error.fix_fields", "fix the fields below",
                          {{"speakers", "error.talk_speaker", "a speaker line is @handle, or Name (Affiliation) | bio | /media/photo.png"}});
  return s;
}

std::int64_t speaker_id(soci::session& sql, long long event, const Speaker& s) {
  long long id = 0, member = s.member_id;
  soci::indicator ind = soci::i_null;
  if (s.member_id) sql << "SELECT id FROM event_speakers WHERE event_id = :e AND member_id = :m", soci::use(event), soci::use(member), soci::into(id, ind);
  else sql << "SELECT id FROM event_speakers WHERE event_id = :e AND member_id = 0 AND name = :n", soci::use(event), soci::use(s.name), soci::into(id, ind);
  if (ind == soci::i_ok) {
    sql << "UPDATE event_speakers SET affiliation = :a, bio = :b, photo = :p WHERE id = :id", soci::use(s.affiliation), soci::use(s.bio),
        soci::use(s.photo), soci::use(id);
    return id;
  }
  sql << "INSERT INTO event_speakers (event_id, member_id, name, affiliation, bio, photo) VALUES (:e, :m, :n, :a, :b, :p) RETURNING id",
      soci::use(event), soci::use(member), soci::use(s.name), soci::use(s.affiliation), soci::use(s.bio), soci::use(s.photo), soci::into(id);
  return id;
}

template <class Named>
std::int64_t id_by_name(const std::vector<Named>& v, const std::string& name) {
  if (name.empty()) return 0;
  for (const auto& x : v) {
    if constexpr (std::is_same_v<Named, Track>) {
      if (x.name_en == name || x.name_zh == name || std::to_string(x.id) == name) return x.id;
    } else if constexpr (std::is_same_v<Named, Session>) {
      if (x.title_en == name || x.title_zh == name || std::to_string(x.id) == name) return x.id;
    } else {
      if (x.name == name || std::to_string(x.id) == name) return x.id;
    }
  }
  return -1;
}

}  // namespace

std::vector<Talk> ProgrammeService::talks(soci::session& sql, std::int64_t event_id) { return load_talks(sql, event_id); }

Programme ProgrammeService::get(std::int64_t event_id) {
  return db_.with_session([&](soci::session& sql) {
    long long e = event_id;
    return Programme{load_tracks(sql, e), load_rooms(sql, e), load_talks(sql, e), load_sessions(sql, e)};
  });
}

std::optional<Talk> ProgrammeService::talk(std::int64_t event_id, std::int64_t talk_id) {
  return db_.with_session([&](soci::session& sql) -> std::optional<Talk> {
    auto v = load_talks(sql, event_id, talk_id);
    if (v.empty()) return std::nullopt;
    return v.front();
  });
}

Result<Programme> ProgrammeService::set_structure(const Member& actor, const Event& e, const std::string& tracks, const std::string& rooms,
                                                  std::int64_t now) {
  if (!can_manage_event(actor, e)) return forbidden();
  auto track_lines = named_lines(tracks), room_lines = named_lines(rooms);
  std::vector<Problem> p;
  for (const auto& [en, zh] : track_lines)
    if (en.empty() || !is_line_within(en, 80) || !is_line_within(zh, 80))
      p.push_back({"tracks", "error.event_track", "a track is one line: English name | 中文名 (80 characters each at most)"});
  for (const auto& [name, rest] : room_lines)
    if (name.empty() || !is_line_within(name, 80))
      p.push_back({"rooms", "error.event_room", "a room is one line of at most 80 characters"});
  if (track_lines.size() > 30 || room_lines.size() > 50) p.push_back({"tracks", "error.event_structure_many", "at most 30 tracks and 50 rooms"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "fix the fields below", std::move(p));
  return db_.in_transaction([&](soci::session& sql) -> Result<Programme> {
    long long event = e.id;
    auto old_tracks = load_tracks(sql, event);
    auto old_rooms = load_rooms(sql, event);
    int position = 0;
    std::set<long long> kept;
    for (const auto& [en, zh] : track_lines) {
      long long id = id_by_name(old_tracks, en);
      if (id > 0) {
        sql << "UPDATE event_tracks SET name_zh = :z, position = :p WHERE id = :id", soci::use(zh), soci::use(position), soci::use(id);
        kept.insert(id);
      } else {
        sql << "INSERT INTO event_tracks (event_id, name_en, name_zh, position) VALUES (:e, :n, :z, :p)", soci::use(event), soci::use(en),
            soci::use(zh), soci::use(position);
      }
      ++position;
    }
    for (const auto& t : old_tracks) {
      if (kept.count(t.id)) continue;
      long long id = t.id, used = 0;
      sql << "SELECT COUNT(*) FROM talks WHERE track_id = :t", soci::use(id), soci::into(used);
      if (used) return Error::invalid("error.event_track_in_use", "talks use track " + t.name_en,
                                      {{"tracks", "error.event_track_in_use", "keep track " + t.name_en, {}, {{"name", t.name_en}}}});
      sql << "DELETE FROM event_tracks WHERE id = :id", soci::use(id);
    }
    position = 0;
    kept.clear();
    for (const auto& [name, unused] : room_lines) {
      long long id = id_by_name(old_rooms, name);
      if (id > 0) {
        sql << "UPDATE event_rooms SET position = :p WHERE id = :id", soci::use(position), soci::use(id);
        kept.insert(id);
      } else {
        sql << "INSERT INTO event_rooms (event_id, name, position) VALUES (:e, :n, :p)", soci::use(event), soci::use(name), soci::use(position);
      }
      ++position;
    }
    for (const auto& r : old_rooms) {
      if (kept.count(r.id)) continue;
      long long id = r.id, used = 0;
      sql << "SELECT COUNT(*) FROM talks WHERE room_id = :r", soci::use(id), soci::into(used);
      if (used) return Error::invalid("error.event_room_in_use", "talks use room " + r.name,
                                      {{"rooms", "error.event_room_in_use", "keep room " + r.name, {}, {{"name", r.name}}}});
      sql << "DELETE FROM event_rooms WHERE id = :id", soci::use(id);
    }
    EventRepository().bump_version(sql, e.id, now);
    return Programme{load_tracks(sql, event), load_rooms(sql, event), {}};
  });
}

Result<Programme> ProgrammeService::set_sessions(const Member& actor, const Event& e, const std::string& text, std::int64_t now) {
  if (!can_manage_event(actor, e)) return forbidden();
  std::vector<Session> wanted;
  for (auto& line : split(text, '\n')) {
    if (trim(line).empty()) continue;
    auto parts = split(line, '|');
    Session x;
    x.title_en = trim(parts[0]);
    x.title_zh = parts.size() > 1 ? trim(parts[1]) : "";
    x.chairs = parts.size() > 2 ? trim(parts[2]) : "";
    if ((x.title_en.empty() && x.title_zh.empty()) || parts.size() > 3 || !is_line_within(x.title_en, 120) || !is_line_within(x.title_zh, 120) ||
        !is_line_within(x.chairs, 300))
      return Error::invalid("error.fix_fields", "fix the fields below",
                            {{"sessions", "error.event_session", "a session is one line: English title | 中文标题 | chairs (120, 120 and 300 characters at most)"}});
    wanted.push_back(x);
  }
  if (wanted.size() > 100) return Error::invalid("error.fix_fields", "fix the fields below", {{"sessions", "error.event_structure_many", "at most 100 sessions"}});
  return db_.in_transaction([&](soci::session& sql) -> Result<Programme> {
    long long event = e.id;
    auto old = load_sessions(sql, event);
    std::set<long long> kept;
    int position = 0;
    for (const auto& x : wanted) {
      long long id = id_by_name(old, x.title_en.empty() ? x.title_zh : x.title_en);
      if (id > 0) {
        sql << "UPDATE event_sessions SET title_en = :te, title_zh = :tz, chairs = :c, position = :p WHERE id = :id", soci::use(x.title_en),
            soci::use(x.title_zh), soci::use(x.chairs), soci::use(position), soci::use(id);
        kept.insert(id);
      } else {
        sql << "INSERT INTO event_sessions (event_id, title_en, title_zh, chairs, position) VALUES (:e, :te, :tz, :c, :p)", soci::use(event),
            soci::use(x.title_en), soci::use(x.title_zh), soci::use(x.chairs), soci::use(position);
      }
      ++position;
    }
    for (const auto& x : old) {
      if (kept.count(x.id)) continue;
      long long id = x.id, used = 0;
      sql << "SELECT COUNT(*) FROM talks WHERE session_id = :s", soci::use(id), soci::into(used);
      const std::string name = x.title_en.empty() ? x.title_zh : x.title_en;
      if (used) return Error::invalid("error.event_session_in_use", "talks are in session " + name,
                                      {{"sessions", "error.event_session_in_use", "keep session " + name, {}, {{"name", name}}}});
      sql << "DELETE FROM event_sessions WHERE id = :id", soci::use(id);
    }
    EventRepository().bump_version(sql, e.id, now);
    return Programme{load_tracks(sql, event), load_rooms(sql, event), {}, load_sessions(sql, event)};
  });
}

Result<Talk> ProgrammeService::save_talk(const Member& actor, const Event& e, const TalkInput& in, std::int64_t now) {
  if (!can_manage_event(actor, e)) return forbidden();
  return db_.in_transaction([&](soci::session& sql) { return save_talk(db_, sql, e, in, now); });
}

Result<Talk> ProgrammeService::save_talk(Database& db, soci::session& sql, const Event& e, const TalkInput& in, std::int64_t now) {
  std::vector<Problem> p;
  Talk t;
  long long event = e.id;
  t.kind = trim(in.kind).empty() ? "talk" : trim(in.kind);
  if (!kTalkKinds.count(t.kind)) p.push_back({"kind", "error.talk_kind", "kind is keynote, talk, poster, workshop, panel or break"});
  t.title_en = trim(in.title_en);
  t.title_zh = trim(in.title_zh);
  if (t.title_en.empty() && t.title_zh.empty()) p.push_back({"title_en", "error.talk_title", "give the title in English, in Chinese or both"});
  if (!is_line_within(t.title_en, 300) || !is_line_within(t.title_zh, 300))
    p.push_back({"title_en", "error.talk_title_long", "a title is one line of at most 300 characters"});
  t.abstract_md = in.abstract_md;
  if (t.abstract_md.size() > 20000 || !is_valid_utf8(t.abstract_md))
    p.push_back({"abstract_md", "error.talk_abstract", "an abstract is at most 20,000 bytes of text"});
  t.slides_url = trim(in.slides_url);
  t.recording_url = trim(in.recording_url);
  if (!is_web_url_or_empty(t.slides_url)) p.push_back({"slides_url", "error.url", "a link starts with https:// or http://"});
  if (!is_web_url_or_empty(t.recording_url)) p.push_back({"recording_url", "error.url", "a link starts with https:// or http://"});
  if (!trim(in.starts_at).empty() || !trim(in.ends_at).empty()) {
    auto s = parse_event_time(in.starts_at, e.time_zone), f = parse_event_time(in.ends_at, e.time_zone);
    if (!s || !f || *f <= *s) p.push_back({"ends_at", "error.talk_time", "a talk has a start and a later end, such as 2026-12-05T09:00"});
    else t.starts_at = *s, t.ends_at = *f;
  }
  t.track_id = id_by_name(load_tracks(sql, event), trim(in.track));
  t.room_id = id_by_name(load_rooms(sql, event), trim(in.room));
  if (t.track_id < 0) p.push_back({"track", "error.talk_track", "choose one of the event's tracks"}), t.track_id = 0;
  if (t.room_id < 0) p.push_back({"room", "error.talk_room", "choose one of the event's rooms"}), t.room_id = 0;
  t.session_id = id_by_name(load_sessions(sql, event), trim(in.session));
  if (t.session_id < 0) p.push_back({"session", "error.talk_session", "choose one of the event's sessions"}), t.session_id = 0;
  std::vector<Speaker> speakers;
  for (auto& line : split(in.speakers, '\n')) {
    if (trim(line).empty()) continue;
    auto s = parse_speaker(sql, line);
    if (!s) p.insert(p.end(), s.error().problems.begin(), s.error().problems.end());
    else speakers.push_back(s.value());
  }
  if (speakers.size() > 20) p.push_back({"speakers", "error.talk_speakers_many", "a talk has at most 20 speakers"});
  if (!p.empty()) return Error::invalid("error.fix_fields", "fix the fields below", std::move(p));

  long long id = in.id, track = t.track_id, room = t.room_id, session = t.session_id, starts = t.starts_at, ends = t.ends_at, proposal = in.proposal_id, at = now;
  std::optional<Talk> before;
  if (id) {
    auto old = load_talks(sql, event, id);
    if (old.empty()) return Error::make(ErrorCode::not_found, "error.not_found", "no talk " + std::to_string(id));
    before = old.front();
    sql << "UPDATE talks SET session_id = :ses, track_id = :t, room_id = :r, kind = :k, title_en = :te, title_zh = :tz, abstract_md = :a, starts_at = :s, "
           "ends_at = :en, slides_url = :sl, recording_url = :rec, updated_at = :u WHERE id = :id",
        soci::use(session), soci::use(track), soci::use(room), soci::use(t.kind), soci::use(t.title_en), soci::use(t.title_zh),
        soci::use(t.abstract_md), soci::use(starts), soci::use(ends), soci::use(t.slides_url), soci::use(t.recording_url), soci::use(at),
        soci::use(id);
    sql << "DELETE FROM talk_speakers WHERE talk_id = :id", soci::use(id);
  } else {
    sql << "INSERT INTO talks (event_id, session_id, track_id, room_id, kind, title_en, title_zh, abstract_md, starts_at, ends_at, "
           "slides_url, recording_url, proposal_id, updated_at) VALUES (:e, :ses, :t, :r, :k, :te, :tz, :a, :s, :en, :sl, :rec, :p, :u) "
           "RETURNING id",
        soci::use(event), soci::use(session), soci::use(track), soci::use(room), soci::use(t.kind), soci::use(t.title_en), soci::use(t.title_zh),
        soci::use(t.abstract_md), soci::use(starts), soci::use(ends), soci::use(t.slides_url), soci::use(t.recording_url),
        soci::use(proposal), soci::use(at), soci::into(id);
  }
  int position = 0;
  std::set<std::int64_t> seen;
  for (const auto& s : speakers) {
    long long sid = speaker_id(sql, event, s);
    if (!seen.insert(sid).second) continue;
    sql << "INSERT INTO talk_speakers (talk_id, speaker_id, position) VALUES (:t, :s, :p)", soci::use(id), soci::use(sid), soci::use(position);
    ++position;
  }
  // What an attendee plans around: when, where, what. Those who starred it hear of a change.
  if (before && (before->starts_at != starts || before->ends_at != ends || before->room_id != room || before->title_en != t.title_en ||
                 before->title_zh != t.title_zh)) {
    nlohmann::json params = event_notification_params(e);
    params["talk_en"] = t.title_en.empty() ? t.title_zh : t.title_en;
    params["talk_zh"] = t.title_zh.empty() ? t.title_en : t.title_zh;
    long long member = 0;
    std::vector<std::int64_t> fans;
    soci::statement st = (sql.prepare << "SELECT member_id FROM agenda_stars WHERE talk_id = :t", soci::use(id), soci::into(member));
    st.execute();
    while (st.fetch()) fans.push_back(member);
    for (auto m : fans)
      Notifications::notify(sql, m, "event_talk_changed", params, "/events/" + e.slug + "/talks/" + std::to_string(id), now,
                            "talk:" + std::to_string(id) + ":" + std::to_string(now));
  }
  EventRepository().bump_version(sql, e.id, now);
  auto saved = load_talks(sql, event, id).front();
  SearchIndex(db).put(sql, search_document(e, saved));
  return saved;
}

Result<void> ProgrammeService::delete_talk(const Member& actor, const Event& e, std::int64_t talk_id, std::int64_t now) {
  if (!can_manage_event(actor, e)) return forbidden();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    long long id = talk_id, event = e.id, found = 0;
    sql << "SELECT COUNT(*) FROM talks WHERE id = :id AND event_id = :e", soci::use(id), soci::use(event), soci::into(found);
    if (!found) return Error::make(ErrorCode::not_found, "error.not_found", "no talk " + std::to_string(talk_id));
    sql << "DELETE FROM agenda_stars WHERE talk_id = :id", soci::use(id);
    sql << "DELETE FROM talk_speakers WHERE talk_id = :id", soci::use(id);
    sql << "UPDATE proposals SET talk_id = 0 WHERE talk_id = :id", soci::use(id);
    sql << "DELETE FROM talks WHERE id = :id", soci::use(id);
    SearchIndex(db_).remove(sql, "talk", std::to_string(talk_id));
    EventRepository().bump_version(sql, e.id, now);
    return {};
  });
}

Result<void> ProgrammeService::star(const Member& m, const Event& e, std::int64_t talk_id, bool on, std::int64_t now) {
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    long long id = talk_id, event = e.id, member = m.id, at = now, found = 0;
    sql << "SELECT COUNT(*) FROM talks WHERE id = :id AND event_id = :e", soci::use(id), soci::use(event), soci::into(found);
    if (!found) return Error::make(ErrorCode::not_found, "error.not_found", "no talk " + std::to_string(talk_id));
    if (on) sql << "INSERT INTO agenda_stars (member_id, talk_id, created_at) VALUES (:m, :t, :c) ON CONFLICT DO NOTHING", soci::use(member),
               soci::use(id), soci::use(at);
    else sql << "DELETE FROM agenda_stars WHERE member_id = :m AND talk_id = :t", soci::use(member), soci::use(id);
    return {};
  });
}

std::vector<std::int64_t> ProgrammeService::starred(std::int64_t member_id, std::int64_t event_id) {
  return db_.with_session([&](soci::session& sql) {
    long long m = member_id, e = event_id, id = 0;
    std::vector<std::int64_t> out;
    soci::statement st = (sql.prepare << "SELECT s.talk_id FROM agenda_stars s JOIN talks t ON t.id = s.talk_id WHERE s.member_id = :m "
                                         "AND t.event_id = :e",
                          soci::use(m), soci::use(e), soci::into(id));
    st.execute();
    while (st.fetch()) out.push_back(id);
    return out;
  });
}

Agenda ProgrammeService::agenda(std::int64_t member_id, std::int64_t event_id) {
  auto stars = starred(member_id, event_id);
  Agenda a;
  for (auto& t : get(event_id).talks)
    if (std::find(stars.begin(), stars.end(), t.id) != stars.end()) a.talks.push_back(t);
  // Sorted by start: a talk clashes with a later one that starts before it ends.
  for (std::size_t i = 0; i < a.talks.size(); ++i)
    for (std::size_t j = i + 1; j < a.talks.size() && a.talks[j].starts_at < a.talks[i].ends_at; ++j)
      if (a.talks[i].starts_at && a.talks[j].starts_at) {
        a.clashing.push_back(a.talks[i].id);
        a.clashing.push_back(a.talks[j].id);
      }
  std::sort(a.clashing.begin(), a.clashing.end());
  a.clashing.erase(std::unique(a.clashing.begin(), a.clashing.end()), a.clashing.end());
  return a;
}

std::string ProgrammeService::calendar_token(std::int64_t member_id, bool renew) {
  return db_.in_transaction([&](soci::session& sql) -> Result<std::string> {
    long long m = member_id;
    std::string token;
    soci::indicator ind = soci::i_null;
    sql << "SELECT token FROM calendar_tokens WHERE member_id = :m", soci::use(m), soci::into(token, ind);
    if (ind == soci::i_ok && !renew) return token;
    token = random_token(24);
    if (ind == soci::i_ok) sql << "UPDATE calendar_tokens SET token = :t WHERE member_id = :m", soci::use(token), soci::use(m);
    else sql << "INSERT INTO calendar_tokens (member_id, token) VALUES (:m, :t)", soci::use(m), soci::use(token);
    return token;
  }).value();
}

std::optional<std::int64_t> ProgrammeService::member_for_calendar(const std::string& token) {
  if (token.size() < 16) return std::nullopt;
  return db_.with_session([&](soci::session& sql) -> std::optional<std::int64_t> {
    long long m = 0;
    std::string t = token;
    soci::indicator ind = soci::i_null;
    sql << "SELECT member_id FROM calendar_tokens WHERE token = :t", soci::use(t), soci::into(m, ind);
    if (ind != soci::i_ok) return std::nullopt;
    return m;
  });
}

std::vector<std::pair<Event, Talk>> ProgrammeService::agenda_everywhere(std::int64_t member_id) {
  std::vector<std::int64_t> events = db_.with_session([&](soci::session& sql) {
    long long m = member_id, e = 0;
    std::vector<std::int64_t> out;
    soci::statement st = (sql.prepare << "SELECT DISTINCT t.event_id FROM agenda_stars s JOIN talks t ON t.id = s.talk_id WHERE s.member_id = :m",
                          soci::use(m), soci::into(e));
    st.execute();
    while (st.fetch()) out.push_back(e);
    return out;
  });
  std::vector<std::pair<Event, Talk>> out;
  for (auto id : events) {
    auto e = db_.with_session([&](soci::session& sql) { return EventRepository().find_by_id(sql, id); });
    if (!e || e->status == "draft") continue;
    for (auto& t : agenda(member_id, id).talks) out.emplace_back(*e, t);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.second.starts_at < b.second.starts_at; });
  return out;
}

}  // namespace aigc
