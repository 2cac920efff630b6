// Competition benchmarks (run by bench/competitions/run, never as tests):
//   queue DB BLOBS N ROWS WORKERS  N submissions of ROWS rows made through the submission
//                                  service (validated, counted, queued), then WORKERS workers
//                                  score them all; prints both rates.
//   board DB N                     a published challenge whose board has N teams (bulk SQL),
//                                  for wrk against its leaderboard page and API.
#include <atomic>
#include <chrono>
#include <cstdio>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <spdlog/spdlog.h>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "domain/competitions/competition_service.hpp"
#include "domain/competitions/submission_service.hpp"
#include "domain/competitions/team_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/members/member_seeder.hpp"
#include "domain/members/member_service.hpp"
#include "jobs/worker.hpp"
#include "store/job_queue.hpp"
#include "store/migrations.hpp"

using namespace aigc;
using Clock = std::chrono::steady_clock;

namespace {

double seconds_since(Clock::time_point t) { return std::chrono::duration<double>(Clock::now() - t).count(); }

Member organizer(Database& db) {
  MemberService members(db, 24);
  if (auto m = members.get("bench-host")) return m.value();
  auto m = members.register_member({"bench-host", "host@bench.example.org", "bench host password", "Bench Host", "CN", "en"},
                                   Role::organizer);
  if (!m) throw std::runtime_error(m.error().message);
  return m.value();
}

void challenge(CompetitionService& competitions, const Member& host, const std::string& slug, const std::string& metric) {
  CompetitionInput in;
  in.slug = slug;
  in.title_en = "Benchmark " + slug;
  in.visibility = "published";
  if (auto r = competitions.create(host, in); !r) throw std::runtime_error(r.error().message);
  PhaseInput p;
  p.name = "main";
  p.starts_at = now_utc() - 86400;
  p.ends_at = now_utc() + 30 * 86400;
  p.metric = metric;
  p.params_json = metric == "f1" ? R"({"average":"macro"})" : "{}";
  p.public_fraction = 0.3;
  p.daily_limit = 0;
  p.max_team_size = 5;
  if (auto r = competitions.save_phase(host, slug, p); !r) throw std::runtime_error(r.error().message);
}

int queue(Database& db, const std::string& blob_dir, int n, int rows, int workers) {
  BlobStore blobs(blob_dir);
  CompetitionService competitions(db, blobs);
  TeamService teams(db, competitions);
  SubmissionService submissions(db, blobs, competitions);
  auto host = organizer(db);
  std::string slug = "bench-queue-" + std::to_string(now_utc());
  challenge(competitions, host, slug, "f1");
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<int> label(0, 9);
  std::vector<int> truth_labels(static_cast<std::size_t>(rows));
  std::string truth = "id,label\n";
  for (int i = 0; i < rows; ++i) {
    truth_labels[static_cast<std::size_t>(i)] = label(rng);
    truth += "row" + std::to_string(i) + ",c" + std::to_string(truth_labels[static_cast<std::size_t>(i)]) + "\n";
  }
  if (auto r = competitions.add_file(host, slug, "truth", "main", "truth.csv", truth); !r) throw std::runtime_error(r.error().message);
  std::vector<std::string> preds;
  for (int k = 0; k < 10; ++k) {  // ten distinct files (the blob store would share identical ones)
    std::string p = "id,label\n";
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < rows; ++i)
      p += "row" + std::to_string(i) + ",c" + std::to_string(u(rng) < 0.5 + 0.04 * k ? truth_labels[static_cast<std::size_t>(i)] : label(rng)) + "\n";
    preds.push_back(std::move(p));
  }
  seed_members(db, n, 99);
  auto handles = db.with_session([&](soci::session& sql) {
    std::vector<std::string> out;
    std::string h;
    soci::statement st = (sql.prepare << "SELECT handle FROM members WHERE role = 'member' ORDER BY id DESC LIMIT " + std::to_string(n),
                          soci::into(h));
    st.execute();
    while (st.fetch()) out.push_back(h);
    return out;
  });
  MemberRepository repo;
  auto start = Clock::now();
  int made = 0;
  for (const auto& h : handles) {
    auto m = db.with_session([&](soci::session& sql) { return repo.find_by_handle(sql, h); });
    if (!teams.join(*m, slug)) continue;
    auto s = submissions.submit(*m, slug, {"main", "pred.csv", "", preds[static_cast<std::size_t>(made % 10)]});
    if (!s) throw std::runtime_error(s.error().message);
    ++made;
  }
  double submit_s = seconds_since(start);
  std::printf("submitted %d files of %d rows (validated, counted, queued) in %.2f s: %.0f submissions/s\n", made, rows, submit_s,
              made / submit_s);
  std::fflush(stdout);
  std::atomic<bool> stop{false};
  std::vector<std::unique_ptr<Worker>> pool;
  std::vector<std::thread> threads;
  start = Clock::now();
  for (int w = 0; w < workers; ++w) {
    pool.push_back(std::make_unique<Worker>(db, blobs, WorkerOptions{"bench:" + std::to_string(w), 60, 20, 3, 0, {}}));
    threads.emplace_back([&, w] { pool[static_cast<std::size_t>(w)]->run(stop); });
  }
  JobQueue jobs(db);
  while (true) {
    auto c = jobs.counts();
    if (c.queued == 0 && c.running == 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  double score_s = seconds_since(start);
  stop = true;
  for (auto& t : threads) t.join();
  auto board = submissions.leaderboard(&host, slug, "main", "public", 0, 1);
  std::printf("%d workers scored %d submissions of %d rows in %.2f s: %.1f submissions/s (%.2f M rows/s); board has %lld teams\n",
              workers, made, rows, score_s, made / score_s, made * static_cast<double>(rows) / score_s / 1e6,
              static_cast<long long>(board ? board->total : -1));
  return 0;
}

int board(Database& db, int n) {
  BlobStore blobs("/tmp/aigc-bench-blobs");
  CompetitionService competitions(db, blobs);
  auto host = organizer(db);
  challenge(competitions, host, "bench-board", "accuracy");
  seed_members(db, n, 42);
  auto start = Clock::now();
  auto r = db.in_transaction([&](soci::session& sql) -> Result<void> {
    long long comp = 0, phase = 0, limit = n, now = now_utc();
    sql << "SELECT c.id, p.id FROM competitions c JOIN phases p ON p.competition_id = c.id WHERE c.slug = 'bench-board'",
        soci::into(comp), soci::into(phase);
    // One team per generated member, one scored submission each, and its board row; the
    // score is a fixed hash of the id so both databases build the same board.
    sql << "INSERT INTO teams (competition_id, name, name_key, leader_id, created_at) SELECT :c, handle, handle_key, id, :t "
           "FROM members WHERE role = 'member' ORDER BY id LIMIT :n",
        soci::use(comp), soci::use(now), soci::use(limit);
    sql << "INSERT INTO team_members (team_id, competition_id, member_id, joined_at) SELECT id, competition_id, leader_id, created_at "
           "FROM teams WHERE competition_id = :c",
        soci::use(comp);
    sql << "INSERT INTO submissions (id, competition_id, phase_id, team_id, member_id, blob, size, filename, status, public_score, "
           "private_score, created_at, scored_at) SELECT 'bench-' || id, competition_id, :p, id, leader_id, 'none', 0, 'pred.csv', "
           "'scored', ((id * 2654435761) % 1000003) / 1000003.0, ((id * 40503) % 1000003) / 1000003.0, created_at - (id % 864000), "
           "created_at FROM teams WHERE competition_id = :c",
        soci::use(phase), soci::use(comp);
    sql << "INSERT INTO leaderboard (phase_id, team_id, submission_id, score, rank_key, submitted_seq, submitted_at, "
           "private_submission_id, private_score, private_rank_key, private_seq, entries, last_at) SELECT phase_id, team_id, id, "
           "public_score, public_score, seq, created_at, id, private_score, private_score, seq, 1, created_at FROM submissions "
           "WHERE phase_id = :p",
        soci::use(phase);
    return {};
  });
  if (!r) throw std::runtime_error(r.error().message);
  // What autovacuum would do soon after a load this size on PostgreSQL (statistics for the
  // planner, the visibility map for index-only scans); SQLite only needs the statistics.
  db.with_session([&](soci::session& sql) {
    sql << (db.dialect() == Dialect::postgresql ? "VACUUM ANALYZE" : "ANALYZE");
    return 0;
  });
  std::printf("board of %d teams built in %.1f s\n", n, seconds_since(start));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  init_crypto();
  spdlog::set_level(spdlog::level::warn);
  spdlog::set_level(spdlog::level::warn);
  if (argc < 4) {
    std::fprintf(stderr, "usage: competition_bench queue DB BLOBS N ROWS WORKERS | board DB N\n");
    return 2;
  }
  std::string mode = argv[1];
  auto db = Database::open(argv[2], 8);
  if (!db) {
    std::fprintf(stderr, "%s\n", db.error().message.c_str());
    return 1;
  }
  if (auto m = migrate(*db.value()); !m) return 1;
  if (mode == "queue" && argc == 7) return queue(*db.value(), argv[3], std::atoi(argv[4]), std::atoi(argv[5]), std::atoi(argv[6]));
  if (mode == "board") return board(*db.value(), std::atoi(argv[3]));
  std::fprintf(stderr, "usage: competition_bench queue DB BLOBS N ROWS WORKERS | board DB N\n");
  return 2;
}
