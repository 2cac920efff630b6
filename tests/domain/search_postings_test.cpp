// PostgreSQL's posting lists (domain/search/search_postings.hpp): the entries' encoding,
// the set operations, and that the lists written document by document always hold what
// the tsvectors hold, through every kind of change. The database tests skip on SQLite
// (FTS5 keeps its own lists).
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <random>
#include <stdexcept>
#include <thread>

#include "domain/search/search_index.hpp"
#include "domain/search/search_postings.hpp"
#include "support/test_database.hpp"

namespace aigc {

TEST(SearchPostings, EntriesAreThreeBytesBigEndianAndDecodeBackToTheIds) {
  const std::int64_t block = (std::int64_t{5} << 20) + 3;  // ids past 2^42
  const std::int64_t base = block << kPostingEntryBits;
  const std::vector<std::int64_t> ids = {base, base + 1, base + 0x0ABCDE, base + 0x3FFFFF};
  std::string text = "\\x";
  for (auto id : ids) {
    std::string e = posting_entry(id);
    ASSERT_EQ(e.size(), 8u);
    ASSERT_EQ(e.substr(0, 2), "\\x");
    text += e.substr(2);
  }
  EXPECT_EQ(posting_entry(base + 0x0ABCDE), "\\x0abcde");
  std::vector<std::int64_t> out = {7};
  decode_posting(block, text, out);
  EXPECT_EQ(out, (std::vector<std::int64_t>{7, base, base + 1, base + 0x0ABCDE, base + 0x3FFFFF}));
  out.clear();
  decode_posting(block, "\\x", out);
  EXPECT_TRUE(out.empty()) << "an emptied row";
  EXPECT_THROW(decode_posting(block, "\\x0abc", out), std::runtime_error) << "not whole entries";
  EXPECT_THROW(decode_posting(block, "0abcde", out), std::runtime_error) << "not the hex form";
  EXPECT_THROW(decode_posting(block, "\\x0abcdg", out), std::runtime_error) << "not hex";
}

TEST(SearchPostings, SetOperationsAndArrayLiterals) {
  const std::vector<std::int64_t> a = {1, 3, 5, 7}, b = {3, 4, 7, 9};
  EXPECT_EQ(intersect_ids(a, b), (std::vector<std::int64_t>{3, 7}));
  EXPECT_EQ(subtract_ids(a, b), (std::vector<std::int64_t>{1, 5}));
  EXPECT_EQ(unite_ids(a, b), (std::vector<std::int64_t>{1, 3, 4, 5, 7, 9}));
  EXPECT_EQ(subtract_ids(a, {}), a);
  EXPECT_EQ(pg_array(std::vector<std::string>{"模型", "a\"b", "c\\d"}), "{\"模型\",\"a\\\"b\",\"c\\\\d\"}");
  EXPECT_EQ(pg_array(std::vector<std::int64_t>{1, 4398046511104}), "{1,4398046511104}");
  EXPECT_EQ(pg_array(std::vector<std::int64_t>{}), "{}");
}

class SearchPostingsDb : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("postings", 4);
    if (db->dialect() != Dialect::postgresql) GTEST_SKIP() << "PostgreSQL's posting lists";
  }

  // Rows of (term, field, block, ids) that the lists and the tsvectors (as migration 20
  // builds the lists from them) do not agree on.
  std::int64_t disagreements() {
    const std::string from_tsvectors =
        "SELECT u.lexeme AS term, CAST(%F AS smallint) AS field, m.id >> 22 AS block, "
        "string_agg(substring(int4send(CAST(m.id & 4194303 AS integer)) FROM 2 FOR 3), ''::bytea ORDER BY m.id) AS ids "
        "FROM search_match m, unnest(m.%C) u GROUP BY u.lexeme, m.id >> 22";
    auto with = [&](const char* field, const char* column) {
      std::string q = from_tsvectors;
      q.replace(q.find("%F"), 2, field);
      q.replace(q.find("%C"), 2, column);
      return q;
    };
    const std::string expected = "(" + with("0", "tsv") + " UNION ALL " + with("1", "title_tsv") + ")";
    const std::string actual = "(SELECT term, field, block, ids FROM search_postings WHERE length(ids) > 0)";
    return test::count(*db, "SELECT (SELECT COUNT(*) FROM (SELECT * FROM " + expected + " e EXCEPT SELECT * FROM " + actual +
                                " a) x) + (SELECT COUNT(*) FROM (SELECT * FROM " + actual + " a EXCEPT SELECT * FROM " + expected +
                                " e) y)");
  }

  static SearchDocument document(const std::string& kind, int key, std::mt19937& rng) {
    static const std::vector<std::string> words = {"graph", "network", "speech", "模型", "训练", "图像", "语音识别",
                                                   "evaluation", "benchmark", "机器学习", "robot", "detection"};
    SearchDocument d;
    d.kind = kind;
    d.object_key = std::to_string(key);
    for (int i = 0; i < 2; ++i) d.title_en += words[rng() % words.size()] + " ";
    for (int i = 0; i < 6; ++i) d.body += words[rng() % words.size()] + (rng() % 2 ? " " : "，");
    d.field = rng() % 3 == 0 ? "nlp" : "";
    if (rng() % 4 == 0) d.tags = {words[rng() % words.size()]};
    d.audience = rng() % 5 == 0 ? "owner" : rng() % 5 == 0 ? "members" : "public";
    d.owner_id = static_cast<std::int64_t>(rng() % 3);
    d.url = "/x/" + d.object_key;
    return d;
  }

  std::unique_ptr<Database> db;
};

TEST_F(SearchPostingsDb, ListsHoldWhatTheTsvectorsHoldThroughEveryKindOfChange) {
  std::mt19937 rng(20261201);
  SearchIndex index(*db);
  // Documents on both sides of a block's edge, with ids past 2^32.
  db->write([&](soci::session& sql) { sql << "SELECT setval('search_documents_seq', " + std::to_string((1 << 20) * 1024 - 40) + ")"; });
  db->write([&](soci::session& sql) {
    for (int i = 0; i < 80; ++i) index.put(sql, document(i % 2 ? "page" : "topic", i, rng));
  });
  EXPECT_EQ(disagreements(), 0) << "after inserts";
  EXPECT_GE(test::count(*db, "SELECT COUNT(DISTINCT block) FROM search_postings"), 2);

  db->write([&](soci::session& sql) {
    for (int i = 0; i < 80; i += 3) index.put(sql, document(i % 2 ? "page" : "topic", i, rng));  // new words, same or new id
    for (int i = 1; i < 80; i += 7) index.remove(sql, i % 2 ? "page" : "topic", std::to_string(i));
    SearchDocument same = document("page", 5, rng);
    index.put(sql, same);
    index.put(sql, same);  // unchanged: nothing to add or take out
  });
  EXPECT_EQ(disagreements(), 0) << "after updates in place, moves to a new id and removals";

  db->write([&](soci::session& sql) {  // many at once: new ones, one twice, an old one changed
    std::vector<SearchDocument> docs;
    for (int i = 100; i < 140; ++i) docs.push_back(document("paper", i, rng));
    docs.push_back(document("paper", 100, rng));
    docs.push_back(document("page", 2, rng));
    docs.push_back(document("paper", 141, rng));
    index.put_all(sql, docs);
  });
  EXPECT_EQ(disagreements(), 0) << "after put_all";
  EXPECT_EQ(test::count(*db, "SELECT COUNT(*) FROM search_documents WHERE kind = 'paper'"), 41);

  db->write([&](soci::session& sql) { index.clear(sql, "topic"); });
  EXPECT_EQ(disagreements(), 0) << "after clearing one kind";
  EXPECT_EQ(test::count(*db, "SELECT COUNT(*) FROM search_match WHERE (id >> 7) % 32 = " +
                                 std::to_string(search_kind_number("topic"))),
            0);
  db->write([&](soci::session& sql) { index.clear(sql); });
  EXPECT_EQ(test::count(*db, "SELECT COUNT(*) FROM search_postings"), 0);
}

TEST_F(SearchPostingsDb, RowsStaySortedAndWithoutDuplicatesWhateverTheOrderOfChanges) {
  auto value = [&](const std::string& expr) {
    std::string out;
    db->with_session([&](soci::session& sql) { sql << "SELECT CAST(" + expr + " AS text)", soci::into(out); });
    return out;
  };
  EXPECT_EQ(value("aigc_posting_put('\\x000001000005', '\\x000003', true)"), "\\x000001000003000005") << "in its place";
  EXPECT_EQ(value("aigc_posting_put('\\x000001000005', '\\x000009', true)"), "\\x000001000005000009") << "appended";
  EXPECT_EQ(value("aigc_posting_put('\\x000001000005', '\\x000000', true)"), "\\x000000000001000005") << "first";
  EXPECT_EQ(value("aigc_posting_put('\\x000001000005', '\\x000005', true)"), "\\x000001000005") << "there already";
  EXPECT_EQ(value("aigc_posting_put('\\x000001000005', '\\x000001', false)"), "\\x000005") << "taken out";
  EXPECT_EQ(value("aigc_posting_put('\\x000001000005', '\\x000003', false)"), "\\x000001000005") << "not there";
  // Bytes that straddle two entries are no entry: 0x000100 is not in 0x000001 0x000005.
  EXPECT_EQ(value("aigc_posting_put('\\x000001000005', '\\x000100', false)"), "\\x000001000005");
  EXPECT_EQ(value("aigc_posting_put('', '\\x000100', false)"), "\\x");
  EXPECT_EQ(value("aigc_posting_merge('\\x000001000005', '\\x000007000009')"), "\\x000001000005000007000009");
  EXPECT_EQ(value("aigc_posting_merge('\\x000001000005', '\\x000003000005000007')"), "\\x000001000003000005000007");
  EXPECT_EQ(value("aigc_posting_merge('', '\\x000003')"), "\\x000003");
}

// Writers that put several documents in one transaction (an event and its talks) share the
// newest block's rows: they must neither deadlock nor lose an entry.
TEST_F(SearchPostingsDb, ConcurrentWritersOfManyDocumentsNeitherDeadlockNorLoseAnEntry) {
  std::vector<std::thread> writers;
  std::atomic<int> failures = 0;
  for (int w = 0; w < 4; ++w)
    writers.emplace_back([&, w] {
      std::mt19937 rng(static_cast<unsigned>(w));
      SearchIndex index(*db);
      for (int t = 0; t < 8; ++t) {
        try {
          db->write([&](soci::session& sql) {
            for (int d = 0; d < 6; ++d) index.put(sql, document("event", w * 1000 + t * 10 + d, rng));
          });
        } catch (const std::exception& e) {
          ++failures;
          ADD_FAILURE() << e.what();
        }
      }
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures, 0);
  EXPECT_EQ(test::count(*db, "SELECT COUNT(*) FROM search_documents WHERE kind = 'event'"), 4 * 8 * 6);
  EXPECT_EQ(disagreements(), 0);
}

TEST_F(SearchPostingsDb, PhrasesCheckedRowByRowOrFoundByTheIndexAgree) {
  std::mt19937 rng(7);
  db->write([&](soci::session& sql) {
    SearchIndex index(*db);
    for (int i = 0; i < 300; ++i) index.put(sql, document(i % 3 ? "paper" : "topic", i, rng));
  });
  SearchIndex rows(*db), gin(*db, 0);
  const std::vector<std::string> queries = {"语音识别", "\"graph network\"", "机器学习 -\"speech robot\"", "模型训练",
                                            "graph -\"network speech\"", "\"detection benchmark\" 图像", "robot -模型"};
  const std::vector<SearchViewer> viewers = {{0, false}, {1, false}, {2, true}};
  std::size_t found = 0;
  for (const auto& text : queries)
    for (const auto& viewer : viewers)
      for (bool title_only : {false, true})
        for (const std::string tag : {"", "graph"}) {
          auto q = parse_search_query(text);
          ASSERT_TRUE(q) << text;
          std::vector<std::int64_t> a, b;
          db->with_session([&](soci::session& sql) {
            rows.for_each_match(sql, q.value(), viewer, tag, title_only, [&](std::int64_t id) { return a.push_back(id), true; });
            gin.for_each_match(sql, q.value(), viewer, tag, title_only, [&](std::int64_t id) { return b.push_back(id), true; });
          });
          EXPECT_EQ(a, b) << text << " viewer " << viewer.member_id << " title_only " << title_only << " tag " << tag;
          EXPECT_TRUE(std::is_sorted(a.rbegin(), a.rend())) << "newest first";
          found += a.size();
        }
  EXPECT_GT(found, 100u) << "the queries find something to compare";
}

}  // namespace aigc
