#include "shared/auth/crypto_primitives.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <climits>

#include "shared/errors/sql_error.h"

namespace sb::auth {
namespace {

[[noreturn]] void Fail(std::string_view what) {
  ThrowSqlError(SqlState::kInternalError, "{} failed", what);
}

void CheckIntSize(std::size_t size, std::string_view what) {
  if (size > static_cast<std::size_t>(INT_MAX)) Fail(what);
}

}  // namespace

std::span<const std::uint8_t> AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

Sha256Digest Sha256(std::span<const std::uint8_t> data) {
  Sha256Digest digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr) != 1 ||
      length != digest.size()) {
    Fail("SHA-256");
  }
  return digest;
}

Sha256Digest HmacSha256(std::span<const std::uint8_t> key, std::span<const std::uint8_t> data) {
  CheckIntSize(key.size(), "HMAC-SHA-256");
  Sha256Digest digest{};
  unsigned int length = 0;
  // A zero-length key must still be a valid pointer for OpenSSL.
  static const std::uint8_t kEmpty = 0;
  const std::uint8_t* key_ptr = key.empty() ? &kEmpty : key.data();
  if (HMAC(EVP_sha256(), key_ptr, static_cast<int>(key.size()), data.data(), data.size(),
           digest.data(), &length) == nullptr ||
      length != digest.size()) {
    Fail("HMAC-SHA-256");
  }
  return digest;
}

Sha256Digest Pbkdf2Sha256(std::string_view password, std::span<const std::uint8_t> salt,
                          int iterations) {
  if (iterations <= 0) Fail("PBKDF2 (iteration count)");
  CheckIntSize(password.size(), "PBKDF2");
  CheckIntSize(salt.size(), "PBKDF2");
  Sha256Digest digest{};
  static const char kEmptyPassword = 0;
  static const std::uint8_t kEmptySalt = 0;
  if (PKCS5_PBKDF2_HMAC(password.empty() ? &kEmptyPassword : password.data(),
                        static_cast<int>(password.size()), salt.empty() ? &kEmptySalt : salt.data(),
                        static_cast<int>(salt.size()), iterations, EVP_sha256(),
                        static_cast<int>(digest.size()), digest.data()) != 1) {
    Fail("PBKDF2");
  }
  return digest;
}

std::string Md5Hex(std::string_view data) {
  std::array<std::uint8_t, 16> digest{};
  unsigned int length = 0;
  if (EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_md5(), nullptr) != 1 ||
      length != digest.size()) {
    Fail("MD5");
  }
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string out;
  out.reserve(32);
  for (std::uint8_t byte : digest) {
    out.push_back(kHex[byte >> 4]);
    out.push_back(kHex[byte & 0x0F]);
  }
  return out;
}

}  // namespace sb::auth
