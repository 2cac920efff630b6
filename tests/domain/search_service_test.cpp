// The search service on the backend AIGC_TEST_DB names, fed by the areas' own services.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <set>

#include "domain/competitions/competition_service.hpp"
#include "domain/members/account_service.hpp"
#include "domain/members/member_service.hpp"
#include "domain/organizations/organization_service.hpp"
#include "domain/pages/page_service.hpp"
#include "domain/search/search_index.hpp"
#include "domain/search/search_service.hpp"
#include "domain/search/search_sources.hpp"
#include "support/test_database.hpp"

namespace aigc {

class SearchServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db = test::fresh_migrated_database("search", 4);
    blobs = std::make_unique<BlobStore>((std::filesystem::temp_directory_path() / ("aigc-blobs-" + std::to_string(::getpid()))).string());
    MemberService members(*db, 24);
    admin = members.register_member({"search-admin", "sa@example.org", "a long enough password", "Ada Admin", "CN", "en"}, Role::admin).value();
    host = members.register_member({"li-wei", "lw@example.org", "a long enough password", "李伟", "CN", "zh-CN"}, Role::organizer).value();
    reader = members.register_member({"reader", "r@example.org", "a long enough password", "Rita Reader", "DE", "en"}).value();
    PageService pages(*db);
    ASSERT_TRUE(pages.save(nullptr, {"ml-intro", "zh-CN", "机器学习入门", "从零开始", "", "", "{}",
                                     "本文介绍**机器学习**的基本概念，包括图像分类和语音识别中的模型训练。"}));
    ASSERT_TRUE(pages.save(nullptr, {"eval-guide", "en", "Evaluating language models", "", "", "", "{}",
                                     "How we evaluate models: BERT pre-training, held-out data and honest baselines."}));
    ASSERT_TRUE(pages.save(nullptr, {"math-club", "zh-CN", "数学习题讨论", "", "", "", "{}", "每周讨论数学习题与证明。"}));
    ASSERT_TRUE(pages.save(nullptr, {"mixed", "zh-CN", "BERT 预训练实践", "", "", "", "{}", "用 BERT 做中文预训练的经验。"}));
  }

  SearchResults find(const std::string& q, const Member* who = nullptr, SearchRequest r = {}) {
    r.q = q;
    SearchViewer v;
    if (who) v = {who->id, who->role == Role::admin};
    auto out = SearchService(*db).search(r, v);
    EXPECT_TRUE(out) << q << ": " << (out ? "" : out.error().message);
    return out ? out.value() : SearchResults{};
  }
  static std::vector<std::string> keys(const SearchResults& r) {
    std::vector<std::string> out;
    for (const auto& h : r.hits) out.push_back(h.kind + ":" + h.object_key);
    return out;
  }
  static bool has(const SearchResults& r, const std::string& key) {
    auto k = keys(r);
    return std::find(k.begin(), k.end(), key) != k.end();
  }

  std::unique_ptr<Database> db;
  std::unique_ptr<BlobStore> blobs;
  Member admin, host, reader;
};

TEST_F(SearchServiceTest, ChineseTwoCharacterWordsTraditionalFormsAndEnglishInflectionsAreFound) {
  EXPECT_TRUE(has(find("模型"), "page:ml-intro/zh-CN")) << "a two-character word inside a longer run";
  EXPECT_TRUE(has(find("機器學習"), "page:ml-intro/zh-CN")) << "Traditional finds Simplified";
  EXPECT_TRUE(has(find("evaluation"), "page:eval-guide/en")) << "evaluation finds Evaluating";
  EXPECT_TRUE(has(find("ＢＥＲＴ"), "page:eval-guide/en")) << "full-width letters";
  auto mixed = find("BERT 预训练");
  EXPECT_EQ(keys(mixed), (std::vector<std::string>{"page:mixed/zh-CN"})) << "both parts must match";
  EXPECT_TRUE(find("语音识别的模型").hits.empty()) << "a Chinese run is a phrase, not loose characters";
}

TEST_F(SearchServiceTest, DictionaryWordsOutrankBigramsThatStraddleTwoWords) {
  // "学习" is a word in 机器学习 but straddles 数学 and 习题 in 数学习题.
  auto r = find("学习");
  ASSERT_GE(r.hits.size(), 2u);
  EXPECT_EQ(r.hits[0].object_key, "ml-intro/zh-CN") << keys(r)[0];
  EXPECT_TRUE(has(r, "page:math-club/zh-CN")) << "still found: recall first";
}

TEST_F(SearchServiceTest, PhrasesExclusionsAndSnippets) {
  EXPECT_TRUE(has(find("\"language models\""), "page:eval-guide/en"));
  EXPECT_FALSE(has(find("\"models language\""), "page:eval-guide/en")) << "a phrase keeps its order";
  EXPECT_FALSE(has(find("BERT -中文"), "page:mixed/zh-CN"));
  EXPECT_TRUE(has(find("BERT -中文"), "page:eval-guide/en"));
  auto r = find("evaluate");
  ASSERT_FALSE(r.hits.empty());
  EXPECT_NE(r.hits[0].snippet_html.find("<mark>evaluate</mark>"), std::string::npos) << r.hits[0].snippet_html;
}

TEST_F(SearchServiceTest, MembersAreFoundByNameHandleAndAffiliationAndLeaveWhenDeletedOrSuspended) {
  OrganizationService orgs(*db);
  ASSERT_TRUE(orgs.create(&admin, {"", "Harbor Robotics Lab", "institute", "CN", "https://harbor.example.org", "Robots.", "港湾机器人实验室", ""}));
  MemberService members(*db, 24);
  ProfileUpdate u{"Rita Reader", "DE", "harbor-robotics-lab", "I work on *speech*.", "speech, asr", "en", "UTC"};
  ASSERT_TRUE(members.update_profile(reader, u));
  EXPECT_TRUE(has(find("Rita"), "member:" + std::to_string(reader.id)));
  EXPECT_TRUE(has(find("reader"), "member:" + std::to_string(reader.id))) << "by handle";
  EXPECT_TRUE(has(find("Harbor", nullptr, {.kind = "member"}), "member:" + std::to_string(reader.id))) << "by affiliation";
  EXPECT_TRUE(has(find("李伟"), "member:" + std::to_string(host.id)));
  EXPECT_TRUE(has(find("港湾机器人"), "organization:harbor-robotics-lab"));

  AccountService accounts(*db, "http://localhost");
  ASSERT_TRUE(accounts.set_suspended(admin, "reader", true));
  EXPECT_FALSE(has(find("Rita"), "member:" + std::to_string(reader.id))) << "suspended: gone at once";
  ASSERT_TRUE(accounts.set_suspended(admin, "reader", false));
  EXPECT_TRUE(has(find("Rita"), "member:" + std::to_string(reader.id))) << "back when restored";
  ASSERT_TRUE(accounts.delete_account(reader, "a long enough password", "reader"));
  EXPECT_TRUE(find("Rita").hits.empty()) << "a deleted member's name is not findable";
}

TEST_F(SearchServiceTest, DraftsAreSeenByTheirOrganizerAndAdminsOnly) {
  CompetitionService comps(*db, *blobs);
  CompetitionInput in;
  in.slug = "harbor-detection";
  in.title_en = "Harbor ship detection";
  in.title_zh = "港口船舶检测";
  in.description_en = "Find every ship in harbor photos.";
  in.tags = "vision, detection";
  ASSERT_TRUE(comps.create(host, in));
  EXPECT_TRUE(find("船舶").hits.empty()) << "anonymous";
  EXPECT_TRUE(find("船舶", &reader).hits.empty()) << "another member";
  EXPECT_TRUE(has(find("船舶", &host), "competition:harbor-detection")) << "its organizer";
  EXPECT_TRUE(has(find("船舶", &admin), "competition:harbor-detection")) << "an admin";
  EXPECT_EQ(find("船舶").total, 0) << "facets count only what the reader sees";

  in.visibility = "published";
  ASSERT_TRUE(comps.update(host, "harbor-detection", in));
  auto r = find("ship", &reader, {.tag = "detection"});
  EXPECT_EQ(keys(r), (std::vector<std::string>{"competition:harbor-detection"}));
  EXPECT_TRUE(find("ship", &reader, {.tag = "nlp"}).hits.empty());

  // A change that fails leaves the index as it was: the same slug twice.
  in.title_en = "Duplicate that never lands";
  EXPECT_FALSE(comps.create(host, in));
  EXPECT_TRUE(find("Duplicate", &admin).hits.empty());
}

TEST_F(SearchServiceTest, FiltersFacetsAndCursorsPageThroughEveryResultOnce) {
  PageService pages(*db);
  for (int i = 0; i < 23; ++i)
    ASSERT_TRUE(pages.save(nullptr, {"note-" + std::to_string(i), i % 2 ? "en" : "zh-CN", "Benchmark note " + std::to_string(i),
                                     "", "", "", "{}", i % 2 ? "A benchmark of detectors." : "检测器的基准测试 benchmark。"}));
  auto first = find("benchmark", nullptr, {.limit = 10});
  EXPECT_EQ(first.total, 23);
  ASSERT_EQ(first.kinds.size(), 1u);
  EXPECT_EQ(first.kinds[0].value, "page");
  EXPECT_EQ(first.kinds[0].count, 23);
  std::set<std::string> seen;
  SearchResults page = first;
  int pages_read = 1;
  while (true) {
    for (const auto& k : keys(page)) EXPECT_TRUE(seen.insert(k).second) << "twice: " << k;
    if (page.next_cursor.empty()) break;
    page = find("benchmark", nullptr, {.limit = 10, .cursor = page.next_cursor});
    ++pages_read;
  }
  EXPECT_EQ(seen.size(), 23u);
  EXPECT_EQ(pages_read, 3);
  auto zh = find("benchmark", nullptr, {.lang = "zh-CN"});
  EXPECT_EQ(zh.total, 12);
  for (const auto& h : zh.hits) EXPECT_NE(h.langs.find("zh-CN"), std::string::npos);
  std::int64_t en = 0, zh_count = 0;
  for (const auto& f : first.langs) (f.value == "en" ? en : zh_count) = f.count;
  EXPECT_EQ(zh_count, 12);
  EXPECT_EQ(en, 23) << "the Chinese notes have English in them too";
}

TEST_F(SearchServiceTest, BadRequestsSayWhatToFix) {
  SearchService s(*db);
  auto bad_type = s.search({.q = "x", .kind = "paperz"}, {});
  ASSERT_FALSE(bad_type);
  EXPECT_EQ(bad_type.error().problems.at(0).field, "type");
  auto bad_limit = s.search({.q = "x", .limit = 500}, {});
  ASSERT_FALSE(bad_limit);
  EXPECT_EQ(bad_limit.error().problems.at(0).field, "limit");
  auto bad_cursor = s.search({.q = "x", .cursor = "abc"}, {});
  ASSERT_FALSE(bad_cursor);
  EXPECT_EQ(bad_cursor.error().key, "error.search_cursor");
  auto empty = s.search({.q = "-x"}, {});
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().key, "error.search_query_empty");
}

TEST_F(SearchServiceTest, ReindexRebuildsTheSameIndex) {
  auto before = keys(find("模型 OR"));  // "or" is an ordinary word here
  auto all_before = keys(find("BERT"));
  db->write([&](soci::session& sql) { SearchIndex(*db).clear(sql); });
  EXPECT_TRUE(find("BERT").hits.empty());
  auto counts = reindex(*db);
  EXPECT_EQ(counts["page"], 4);
  EXPECT_EQ(counts["member"], 3);
  EXPECT_EQ(keys(find("BERT")), all_before);
  EXPECT_EQ(keys(find("模型 OR")), before);
}

// BM25's statistics are kept by every change rather than recounted: they must stay exact
// through updates in place, updates that change a document's id (its language changed),
// removals, clearing a kind and a rebuild.
TEST_F(SearchServiceTest, CorpusStatisticsStayExactThroughEveryKindOfChange) {
  auto check = [&](const std::string& when) {
    db->with_session([&](soci::session& sql) {
      long long n = 0, t = 0, b = 0;
      sql << "SELECT COUNT(*), COALESCE(SUM(title_len), 0), COALESCE(SUM(body_len), 0) FROM search_documents", soci::into(n),
          soci::into(t), soci::into(b);
      auto s = SearchIndex(*db).stats(sql);
      EXPECT_EQ(s.documents, n) << when;
      if (n > 0) {
        EXPECT_NEAR(s.avg_title_len, static_cast<double>(t) / static_cast<double>(n), 1e-9) << when;
        EXPECT_NEAR(s.avg_body_len, static_cast<double>(b) / static_cast<double>(n), 1e-9) << when;
      }
      return 0;
    });
  };
  check("after set-up");
  PageService pages(*db);
  ASSERT_TRUE(pages.save(nullptr, {"ml-intro", "zh-CN", "机器学习入门（第二版）", "", "", "", "{}", "更长的正文：" + std::string(50, 'x')}));
  check("an update in place");
  ASSERT_TRUE(pages.save(nullptr, {"math-club", "zh-CN", "Math club", "", "", "", "{}", "Only English now."}));
  check("an update that changes the id");
  EXPECT_EQ(keys(find("Math club")), (std::vector<std::string>{"page:math-club/zh-CN"})) << "found under its new id";
  AccountService accounts(*db, "http://localhost");
  ASSERT_TRUE(accounts.set_suspended(admin, "reader", true));
  check("a removal");
  db->write([&](soci::session& sql) { SearchIndex(*db).clear(sql, "page"); });
  check("clearing one kind");
  reindex(*db);
  check("a rebuild");
  db->write([&](soci::session& sql) { SearchIndex(*db).clear(sql); });
  check("clearing everything");
}

// Past SearchService::kExact matches, the newest title matches and then the newest others
// are ranked: still every filter holds, the facets count every match, and what is shown
// is ranked best first.
TEST_F(SearchServiceTest, ManyMatchesAreCountedInFullAndTheRankedOnesAreShown) {
  const int n = SearchService::kExact + 150;
  db->write([&](soci::session& sql) {
    SearchIndex index(*db);
    for (int i = 0; i < n; ++i) {
      SearchDocument d;
      d.kind = i % 2 ? "page" : "member";
      d.object_key = "bulk-" + std::to_string(i);
      d.title_en = i % 3 == 0 ? "Graph networks " + std::to_string(i) : "Note " + std::to_string(i);
      d.body = "graph networks in practice, part " + std::to_string(i);
      d.url = "/x/" + std::to_string(i);
      d.created_at = d.updated_at = 1700000000 + i;
      index.put(sql, d);
    }
  });
  auto r = find("graph networks", nullptr, {.limit = 50});
  EXPECT_EQ(r.total, n);
  EXPECT_EQ(r.ranked, SearchService::kRanked);
  ASSERT_EQ(r.hits.size(), 50u);
  for (std::size_t i = 1; i < r.hits.size(); ++i) EXPECT_GE(r.hits[i - 1].score, r.hits[i].score);
  EXPECT_NE(r.hits[0].title_en.find("Graph networks"), std::string::npos) << "a title match leads";
  std::int64_t pages = 0, members = 0;
  for (const auto& f : r.kinds) (f.value == "page" ? pages : members) = f.count;
  EXPECT_EQ(pages, n / 2);
  EXPECT_EQ(members, n - n / 2);
  auto only_pages = find("graph networks", nullptr, {.kind = "page", .limit = 50});
  EXPECT_EQ(only_pages.total, n / 2);
  for (const auto& h : only_pages.hits) EXPECT_EQ(h.kind, "page");
  EXPECT_EQ(only_pages.hits.size(), 50u);
}

// With many matches the ranked ones are picked from the title matches first: a title
// match whose body has an excluded word is still no match.
TEST_F(SearchServiceTest, AnExcludedWordInTheBodyKeepsATitleMatchOutOfManyMatches) {
  const int n = SearchService::kExact + 20;
  db->write([&](soci::session& sql) {
    SearchIndex index(*db);
    for (int i = 0; i <= n; ++i) {
      SearchDocument d;
      d.kind = "page";
      d.object_key = "graph-" + std::to_string(i);
      d.title_en = "Graph networks " + std::to_string(i);
      d.body = i == n ? "graph networks, but about 区块链 tokens" : "graph networks in practice";
      d.url = "/x/" + std::to_string(i);
      d.created_at = d.updated_at = 1700000000 + i;  // the excluded one is the newest
      index.put(sql, d);
    }
  });
  auto r = find("graph -区块链", nullptr, {.limit = 50});
  EXPECT_EQ(r.total, n);
  EXPECT_FALSE(has(r, "page:graph-" + std::to_string(n))) << keys(r)[0];
  EXPECT_TRUE(has(find("graph 区块链"), "page:graph-" + std::to_string(n)));
}

// Ids carry facet bits above a sequence, so they pass 2^31 after half a million documents;
// every read of them must keep all 64 bits.
TEST_F(SearchServiceTest, DocumentsWithIdsBeyondThirtyTwoBitsAreFound) {
  db->write([&](soci::session& sql) {
    if (db->dialect() == Dialect::postgresql) sql << "SELECT setval('search_documents_seq', 1073741824)";
    else sql << "UPDATE search_documents SET id = id + (1073741824 * 4096) WHERE id = (SELECT MAX(id) FROM search_documents)";
    SearchIndex index(*db);
    for (int i = 0; i < 3; ++i) {
      SearchDocument d;
      d.kind = "page";
      d.object_key = "far-" + std::to_string(i);
      d.title_en = "Quokka census " + std::to_string(i);
      d.url = "/x/far-" + std::to_string(i);
      index.put(sql, d);
    }
  });
  auto r = find("quokka");
  EXPECT_EQ(r.total, 3);
  ASSERT_EQ(r.hits.size(), 3u);
  db->with_session([&](soci::session& sql) {
    long long smallest = 0;
    sql << "SELECT MIN(id) FROM search_documents WHERE object_key LIKE 'far-%'", soci::into(smallest);
    EXPECT_GT(smallest, 1LL << 32);
    return 0;
  });
}

// Between kRanked and kExact matches, all are ranked, and the cursor pages through all of
// them: none twice, none missed.
TEST_F(SearchServiceTest, EveryRankedMatchCanBePagedTo) {
  const int n = SearchService::kRanked + 120;
  db->write([&](soci::session& sql) {
    SearchIndex index(*db);
    for (int i = 0; i < n; ++i) {
      SearchDocument d;
      d.kind = "page";
      d.object_key = "walrus-" + std::to_string(i);
      d.title_en = "Walrus survey " + std::to_string(i);
      d.url = "/x/walrus-" + std::to_string(i);
      index.put(sql, d);
    }
  });
  std::set<std::string> seen;
  std::string cursor;
  do {
    auto r = find("walrus", nullptr, {.limit = 50, .cursor = cursor});
    EXPECT_EQ(r.ranked, n);
    for (const auto& k : keys(r)) EXPECT_TRUE(seen.insert(k).second) << k;
    cursor = r.next_cursor;
  } while (!cursor.empty());
  EXPECT_EQ(seen.size(), static_cast<std::size_t>(n));
}

}  // namespace aigc
