#include "core/crypto.hpp"

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

#include <sodium.h>

namespace aigc {

void init_crypto() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium failed to initialize");
}

std::string hash_password(std::string_view password) {
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    throw std::runtime_error("out of memory while hashing a password");
  return out;
}

bool verify_password(const std::string& stored_hash, std::string_view password) {
  if (stored_hash.empty() || stored_hash[0] != '$') return false;  // locked or seeded account
  return crypto_pwhash_str_verify(stored_hash.c_str(), password.data(), password.size()) == 0;
}

bool verify_dummy_password(std::string_view password) {
  static const std::string dummy = hash_password(random_token(24));
  (void)verify_password(dummy, password);
  return false;
}

namespace {

struct Slots {
  std::mutex mu;
  std::condition_variable freed;
  int capacity = std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
  int used = 0;
  int waiting = 0;
};

Slots& slots() {
  static Slots s;
  return s;
}

}  // namespace

void HashSlot::set_slots(int n) {
  std::lock_guard lock(slots().mu);
  slots().capacity = std::max(1, n);
}

std::optional<HashSlot> HashSlot::acquire(std::chrono::milliseconds wait) {
  auto& s = slots();
  std::unique_lock lock(s.mu);
  // As many may wait as may hash; beyond that the answer is "busy" at once, so hashing and
  // waiting together never hold more than twice `capacity` threads.
  if (s.used >= s.capacity && s.waiting >= s.capacity) return std::nullopt;
  ++s.waiting;
  bool free = s.freed.wait_for(lock, wait, [&] { return s.used < s.capacity; });
  --s.waiting;
  if (!free) return std::nullopt;
  ++s.used;
  return HashSlot();
}

HashSlot::~HashSlot() {
  if (!held_) return;
  auto& s = slots();
  {
    std::lock_guard lock(s.mu);
    --s.used;
  }
  s.freed.notify_one();
}

std::string random_token(std::size_t bytes) {
  std::vector<unsigned char> buf(bytes);
  randombytes_buf(buf.data(), buf.size());
  std::string out(sodium_base64_ENCODED_LEN(bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), buf.data(), buf.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string hex_encode(std::string_view bytes) {
  std::string out(bytes.size() * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  out.pop_back();
  return out;
}

std::string base64_encode(std::string_view bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::string token_digest(std::string_view token) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(token.data()), token.size(),
                     nullptr, 0);
  return hex_encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof digest));
}

bool constant_time_equals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace aigc
