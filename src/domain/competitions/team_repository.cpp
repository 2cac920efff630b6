#include "domain/competitions/team_repository.hpp"

#include "core/text.hpp"

namespace aigc {

namespace {

std::vector<TeamMember> members_of(soci::session& sql, long long team_id) {
  TeamMember m;
  long long id = 0;
  soci::statement st = (sql.prepare << "SELECT m.id, m.handle, m.display_name FROM team_members t JOIN members m ON m.id = t.member_id "
                                       "WHERE t.team_id = :t ORDER BY t.joined_at, m.id",
                        soci::use(team_id), soci::into(id), soci::into(m.handle), soci::into(m.display_name));
  st.execute();
  std::vector<TeamMember> out;
  while (st.fetch()) {
    m.member_id = id;
    out.push_back(m);
  }
  return out;
}

template <class Value>
std::optional<Team> select_team(soci::session& sql, const std::string& where, Value value, long long competition_id = 0) {
  Team t;
  long long id = 0, comp = 0, leader = 0, created = 0;
  int baseline = 0;
  soci::indicator leader_ind = soci::i_ok;
  std::string q = "SELECT t.id, t.competition_id, t.name, t.leader_id, t.is_baseline, t.created_at FROM teams t " + where;
  if (competition_id)
    sql << q, soci::use(competition_id), soci::use(value), soci::into(id), soci::into(comp), soci::into(t.name),
        soci::into(leader, leader_ind), soci::into(baseline), soci::into(created);
  else
    sql << q, soci::use(value), soci::into(id), soci::into(comp), soci::into(t.name), soci::into(leader, leader_ind),
        soci::into(baseline), soci::into(created);
  if (!sql.got_data()) return std::nullopt;
  t.id = id;
  t.competition_id = comp;
  t.leader_id = leader_ind == soci::i_ok ? leader : 0;
  t.is_baseline = baseline != 0;
  t.created_at = created;
  t.members = members_of(sql, id);
  return t;
}

}  // namespace

std::string team_name_key(const std::string& name) { return fold_case(trim(name)); }

bool TeamRepository::is_participant(soci::session& sql, std::int64_t competition_id, std::int64_t member_id) {
  long long c = competition_id, m = member_id, n = 0;
  sql << "SELECT COUNT(*) FROM participants WHERE competition_id = :c AND member_id = :m", soci::use(c), soci::use(m), soci::into(n);
  return n > 0;
}

std::vector<std::int64_t> TeamRepository::participants(soci::session& sql, std::int64_t competition_id) {
  long long c = competition_id, m = 0;
  std::vector<std::int64_t> out;
  soci::statement st = (sql.prepare << "SELECT member_id FROM participants WHERE competition_id = :c ORDER BY member_id", soci::use(c),
                        soci::into(m));
  st.execute();
  while (st.fetch()) out.push_back(m);
  return out;
}

void TeamRepository::add_participant(soci::session& sql, std::int64_t competition_id, std::int64_t member_id, std::int64_t at) {
  long long c = competition_id, m = member_id, t = at;
  sql << "INSERT INTO participants (competition_id, member_id, accepted_at) VALUES (:c, :m, :t) "
         "ON CONFLICT (competition_id, member_id) DO NOTHING",
      soci::use(c), soci::use(m), soci::use(t);
}

std::optional<Team> TeamRepository::find(soci::session& sql, std::int64_t team_id) {
  return select_team(sql, "WHERE t.id = :id", static_cast<long long>(team_id));
}

std::optional<Team> TeamRepository::find_by_name(soci::session& sql, std::int64_t competition_id, const std::string& name) {
  return select_team(sql, "WHERE t.competition_id = :c AND t.name_key = :k", team_name_key(name), competition_id);
}

std::optional<Team> TeamRepository::team_of(soci::session& sql, std::int64_t competition_id, std::int64_t member_id) {
  return select_team(sql, "JOIN team_members tm ON tm.team_id = t.id WHERE tm.competition_id = :c AND tm.member_id = :m",
                     static_cast<long long>(member_id), competition_id);
}

std::optional<Team> TeamRepository::baseline_team(soci::session& sql, std::int64_t competition_id) {
  return select_team(sql, "WHERE t.competition_id = :c AND t.is_baseline = :b", 1, competition_id);
}

std::int64_t TeamRepository::team_count(soci::session& sql, std::int64_t competition_id) {
  long long c = competition_id, n = 0;
  sql << "SELECT COUNT(*) FROM teams WHERE competition_id = :c AND is_baseline = 0", soci::use(c), soci::into(n);
  return n;
}

std::int64_t TeamRepository::insert(soci::session& sql, const Team& t) {
  long long id = 0, comp = t.competition_id, created = t.created_at;
  int baseline = t.is_baseline ? 1 : 0;
  std::string key = team_name_key(t.name);
  soci::indicator leader_ind = t.leader_id ? soci::i_ok : soci::i_null;
  long long leader = t.leader_id;
  sql << "INSERT INTO teams (competition_id, name, name_key, leader_id, is_baseline, created_at) "
         "VALUES (:c, :n, :k, :l, :b, :t) RETURNING id",
      soci::use(comp), soci::use(t.name), soci::use(key), soci::use(leader, leader_ind), soci::use(baseline),
      soci::use(created), soci::into(id);
  return id;
}

void TeamRepository::rename(soci::session& sql, std::int64_t team_id, const std::string& name) {
  long long id = team_id;
  std::string key = team_name_key(name);
  sql << "UPDATE teams SET name = :n, name_key = :k WHERE id = :id", soci::use(name), soci::use(key), soci::use(id);
}

void TeamRepository::set_leader(soci::session& sql, std::int64_t team_id, std::int64_t member_id) {
  long long id = team_id, m = member_id;
  sql << "UPDATE teams SET leader_id = :m WHERE id = :id", soci::use(m), soci::use(id);
}

void TeamRepository::add_member(soci::session& sql, std::int64_t team_id, std::int64_t competition_id, std::int64_t member_id,
                                std::int64_t at) {
  long long t = team_id, c = competition_id, m = member_id, when = at;
  sql << "INSERT INTO team_members (team_id, competition_id, member_id, joined_at) VALUES (:t, :c, :m, :w)", soci::use(t),
      soci::use(c), soci::use(m), soci::use(when);
}

void TeamRepository::remove_member(soci::session& sql, std::int64_t team_id, std::int64_t member_id) {
  long long t = team_id, m = member_id;
  sql << "DELETE FROM team_members WHERE team_id = :t AND member_id = :m", soci::use(t), soci::use(m);
}

void TeamRepository::remove(soci::session& sql, std::int64_t team_id) {
  long long t = team_id;
  sql << "DELETE FROM teams WHERE id = :t", soci::use(t);
}

void TeamRepository::lock(soci::session& sql, std::int64_t team_id, const char* for_update) {
  long long t = team_id, id = 0;
  sql << std::string("SELECT id FROM teams WHERE id = :t") + for_update, soci::use(t), soci::into(id);
}

void TeamRepository::merge(soci::session& sql, std::int64_t from, std::int64_t into) {
  long long f = from, i = into;
  sql << "UPDATE team_members SET team_id = :i WHERE team_id = :f", soci::use(i), soci::use(f);
  sql << "UPDATE submissions SET team_id = :i WHERE team_id = :f", soci::use(i), soci::use(f);
  sql << "DELETE FROM leaderboard WHERE team_id = :f", soci::use(f);
  sql << "DELETE FROM teams WHERE id = :f", soci::use(f);
}

std::int64_t TeamRepository::submission_count(soci::session& sql, std::int64_t team_id) {
  long long t = team_id, n = 0;
  sql << "SELECT COUNT(*) FROM submissions WHERE team_id = :t AND status <> 'failed'", soci::use(t), soci::into(n);
  return n;
}

void TeamRepository::add_request(soci::session& sql, const TeamRequest& r) {
  long long team = r.team_id, member = r.target_member_id, target = r.target_team_id, at = r.created_at;
  sql << "INSERT INTO team_requests (kind, team_id, target_member_id, target_team_id, created_at) VALUES (:k, :t, :m, :tt, :a) "
         "ON CONFLICT (kind, team_id, target_member_id, target_team_id) DO NOTHING",
      soci::use(r.kind), soci::use(team), soci::use(member), soci::use(target), soci::use(at);
}

bool TeamRepository::remove_request(soci::session& sql, const TeamRequest& r) {
  long long team = r.team_id, member = r.target_member_id, target = r.target_team_id;
  soci::statement st = (sql.prepare << "DELETE FROM team_requests WHERE kind = :k AND team_id = :t AND target_member_id = :m "
                                       "AND target_team_id = :tt",
                        soci::use(r.kind), soci::use(team), soci::use(member), soci::use(target));
  st.execute(true);
  return st.get_affected_rows() > 0;
}

std::vector<TeamRequest> TeamRepository::requests_for(soci::session& sql, std::int64_t competition_id, std::int64_t member_id,
                                                      std::int64_t team_id) {
  long long c = competition_id, m = member_id, t = team_id;
  TeamRequest r;
  long long team = 0, member = 0, target = 0, at = 0;
  soci::indicator handle_ind = soci::i_ok, target_name_ind = soci::i_ok;
  soci::statement st =
      (sql.prepare << "SELECT r.kind, r.team_id, t.name, r.target_member_id, m.handle, r.target_team_id, tt.name, r.created_at "
                      "FROM team_requests r JOIN teams t ON t.id = r.team_id "
                      "LEFT JOIN members m ON m.id = r.target_member_id LEFT JOIN teams tt ON tt.id = r.target_team_id "
                      "WHERE t.competition_id = :c AND ((r.kind = 'invite' AND (r.target_member_id = :m OR r.team_id = :t)) "
                      "OR (r.kind = 'merge' AND (r.team_id = :t2 OR r.target_team_id = :t3))) ORDER BY r.created_at",
       soci::use(c), soci::use(m), soci::use(t), soci::use(t), soci::use(t), soci::into(r.kind), soci::into(team),
       soci::into(r.team_name), soci::into(member), soci::into(r.target_handle, handle_ind), soci::into(target),
       soci::into(r.target_team_name, target_name_ind), soci::into(at));
  st.execute();
  std::vector<TeamRequest> out;
  while (st.fetch()) {
    r.team_id = team;
    r.target_member_id = member;
    r.target_team_id = target;
    r.created_at = at;
    if (handle_ind != soci::i_ok) r.target_handle.clear();
    if (target_name_ind != soci::i_ok) r.target_team_name.clear();
    out.push_back(r);
  }
  return out;
}

}  // namespace aigc
