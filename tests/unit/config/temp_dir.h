// TempDir: a private directory for one test, removed (with its files) when it goes out of scope.
#pragma once

#include <string>
#include <string_view>

namespace sb::config::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // Writes `text` to <dir>/<name> and returns the full path.
  std::string Write(std::string_view name, std::string_view text) const;

 private:
  std::string path_;
};

}  // namespace sb::config::testing
