#include "domain/notifications/notifications.hpp"

#include <stdexcept>

#include "domain/mail/mail_templates.hpp"
#include "domain/mail/outbox_repository.hpp"

namespace aigc {

namespace {

constexpr std::int64_t kDigestEvery = 24 * 3600;

// digest_state: "" nothing to mail; "now" to mail at once; "digest" for the next digest;
// "mailed" done.
const char* state_for(Delivery d) {
  switch (d) {
    case Delivery::email_now: return "now";
    case Delivery::email_digest: return "digest";
    default: return "";
  }
}

Delivery preference(soci::session& sql, std::int64_t member_id, const NotificationKind& kind) {
  long long m = member_id;
  std::string chosen;
  sql << "SELECT delivery FROM notification_prefs WHERE member_id = :m AND kind = :k", soci::use(m), soci::use(kind.code),
      soci::into(chosen);
  if (!sql.got_data()) return kind.default_delivery;
  return parse_delivery(chosen).value_or(kind.default_delivery);
}

struct Recipient {
  std::string email, handle, lang;
};

std::optional<Recipient> recipient(soci::session& sql, long long member_id) {
  Recipient r;
  long long suspended = 0, deleted = 0;
  sql << "SELECT email, handle, preferred_lang, suspended_at, deleted_at FROM members WHERE id = :id", soci::use(member_id),
      soci::into(r.email), soci::into(r.handle), soci::into(r.lang), soci::into(suspended), soci::into(deleted);
  if (!sql.got_data() || suspended || deleted) return std::nullopt;
  return r;
}

}  // namespace

void Notifications::notify(soci::session& sql, std::int64_t member_id, const std::string& kind_code, const nlohmann::json& params,
                           const std::string& link, std::int64_t now, const std::string& subject) {
  const auto* kind = find_notification_kind(kind_code);
  if (!kind) throw std::logic_error("unknown notification kind '" + kind_code + "'");
  auto d = preference(sql, member_id, *kind);
  if (d == Delivery::off) return;
  long long m = member_id, t = now;
  std::string p = params.dump(), state = state_for(d);
  sql << "INSERT INTO notifications (member_id, kind, params, link, created_at, digest_state, subject) "
         "VALUES (:m, :k, :p, :l, :t, :s, :subject)",
      soci::use(m), soci::use(kind_code), soci::use(p), soci::use(link), soci::use(t), soci::use(state), soci::use(subject);
}

void Notifications::forget(soci::session& sql, const std::string& subject) {
  if (subject.empty()) return;
  // LIKE, not a range: PostgreSQL compares text by the database's collation, where ':'
  // and ';' need not sort as bytes do. Subjects hold letters, digits and ':' only.
  const std::string below = subject + ":%";
  sql << "DELETE FROM notifications WHERE subject = :s OR subject LIKE :below", soci::use(subject), soci::use(below);
}

bool Notifications::told(soci::session& sql, std::int64_t member_id, const std::string& subject) {
  long long m = member_id, n = 0;
  sql << "SELECT COUNT(*) FROM notifications WHERE subject = :s AND member_id = :m", soci::use(subject), soci::use(m), soci::into(n);
  return n > 0;
}

NotificationPage Notifications::page(const Member& member, std::int64_t before_id, int limit) {
  return db_.with_session([&](soci::session& sql) {
    NotificationPage page;
    long long m = member.id, before = before_id > 0 ? before_id : (1LL << 62), lim = limit + 1, id = 0, created = 0, read = 0;
    std::string kind, params, link;
    soci::statement st = (sql.prepare << "SELECT id, kind, params, link, created_at, read_at FROM notifications "
                                         "WHERE member_id = :m AND id < :b ORDER BY id DESC LIMIT :l",
                          soci::use(m), soci::use(before), soci::use(lim), soci::into(id), soci::into(kind), soci::into(params),
                          soci::into(link), soci::into(created), soci::into(read));
    st.execute();
    while (st.fetch()) {
      auto j = nlohmann::json::parse(params, nullptr, false);
      page.items.push_back({id, kind, j.is_object() ? j : nlohmann::json::object(), link, created, read});
    }
    if (static_cast<int>(page.items.size()) > limit) {
      page.items.pop_back();
      page.next_before_id = page.items.back().id;
    }
    long long unread = 0;
    sql << "SELECT COUNT(*) FROM notifications WHERE member_id = :m AND read_at = 0", soci::use(m), soci::into(unread);
    page.unread = unread;
    return page;
  });
}

std::int64_t Notifications::unread(const Member& member) const {
  return db_.with_session([&](soci::session& sql) {
    long long m = member.id, n = 0;
    sql << "SELECT COUNT(*) FROM notifications WHERE member_id = :m AND read_at = 0", soci::use(m), soci::into(n);
    return static_cast<std::int64_t>(n);
  });
}

std::string Notifications::mark_read(const Member& member, std::int64_t id_) {
  return db_.with_session([&](soci::session& sql) {
    long long m = member.id, id = id_, now = std::time(nullptr);
    std::string link;
    if (id > 0) {
      sql << "SELECT link FROM notifications WHERE id = :id AND member_id = :m", soci::use(id), soci::use(m), soci::into(link);
      sql << "UPDATE notifications SET read_at = :t WHERE id = :id AND member_id = :m AND read_at = 0", soci::use(now), soci::use(id),
          soci::use(m);
    } else {
      sql << "UPDATE notifications SET read_at = :t WHERE member_id = :m AND read_at = 0", soci::use(now), soci::use(m);
    }
    return link;
  });
}

std::map<std::string, Delivery> Notifications::preferences(const Member& member) {
  return db_.with_session([&](soci::session& sql) {
    std::map<std::string, Delivery> out;
    for (const auto& k : notification_kinds()) out[k.code] = preference(sql, member.id, k);
    return out;
  });
}

Result<void> Notifications::set_preferences(const Member& member, const std::map<std::string, std::string>& choices) {
  std::vector<Problem> problems;
  for (const auto& [kind, choice] : choices) {
    if (!find_notification_kind(kind)) problems.push_back({kind, "error.notification_kind", "there is no notification '" + kind + "'"});
    else if (!parse_delivery(choice))
      problems.push_back({kind, "error.notification_delivery", "choose in_site, email_now, email_digest or off"});
  }
  if (!problems.empty()) return Error::invalid("error.fix_fields", "please fix the marked fields", std::move(problems));
  return db_.in_transaction([&](soci::session& sql) -> Result<void> {
    long long m = member.id;
    for (const auto& [kind, choice] : choices)
      sql << "INSERT INTO notification_prefs (member_id, kind, delivery) VALUES (:m, :k, :d) "
             "ON CONFLICT (member_id, kind) DO UPDATE SET delivery = excluded.delivery",
          soci::use(m), soci::use(kind), soci::use(choice);
    return Result<void>();
  });
}

int Notifications::mail_pending(const std::string& public_url, std::int64_t now_s) {
  int queued = 0;
  // A read first: the common case (nothing waiting) takes no write lock.
  bool waiting = db_.with_session([&](soci::session& sql) {
    int n = 0;
    sql << "SELECT COUNT(*) FROM (SELECT 1 FROM notifications WHERE digest_state IN ('now', 'digest') LIMIT 1) w", soci::into(n);
    return n > 0;
  });
  if (!waiting) return 0;
  // At once: each claimed and mailed in one transaction, so two senders never mail it twice.
  while (true) {
    bool more = db_.in_transaction([&](soci::session& sql) -> Result<bool> {
      long long id = 0, member = 0, now = now_s;
      std::string kind, params, link;
      sql << std::string("SELECT id, member_id, kind, params, link FROM notifications WHERE digest_state = 'now' ORDER BY id LIMIT 1") +
                 db_.for_update_skip_locked(),
          soci::into(id), soci::into(member), soci::into(kind), soci::into(params), soci::into(link);
      if (!sql.got_data()) return false;
      sql << "UPDATE notifications SET digest_state = 'mailed' WHERE id = :id", soci::use(id);
      if (auto r = recipient(sql, member)) {
        auto title = notification_title(kind, r->lang, nlohmann::json::parse(params, nullptr, false));
        OutboxRepository::enqueue(sql, compose_mail("notification", r->lang, r->email,
                                                    {{"handle", r->handle}, {"title", title}, {"link", public_url + link}}),
                                  now);
        ++queued;
      }
      return true;
    }).value();
    if (!more) break;
  }
  // Daily digests: a member's first when their oldest waiting notification is a day old,
  // then at most one a day.
  std::vector<long long> members = db_.with_session([&](soci::session& sql) {
    std::vector<long long> out;
    long long m = 0, since = now_s - kDigestEvery;
    soci::statement st = (sql.prepare << "SELECT DISTINCT n.member_id FROM notifications n LEFT JOIN notification_marks k "
                                         "ON k.key = 'digest:' || CAST(n.member_id AS TEXT) WHERE n.digest_state = 'digest' "
                                         "AND ((k.at IS NULL AND n.created_at <= :since) OR k.at <= :since2) LIMIT 100",
                          soci::use(since), soci::use(since), soci::into(m));
    st.execute();
    while (st.fetch()) out.push_back(m);
    return out;
  });
  for (long long member : members) {
    db_.write([&](soci::session& sql) {
      long long now = now_s, since = now_s - kDigestEvery;
      std::string key = "digest:" + std::to_string(member);
      // The mark is taken first: of two senders only one gets to write it.
      soci::statement mark = (sql.prepare << "INSERT INTO notification_marks (key, at) VALUES (:k, :t) ON CONFLICT (key) DO UPDATE "
                                             "SET at = excluded.at WHERE notification_marks.at <= :since",
                              soci::use(key), soci::use(now), soci::use(since));
      mark.execute(true);
      if (mark.get_affected_rows() != 1) return;
      auto r = recipient(sql, member);
      std::string items;
      int count = 0;
      std::string kind, params;
      soci::statement st = (sql.prepare << "SELECT kind, params FROM notifications WHERE member_id = :m AND digest_state = 'digest' "
                                           "ORDER BY id",
                            soci::use(member), soci::into(kind), soci::into(params));
      st.execute();
      while (st.fetch()) {
        if (r) items += notification_title(kind, r->lang, nlohmann::json::parse(params, nullptr, false)) + "\n";
        ++count;
      }
      sql << "UPDATE notifications SET digest_state = 'mailed' WHERE member_id = :m AND digest_state = 'digest'", soci::use(member);
      if (r && count) {
        OutboxRepository::enqueue(sql, compose_mail("digest", r->lang, r->email,
                                                    {{"handle", r->handle}, {"count", std::to_string(count)}, {"items", items},
                                                     {"link", public_url + "/notifications"}}),
                                  now);
        ++queued;
      }
    });
  }
  return queued;
}

}  // namespace aigc
