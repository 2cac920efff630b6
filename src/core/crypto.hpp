// Secrets: Argon2id password hashes, random tokens, token digests and constant-time
// comparison (libsodium). init_crypto() must run once before any other call.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace aigc {

void init_crypto();
// Argon2id in libsodium's self-describing string format. Throws only if memory runs out.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);
// Verifies against a fixed hash of a random password: as slow as verify_password, false.
// An unknown account costs what a known one does, so timing does not tell them apart.
bool verify_dummy_password(std::string_view password);

// A permit to run one password hash. At most `slots` hashes (Argon2id: ~0.2 s and 64 MiB
// each) run at once in this process (default: one per core), and as many callers may wait
// for one, so a flood of sign-ins cannot take every HTTP thread; a caller that finds the
// queue full, or no slot free within `wait`, gets nullopt and answers "busy".
class HashSlot {
 public:
  static void set_slots(int slots);
  static std::optional<HashSlot> acquire(std::chrono::milliseconds wait);
  HashSlot(HashSlot&& other) noexcept : held_(other.held_) { other.held_ = false; }
  HashSlot(const HashSlot&) = delete;
  HashSlot& operator=(const HashSlot&) = delete;
  HashSlot& operator=(HashSlot&&) = delete;
  ~HashSlot();

 private:
  HashSlot() = default;
  bool held_ = true;
};
// URL-safe random token of `bytes` random bytes (no padding).
std::string random_token(std::size_t bytes = 32);
// Hex BLAKE2b digest: what we store instead of a session or API token.
std::string token_digest(std::string_view token);
bool constant_time_equals(std::string_view a, std::string_view b);
std::string hex_encode(std::string_view bytes);
// Standard base64 with padding (RFC 4648 section 4), as MIME bodies and headers use it.
std::string base64_encode(std::string_view bytes);

}  // namespace aigc
