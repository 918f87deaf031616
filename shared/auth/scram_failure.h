// Why a SCRAM exchange failed, in enough detail for the session to build PostgreSQL's error.
//
// Produced by ScramExchange (worker connection thread) and turned into the FATAL
// ErrorResponse that ends the connection. Plain value; the session owns it.
#pragma once

#include <string>
#include <string_view>

#include "shared/errors/sql_error.h"

namespace sb::auth {

enum class ScramFailureKind {
  kProtocolViolation,  // 08P01: malformed message, bad channel binding, nonce mismatch, misuse
  kUnsupported,        // 0A000: authzid, mandatory extensions
  kWrongPassword,      // 28P01: well-formed exchange whose proof does not verify
};

struct ScramFailure {
  ScramFailureKind kind = ScramFailureKind::kProtocolViolation;
  std::string message;  // PostgreSQL's errmsg; unused for kWrongPassword (needs the user name)
  std::string detail;   // PostgreSQL's errdetail, may be empty

  // The error PostgreSQL would send, severity FATAL. `user` is the startup-packet user name,
  // needed for 28P01 `password authentication failed for user "x"`.
  SqlError ToSqlError(std::string_view user) const;
};

// The 28P01 error every password method (SCRAM, md5, cleartext) reports on a wrong password.
SqlError PasswordAuthenticationFailed(std::string_view user);

}  // namespace sb::auth
