#include "shared/auth/password_check.h"

#include <openssl/crypto.h>

#include "shared/auth/crypto_primitives.h"

namespace sb::auth {

bool ConstantTimeEqual(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool ConstantTimeEqual(std::string_view a, std::string_view b) {
  return ConstantTimeEqual(AsBytes(a), AsBytes(b));
}

bool CheckCleartextPassword(std::string_view expected, std::string_view given) {
  Sha256Digest expected_digest = Sha256(AsBytes(expected));
  Sha256Digest given_digest = Sha256(AsBytes(given));
  return ConstantTimeEqual(expected_digest, given_digest);
}

}  // namespace sb::auth
