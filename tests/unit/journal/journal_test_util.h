// Helpers shared by the sb_journal unit tests: a private data root (with a sibling folder that
// must stay untouched) and small file utilities.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/errors/sql_error.h"
#include "shared/journal/journal_record.h"

namespace sb::journal::testing {

// <tmp>/sbjournal.XXXXXX/{root/.smarterbase/, outside/sentinel}; removed on destruction.
class Sandbox {
 public:
  Sandbox();
  ~Sandbox();
  Sandbox(const Sandbox&) = delete;
  Sandbox& operator=(const Sandbox&) = delete;

  const std::string& base() const { return base_; }
  const std::string& root() const { return root_; }
  const std::string& outside() const { return outside_; }
  std::string journal() const { return root_ + "/.smarterbase/journal"; }
  std::string File(std::string_view relative) const { return root_ + "/" + std::string(relative); }

  // Every entry below the root except ".smarterbase", as "path" (folders) or "path=content".
  std::vector<std::string> Tree() const;
  // True when outside/ still holds exactly the sentinel with its content, and nothing else
  // appeared beside root/ and outside/.
  bool OutsideUntouched() const;

 private:
  std::string base_;
  std::string root_;
  std::string outside_;
};

std::optional<std::string> ReadAll(const std::string& path);
void WriteAll(const std::string& path, std::string_view bytes);
uint64_t SizeOf(const std::string& path);
void FlipByte(const std::string& path, uint64_t offset);

// A journal file made by hand: a header with `salt`, then frames.
class CraftedJournal {
 public:
  explicit CraftedJournal(uint64_t salt = 0x1234);
  CraftedJournal& Commit(uint64_t id, std::vector<Record> records);
  CraftedJournal& Raw(std::string_view bytes);
  const std::string& bytes() const { return bytes_; }
  void WriteTo(const std::string& path) const { WriteAll(path, bytes_); }

 private:
  uint64_t salt_;
  std::string bytes_;
};

// Runs `body`, expects a SqlError with `state`, returns its message ("" if none was thrown).
std::string ExpectSqlError(SqlState state, const std::function<void()>& body);

}  // namespace sb::journal::testing
