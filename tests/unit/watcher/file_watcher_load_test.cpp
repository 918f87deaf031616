// FileWatcher under load: a burst larger than the kernel's event queue ends in a rescan
// request (never in silent loss), and ten thousand changes go through in reasonable time.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <set>

#include "coordinator/file_watcher.h"
#include "tests/unit/watcher/watcher_fixture.h"

namespace sb::coordinator::testing {
namespace {

size_t MaxQueuedEvents() {
  std::ifstream in("/proc/sys/fs/inotify/max_queued_events");
  size_t value = 16384;
  in >> value;
  return value;
}

std::set<std::string> DocumentPaths(const std::vector<FileChange>& changes) {
  std::set<std::string> out;
  for (const FileChange& change : changes) {
    if (change.kind == storage::DataPathKind::kDocument && !change.removed) out.insert(change.path);
  }
  return out;
}

TEST_F(WatcherTest, QueueOverflowAsksForARescan) {
  StartWatcher();
  const size_t queue = MaxQueuedEvents();
  // Every file queues at least IN_CREATE and IN_CLOSE_WRITE, so more files than the queue
  // holds events overflows it for sure while the loop is not running.
  const size_t files = std::min<size_t>(std::max<size_t>(20000, queue + 1000), 400000);
  for (size_t i = 0; i < files; ++i) {
    WriteFile(Path("app/users/" + std::to_string(i) + ".json"), "{}");
  }
  auto start = std::chrono::steady_clock::now();
  bool settled =
      RunUntil([&] { return !rescans_.empty() || DocumentPaths(changes_).size() == files; }, 120s);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(settled);
  std::printf(
      "[ overflow ] %zu files, queue %zu: %llu events read, %llu overflow(s), %zu "
      "rescan(s), %zu documents reported, %.1f ms\n",
      files, queue, static_cast<unsigned long long>(watcher_->stats().events),
      static_cast<unsigned long long>(watcher_->stats().overflows), rescans_.size(),
      DocumentPaths(changes_).size(), std::chrono::duration<double, std::milli>(elapsed).count());
  if (files > queue) {
    EXPECT_GT(watcher_->stats().overflows, 0u);
  }
  if (watcher_->stats().overflows > 0) {
    ASSERT_FALSE(rescans_.empty());
    EXPECT_NE(rescans_[0].find("overflow"), std::string::npos) << rescans_[0];
  }

  // Still watching afterwards.
  RunFor(100ms);
  changes_.clear();
  WriteFile(Path("app/users/after.json"), "{}");
  ASSERT_TRUE(
      RunUntil([&] { return DocumentPaths(changes_).contains(Path("app/users/after.json")); }));
}

TEST_F(WatcherTest, TenThousandChangesInReasonableTime) {
  StartWatcher();
  constexpr size_t kFiles = 10000;
  auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < kFiles; ++i) {
    WriteFile(Path("app/users/" + std::to_string(i) + ".json"), "{\"id\": 1}\n");
    if (i % 500 == 499) io_.poll();  // keep the kernel queue from overflowing
  }
  bool done =
      RunUntil([&] { return !rescans_.empty() || DocumentPaths(changes_).size() == kFiles; }, 120s);
  auto elapsed = std::chrono::steady_clock::now() - start;
  ASSERT_TRUE(done);
  std::printf(
      "[ throughput ] %zu files written and reported: %llu events in %zu batches, %.1f ms\n",
      kFiles, static_cast<unsigned long long>(watcher_->stats().events), batches_,
      std::chrono::duration<double, std::milli>(elapsed).count());
  if (watcher_->stats().overflows == 0) {
    EXPECT_TRUE(rescans_.empty());
    EXPECT_EQ(DocumentPaths(changes_).size(), kFiles);
    EXPECT_EQ(changes_.size(), kFiles);  // each once
  } else {
    EXPECT_FALSE(rescans_.empty());
  }
}

}  // namespace
}  // namespace sb::coordinator::testing
