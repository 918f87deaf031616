// FileWatcher and folders: tables and databases that appear (with files already inside, which
// only a scan can find) or vanish (deleted or renamed away) keep the watch set and the reports
// right.
#include <gtest/gtest.h>

#include <filesystem>

#include "coordinator/file_watcher.h"
#include "tests/unit/watcher/watcher_fixture.h"

namespace sb::coordinator::testing {
namespace {

using storage::DataPathKind;

size_t Count(const std::vector<FileChange>& changes, const std::string& path, bool removed) {
  size_t n = 0;
  for (const FileChange& change : changes) n += change.path == path && change.removed == removed;
  return n;
}

TEST_F(WatcherTest, NewTableFolderIsScannedForFilesCreatedBeforeItsWatch) {
  StartWatcher();
  // mkdir and files in one go: the watch is only added when the event is read, later.
  MakeDir(Path("app/orders"));
  WriteFile(Path("app/orders/1.json"), "{}");
  WriteFile(Path("app/orders/2.json"), "{}");
  WriteFile(Path("app/orders/.2.json.swp"), "");
  WriteFile(Path("app/_schema/orders.json"), "{}");

  std::vector<FileChange> changes = Collect(4);
  EXPECT_EQ(changes.size(), 4u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/orders"), false), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/orders/1.json"), false), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/orders/2.json"), false), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/_schema/orders.json"), false), 1u) << Describe(changes);
  for (const FileChange& change : changes) {
    if (change.path == Path("app/orders")) {
      EXPECT_EQ(change.kind, DataPathKind::kTableDir);
      EXPECT_EQ(change.parsed.table, "orders");
    }
  }
  EXPECT_EQ(watcher_->watch_count(), 5u);

  // The new folder is watched from now on.
  WriteFile(Path("app/orders/3.json"), "{}");
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, Path("app/orders/3.json"));
}

TEST_F(WatcherTest, TableFolderMovedInIsScanned) {
  StartWatcher();
  MakeDir(scratch() + "/invoices");
  WriteFile(scratch() + "/invoices/10.json", "{}");
  WriteFile(scratch() + "/invoices/11.json", "{}");
  WriteFile(scratch() + "/invoices/11.json~", "{}");
  Rename(scratch() + "/invoices", Path("app/invoices"));

  std::vector<FileChange> changes = Collect(3);
  EXPECT_EQ(changes.size(), 3u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/invoices"), false), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/invoices/10.json"), false), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/invoices/11.json"), false), 1u) << Describe(changes);
  EXPECT_EQ(watcher_->watch_count(), 5u);
}

TEST_F(WatcherTest, DatabaseFolderMovedInIsScannedAllTheWayDown) {
  StartWatcher();
  const std::string shop = scratch() + "/shop";
  MakeDir(shop);
  MakeDir(shop + "/_schema");
  WriteFile(shop + "/_schema/items.json", "{}");
  MakeDir(shop + "/items");
  WriteFile(shop + "/items/1.json", "{}");
  MakeDir(shop + "/_idx");
  MakeDir(shop + "/_idx/items");
  WriteFile(shop + "/_idx/items/sku.json", "{}");
  Rename(shop, Path("shop"));

  std::vector<FileChange> changes = Collect(5);
  EXPECT_EQ(changes.size(), 5u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("shop"), false), 1u);
  EXPECT_EQ(Count(changes, Path("shop/_schema"), false), 1u);
  EXPECT_EQ(Count(changes, Path("shop/_schema/items.json"), false), 1u);
  EXPECT_EQ(Count(changes, Path("shop/items"), false), 1u);
  EXPECT_EQ(Count(changes, Path("shop/items/1.json"), false), 1u);
  for (const FileChange& change : changes) {
    if (change.path == Path("shop")) {
      EXPECT_EQ(change.kind, DataPathKind::kDatabaseDir);
    } else if (change.path == Path("shop/_schema")) {
      EXPECT_EQ(change.kind, DataPathKind::kSchemaDir);
    } else if (change.path == Path("shop/items")) {
      EXPECT_EQ(change.kind, DataPathKind::kTableDir);
    }
  }
  EXPECT_EQ(watcher_->watch_count(), 7u);
}

TEST_F(WatcherTest, DeletedTableFolderIsReported) {
  WriteFile(Path("app/users/1.json"), "{}");
  WriteFile(Path("app/users/2.json"), "{}");
  StartWatcher();
  std::filesystem::remove_all(Path("app/users"));

  std::vector<FileChange> changes = Collect(3);
  EXPECT_EQ(changes.size(), 3u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/users"), true), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/users/1.json"), true), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/users/2.json"), true), 1u) << Describe(changes);
  EXPECT_EQ(watcher_->watch_count(), 3u);
  EXPECT_EQ(watcher_->stats().rescans, 0u);
}

TEST_F(WatcherTest, TableFolderRenamedAwayIsReportedAndForgotten) {
  WriteFile(Path("app/users/1.json"), "{}");
  StartWatcher();
  Rename(Path("app/users"), scratch() + "/users");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, Path("app/users"));
  EXPECT_EQ(changes[0].kind, DataPathKind::kTableDir);
  EXPECT_TRUE(changes[0].removed);
  EXPECT_EQ(watcher_->watch_count(), 3u);

  // Its old watch is gone: writes in its new place outside the root are not ours.
  WriteFile(scratch() + "/users/2.json", "{}");
  RunFor(200ms);
  EXPECT_TRUE(changes_.empty()) << Describe(changes_);
}

TEST_F(WatcherTest, TableFolderRenamedWithinTheRootFollowsTheNewName) {
  WriteFile(Path("app/users/1.json"), "{}");
  StartWatcher();
  Rename(Path("app/users"), Path("app/people"));
  std::vector<FileChange> changes = Collect(3);
  EXPECT_EQ(changes.size(), 3u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/users"), true), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/people"), false), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/people/1.json"), false), 1u) << Describe(changes);
  EXPECT_EQ(watcher_->watch_count(), 4u);

  WriteFile(Path("app/people/2.json"), "{}");
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, Path("app/people/2.json"));
  EXPECT_EQ(changes[0].parsed.table, "people");
}

TEST_F(WatcherTest, DatabaseFolderRenamedAwayDropsEveryWatchBelowIt) {
  StartWatcher();
  Rename(Path("app"), scratch() + "/app");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].kind, DataPathKind::kDatabaseDir);
  EXPECT_TRUE(changes[0].removed);
  EXPECT_EQ(watcher_->watch_count(), 1u);
  WriteFile(scratch() + "/app/users/1.json", "{}");
  WriteFile(scratch() + "/app/_schema/users.json", "{}");
  RunFor(200ms);
  EXPECT_TRUE(changes_.empty()) << Describe(changes_);
}

TEST_F(WatcherTest, FolderReplacedQuicklyEndsPresent) {
  WriteFile(Path("app/users/1.json"), "{}");
  StartWatcher();
  std::filesystem::remove_all(Path("app/users"));
  MakeDir(Path("app/users"));
  WriteFile(Path("app/users/2.json"), "{}");
  std::vector<FileChange> changes = Collect(3);
  EXPECT_EQ(changes.size(), 3u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/users"), false), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/users/1.json"), true), 1u) << Describe(changes);
  EXPECT_EQ(Count(changes, Path("app/users/2.json"), false), 1u) << Describe(changes);
  EXPECT_EQ(watcher_->watch_count(), 4u);
  WriteFile(Path("app/users/3.json"), "{}");
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
}

}  // namespace
}  // namespace sb::coordinator::testing
