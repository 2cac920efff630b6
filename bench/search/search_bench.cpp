// Builds a search index of N generated documents for bench/search/run and reports how
// fast it was built and how large it is against the text it holds.
//   search_bench build DB_URL N SOURCE_DIR
// Documents mix Chinese (simplified and traditional), English and both, recombining the
// judged collection's sentences (tests/fixtures/search) with a long tail of generated
// words, deterministically. Batches of 2,000 documents per transaction, as a reindex does.
#include <chrono>
#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/text.hpp"
#include "domain/search/search_index.hpp"
#include "store/database.hpp"
#include "store/migrations.hpp"

using namespace aigc;

namespace {

struct Source {
  std::vector<std::string> zh_titles, zh_bodies, en_titles, en_bodies;
};

bool has_cjk(const std::string& s) {
  for (unsigned char c : s)
    if (c >= 0xE3 && c <= 0xE9) return true;
  return false;
}

Source read_source(const std::string& dir) {
  Source s;
  std::ifstream in(dir + "/tests/fixtures/search/collection.tsv");
  for (std::string line; std::getline(in, line);) {
    auto f = split(line, '\t');
    if (f.size() != 3) continue;
    (has_cjk(f[2]) ? s.zh_titles : s.en_titles).push_back(f[1]);
    (has_cjk(f[2]) ? s.zh_bodies : s.en_bodies).push_back(f[2]);
  }
  return s;
}

// A long tail of words: Chinese two-character words from common characters, and
// pronounceable Latin words from syllables.
std::string rare_word(std::mt19937_64& rng, bool chinese) {
  static const std::vector<std::string> han = {"数", "据", "网", "络", "算", "法", "智", "能", "系", "统", "信", "息", "研", "究",
                                               "方", "案", "结", "构", "特", "征", "任", "务", "场", "景", "样", "本", "参", "量",
                                               "空", "间", "时", "序", "视", "觉", "声", "音", "文", "字", "语", "义", "知", "识",
                                               "推", "理", "规", "划", "控", "制", "感", "知", "生", "成", "检", "测", "优", "化"};
  static const std::vector<std::string> syl = {"ka", "lo", "mi", "ren", "tor", "vex", "qua", "sil", "dra", "pon", "fel",
                                               "gri", "hu", "jet", "nox", "bel", "cy", "dor", "ex", "ful"};
  std::string w;
  if (chinese) {
    w = han[rng() % han.size()] + han[rng() % han.size()];
  } else {
    int n = 2 + static_cast<int>(rng() % 3);
    for (int i = 0; i < n; ++i) w += syl[rng() % syl.size()];
  }
  return w;
}

std::int64_t sqlite_bytes(soci::session& sql, const std::string& like) {
  long long n = 0;
  soci::indicator ind = soci::i_ok;
  sql << "SELECT SUM(pgsize) FROM dbstat WHERE name LIKE '" + like + "'", soci::into(n, ind);
  return ind == soci::i_ok ? n : 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5 || std::string(argv[1]) != "build") {
    std::fprintf(stderr, "usage: search_bench build DB_URL N SOURCE_DIR\n");
    return 2;
  }
  const std::string url = argv[2];
  const long long n = std::stoll(argv[3]);
  auto opened = Database::open(url, 2);
  if (!opened) {
    std::fprintf(stderr, "%s\n", opened.error().message.c_str());
    return 1;
  }
  Database& db = *opened.value();
  if (!migrate(db)) return 1;
  Source src = read_source(argv[4]);
  std::mt19937_64 rng(2026);
  SearchIndex index(db);
  std::int64_t text_bytes = 0;
  const std::int64_t now = 1790000000;
  auto started = std::chrono::steady_clock::now();
  for (long long done = 0; done < n;) {
    long long batch = std::min<long long>(2000, n - done);
    db.write([&](soci::session& sql) {
      std::vector<SearchDocument> docs;
      for (long long i = 0; i < batch; ++i) {
        const long long id = done + i;
        const int kind = static_cast<int>(rng() % 10);  // 5 Chinese, 4 English, 1 both
        const bool zh = kind < 5 || kind == 9, en = kind >= 5;
        SearchDocument d;
        d.kind = id % 3 == 0 ? "member" : id % 3 == 1 ? "page" : "competition";
        d.object_key = std::to_string(id);
        std::string title, body;
        if (zh) {
          title = src.zh_titles[rng() % src.zh_titles.size()] + " " + rare_word(rng, true);
          for (int k = 0; k < 3; ++k) body += src.zh_bodies[rng() % src.zh_bodies.size()] + rare_word(rng, true) + "。";
        }
        if (en) {
          title += (title.empty() ? "" : " ") + src.en_titles[rng() % src.en_titles.size()] + " " + rare_word(rng, false);
          for (int k = 0; k < 3; ++k) body += " " + src.en_bodies[rng() % src.en_bodies.size()] + " " + rare_word(rng, false) + ".";
        }
        d.title_en = title;
        d.body = body;
        d.url = "/x/" + d.object_key;
        d.votes = static_cast<std::int64_t>(rng() % 50);
        d.created_at = d.updated_at = now - static_cast<std::int64_t>(rng() % (3 * 365 * 86400));
        text_bytes += static_cast<std::int64_t>(title.size() + body.size());
        docs.push_back(std::move(d));
      }
      index.put_all(sql, docs);  // as `aigc search reindex` does
    });
    done += batch;
    if (done % 100000 == 0) std::fprintf(stderr, "indexed %lld of %lld\n", done, n);
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::int64_t index_bytes = 0, table_bytes = 0;
  db.with_session([&](soci::session& sql) {
    if (db.dialect() == Dialect::sqlite) {
      index_bytes = sqlite_bytes(sql, "search_fts%");
      table_bytes = sqlite_bytes(sql, "search_documents%") + sqlite_bytes(sql, "sqlite_autoindex_search_documents%");
    } else {
      long long gin = 0, all = 0, lists = 0;
      sql << "SELECT pg_relation_size('search_match_tsv') + pg_relation_size('search_match_title_tsv'), "
             "pg_total_relation_size('search_documents') + pg_total_relation_size('search_match'), "
             "pg_total_relation_size('search_postings')",
          soci::into(gin), soci::into(all), soci::into(lists);
      index_bytes = gin + lists;  // the GIN indexes and the posting lists
      table_bytes = all - gin;
      std::printf("postings_mb %.1f\n", static_cast<double>(lists) / 1e6);
    }
    return 0;
  });
  std::printf("documents %lld\nseconds %.1f\ndocs_per_second %.0f\ntext_mb %.1f\nindex_mb %.1f\ntable_mb %.1f\n", n, seconds,
              static_cast<double>(n) / seconds, static_cast<double>(text_bytes) / 1e6, static_cast<double>(index_bytes) / 1e6,
              static_cast<double>(table_bytes) / 1e6);
  return 0;
}
