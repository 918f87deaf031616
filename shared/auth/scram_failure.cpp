#include "shared/auth/scram_failure.h"

namespace sb::auth {

SqlError ScramFailure::ToSqlError(std::string_view user) const {
  if (kind == ScramFailureKind::kWrongPassword) return PasswordAuthenticationFailed(user);
  SqlState state = kind == ScramFailureKind::kUnsupported ? SqlState::kFeatureNotSupported
                                                          : SqlState::kProtocolViolation;
  SqlError error(state, message);
  error.WithSeverity(Severity::kFatal);
  if (!detail.empty()) error.WithDetail(detail);
  return error;
}

SqlError PasswordAuthenticationFailed(std::string_view user) {
  SqlError error(SqlState::kInvalidPassword,
                 fmt::format("password authentication failed for user \"{}\"", user));
  error.WithSeverity(Severity::kFatal);
  return error;
}

}  // namespace sb::auth
