// The versions of what changed, on the backend AIGC_TEST_DB names: a write through any
// connection (another process's, here another pool's) is seen by the watcher, in its own
// scope only; a competition's rows bump its own scope; a member's rows (their notifications
// too) bump their viewer scope; a statement that changed no row bumps nothing; a table made
// again (as the talent recompute does) gets its triggers back.
#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "core/clock.hpp"
#include "store/change_barrier.hpp"
#include "store/table_versions.hpp"
#include "support/test_database.hpp"

namespace aigc {

namespace {

// PostgreSQL delivers notifications a moment after the commit; SQLite's watcher sees it at once.
bool changed_soon(TableVersions& v, const std::vector<std::string>& scopes, std::uint64_t stamp) {
  for (int i = 0; i < 200; ++i) {
    if (v.sync() && !v.unchanged_since(scopes, stamp)) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

void add_organization(Database& db, const std::string& slug) {
  db.write([&](soci::session& sql) {
    long long t = now_utc();
    sql << "INSERT INTO organizations (slug, name, kind, created_at) VALUES (:s, :n, 'university', :t)", soci::use(slug, "s"),
        soci::use(slug, "n"), soci::use(t, "t");
  });
}

}  // namespace

TEST(TableVersions, AWriteFromAnotherConnectionChangesItsTableOnly) {
  auto db = test::fresh_migrated_database("versions");
  auto versions = TableVersions::open(*db);
  ASSERT_TRUE(versions->sync());
  auto stamp = versions->stamp();
  EXPECT_TRUE(versions->unchanged_since({"organizations", "pages"}, stamp));

  // Another process would use another connection: the second Database is one.
  auto other = Database::open(db->url(), 1);
  ASSERT_TRUE(other);
  add_organization(*other.value(), "versioned-university");
  EXPECT_TRUE(changed_soon(*versions, {"organizations"}, stamp));
  EXPECT_TRUE(versions->unchanged_since({"pages", "members"}, stamp)) << "other tables did not change";

  // A stamp taken after the change is current again.
  ASSERT_TRUE(versions->sync());
  auto later = versions->stamp();
  EXPECT_TRUE(versions->unchanged_since({"organizations"}, later));
  // An upsert (its conflict clause overrides a trigger's own on SQLite) still bumps the scope.
  for (int i = 0; i < 2; ++i)
    db->write([](soci::session& sql) {
      sql << "INSERT INTO organizations (slug, name, kind, created_at) VALUES ('upserted', 'Upserted', 'company', 1) "
             "ON CONFLICT (slug) DO UPDATE SET name = excluded.name";
    });
  EXPECT_TRUE(changed_soon(*versions, {"organizations"}, later));
  ASSERT_TRUE(versions->sync());
  catch_up(*versions, *db);  // PostgreSQL: the second upsert's notification is in, too
  later = versions->stamp();
  // A statement that changes no row changes no version: a worker's or a handler's UPDATE
  // whose WHERE matched nothing does not end every page of its table.
  db->write([](soci::session& sql) {
    sql << "DELETE FROM organizations WHERE slug = 'no-such-organization'";
    sql << "UPDATE organizations SET name = 'x' WHERE slug = 'no-such-organization'";
    sql << "INSERT INTO organizations (slug, name, kind, created_at) VALUES ('upserted', 'Again', 'company', 1) "
           "ON CONFLICT (slug) DO NOTHING";
  });
  // Notifications arrive in commit order: once a later change is seen, this one would have been.
  db->write([&](soci::session& sql) { touch_scopes(sql, db->dialect(), {"pages"}); });
  ASSERT_TRUE(changed_soon(*versions, {"pages"}, later));
  EXPECT_TRUE(versions->unchanged_since({"organizations"}, later));
}

TEST(TableVersions, ACompetitionsRowsBumpItsOwnScope) {
  auto db = test::fresh_migrated_database("versions_competition");
  auto versions = TableVersions::open(*db);
  long long t = now_utc(), id = 0;
  db->write([&](soci::session& sql) {
    sql << "INSERT INTO members (handle, handle_key, email, email_key, password_hash, display_name, created_at) "
           "VALUES ('host', 'host', 'host@example.org', 'host@example.org', '', 'Host', :t)",
        soci::use(t);
    long long host = 0;
    sql << "SELECT id FROM members WHERE handle_key = 'host'", soci::into(host);
    sql << "INSERT INTO competitions (slug, title_en, organizer_id, visibility, created_at, updated_at) "
           "VALUES ('scoped', 'Scoped', :o, 'public', :t, :u)",
        soci::use(host, "o"), soci::use(t, "t"), soci::use(t, "u");
    sql << "SELECT id FROM competitions WHERE slug = 'scoped'", soci::into(id);
  });
  ASSERT_TRUE(changed_soon(*versions, {competition_scope(id)}, 0));
  ASSERT_TRUE(versions->sync());
  auto stamp = versions->stamp();
  db->write([&](soci::session& sql) {
    sql << "INSERT INTO phases (competition_id, name, starts_at, ends_at, metric) VALUES (:c, 'final', :a, :b, 'accuracy')",
        soci::use(id, "c"), soci::use(t, "a"), soci::use(t, "b");
  });
  EXPECT_TRUE(changed_soon(*versions, {competition_scope(id)}, stamp));
  EXPECT_TRUE(versions->unchanged_since({competition_scope(id + 1)}, stamp));
}

TEST(TableVersions, AMembersOwnRowsBumpTheirViewerScopeOnly) {
  auto db = test::fresh_migrated_database("versions_viewer");
  auto versions = TableVersions::open(*db);
  long long t = now_utc(), ann = 0, bob = 0;
  db->write([&](soci::session& sql) {
    for (std::string h : {"ann", "bob"}) {
      std::string email = h + "@example.org";
      sql << "INSERT INTO members (handle, handle_key, email, email_key, password_hash, display_name, created_at) "
             "VALUES (:h, :k, :e, :f, '', :d, :t)",
          soci::use(h, "h"), soci::use(h, "k"), soci::use(email, "e"), soci::use(email, "f"), soci::use(h, "d"), soci::use(t, "t");
    }
    sql << "SELECT id FROM members WHERE handle_key = 'ann'", soci::into(ann);
    sql << "SELECT id FROM members WHERE handle_key = 'bob'", soci::into(bob);
  });
  ASSERT_NE(viewer_scope(ann), viewer_scope(bob));
  ASSERT_TRUE(versions->sync());
  catch_up(*versions, *db);  // PostgreSQL: the members' notifications have arrived
  auto stamp = versions->stamp();

  // A notification (a table no shared page shows) ends what Ann's own pages showed: the bell.
  db->write([&](soci::session& sql) {
    sql << "INSERT INTO notifications (member_id, kind, created_at) VALUES (:m, 'mention', :t)", soci::use(ann, "m"), soci::use(t, "t");
  });
  EXPECT_TRUE(changed_soon(*versions, {viewer_scope(ann)}, stamp));
  EXPECT_TRUE(versions->unchanged_since({viewer_scope(bob), "notifications"}, stamp)) << "Bob's pages and shared pages stay";

  // Her own row (a new name in the header) and a row naming her under another column.
  ASSERT_TRUE(versions->sync());
  stamp = versions->stamp();
  db->write([&](soci::session& sql) { sql << "UPDATE members SET display_name = 'Ann B.' WHERE id = :m", soci::use(ann); });
  EXPECT_TRUE(changed_soon(*versions, {viewer_scope(ann)}, stamp));
  EXPECT_TRUE(versions->unchanged_since({viewer_scope(bob)}, stamp));
  ASSERT_TRUE(versions->sync());
  stamp = versions->stamp();
  db->write([&](soci::session& sql) {
    sql << "INSERT INTO topics (category, field, author_id, title, lang, tags, created_at, last_posted_at) "
           "VALUES ('general', '', :m, 'Hi', 'en', '', :t, :u)",
        soci::use(bob, "m"), soci::use(t, "t"), soci::use(t, "u");
  });
  EXPECT_TRUE(changed_soon(*versions, {viewer_scope(bob)}, stamp));
  EXPECT_TRUE(versions->unchanged_since({viewer_scope(ann)}, stamp));

  // A row that moves from one member to another ends both members' pages.
  ASSERT_TRUE(versions->sync());
  stamp = versions->stamp();
  db->write([&](soci::session& sql) { sql << "UPDATE topics SET author_id = :a WHERE author_id = :b", soci::use(ann, "a"), soci::use(bob, "b"); });
  EXPECT_TRUE(changed_soon(*versions, {viewer_scope(ann)}, stamp));
  EXPECT_TRUE(changed_soon(*versions, {viewer_scope(bob)}, stamp));
}

TEST(TableVersions, ATableMadeAgainGetsItsTriggersBack) {
  auto db = test::fresh_migrated_database("versions_triggers");
  const char* count_triggers = db->dialect() == Dialect::sqlite
                                   ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'aigc_v_%'"
                                   : "SELECT COUNT(*) FROM pg_trigger WHERE tgname LIKE 'aigc_v_%'";
  auto before = test::count(*db, count_triggers);
  EXPECT_GT(before, 50);
  db->write([&](soci::session& sql) { install_version_triggers(sql, db->dialect()); });
  EXPECT_EQ(test::count(*db, count_triggers), before) << "installing twice adds nothing";
  if (db->dialect() != Dialect::sqlite) {
    // A database from before row-counting triggers: one statement trigger for every event.
    db->write([&](soci::session& sql) {
      for (const char* suffix : {"i", "u", "d"}) sql << "DROP TRIGGER aigc_v_rows_" + std::string(suffix) + " ON pages";
      sql << "DROP TRIGGER aigc_v_table ON pages";
      sql << "CREATE TRIGGER aigc_v_table AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON pages "
             "FOR EACH STATEMENT EXECUTE FUNCTION aigc_v_table()";
      install_version_triggers(sql, db->dialect());
    });
    EXPECT_EQ(test::count(*db, count_triggers), before) << "the old trigger is replaced, not kept beside the new";
    auto versions = TableVersions::open(*db);
    ASSERT_TRUE(versions->sync());
    auto stamp = versions->stamp();
    db->write([](soci::session& sql) { sql << "UPDATE pages SET slug = slug WHERE slug = 'no-such-page'"; });
    db->write([&](soci::session& sql) { touch_scopes(sql, db->dialect(), {"members"}); });
    ASSERT_TRUE(changed_soon(*versions, {"members"}, stamp));
    EXPECT_TRUE(versions->unchanged_since({"pages"}, stamp));
    return;
  }
  auto versions = TableVersions::open(*db);
  db->write([&](soci::session& sql) {
    std::string ddl;
    sql << "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'pages'", soci::into(ddl);
    sql << "DROP TABLE pages";
    sql << ddl;
  });
  EXPECT_LT(test::count(*db, count_triggers), before);
  ASSERT_TRUE(versions->sync());
  auto stamp = versions->stamp();
  db->write([&](soci::session& sql) { install_version_triggers(sql, db->dialect()); });
  EXPECT_EQ(test::count(*db, count_triggers), before);
  EXPECT_TRUE(changed_soon(*versions, {"pages"}, stamp)) << "a table made again is new to every reader";
}

TEST(TableVersions, TouchMarksAScopeChanged) {
  auto db = test::fresh_migrated_database("versions_touch");
  auto versions = TableVersions::open(*db);
  ASSERT_TRUE(versions->sync());
  auto stamp = versions->stamp();
  std::vector<std::string> seen;
  std::mutex mu;
  versions->on_change([&](const std::string& scope) {
    std::lock_guard g(mu);
    seen.push_back(scope);
  });
  db->write([&](soci::session& sql) { touch_scopes(sql, db->dialect(), {"talent_ranks"}); });
  EXPECT_TRUE(changed_soon(*versions, {"talent_ranks"}, stamp));
  std::lock_guard g(mu);
  EXPECT_NE(std::find(seen.begin(), seen.end(), "talent_ranks"), seen.end());
  versions->on_change(nullptr);
}

}  // namespace aigc
