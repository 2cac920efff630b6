#include "cli/commands.hpp"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <iostream>
#include <thread>

#include <spdlog/spdlog.h>

#include "domain/competitions/demo_challenge.hpp"
#include "domain/talent/demo_learning.hpp"
#include "domain/talent/demo_talent.hpp"
#include "domain/talent/talent_service.hpp"
#include "domain/members/member_seeder.hpp"
#include "domain/research/demo_research.hpp"
#include "domain/discussions/demo_discussions.hpp"
#include "domain/events/demo_events.hpp"
#include "domain/standards/demo_standards.hpp"
#include "jobs/mail_sender.hpp"
#include "jobs/worker.hpp"
#include "domain/members/member_service.hpp"
#include "domain/pages/page_service.hpp"
#include "domain/search/search_sources.hpp"
#include "store/backup.hpp"
#include "store/migrations.hpp"
#include "web/app.hpp"
#include "web/server.hpp"

namespace aigc::cli {

namespace {

int report(const Error& e) {
  std::cerr << "error: " << e.message << "\n";
  for (const auto& p : e.problems)
    std::cerr << "  " << (p.field.empty() ? "" : p.field + ": ") << p.message << "\n";
  return e.code == ErrorCode::unavailable ? 1 : 2;
}

// Opens the database and brings its schema up to date.
std::unique_ptr<Database> open_migrated(const Config& config, int& exit_code) {
  auto db = Database::open(config.db, config.db_pool_size);
  if (!db) {
    exit_code = report(db.error());
    return nullptr;
  }
  auto m = migrate(*db.value());
  if (!m) {
    exit_code = report(m.error());
    return nullptr;
  }
  return std::move(db.value());
}

}  // namespace

namespace {

// Scoring workers and a mail sender on threads of this process, stopped (after the job in hand) on destruction.
class WorkerThreads {
 public:
  WorkerThreads(Database& db, BlobStore& blobs, const Config& config, int count, bool send_mail) {
    auto prefix = worker_name_prefix();
    for (int i = 0; i < count; ++i) {
      WorkerOptions o{prefix + ":" + std::to_string(i), config.job_lease_seconds, config.worker_poll_ms, 3, config.worker_pause_ms,
                      scorer_limits(config)};
      workers_.push_back(std::make_unique<Worker>(db, blobs, o));
    }
    for (auto& w : workers_) threads_.emplace_back([this, &w] { w->run(stop_); });
    // One mail sender beside the scoring workers: a long scoring job never holds up a
    // password-reset mail.
    if (send_mail) {
      mail_ = std::make_unique<MailSender>(db, mail_settings(config), prefix + ":mail");
      threads_.emplace_back([this] { mail_->run(stop_); });
    }
  }
  ~WorkerThreads() {
    stop_ = true;
    for (auto& t : threads_) t.join();
  }

 private:
  std::atomic<bool> stop_{false};
  std::vector<std::unique_ptr<Worker>> workers_;
  std::unique_ptr<MailSender> mail_;
  std::vector<std::thread> threads_;
};

std::atomic<bool> g_stop{false};

}  // namespace

int serve(Config config) {
  int code = 0;
  auto db = open_migrated(config, code);
  if (!db) return code;
  auto app = App::create(config, *db);
  if (!app) return report(app.error());
  WorkerThreads workers(*db, app.value()->blobs(), config, config.workers, config.workers > 0);
  return aigc::serve(*app.value(), config);
}

int worker(const Config& config, int count) {
  int code = 0;
  auto db = open_migrated(config, code);
  if (!db) return code;
  BlobStore blobs(config.blob_dir);
  std::signal(SIGINT, [](int) { g_stop = true; });
  std::signal(SIGTERM, [](int) { g_stop = true; });
  {
    WorkerThreads workers(*db, blobs, config, count, true);
    while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return 0;
}


int migrate(const Config& config) {
  auto db = Database::open(config.db, config.db_pool_size);
  if (!db) return report(db.error());
  auto m = aigc::migrate(*db.value());
  if (!m) return report(m.error());
  std::cout << "schema at version " << m->to_version
            << (m->from_version == m->to_version ? " (already up to date)" : "") << "\n";
  return 0;
}

int backup(const Config& config, const std::string& dir) {
  auto db = Database::open(config.db, 2);
  if (!db) return report(db.error());
  auto r = backup_site(*db.value(), config.blob_dir, dir);
  if (!r) return report(r.error());
  std::cout << "backed up the " << r->dialect << " database (schema " << r->schema_version << ") and " << r->blobs << " blobs, "
            << r->bytes / 1024 << " KiB, into " << dir << "\n";
  return 0;
}

int restore(const Config& config, const std::string& dir) {
  auto r = restore_site(dir, config.db, config.blob_dir);
  if (!r) return report(r.error());
  std::cout << "restored " << dir << " into " << (config.db.rfind("sqlite://", 0) == 0 ? config.db : "the PostgreSQL database") << " and "
            << r->blobs << " blobs into " << config.blob_dir << "; `aigc serve` migrates it up to date on start\n";
  return 0;
}

int seed(const Config& config, const SeedOptions& options) {
  if (!options.demo && options.members <= 0) {
    std::cerr << "error: say what to seed: --demo and/or --members N\n";
    return 2;
  }
  int code = 0;
  auto db = open_migrated(config, code);
  if (!db) return code;
  if (options.demo) {
    auto dir = options.content_dir;
    if (dir.empty()) dir = (std::filesystem::path(config.web_root).parent_path() / "content" / "pages").string();
    BlobStore blobs(config.blob_dir);
    MediaLibrary media(*db, blobs);
    std::vector<std::string> warnings;
    auto r = seed_demo(*db, media, dir, options.admin_password, warnings);
    if (!r) return report(r.error());
    for (const auto& w : warnings) std::cerr << "warning: " << w << "\n";
    std::cout << r.value() << "\n";
    std::ifstream cover_file(std::filesystem::path(dir).parent_path() / "competitions" / "ai-challenger-demo.png", std::ios::binary);
    std::string cover((std::istreambuf_iterator<char>(cover_file)), std::istreambuf_iterator<char>());
    auto challenge = seed_demo_challenge(*db, blobs, "aigc-admin", cover);
    if (!challenge) return report(challenge.error());
    auto rounds = seed_demo_talent(*db, blobs, "aigc-admin");
    if (!rounds) return report(rounds.error());
    std::cout << "demo past rounds: " << rounds.value() << "\n";
    auto playground = seed_demo_playground(*db, blobs, "aigc-admin");
    if (!playground) return report(playground.error());
    std::cout << "demo playground: " << playground.value() << "\n";
    Worker scorer(*db, blobs, {worker_name_prefix() + ":seed", config.job_lease_seconds, 0, 3, 0, scorer_limits(config)});
    int scored = scorer.drain();
    std::cout << challenge.value() << (scored ? "; scored " + std::to_string(scored) + " submissions" : std::string()) << "\n";
    auto research = seed_demo_research(*db, (std::filesystem::path(dir).parent_path() / "research" / "papers.tsv").string(), "aigc-admin");
    if (!research) return report(research.error());
    std::cout << "demo research: " << research.value() << "\n";
    auto talk = seed_demo_discussions(*db, (std::filesystem::path(dir).parent_path() / "discussions" / "topics.txt").string());
    if (!talk) return report(talk.error());
    std::cout << "demo discussions: " << talk.value() << "\n";
    auto events = seed_demo_events(*db, now_utc());
    if (!events) return report(events.error());
    std::cout << "demo events: " << events.value() << "\n";
    auto standards = seed_demo_standards(*db, now_utc());
    if (!standards) return report(standards.error());
    std::cout << "demo standards: " << standards.value() << "\n";
    auto talent = finish_demo_talent(*db, blobs, "aigc-admin", now_utc());
    if (!talent) return report(talent.error());
    std::cout << "demo talent: " << talent.value() << "\n";
    auto learning = seed_demo_learning(*db, "aigc-admin", now_utc());
    if (!learning) return report(learning.error());
    std::cout << "demo learning and hiring: " << learning.value() << "\n";
  }
  if (options.members > 0) {
    auto n = seed_members(*db, options.members, options.seed);
    std::cout << "seeded " << n << " members\n";
  }
  return 0;
}

int import_pages(const Config& config, const std::string& dir) {
  int code = 0;
  auto db = open_migrated(config, code);
  if (!db) return code;
  PageService pages(*db);
  BlobStore blobs(config.blob_dir);
  MediaLibrary media(*db, blobs);
  std::vector<std::string> warnings;
  auto r = pages.import_dir(dir, &media, &warnings);
  for (const auto& w : warnings) std::cerr << "warning: " << w << "\n";
  if (!r) return report(r.error());
  for (const auto& p : r.value()) std::cout << "imported " << p.slug << " (" << p.lang << "): " << p.title << "\n";
  std::cout << r->size() << " page(s) imported\n";
  return 0;
}

int reindex_search(const Config& config) {
  int code = 0;
  auto db = open_migrated(config, code);
  if (!db) return code;
  auto started = std::chrono::steady_clock::now();
  std::int64_t total = 0;
  for (const auto& [kind, n] : reindex(*db)) {
    std::cout << kind << ": " << n << "\n";
    total += n;
  }
  auto seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << total << " document(s) indexed in " << seconds << " s\n";
  return 0;
}

int recompute_talent(const Config& config) {
  int code = 0;
  auto db = open_migrated(config, code);
  if (!db) return code;
  auto s = TalentService(*db).recompute_all(now_utc());
  std::cout << s.competitions << " final competition(s), " << s.results << " result(s), " << s.medals << " medal(s); "
            << s.ranked << " member(s) ranked in " << s.seconds << " s\n";
  return 0;
}

int create_user(const Config& config, UserOptions o) {
  auto role = parse_role(o.role);
  if (!role) {
    std::cerr << "error: --role must be admin, organizer, committee, moderator or member\n";
    return 2;
  }
  if (o.password.empty() || o.password == "-") {
    std::cerr << "password: " << std::flush;
    std::getline(std::cin, o.password);
  }
  int code = 0;
  auto db = open_migrated(config, code);
  if (!db) return code;
  MemberService members(*db, config.session_hours);
  auto m = members.register_member({o.handle, o.email, o.password, o.display_name, o.country, "en"}, *role);
  if (!m) return report(m.error());
  std::cout << "created " << m->handle << " (" << to_string(m->role) << ")\n";
  return 0;
}

int set_role(const Config& config, const std::string& handle, const std::string& role) {
  int code = 0;
  auto db = open_migrated(config, code);
  if (!db) return code;
  MemberService members(*db, config.session_hours);
  auto m = members.set_role(nullptr, handle, role);
  if (!m) return report(m.error());
  std::cout << m->handle << " is now " << to_string(m->role) << "\n";
  return 0;
}

int create_token(const Config& config, const std::string& handle, const std::string& name) {
  int code = 0;
  auto db = open_migrated(config, code);
  if (!db) return code;
  MemberService members(*db, config.session_hours);
  auto m = members.get(handle);
  if (!m) return report(m.error());
  auto t = members.create_token(m.value(), name);
  if (!t) return report(t.error());
  std::cout << t->token << "\n";
  return 0;
}

}  // namespace aigc::cli
