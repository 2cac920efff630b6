#include "domain/events/ticket_token.hpp"

#include <sodium.h>

#include <stdexcept>

#include "core/clock.hpp"
#include "core/crypto.hpp"
#include "core/text.hpp"

namespace aigc {

namespace {

std::string b64url(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::strlen(out.c_str()));
  return out;
}

std::optional<std::string> unb64url(std::string_view text, std::size_t max) {
  std::string out(max, '\0');
  std::size_t len = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr, &len, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0)
    return std::nullopt;
  out.resize(len);
  return out;
}

std::string load_seed(Database& db) {
  return db.in_transaction([&](soci::session& sql) -> Result<std::string> {
    std::string seed_hex;
    soci::indicator ind = soci::i_null;
    sql << "SELECT secret FROM site_keys WHERE name = 'tickets'", soci::into(seed_hex, ind);
    if (ind == soci::i_ok) return seed_hex;
    unsigned char seed[crypto_sign_SEEDBYTES];
    randombytes_buf(seed, sizeof seed);
    seed_hex = hex_encode(std::string_view(reinterpret_cast<const char*>(seed), sizeof seed));
    long long now = now_utc();
    sql << "INSERT INTO site_keys (name, secret, created_at) VALUES ('tickets', :s, :t) ON CONFLICT (name) DO NOTHING", soci::use(seed_hex),
        soci::use(now);
    sql << "SELECT secret FROM site_keys WHERE name = 'tickets'", soci::into(seed_hex);
    return seed_hex;
  }).value();
}

}  // namespace

TicketSigner::TicketSigner(Database& db) {
  const std::string seed_hex = load_seed(db);
  unsigned char seed[crypto_sign_SEEDBYTES];
  std::size_t len = 0;
  if (sodium_hex2bin(seed, sizeof seed, seed_hex.data(), seed_hex.size(), nullptr, &len, nullptr) != 0 || len != sizeof seed)
    throw std::runtime_error("site_keys.tickets is not a 32-byte hex seed");
  public_key_.resize(crypto_sign_PUBLICKEYBYTES);
  secret_key_.resize(crypto_sign_SECRETKEYBYTES);
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(public_key_.data()), reinterpret_cast<unsigned char*>(secret_key_.data()), seed);
  sodium_memzero(seed, sizeof seed);
}

std::string TicketSigner::sign(const TicketClaim& c, char kind) const {
  const std::string payload = std::to_string(c.event_id) + "." + std::to_string(c.registration_id) + "." + std::to_string(c.member_id);
  const std::string prefix = std::string(1, kind) + "1.", signed_text = prefix + payload;
  unsigned char sig[crypto_sign_BYTES];
  crypto_sign_detached(sig, nullptr, reinterpret_cast<const unsigned char*>(signed_text.data()), signed_text.size(),
                       reinterpret_cast<const unsigned char*>(secret_key_.data()));
  return prefix + b64url(payload) + "." + b64url(std::string_view(reinterpret_cast<const char*>(sig), sizeof sig));
}

std::optional<TicketClaim> TicketSigner::verify(const std::string& raw, char kind) const {
  const std::string token = trim(raw), prefix = std::string(1, kind) + "1.";
  if (token.size() > 300 || token.rfind(prefix, 0) != 0) return std::nullopt;
  auto dot = token.find('.', 3);
  if (dot == std::string::npos) return std::nullopt;
  auto payload = unb64url(std::string_view(token).substr(3, dot - 3), 100);
  auto sig = unb64url(std::string_view(token).substr(dot + 1), crypto_sign_BYTES);
  if (!payload || !sig || sig->size() != crypto_sign_BYTES) return std::nullopt;
  const std::string signed_text = prefix + *payload;
  if (crypto_sign_verify_detached(reinterpret_cast<const unsigned char*>(sig->data()), reinterpret_cast<const unsigned char*>(signed_text.data()),
                                  signed_text.size(), reinterpret_cast<const unsigned char*>(public_key_.data())) != 0)
    return std::nullopt;
  auto parts = split(*payload, '.');
  TicketClaim c;
  if (parts.size() != 3 || !parse_int(parts[0], c.event_id) || !parse_int(parts[1], c.registration_id) || !parse_int(parts[2], c.member_id))
    return std::nullopt;
  return c;
}

std::string TicketSigner::public_key() const { return b64url(public_key_); }

}  // namespace aigc
