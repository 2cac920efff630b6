// Event benchmarks' set-up and check (run by bench/events/run, never as tests):
//   setup DB N SEATS TOKENS   N new members with API tokens (one per line in TOKENS) and a
//                             published event "bench-rush" whose one ticket type has SEATS seats
//   count DB                  the registrations of bench-rush by status, as "status count" lines
#include <cstdio>
#include <fstream>
#include <string>

#include <spdlog/spdlog.h>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "domain/events/event_service.hpp"
#include "domain/events/registration_service.hpp"
#include "domain/members/member_repository.hpp"
#include "domain/members/member_seeder.hpp"
#include "domain/members/member_service.hpp"
#include "store/migrations.hpp"

using namespace aigc;

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);
  if (argc < 3) {
    std::fprintf(stderr, "usage: event_bench setup DB N SEATS TOKENS | count DB\n");
    return 2;
  }
  init_crypto();
  const std::string cmd = argv[1];
  auto db = Database::open(argv[2], 8);
  if (!db || !migrate(*db.value())) {
    std::fprintf(stderr, "cannot open %s\n", argv[2]);
    return 1;
  }
  Database& d = *db.value();
  if (cmd == "count") {
    long long n = 0;
    std::string status;
    d.with_session([&](soci::session& sql) {
      soci::statement st = (sql.prepare << "SELECT r.status, COUNT(*) FROM registrations r JOIN events e ON e.id = r.event_id "
                                           "WHERE e.slug = 'bench-rush' GROUP BY r.status ORDER BY r.status",
                            soci::into(status), soci::into(n));
      st.execute();
      while (st.fetch()) std::printf("%s %lld\n", status.c_str(), n);
    });
    return 0;
  }
  if (cmd != "setup" || argc != 6) return 2;
  const long long n = std::stoll(argv[3]);
  const std::string seats = argv[4];
  std::int64_t before = 0;
  d.with_session([&](soci::session& sql) { sql << "SELECT COALESCE(MAX(id), 0) FROM members", soci::into(before); });
  seed_members(d, n, 99);
  std::vector<Member> people = d.with_session([&](soci::session& sql) { return MemberRepository().active_after(sql, before, static_cast<int>(n)); });
  MemberService members(d, 24);
  std::ofstream out(argv[5]);
  for (const auto& m : people) out << members.create_token(m, "bench").value().token << "\n";
  auto admin = members.get("aigc-admin").value();
  EventInput in;
  in.slug = "bench-rush";
  in.title_en = "Registration rush";
  in.venue = "Hall";
  in.time_zone = "Asia/Shanghai";
  in.starts_at = local_input_time(now_utc() + 30 * 86400, "Asia/Shanghai");
  in.ends_at = local_input_time(now_utc() + 31 * 86400, "Asia/Shanghai");
  in.ticket_types = {{"regular", "", "0", "", seats, "", "", false, false, true, "1"}};
  EventService events(d);
  auto e = events.create(admin, in, now_utc());
  if (!e || !events.set_status(admin, in.slug, "published", now_utc())) {
    std::fprintf(stderr, "cannot create the event: %s\n", e ? "publish failed" : e.error().message.c_str());
    return 1;
  }
  std::printf("%zu members with tokens, event bench-rush with %s seats\n", people.size(), seats.c_str());
  return 0;
}
