// Helpers shared by the sb_storage unit tests: a private temporary directory and SqlError
// expectations.
#pragma once

#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <string_view>

#include "shared/errors/sql_error.h"

namespace sb::storage::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(std::string_view name) const { return path_ + "/" + std::string(name); }

 private:
  std::string path_;
};

// Names of the entries of a directory, sorted.
std::vector<std::string> ListDirectory(const std::string& path);

// Runs `body`, expects a SqlError with `state`, returns its message ("" if none was thrown).
std::string ExpectSqlError(SqlState state, const std::function<void()>& body);

}  // namespace sb::storage::testing
