// Secrets: Argon2id password hashes, random tokens, token digests and constant-time
// comparison (libsodium). init_crypto() must run once before any other call.
#pragma once

#include <string>
#include <string_view>

namespace aigc {

void init_crypto();
// Argon2id in libsodium's self-describing string format. Throws only if memory runs out.
std::string hash_password(std::string_view password);
bool verify_password(const std::string& stored_hash, std::string_view password);
// URL-safe random token of `bytes` random bytes (no padding).
std::string random_token(std::size_t bytes = 32);
// Hex BLAKE2b digest: what we store instead of a session or API token.
std::string token_digest(std::string_view token);
bool constant_time_equals(std::string_view a, std::string_view b);
std::string hex_encode(std::string_view bytes);

}  // namespace aigc
