// The page cache's parts: which encoding a client gets, when an ETag matches, that the
// compressed bytes decode to the page, that an entry lasts exactly while its scopes are
// unchanged, and that the cache stays within its size.
#include <gtest/gtest.h>

#include <brotli/decode.h>
#include <zlib.h>

#include <atomic>
#include <map>
#include <thread>

#include "support/fake_versions.hpp"
#include "web/response_cache.hpp"

namespace aigc {

namespace {

using test::FakeVersions;

Response page(const std::string& body) {
  auto r = Response::html(body);
  return r;
}

std::string text_of(std::size_t n) {
  std::string s;
  for (std::size_t i = 0; s.size() < n; ++i) s += "<tr><td>team " + std::to_string(i) + "</td><td>0.9" + std::to_string(i % 97) + "</td></tr>\n";
  return s;
}

}  // namespace

TEST(ResponseCache, ChoosesTheEncodingTheClientTakes) {
  EXPECT_EQ(choose_encoding(""), "");
  EXPECT_EQ(choose_encoding("identity"), "");
  EXPECT_EQ(choose_encoding("gzip"), "gzip");
  EXPECT_EQ(choose_encoding("gzip, deflate, br"), "br");
  EXPECT_EQ(choose_encoding("br;q=0, gzip;q=0.5"), "gzip");
  EXPECT_EQ(choose_encoding("BR;Q=0.0,GZIP"), "gzip");
  EXPECT_EQ(choose_encoding("gzip;q=0"), "");
  EXPECT_EQ(choose_encoding("*"), "br");
  EXPECT_EQ(choose_encoding("x-gzip"), "gzip");
}

TEST(ResponseCache, MatchesETagsWeaklyAndInLists) {
  EXPECT_TRUE(etag_matches("W/\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(etag_matches("\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(etag_matches("\"x\", W/\"abc\"", "W/\"abc\""));
  EXPECT_TRUE(etag_matches("*", "W/\"abc\""));
  EXPECT_FALSE(etag_matches("", "W/\"abc\""));
  EXPECT_FALSE(etag_matches("W/\"abd\"", "W/\"abc\""));
}

TEST(ResponseCache, CompressedBytesDecodeToThePage) {
  auto body = text_of(50000);
  auto gz = gzip_compress(body);
  ASSERT_FALSE(gz.empty());
  std::string out(body.size() + 100, '\0');
  uLongf out_size = out.size();
  // uncompress() reads zlib streams, not gzip: inflate with the gzip wrapper instead.
  z_stream z{};
  inflateInit2(&z, 15 + 16);
  z.next_in = reinterpret_cast<Bytef*>(gz.data());
  z.avail_in = static_cast<uInt>(gz.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out_size);
  ASSERT_EQ(inflate(&z, Z_FINISH), Z_STREAM_END);
  out.resize(z.total_out);
  inflateEnd(&z);
  EXPECT_EQ(out, body);

  auto br = brotli_compress(body);
  ASSERT_FALSE(br.empty());
  std::string decoded(body.size() + 100, '\0');
  std::size_t size = decoded.size();
  ASSERT_EQ(BrotliDecoderDecompress(br.size(), reinterpret_cast<const uint8_t*>(br.data()), &size, reinterpret_cast<uint8_t*>(decoded.data())),
            BROTLI_DECODER_RESULT_SUCCESS);
  decoded.resize(size);
  EXPECT_EQ(decoded, body);
  EXPECT_LT(br.size(), body.size() / 4);
}

TEST(ResponseCache, AnEntryLastsWhileItsScopesAreUnchanged) {
  FakeVersions v;
  ResponseCache cache(64 << 20, std::chrono::seconds(60));
  EXPECT_EQ(cache.find("/a", v), nullptr);
  auto stamp = v.stamp();
  auto res = page(text_of(2000));
  res.cache_scopes = {"competition:7"};
  auto stored = cache.store("/a", res, {"teams", "competition:7"}, stamp);
  ASSERT_NE(cache.find("/a", v), nullptr);
  EXPECT_TRUE(stored->gzip && stored->brotli);
  v.change("pages");
  EXPECT_NE(cache.find("/a", v), nullptr) << "pages are not what /a shows";
  v.change("competition:7");
  EXPECT_EQ(cache.find("/a", v), nullptr);
  // Built before a change it did not see: stale from the start.
  auto old = v.stamp();
  v.change("teams");
  cache.store("/a", res, {"teams"}, old);
  EXPECT_EQ(cache.find("/a", v), nullptr);
  cache.store("/a", res, {"teams"}, v.stamp());
  EXPECT_NE(cache.find("/a", v), nullptr);
  EXPECT_EQ(cache.hits(), 3u);
}

TEST(ResponseCache, AnEntryExpiresWithItsTimeToLive) {
  FakeVersions v;
  ResponseCache cache(1 << 20, std::chrono::seconds(0));
  cache.store("/clock", page("<p>opens in a minute</p>"), {"competitions"}, v.stamp());
  EXPECT_EQ(cache.find("/clock", v), nullptr);
}

TEST(ResponseCache, StaysWithinItsSizeAndKeepsTheRecentlyUsed) {
  FakeVersions v;
  const std::size_t max = 4 << 20;
  ResponseCache cache(max, std::chrono::seconds(60));
  auto body = page(text_of(20000));
  for (int i = 0; i < 2000; ++i) {
    cache.store("/page/" + std::to_string(i), body, {"pages"}, v.stamp());
    cache.find("/page/0", v);  // read all along: kept
    EXPECT_LE(cache.bytes(), max);
  }
  EXPECT_NE(cache.find("/page/0", v), nullptr);
  EXPECT_EQ(cache.find("/page/1", v), nullptr);
  EXPECT_NE(cache.find("/page/1999", v), nullptr);
}

// Sixteen readers miss one page at once: one renders, the others wait for it and are served
// what it stored; a reader that comes after a change the render did not see renders again.
TEST(ResponseCache, MissesOfOnePageRenderOnceAtATime) {
  FakeVersions v;
  ResponseCache cache(64 << 20, std::chrono::seconds(60));
  std::atomic<int> renders{0}, served{0};
  auto read = [&] {
    if (cache.find("/board", v)) return ++served, void();
    for (int round = 0; round < 3; ++round) {
      if (cache.lead_render("/board", std::chrono::milliseconds(2000))) {
        auto stamp = v.stamp();
        ++renders;
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // rendering
        cache.store("/board", page("<p>board</p>"), {"teams"}, stamp);
        cache.rendered("/board");
        return ++served, void();
      }
      if (cache.find("/board", v)) return ++served, void();
    }
    ADD_FAILURE() << "never served";
  };
  std::vector<std::thread> readers;
  for (int i = 0; i < 16; ++i) readers.emplace_back(read);
  for (auto& t : readers) t.join();
  EXPECT_EQ(renders.load(), 1);
  EXPECT_EQ(served.load(), 16);
  // A change while a render is in flight: a reader waiting on it must not get that render.
  v.change("teams");
  ASSERT_TRUE(cache.lead_render("/board", std::chrono::milliseconds(0)));
  auto before = v.stamp();
  std::thread waiter([&] {
    EXPECT_FALSE(cache.lead_render("/board", std::chrono::milliseconds(2000)));
    EXPECT_EQ(cache.find("/board", v), nullptr) << "rendered before a change the waiter came after";
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  v.change("teams");  // commits while the render is in flight
  cache.store("/board", page("<p>old board</p>"), {"teams"}, before);
  cache.rendered("/board");
  waiter.join();
}

TEST(ResponseCache, SharesOnlySuccessfulTextWithoutCookies) {
  EXPECT_TRUE(is_shareable(Response::html("x")));
  EXPECT_TRUE(is_shareable(Response::json("{}")));
  EXPECT_FALSE(is_shareable(Response::html("x", 404)));
  auto with_cookie = Response::html("x");
  with_cookie.set_cookie("lang", "en", 10, false, false);
  EXPECT_FALSE(is_shareable(with_cookie));
  EXPECT_FALSE(is_shareable(Response::text("png", 200, "image/png")));
}

}  // namespace aigc
