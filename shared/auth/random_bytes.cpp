#include "shared/auth/random_bytes.h"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>

#include "shared/errors/sql_error.h"

namespace sb::auth {

void SecureRandomBytes(std::span<std::uint8_t> out) {
  while (!out.empty()) {
    std::size_t chunk = std::min<std::size_t>(out.size(), INT_MAX);
    if (RAND_bytes(out.data(), static_cast<int>(chunk)) != 1) {
      throw SqlError(SqlState::kInternalError, "could not generate random bytes");
    }
    out = out.subspan(chunk);
  }
}

}  // namespace sb::auth
