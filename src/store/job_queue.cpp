#include "store/job_queue.hpp"

#include "core/clock.hpp"

namespace aigc {

void JobQueue::enqueue(soci::session& sql, const std::string& kind, const std::string& subject, std::int64_t now) {
  long long t = now;
  sql << "INSERT INTO jobs (kind, subject, state, created_at, updated_at) VALUES (:k, :s, 'queued', :t, :u)", soci::use(kind),
      soci::use(subject), soci::use(t), soci::use(t);
}

std::optional<Job> JobQueue::claim(const std::string& worker, int lease_seconds, std::int64_t at) {
  auto r = db_.in_transaction([&](soci::session& sql) -> Result<std::optional<Job>> {
    long long now = at, until = now + lease_seconds, id = 0;
    Job job;
    sql << std::string("UPDATE jobs SET state = 'running', attempts = attempts + 1, lease_until = :l, worker = :w, updated_at = :n "
                       "WHERE id = (SELECT id FROM jobs WHERE state = 'queued' OR (state = 'running' AND lease_until < :now) "
                       "ORDER BY id LIMIT 1") +
               db_.for_update_skip_locked() + ") RETURNING id, kind, subject, attempts",
        soci::use(until), soci::use(worker), soci::use(now), soci::use(now), soci::into(id), soci::into(job.kind),
        soci::into(job.subject), soci::into(job.attempts);
    if (!sql.got_data()) return std::optional<Job>();
    job.id = id;
    return std::optional<Job>(job);
  });
  return r.value();
}

bool JobQueue::renew(const Job& job, const std::string& worker, int lease_seconds, std::int64_t now) {
  return db_.in_transaction([&](soci::session& sql) -> Result<bool> {
    long long id = job.id, until = now + lease_seconds;
    soci::statement st = (sql.prepare << "UPDATE jobs SET lease_until = :l WHERE id = :id AND worker = :w AND state = 'running'",
                          soci::use(until), soci::use(id), soci::use(worker));
    st.execute(true);
    return st.get_affected_rows() == 1;
  }).value();
}

void JobQueue::finish(soci::session& sql, std::int64_t job_id, std::int64_t now) {
  long long id = job_id, t = now;
  sql << "UPDATE jobs SET state = 'done', updated_at = :t WHERE id = :id", soci::use(t), soci::use(id);
}

void JobQueue::release(const Job& job, bool give_up, const std::string& error) {
  db_.write([&](soci::session& sql) {
    long long id = job.id, t = now_utc();
    std::string state = give_up ? "failed" : "queued";
    sql << "UPDATE jobs SET state = :s, error = :e, lease_until = 0, updated_at = :t WHERE id = :id", soci::use(state),
        soci::use(error), soci::use(t), soci::use(id);
  });
}

QueueCounts JobQueue::counts() {
  return db_.with_session([&](soci::session& sql) {
    QueueCounts c;
    std::string state;
    long long n = 0;
    soci::statement st = (sql.prepare << "SELECT state, COUNT(*) FROM jobs GROUP BY state", soci::into(state), soci::into(n));
    st.execute();
    while (st.fetch()) {
      if (state == "queued") c.queued = n;
      else if (state == "running") c.running = n;
      else if (state == "done") c.done = n;
      else c.failed = n;
    }
    return c;
  });
}

}  // namespace aigc
