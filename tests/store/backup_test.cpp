// Backups of a running site, on the backend AIGC_TEST_DB names: taken while a writer commits
// rows as fast as it can, restored into a fresh database, every row committed before the
// backup began is there with every blob; a backup never overwrites a folder, a restore
// never overwrites a site, and a failed backup leaves nothing behind.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include "core/clock.hpp"
#include "store/backup.hpp"
#include "store/blob_store.hpp"
#include "support/test_database.hpp"

namespace aigc {

namespace fs = std::filesystem;

namespace {

fs::path scratch(const std::string& name) {
  auto dir = fs::temp_directory_path() / "aigc-tests" / (name + "-" + random_token(6));
  fs::create_directories(dir.parent_path());
  return dir;
}

}  // namespace

TEST(Backup, TakenUnderWriteLoadItRestoresEveryCommittedRowAndBlob) {
  auto db = test::fresh_migrated_database("backup");
  auto blob_dir = scratch("backup-blobs");
  BlobStore blobs(blob_dir.string());
  std::vector<std::string> hashes;
  for (int i = 0; i < 5; ++i) hashes.push_back(blobs.put("prediction file " + std::to_string(i)).value());

  std::atomic<bool> stop{false};
  std::atomic<long long> committed{0};
  std::thread writer([&] {
    for (long long n = 1; !stop; ++n) {
      std::string slug = "org-" + std::to_string(n);
      long long t = now_utc();
      db->write([&](soci::session& sql) {
        sql << "INSERT INTO organizations (slug, name, kind, created_at) VALUES (:s, :n, 'company', :t)", soci::use(slug, "s"),
            soci::use(slug, "n"), soci::use(t, "t");
      });
      committed = n;
    }
  });
  while (committed < 50) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  const long long before = committed;
  auto out = scratch("backup-out");
  auto made = backup_site(*db, blob_dir.string(), out.string());
  const long long after = committed;
  stop = true;
  writer.join();
  ASSERT_TRUE(made) << made.error().message;
  EXPECT_EQ(made->blobs, 5);
  EXPECT_GT(after, before) << "the writer went on while the backup ran";
  EXPECT_TRUE(fs::exists(out / "backup.json"));
  for (const auto& p : fs::directory_iterator(out.parent_path()))
    EXPECT_EQ(p.path().filename().string().find(out.filename().string() + ".partial"), std::string::npos) << "left behind: " << p.path();

  auto target_url = test::fresh_database_url("restored");
  auto restored_blobs = scratch("restored-blobs");
  auto restored = restore_site(out.string(), target_url, restored_blobs.string());
  ASSERT_TRUE(restored) << restored.error().message;
  auto copy = Database::open(target_url, 1);
  ASSERT_TRUE(copy);
  auto rows = test::count(*copy.value(), "SELECT COUNT(*) FROM organizations WHERE slug LIKE 'org-%'");
  EXPECT_GE(rows, before) << "every row committed before the backup began";
  EXPECT_LE(rows, after);
  // One snapshot: the rows are exactly org-1 .. org-rows, no gap.
  EXPECT_EQ(test::count(*copy.value(), "SELECT COUNT(*) FROM organizations WHERE slug = 'org-" + std::to_string(rows) + "'"), 1);
  BlobStore copied(restored_blobs.string());
  for (const auto& h : hashes) EXPECT_TRUE(copied.exists(h)) << h;
  EXPECT_TRUE(migrate(*copy.value())) << "a restored site migrates (and serves) as it was";

  // Never over something: the same folder again, or a site that has tables.
  auto again = backup_site(*db, blob_dir.string(), out.string());
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().key, "error.backup_exists");
  auto over = restore_site(out.string(), target_url, restored_blobs.string());
  ASSERT_FALSE(over);
  EXPECT_EQ(over.error().key, "error.restore_target");
  auto nothing = restore_site(scratch("no-backup").string(), test::fresh_database_url("nothing"), restored_blobs.string());
  ASSERT_FALSE(nothing);
  EXPECT_EQ(nothing.error().key, "error.backup_missing");
}

}  // namespace aigc
