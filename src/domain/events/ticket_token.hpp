// The token a ticket's QR code carries: "T1.<payload>.<signature>", the payload naming the
// event, registration and member, signed with the site's Ed25519 ticket key (libsodium).
// A check-in device that holds the public key verifies a ticket without asking the server;
// the server still checks the registration's status when it records the check-in. The key
// lives in the database (site_keys), made on first use, so every process signs alike.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "store/database.hpp"

namespace aigc {

struct TicketClaim {
  std::int64_t event_id = 0, registration_id = 0, member_id = 0;
};

class TicketSigner {
 public:
  // Loads (or makes) the site's ticket key.
  explicit TicketSigner(Database& db);
  // `kind` 'T' (a ticket) or 'C' (an attendance certificate): it is signed with the claim,
  // so one kind of token never passes for the other.
  std::string sign(const TicketClaim& claim, char kind = 'T') const;
  // nullopt unless the token is well-formed, of `kind`, and signed by this site's key.
  std::optional<TicketClaim> verify(const std::string& token, char kind = 'T') const;
  // The public key, URL-safe base64 without padding, for check-in devices.
  std::string public_key() const;

 private:
  std::string public_key_, secret_key_;  // raw bytes
};

}  // namespace aigc
