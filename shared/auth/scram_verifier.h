// SCRAM-SHA-256 verifier: what the server keeps instead of the password (RFC 5802 §3).
//
// Built once from the configured plaintext password (at worker start or config reload) and
// then shared read-only by every ScramExchange, so one PBKDF2 run serves all connections.
// The text form is PostgreSQL's pg_authid.rolpassword format, so a verifier made by
// PostgreSQL (or by FormatScramVerifier) can be pasted into a config file.
//
// Password normalisation: PostgreSQL runs SASLprep and falls back to the raw bytes when that
// fails. We do not implement SASLprep (it needs Unicode NFKC tables): ASCII passwords are used
// as-is, which is exactly what SASLprep does to them; non-ASCII passwords are used as their raw
// bytes. That matches libpq whenever SASLprep would fail (invalid UTF-8, prohibited code points)
// or would leave the string unchanged (already-NFKC text without mapped characters). Passwords
// that SASLprep would rewrite (decomposed accents, compatibility characters such as ligatures or
// full-width letters, non-ASCII spaces, soft hyphens, zero-width characters) will not match a
// SASLprep-ing client over SCRAM; md5 and cleartext are unaffected.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shared/auth/crypto_primitives.h"
#include "shared/auth/random_bytes.h"

namespace sb::auth {

inline constexpr int kScramIterations = 4096;
inline constexpr std::size_t kScramSaltLength = 16;

struct ScramVerifier {
  std::vector<std::uint8_t> salt;
  int iterations = kScramIterations;
  Sha256Digest stored_key{};  // H(HMAC(SaltedPassword, "Client Key"))
  Sha256Digest server_key{};  // HMAC(SaltedPassword, "Server Key")
};

// The bytes the SCRAM keys are derived from (see the file comment on SASLprep).
std::string_view PrepareScramPassword(std::string_view password);

// Fresh 16-byte salt from `random`, 4096 iterations.
ScramVerifier MakeScramVerifier(std::string_view password,
                                const RandomBytesFn& random = SecureRandomBytes);
// Deterministic form for test vectors and re-derivation. Throws SqlError
// (kInvalidParameterValue) for an empty salt or a non-positive iteration count.
ScramVerifier MakeScramVerifier(std::string_view password, std::span<const std::uint8_t> salt,
                                int iterations);

// "SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>", base64 fields (PostgreSQL 10+).
std::string FormatScramVerifier(const ScramVerifier& verifier);
// std::nullopt unless `text` is exactly that form with 32-byte keys and iterations >= 1.
std::optional<ScramVerifier> ParseScramVerifier(std::string_view text);

// For cleartext authentication when only a verifier is configured: re-derives ServerKey from
// `password` with the verifier's salt and compares in constant time.
bool CheckPasswordAgainstScramVerifier(const ScramVerifier& verifier, std::string_view password);

}  // namespace sb::auth
