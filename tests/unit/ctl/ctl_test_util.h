// Helpers shared by the smarterbase-ctl unit tests: a private data directory that tests fill
// with schema files and documents, and SqlError expectations.
#pragma once

#include <functional>
#include <string>
#include <string_view>

#include "shared/errors/sql_error.h"
#include "shared/types/value.h"

namespace sb::ctl::testing {

class TempDataDir {
 public:
  TempDataDir();
  ~TempDataDir();
  TempDataDir(const TempDataDir&) = delete;
  TempDataDir& operator=(const TempDataDir&) = delete;

  const std::string& root() const { return root_; }
  std::string Path(std::string_view relative) const { return root_ + "/" + std::string(relative); }
  // Writes `text` to root/relative, creating folders on the way.
  void Write(std::string_view relative, std::string_view text) const;
  void MakeDir(std::string_view relative) const;

 private:
  std::string root_;
};

// Runs `body`, expects a SqlError with `state`, returns its message ("" if none was thrown).
std::string ExpectSqlError(SqlState state, const std::function<void()>& body);

// A value parsed from PostgreSQL text input, for building test rows.
types::Value Parse(types::Oid type, std::string_view text, int32_t typmod = -1);

}  // namespace sb::ctl::testing
