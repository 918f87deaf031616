// PostgreSQL's md5 password scheme (AuthenticationMD5Password).
//
// The worker sends a random 4-byte salt; the client answers
// "md5" + md5hex(md5hex(password + user) + salt). Used by the worker's authentication step on
// any thread; no state. md5 is weak and exists only for old clients: prefer SCRAM.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "shared/auth/random_bytes.h"

namespace sb::auth {

using Md5Salt = std::array<std::uint8_t, 4>;

Md5Salt MakeMd5Salt(const RandomBytesFn& random = SecureRandomBytes);

// The form PostgreSQL stores in pg_authid: "md5" + md5hex(password + user).
std::string Md5PasswordHash(std::string_view password, std::string_view user);

// What a correct client sends for this salt (35 characters, lowercase hex).
std::string Md5SaltedResponse(std::string_view password, std::string_view user,
                              const Md5Salt& salt);

// True when `response` is exactly the expected answer; constant-time in its contents.
bool CheckMd5Response(std::string_view password, std::string_view user, const Md5Salt& salt,
                      std::string_view response);

}  // namespace sb::auth
