#include "domain/competitions/phase_reminders.hpp"

#include <vector>

#include "core/text.hpp"
#include "domain/competitions/competition_repository.hpp"
#include "domain/competitions/team_repository.hpp"
#include "domain/notifications/notifications.hpp"

namespace aigc {

namespace {
constexpr std::int64_t kAhead = 24 * 3600;
}

int remind_closing_phases(Database& db, std::int64_t now_s) {
  std::vector<std::pair<long long, long long>> due = db.with_session([&](soci::session& sql) {
    std::vector<std::pair<long long, long long>> out;
    long long now = now_s, soon = now_s + kAhead, phase = 0, competition = 0;
    soci::statement st = (sql.prepare << "SELECT p.id, p.competition_id FROM phases p LEFT JOIN notification_marks k "
                                         "ON k.key = 'phase_closing:' || CAST(p.id AS TEXT) "
                                         "WHERE p.starts_at <= :now AND p.ends_at > :now2 AND p.ends_at <= :soon AND k.key IS NULL",
                          soci::use(now), soci::use(now), soci::use(soon), soci::into(phase), soci::into(competition));
    st.execute();
    while (st.fetch()) out.emplace_back(phase, competition);
    return out;
  });
  int announced = 0;
  for (auto [phase_id, competition_id] : due) {
    bool done = db.in_transaction([&](soci::session& sql) -> Result<bool> {
      std::string key = "phase_closing:" + std::to_string(phase_id);
      long long now = now_s;
      soci::statement mark = (sql.prepare << "INSERT INTO notification_marks (key, at) VALUES (:k, :t) ON CONFLICT (key) DO NOTHING",
                              soci::use(key), soci::use(now));
      mark.execute(true);
      if (mark.get_affected_rows() != 1) return false;  // another worker did it
      auto c = CompetitionRepository().find_by_id(sql, competition_id);
      if (!c) return false;
      auto params = notification_params(*c);
      std::string phase_name;
      for (const auto& p : c->phases)
        if (p.id == phase_id) phase_name = p.name;
      params["phase"] = phase_name;
      auto link = "/competitions/" + c->slug + "/submissions?phase=" + url_encode(phase_name);
      for (auto member : TeamRepository().participants(sql, competition_id))
        Notifications::notify(sql, member, "phase_closing", params, link, now_s);
      return true;
    }).value();
    announced += done;
  }
  return announced;
}

}  // namespace aigc
