// Timing-safe comparisons for secrets: cleartext passwords, md5 responses, SCRAM keys.
//
// Used by the worker's authentication step (any worker thread; no state). A plain == returns
// at the first differing byte, which lets a network attacker learn a secret byte by byte.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

namespace sb::auth {

// Constant time in the contents; only the lengths (compared first) may leak, which is fine for
// fixed-length digests and proofs.
bool ConstantTimeEqual(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b);
bool ConstantTimeEqual(std::string_view a, std::string_view b);

// Cleartext password authentication (AuthenticationCleartextPassword). Both sides are hashed
// first, so neither the contents nor the length of the configured password leak.
bool CheckCleartextPassword(std::string_view expected, std::string_view given);

}  // namespace sb::auth
