// Test fixture for FileWatcher: a temporary data directory with one database ("app"), its
// `_schema/` folder and one table folder ("users"), an io_context the test drives by hand,
// and the changes and rescan requests the watcher delivered. Single-threaded, like the
// coordinator's event loop.
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "coordinator/file_watcher.h"
#include "shared/asio/asio.h"

namespace sb::coordinator::testing {

using namespace std::chrono_literals;

class WatcherTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Creates and starts the watcher on root().
  void StartWatcher(FileWatcherOptions options = {});

  const std::string& root() const { return root_; }
  const std::string& scratch() const { return scratch_; }  // outside the data root
  std::string Path(std::string_view relative) const { return root_ + "/" + std::string(relative); }

  // Runs the event loop until `done` holds or `timeout` passes; returns done().
  bool RunUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout = 10s);
  // Runs the event loop for `duration`, so late (unexpected) reports get a chance to arrive.
  void RunFor(std::chrono::milliseconds duration);
  // Waits for at least `count` changes, lets 150 ms more pass, and returns (and forgets)
  // everything delivered so far.
  std::vector<FileChange> Collect(size_t count, std::chrono::milliseconds timeout = 10s);

  // Changes delivered for `path`, in order.
  std::vector<FileChange> For(const std::vector<FileChange>& changes,
                              const std::string& path) const;

  asio::io_context io_;
  std::unique_ptr<FileWatcher> watcher_;
  std::vector<FileChange> changes_;
  std::vector<std::string> rescans_;
  size_t batches_ = 0;
  std::function<void()> on_batch_;  // runs inside the change callback when set

 private:
  std::string base_;
  std::string root_;
  std::string scratch_;
};

// Truncates (or creates) and writes, like shell redirection or an editor saving in place.
// "path (kind, removed)" lines, for failure messages.
std::string Describe(const std::vector<FileChange>& changes);

void WriteFile(const std::string& path, std::string_view contents);
void MakeDir(const std::string& path);
void Rename(const std::string& from, const std::string& to);
void Remove(const std::string& path);

}  // namespace sb::coordinator::testing
