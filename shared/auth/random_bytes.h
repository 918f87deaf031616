// Source of cryptographic randomness for salts and nonces.
//
// Authentication code takes a RandomBytesFn instead of calling OpenSSL directly so tests can
// replay the fixed salts and nonces of published test vectors. Production code passes
// SecureRandomBytes (OpenSSL's CSPRNG, safe to call from any thread).
#pragma once

#include <cstdint>
#include <functional>
#include <span>

namespace sb::auth {

// Fills `out` completely.
using RandomBytesFn = std::function<void(std::span<std::uint8_t> out)>;

// Throws SqlError(kInternalError) if the CSPRNG cannot deliver; a guessable salt or nonce
// would be worse than refusing the connection.
void SecureRandomBytes(std::span<std::uint8_t> out);

}  // namespace sb::auth
