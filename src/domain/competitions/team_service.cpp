#include "domain/competitions/team_service.hpp"

#include <algorithm>

#include "core/clock.hpp"
#include "core/text.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/notifications/notifications.hpp"

namespace aigc {

namespace {

Error not_in_team() {
  return Error::make(ErrorCode::forbidden, "error.join_first", "join the competition (accept its rules) first");
}

Error not_leader() {
  return Error::make(ErrorCode::forbidden, "error.team_leader", "only the team's leader can do this");
}

std::int64_t deadline(const Competition& c) {
  std::int64_t end = 0;
  for (const auto& p : c.phases) end = std::max(end, p.ends_at);
  return end;
}

// A team name nobody in the competition uses yet, starting from `base`.
std::string free_name(TeamRepository& teams, soci::session& sql, std::int64_t competition_id, const std::string& base) {
  std::string name = base;
  for (int i = 2; teams.find_by_name(sql, competition_id, name); ++i) name = base + "-" + std::to_string(i);
  return name;
}

}  // namespace

int TeamService::max_team_size(const Competition& c) {
  int size = 0;
  for (const auto& p : c.phases) size = size == 0 ? p.max_team_size : std::min(size, p.max_team_size);
  return size == 0 ? 5 : size;
}

Result<Competition> TeamService::open_competition(const Member& actor, const std::string& slug, bool for_team_change) {
  auto c = competitions_.get(&actor, slug);
  if (!c) return c.error();
  if (c->visibility == "archived")
    return Error::make(ErrorCode::conflict, "error.competition_archived", "the competition is archived; it takes no changes");
  if (for_team_change && !c->phases.empty() && now_utc() >= deadline(c.value()))
    return Error::make(ErrorCode::conflict, "error.team_deadline", "the team deadline (the end of the last phase) has passed");
  return c;
}

Result<Team> TeamService::led_team(soci::session& sql, std::int64_t competition_id, const Member& actor) {
  auto t = teams_.team_of(sql, competition_id, actor.id);
  if (!t) return not_in_team();
  if (t->leader_id != actor.id) return not_leader();
  return *t;
}

Team TeamService::team_of_one(soci::session& sql, std::int64_t competition_id, const Member& member) {
  Team t;
  t.competition_id = competition_id;
  t.name = free_name(teams_, sql, competition_id, member.handle);
  t.leader_id = member.id;
  t.created_at = now_utc();
  t.id = teams_.insert(sql, t);
  teams_.add_member(sql, t.id, competition_id, member.id, t.created_at);
  return *teams_.find(sql, t.id);
}

std::int64_t TeamService::team_count(const std::string& slug) {
  return db_.with_session([&](soci::session& sql) -> std::int64_t {
    CompetitionRepository comps;
    auto c = comps.find_by_slug(sql, slug, false);
    return c ? teams_.team_count(sql, c->id) : 0;
  });
}

Result<Team> TeamService::join(const Member& actor, const std::string& slug) {
  auto c = open_competition(actor, slug, false);
  if (!c) return c.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<Team> {
    if (auto t = teams_.team_of(sql, c->id, actor.id)) return *t;
    teams_.add_participant(sql, c->id, actor.id, now_utc());
    return team_of_one(sql, c->id, actor);
  });
}

Result<Participation> TeamService::participation(const Member& actor, const std::string& slug) {
  auto c = competitions_.get(&actor, slug);
  if (!c) return c.error();
  return db_.with_session([&](soci::session& sql) -> Result<Participation> {
    Participation p;
    p.max_team_size = max_team_size(c.value());
    p.can_change_teams = c->visibility != "archived" && (c->phases.empty() || now_utc() < deadline(c.value()));
    p.joined = teams_.is_participant(sql, c->id, actor.id);
    p.team = teams_.team_of(sql, c->id, actor.id);
    p.requests = teams_.requests_for(sql, c->id, actor.id, p.team ? p.team->id : -1);
    return p;
  });
}

Result<Team> TeamService::rename(const Member& actor, const std::string& slug, const std::string& raw_name) {
  auto name = trim(raw_name);
  if (name.empty() || !is_line_within(name, 50))
    return Error::invalid("error.team_name", "a team name is 1 to 50 characters on one line",
                          {{"name", "error.team_name", "a team name is 1 to 50 characters on one line"}});
  auto c = open_competition(actor, slug, true);
  if (!c) return c.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<Team> {
    auto t = led_team(sql, c->id, actor);
    if (!t) return t.error();
    auto other = teams_.find_by_name(sql, c->id, name);
    if (other && other->id != t->id)
      return Error{ErrorCode::conflict, "error.team_name_taken", "another team is called '" + name + "'",
                   {{"name", "error.team_name_taken", "another team has this name"}}};
    teams_.rename(sql, t->id, name);
    return *teams_.find(sql, t->id);
  });
}

Result<void> TeamService::invite(const Member& actor, const std::string& slug, const std::string& handle) {
  auto c = open_competition(actor, slug, true);
  if (!c) return c.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto t = led_team(sql, c->id, actor);
    if (!t) return t.error();
    MemberRepository members;
    auto invitee = members.find_by_handle(sql, trim(handle));
    if (!invitee)
      return Error::invalid("error.member_not_found", "there is no member '" + handle + "'",
                            {{"handle", "error.member_not_found", "no member with this handle"}});
    if (std::any_of(t->members.begin(), t->members.end(), [&](const TeamMember& m) { return m.member_id == invitee->id; }))
      return Error::make(ErrorCode::conflict, "error.already_in_team", invitee->handle + " is already in your team");
    if (static_cast<int>(t->members.size()) >= max_team_size(c.value()))
      return Error::make(ErrorCode::conflict, "error.team_full", "the team is full (at most " + std::to_string(max_team_size(c.value())) + " members)");
    teams_.add_request(sql, {"invite", t->id, t->name, invitee->id, invitee->handle, 0, "", now_utc()});
    auto params = notification_params(c.value());
    params["team"] = t->name;
    Notifications::notify(sql, invitee->id, "team_invite", params, "/competitions/" + c->slug + "/team", now_utc());
    return {};
  });
}

Result<Team> TeamService::accept_invite(const Member& actor, const std::string& slug, std::int64_t team_id) {
  auto c = open_competition(actor, slug, true);
  if (!c) return c.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<Team> {
    if (!teams_.is_participant(sql, c->id, actor.id)) return not_in_team();
    teams_.lock(sql, team_id, db_.for_update());
    TeamRequest req{"invite", team_id, "", actor.id, "", 0, "", 0};
    if (!teams_.remove_request(sql, req))
      return Error::make(ErrorCode::not_found, "error.no_invitation", "there is no such invitation (it may have been withdrawn)");
    auto target = teams_.find(sql, team_id);
    if (!target || target->competition_id != c->id)
      return Error::make(ErrorCode::not_found, "error.no_invitation", "the inviting team no longer exists");
    if (static_cast<int>(target->members.size()) >= max_team_size(c.value()))
      return Error::make(ErrorCode::conflict, "error.team_full", "the team is full (at most " + std::to_string(max_team_size(c.value())) + " members)");
    auto current = teams_.team_of(sql, c->id, actor.id);
    if (current) {
      if (current->members.size() > 1)
        return Error::make(ErrorCode::conflict, "error.leave_first", "leave your current team first");
      if (teams_.submission_count(sql, current->id) > 0)
        return Error::make(ErrorCode::conflict, "error.merge_instead",
                           "your team has submissions: ask its leader to merge the teams instead");
      teams_.remove(sql, current->id);
    }
    teams_.add_member(sql, team_id, c->id, actor.id, now_utc());
    return *teams_.find(sql, team_id);
  });
}

Result<void> TeamService::decline_invite(const Member& actor, const std::string& slug, std::int64_t team_id) {
  auto c = competitions_.get(&actor, slug);
  if (!c) return c.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    if (!teams_.remove_request(sql, {"invite", team_id, "", actor.id, "", 0, "", 0}))
      return Error::make(ErrorCode::not_found, "error.no_invitation", "there is no such invitation");
    return {};
  });
}

Result<Team> TeamService::leave(const Member& actor, const std::string& slug) {
  auto c = open_competition(actor, slug, true);
  if (!c) return c.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<Team> {
    auto t = teams_.team_of(sql, c->id, actor.id);
    if (!t) return not_in_team();
    if (t->members.size() < 2)
      return Error::make(ErrorCode::conflict, "error.alone_in_team", "you are the only member of your team; there is nothing to leave");
    teams_.remove_member(sql, t->id, actor.id);
    if (t->leader_id == actor.id)
      for (const auto& m : t->members)
        if (m.member_id != actor.id) {
          teams_.set_leader(sql, t->id, m.member_id);
          break;
        }
    return team_of_one(sql, c->id, actor);
  });
}

Result<void> TeamService::request_merge(const Member& actor, const std::string& slug, const std::string& into) {
  auto c = open_competition(actor, slug, true);
  if (!c) return c.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    auto t = led_team(sql, c->id, actor);
    if (!t) return t.error();
    auto target = teams_.find_by_name(sql, c->id, into);
    if (!target || target->is_baseline)
      return Error::invalid("error.team_not_found", "there is no team '" + into + "' in this competition",
                            {{"team", "error.team_not_found", "no team with this name"}});
    if (target->id == t->id) return Error::invalid("error.team_not_found", "a team cannot merge with itself");
    teams_.add_request(sql, {"merge", t->id, t->name, 0, "", target->id, target->name, now_utc()});
    auto params = notification_params(c.value());
    params["team"] = t->name;
    Notifications::notify(sql, target->leader_id, "team_merge_request", params, "/competitions/" + c->slug + "/team", now_utc());
    return {};
  });
}

Result<Team> TeamService::accept_merge(const Member& actor, const std::string& slug, std::int64_t from_team_id) {
  auto c = open_competition(actor, slug, true);
  if (!c) return c.error();
  return db_.in_transaction([&](soci::session& sql) -> Result<Team> {
    auto into = led_team(sql, c->id, actor);
    if (!into) return into.error();
    teams_.lock(sql, std::min(into->id, from_team_id), db_.for_update());  // in id order: no deadlock
    teams_.lock(sql, std::max(into->id, from_team_id), db_.for_update());
    if (!teams_.remove_request(sql, {"merge", from_team_id, "", 0, "", into->id, "", 0}))
      return Error::make(ErrorCode::not_found, "error.no_merge_request", "there is no such merge request");
    auto from = teams_.find(sql, from_team_id);
    if (!from || from->competition_id != c->id)
      return Error::make(ErrorCode::not_found, "error.no_merge_request", "the requesting team no longer exists");
    int size = static_cast<int>(from->members.size() + into->members.size());
    if (size > max_team_size(c.value()))
      return Error::make(ErrorCode::conflict, "error.team_full",
                         "together the teams would have " + std::to_string(size) + " members; the limit is " +
                             std::to_string(max_team_size(c.value())));
    auto now = now_utc();
    auto day = now - now % 86400;
    for (const auto& p : c->phases) {
      auto a = submissions_.counts(sql, p.id, from->id, day), b = submissions_.counts(sql, p.id, into->id, day);
      if (p.total_limit > 0 && a.total + b.total > p.total_limit)
        return Error::make(ErrorCode::conflict, "error.merge_limits",
                           "together the teams made " + std::to_string(a.total + b.total) + " submissions in " + p.name +
                               "; the limit is " + std::to_string(p.total_limit));
      if (p.daily_limit > 0 && now >= p.starts_at && now < p.ends_at && a.today + b.today > p.daily_limit)
        return Error::make(ErrorCode::conflict, "error.merge_limits",
                           "together the teams made " + std::to_string(a.today + b.today) + " submissions today in " + p.name +
                               "; the daily limit is " + std::to_string(p.daily_limit) + " (try again tomorrow)");
    }
    teams_.merge(sql, from->id, into->id);
    for (const auto& p : c->phases) {
      submissions_.refresh_board_row(sql, p, into->id);
      submissions_.bump_board_version(sql, p.id);
    }
    return *teams_.find(sql, into->id);
  });
}

}  // namespace aigc
