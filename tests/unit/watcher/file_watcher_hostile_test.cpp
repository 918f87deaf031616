// FileWatcher against a hostile tree: symlink loops, names with newlines, FIFOs, ten thousand
// folders, a watch limit, the data root itself vanishing. Nothing may crash or loop, and
// what cannot be watched ends in a rescan request.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>

#include "coordinator/file_watcher.h"
#include "tests/unit/watcher/watcher_fixture.h"

namespace sb::coordinator::testing {
namespace {

using storage::DataPathKind;

TEST_F(WatcherTest, SymlinksAreNeverFollowed) {
  ASSERT_EQ(symlink("..", Path("app/loop").c_str()), 0);                    // app/loop -> root
  ASSERT_EQ(symlink("app", Path("alias").c_str()), 0);                      // a database alias
  ASSERT_EQ(symlink("self.json", Path("app/users/self.json").c_str()), 0);  // loop on itself
  ASSERT_EQ(symlink(".", Path("app/users/again").c_str()), 0);
  StartWatcher();
  EXPECT_EQ(watcher_->watch_count(), 4u);

  // A write through the loop is reported once, under the real path.
  WriteFile(Path("app/loop/app/users/5.json"), "{}");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, Path("app/users/5.json"));

  // A symlink to a folder appearing at run time is not watched either.
  ASSERT_EQ(symlink("..", Path("app/up").c_str()), 0);
  ASSERT_EQ(symlink("/", Path("rootfs").c_str()), 0);
  WriteFile(Path("app/users/6.json"), "{}");
  changes = Collect(1);
  EXPECT_EQ(watcher_->watch_count(), 4u);
}

TEST_F(WatcherTest, NamesWithNewlinesAndFifos) {
  const std::string table = Path("app/a\nb");
  MakeDir(table);
  StartWatcher();
  EXPECT_EQ(watcher_->watch_count(), 5u);
  WriteFile(table + "/x\ny.json", "{}");
  ASSERT_EQ(mkfifo(Path("app/users/p.json").c_str(), 0644), 0);  // never opened by the watcher
  std::vector<FileChange> changes = Collect(2);
  ASSERT_EQ(changes.size(), 2u) << Describe(changes);
  std::vector<FileChange> odd = For(changes, table + "/x\ny.json");
  ASSERT_EQ(odd.size(), 1u);
  EXPECT_EQ(odd[0].parsed.table, "a\nb");
  EXPECT_EQ(odd[0].parsed.stem, "x\ny");
  EXPECT_EQ(For(changes, Path("app/users/p.json")).size(), 1u);
}

TEST_F(WatcherTest, TenThousandFolders) {
  constexpr int kFolders = 10000;
  MakeDir(Path("big"));
  for (int i = 0; i < kFolders; ++i) MakeDir(Path("big/t" + std::to_string(i)));
  auto start = std::chrono::steady_clock::now();
  StartWatcher();
  auto started = std::chrono::steady_clock::now();
  ASSERT_EQ(watcher_->watch_count(), 4u + 1u + kFolders);

  std::filesystem::remove_all(Path("big"));
  auto deleted = std::chrono::steady_clock::now();
  // Through events, or through the resync after an overflow: the watches go either way.
  bool dropped = RunUntil([&] { return watcher_->watch_count() == 4u; }, 120s);
  auto removed = std::chrono::steady_clock::now();
  EXPECT_TRUE(dropped) << watcher_->watch_count();
  bool reported = false;
  for (const FileChange& change : changes_) {
    reported |= change.path == Path("big") && change.removed;
  }
  RunFor(100ms);
  for (const FileChange& change : changes_) {
    reported |= change.path == Path("big") && change.removed;
  }
  EXPECT_TRUE(reported || !rescans_.empty());
  std::printf(
      "[ folders ] %d folders: watched in %.1f ms, rm -rf took %.1f ms, then %.1f ms until "
      "every watch was dropped (%llu events, %zu rescans)\n",
      kFolders, std::chrono::duration<double, std::milli>(started - start).count(),
      std::chrono::duration<double, std::milli>(deleted - started).count(),
      std::chrono::duration<double, std::milli>(removed - deleted).count(),
      static_cast<unsigned long long>(watcher_->stats().events), rescans_.size());

  // Still working.
  changes_.clear();
  WriteFile(Path("app/users/1.json"), "{}");
  std::vector<FileChange> changes = Collect(1);
  EXPECT_EQ(changes.size(), 1u) << Describe(changes);
}

TEST_F(WatcherTest, FolderThatCannotBeWatchedAsksForARescan) {
  FileWatcherOptions options;
  options.max_watches = 4;  // root, app, app/_schema, app/users
  StartWatcher(options);
  MakeDir(Path("app/orders"));
  WriteFile(Path("app/orders/1.json"), "{}");
  ASSERT_TRUE(RunUntil([&] { return !rescans_.empty(); }));
  EXPECT_NE(rescans_[0].find("could not be watched"), std::string::npos) << rescans_[0];
  EXPECT_GE(watcher_->stats().watch_failures, 1u);
  EXPECT_EQ(watcher_->watch_count(), 4u);

  // The folders that are watched still report.
  changes_.clear();
  WriteFile(Path("app/users/1.json"), "{}");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, Path("app/users/1.json"));
}

TEST_F(WatcherTest, TooManyPendingChangesAskForARescan) {
  FileWatcherOptions options;
  options.max_pending = 10;
  StartWatcher(options);
  for (int i = 0; i < 50; ++i) WriteFile(Path("app/users/" + std::to_string(i) + ".json"), "{}");
  ASSERT_TRUE(RunUntil([&] { return !rescans_.empty(); }));
  RunFor(100ms);
  EXPECT_LE(changes_.size(), 10u);
}

TEST_F(WatcherTest, DataRootRemovedAsksForARescan) {
  StartWatcher();
  std::filesystem::remove_all(root());
  ASSERT_TRUE(RunUntil([&] { return !rescans_.empty() && watcher_->watch_count() == 0; }));
  // And it keeps running without a crash when the root comes back (not watched again).
  MakeDir(root());
  RunFor(100ms);
  EXPECT_TRUE(watcher_->running());
}

}  // namespace
}  // namespace sb::coordinator::testing
