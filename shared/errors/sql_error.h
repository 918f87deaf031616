// SqlError: the one exception type for errors that end a statement (or a connection).
//
// Thrown anywhere below the worker's statement loop and caught once per statement, where it
// becomes an ErrorResponse. Carries what an ErrorResponse carries: SQLSTATE, a short
// lowercase primary message, and optional detail, hint and 1-based cursor position.
// Expected outcomes (not found, would block) are return values, not SqlErrors.
#pragma once

#include <fmt/format.h>

#include <stdexcept>
#include <string>

#include "shared/errors/sqlstate.h"

namespace sb {

enum class Severity { kError, kFatal, kPanic, kWarning, kNotice, kDebug, kInfo, kLog };

// The severity word as PostgreSQL sends it in the 'S' and 'V' fields.
std::string_view SeverityWord(Severity severity);

class SqlError : public std::runtime_error {
 public:
  SqlError(SqlState state, std::string message)
      : std::runtime_error(std::move(message)), state_(state) {}

  SqlState state() const { return state_; }
  const std::string& detail() const { return detail_; }
  const std::string& hint() const { return hint_; }
  // 1-based character position in the statement text, 0 when unknown.
  int position() const { return position_; }
  Severity severity() const { return severity_; }

  SqlError& WithDetail(std::string detail) {
    detail_ = std::move(detail);
    return *this;
  }
  SqlError& WithHint(std::string hint) {
    hint_ = std::move(hint);
    return *this;
  }
  SqlError& WithPosition(int position) {
    position_ = position;
    return *this;
  }
  SqlError& WithSeverity(Severity severity) {
    severity_ = severity;
    return *this;
  }

 private:
  SqlState state_;
  std::string detail_;
  std::string hint_;
  int position_ = 0;
  Severity severity_ = Severity::kError;
};

// Shorthand: throw SqlError(state, fmt::format(...)).
template <typename... Args>
[[noreturn]] void ThrowSqlError(SqlState state, fmt::format_string<Args...> format,
                                Args&&... args) {
  throw SqlError(state, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace sb
