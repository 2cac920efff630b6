#include "web/response_cache.hpp"

#include <brotli/encode.h>
#include <zlib.h>

#include <algorithm>
#include <functional>

#include "core/crypto.hpp"
#include "core/text.hpp"

namespace aigc {

namespace {

bool equals_ci(std::string_view a, std::string_view b) {
  return a.size() == b.size() && starts_with_ci(a, b);
}

std::string to_lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c);
  return s;
}

// Below this a compressed body saves less than its headers cost.
constexpr std::size_t kMinCompress = 512;

bool is_text(const std::string& type) {
  return type.rfind("text/", 0) == 0 || type.rfind("application/json", 0) == 0 || type.rfind("application/atom+xml", 0) == 0 ||
         type.rfind("application/xml", 0) == 0 || type.rfind("image/svg+xml", 0) == 0 || type.rfind("application/javascript", 0) == 0;
}

}  // namespace

std::string gzip_compress(const std::string& text) {
  z_stream z{};
  // 15 window bits + 16: a gzip wrapper, as Content-Encoding: gzip means.
  if (deflateInit2(&z, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return {};
  std::string out(deflateBound(&z, text.size()), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  z.avail_in = static_cast<uInt>(text.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return rc == Z_STREAM_END ? out : std::string();
}

std::string brotli_compress(const std::string& text) {
  std::size_t size = BrotliEncoderMaxCompressedSize(text.size());
  if (size == 0) return {};
  std::string out(size, '\0');
  // Quality 5: about gzip -9's size at gzip -6's speed; a busy board is compressed on every change.
  if (!BrotliEncoderCompress(5, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT, text.size(), reinterpret_cast<const uint8_t*>(text.data()),
                             &size, reinterpret_cast<uint8_t*>(out.data())))
    return {};
  out.resize(size);
  return out;
}

bool ResponseCache::lead_render(const std::string& key, std::chrono::milliseconds patience) const {
  std::unique_lock lock(flights_mutex_);
  auto [it, fresh] = flights_.try_emplace(key);
  if (fresh) {
    it->second = std::make_shared<Flight>();
    return true;
  }
  auto flight = it->second;
  flight->cv.wait_for(lock, patience, [&] { return flight->done; });
  return false;
}

void ResponseCache::rendered(const std::string& key) const {
  std::shared_ptr<Flight> flight;
  {
    std::lock_guard lock(flights_mutex_);
    auto it = flights_.find(key);
    if (it == flights_.end()) return;
    flight = std::move(it->second);
    flights_.erase(it);
    flight->done = true;
  }
  flight->cv.notify_all();
}

bool is_shareable(const Response& res) {
  if (res.status != 200 || res.stream) return false;
  bool typed = false;
  for (const auto& [name, value] : res.headers) {
    if (equals_ci(name, "set-cookie")) return false;
    if (equals_ci(name, "content-type")) typed = is_text(value);
  }
  return typed;
}

std::string choose_encoding(const std::string& accept_encoding) {
  bool br = false, gzip = false;
  for (auto item : split(accept_encoding, ',')) {
    auto parts = split(item, ';');
    auto coding = to_lower(trim(parts[0]));
    bool refused = false;
    for (std::size_t i = 1; i < parts.size(); ++i) {
      auto p = trim(parts[i]);
      if (starts_with_ci(p, "q=")) {
        auto q = p.substr(2);
        refused = !q.empty() && q.find_first_not_of("0.") == std::string::npos;  // q=0, q=0.0, q=0.000
      }
    }
    if (refused) continue;
    if (coding == "br") br = true;
    else if (coding == "gzip" || coding == "x-gzip") gzip = true;
    else if (coding == "*") br = gzip = true;
  }
  return br ? "br" : gzip ? "gzip" : "";
}

bool etag_matches(const std::string& if_none_match, const std::string& etag) {
  if (if_none_match.empty()) return false;
  auto strip = [](std::string s) {
    s = trim(s);
    if (s.rfind("W/", 0) == 0) s.erase(0, 2);
    return s;
  };
  auto mine = strip(etag);
  for (const auto& item : split(if_none_match, ',')) {
    auto theirs = strip(item);
    if (theirs == "*" || theirs == mine) return true;
  }
  return false;
}

Response from_cache(const CachedResponse& e, const Request& req, bool hit) {
  Response res;
  res.status = e.status;
  for (const auto& h : e.headers) res.headers.push_back(h);
  res.header("ETag", e.etag);
  // The same address shows another language, zone or person by these.
  res.header("Vary", req.via_api_token ? "Accept-Encoding, Accept-Language, Cookie, Authorization"
                                       : "Accept-Encoding, Accept-Language, Cookie");
  // A member's page is theirs: no shared cache on the way may keep it.
  res.header("Cache-Control", req.member ? "private, no-cache" : "no-cache");
  res.header("X-Cache", hit ? "hit" : "miss");
  if (etag_matches(req.header("if-none-match"), e.etag)) {
    res.status = 304;
    res.headers.erase(std::remove_if(res.headers.begin(), res.headers.end(),
                                     [](const auto& h) { return equals_ci(h.first, "content-type"); }),
                      res.headers.end());
    return res;
  }
  auto encoding = choose_encoding(req.header("accept-encoding"));
  if (encoding == "br" && e.brotli) {
    res.shared_body = e.brotli;
    res.header("Content-Encoding", "br");
  } else if (!encoding.empty() && e.gzip) {
    res.shared_body = e.gzip;
    res.header("Content-Encoding", "gzip");
  } else {
    res.shared_body = e.plain;
  }
  return res;
}

ResponseCache::Shard& ResponseCache::shard_of(const std::string& key) const {
  return shards_[std::hash<std::string>{}(key) % kShards];
}

std::shared_ptr<const CachedResponse> ResponseCache::find(const std::string& key, const TableVersions& versions) const {
  std::shared_ptr<const CachedResponse> e;
  {
    auto& s = shard_of(key);
    std::lock_guard g(s.mutex);
    auto it = s.entries.find(key);
    if (it != s.entries.end()) e = it->second;
  }
  if (!e || std::chrono::steady_clock::now() >= e->expires || !versions.unchanged_since(e->scopes, e->stamp)) {
    ++misses_;
    return nullptr;
  }
  e->last_used = ++clock_;
  ++hits_;
  return e;
}

std::shared_ptr<const CachedResponse> ResponseCache::store(const std::string& key, const Response& res, std::vector<std::string> scopes,
                                                           std::uint64_t stamp) {
  auto e = std::make_shared<CachedResponse>();
  e->status = res.status;
  for (const auto& h : res.headers)
    if (!equals_ci(h.first, "cache-control")) e->headers.push_back(h);
  std::stable_partition(e->headers.begin(), e->headers.end(), [](const auto& h) { return equals_ci(h.first, "content-type"); });
  const std::string& body = res.shared_body ? *res.shared_body : res.body;
  e->plain = res.shared_body ? res.shared_body : std::make_shared<const std::string>(body);
  e->etag = "W/\"" + token_digest(body).substr(0, 24) + "\"";
  if (body.size() >= kMinCompress) {
    if (auto z = gzip_compress(body); !z.empty() && z.size() < body.size()) e->gzip = std::make_shared<const std::string>(std::move(z));
    if (auto b = brotli_compress(body); !b.empty() && b.size() < body.size()) e->brotli = std::make_shared<const std::string>(std::move(b));
  }
  std::sort(scopes.begin(), scopes.end());
  scopes.erase(std::unique(scopes.begin(), scopes.end()), scopes.end());
  e->scopes = std::move(scopes);
  e->stamp = stamp;
  e->expires = std::chrono::steady_clock::now() + ttl_;
  e->bytes = key.size() + e->plain->size() + (e->gzip ? e->gzip->size() : 0) + (e->brotli ? e->brotli->size() : 0) + 256;
  e->last_used = ++clock_;
  if (e->bytes > max_bytes_ / kShards) return e;  // served once, never kept: it would push out everything else
  auto& s = shard_of(key);
  std::lock_guard g(s.mutex);
  auto [it, inserted] = s.entries.try_emplace(key, e);
  if (!inserted) {
    s.bytes -= it->second->bytes;
    total_bytes_ -= it->second->bytes;
    it->second = e;
  }
  s.bytes += e->bytes;
  total_bytes_ += e->bytes;
  if (s.bytes > max_bytes_ / kShards) evict(s, max_bytes_ / kShards * 3 / 4);
  return e;
}

// Drops the least recently used entries until the shard fits `budget`: a rare sweep of one
// shard, instead of a list to relink on every hit.
void ResponseCache::evict(Shard& s, std::size_t budget) {
  std::vector<std::pair<std::uint64_t, std::string>> order;
  order.reserve(s.entries.size());
  for (const auto& [k, e] : s.entries) order.emplace_back(e->last_used.load(), k);
  std::sort(order.begin(), order.end());
  for (const auto& [used, k] : order) {
    if (s.bytes <= budget) break;
    auto it = s.entries.find(k);
    s.bytes -= it->second->bytes;
    total_bytes_ -= it->second->bytes;
    s.entries.erase(it);
  }
}

}  // namespace aigc
