// Thin wrappers over OpenSSL's one-shot digests, HMAC and PBKDF2 used by SCRAM and md5 auth.
//
// Stateless and thread-safe; any worker thread may call them. A failing OpenSSL call (which
// only happens on allocation failure or a crippled provider) throws SqlError(kInternalError).
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace sb::auth {

inline constexpr std::size_t kSha256Length = 32;
using Sha256Digest = std::array<std::uint8_t, kSha256Length>;

std::span<const std::uint8_t> AsBytes(std::string_view text);

Sha256Digest Sha256(std::span<const std::uint8_t> data);
Sha256Digest HmacSha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data);
// RFC 5802's Hi(): PBKDF2 with HMAC-SHA-256 and a 32-byte output. `iterations` must be > 0.
Sha256Digest Pbkdf2Sha256(std::string_view password, std::span<const std::uint8_t> salt,
                          int iterations);

// Lowercase hex of the MD5 digest of `data` (32 characters).
std::string Md5Hex(std::string_view data);

}  // namespace sb::auth
