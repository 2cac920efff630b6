#include "domain/competitions/scorer_hosts.hpp"

namespace aigc {

void ScorerHosts::report(const ScorerHost& h) {
  long long seen = h.seen_at, forget = h.seen_at - 86400;
  db_.write([&](soci::session& sql) {
    sql << "INSERT INTO scorer_hosts (name, seen_at, sandbox_problem, enforcement, cpu_seconds, memory_mb, wall_seconds, processes, tmp_mb) "
           "VALUES (:n, :s, :p, :e, :c, :m, :w, :pr, :t) ON CONFLICT (name) DO UPDATE SET seen_at = excluded.seen_at, "
           "sandbox_problem = excluded.sandbox_problem, enforcement = excluded.enforcement, cpu_seconds = excluded.cpu_seconds, "
           "memory_mb = excluded.memory_mb, wall_seconds = excluded.wall_seconds, processes = excluded.processes, tmp_mb = excluded.tmp_mb",
        soci::use(h.name), soci::use(seen), soci::use(h.sandbox_problem), soci::use(h.enforcement), soci::use(h.cpu_seconds),
        soci::use(h.memory_mb), soci::use(h.wall_seconds), soci::use(h.processes), soci::use(h.tmp_mb);
    sql << "DELETE FROM scorer_hosts WHERE seen_at < :f", soci::use(forget);
  });
}

std::vector<ScorerHost> ScorerHosts::current(std::int64_t now) {
  long long since = now - kFreshSeconds;
  return db_.with_session([&](soci::session& sql) {
    std::vector<ScorerHost> out;
    ScorerHost h;
    long long seen = 0;
    soci::statement st = (sql.prepare << "SELECT name, seen_at, sandbox_problem, enforcement, cpu_seconds, memory_mb, wall_seconds, "
                                         "processes, tmp_mb FROM scorer_hosts WHERE seen_at >= :s "
                                         "ORDER BY CASE WHEN sandbox_problem = '' THEN 0 ELSE 1 END, seen_at DESC, name LIMIT 50",
                          soci::use(since), soci::into(h.name), soci::into(seen), soci::into(h.sandbox_problem), soci::into(h.enforcement),
                          soci::into(h.cpu_seconds), soci::into(h.memory_mb), soci::into(h.wall_seconds), soci::into(h.processes),
                          soci::into(h.tmp_mb));
    st.execute();
    while (st.fetch()) {
      h.seen_at = seen;
      out.push_back(h);
    }
    return out;
  });
}

}  // namespace aigc
