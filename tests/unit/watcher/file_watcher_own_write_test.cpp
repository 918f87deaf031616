// FileWatcher::ExpectOwnWrite: the server's own renames and removals do not come back as
// changes, while a hand edit of the same path right after one is never swallowed.
#include <gtest/gtest.h>

#include <thread>

#include "coordinator/file_watcher.h"
#include "shared/storage/atomic_file.h"
#include "tests/unit/watcher/watcher_fixture.h"

namespace sb::coordinator::testing {
namespace {

TEST_F(WatcherTest, OwnWriteIsSuppressedButALaterHandEditIsNot) {
  StartWatcher();
  const std::string doc = Path("app/users/1.json");
  watcher_->ExpectOwnWrite(doc);
  storage::WriteFileAtomic(doc, "{\"id\": 1}\n", false);
  RunFor(200ms);
  EXPECT_TRUE(changes_.empty()) << Describe(changes_);
  EXPECT_EQ(watcher_->stats().own_suppressed, 1u);

  WriteFile(doc, "{\"id\": 1, \"by\": \"hand\"}\n");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, doc);
  EXPECT_FALSE(changes[0].removed);
}

TEST_F(WatcherTest, HandEditImmediatelyAfterOwnWriteIsKept) {
  StartWatcher();
  const std::string doc = Path("app/users/1.json");
  // Both happen before the watcher reads a single event.
  watcher_->ExpectOwnWrite(doc);
  storage::WriteFileAtomic(doc, "{\"id\": 1}\n", false);
  WriteFile(doc, "{\"id\": 1, \"by\": \"hand\"}\n");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, doc);

  // The same with an editor that saves by rename.
  const std::string doc2 = Path("app/users/2.json");
  watcher_->ExpectOwnWrite(doc2);
  storage::WriteFileAtomic(doc2, "{\"id\": 2}\n", false);
  WriteFile(Path("app/users/2.json.new"), "{\"id\": 2, \"by\": \"hand\"}\n");
  Rename(Path("app/users/2.json.new"), doc2);
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, doc2);
  EXPECT_FALSE(changes[0].removed);
}

TEST_F(WatcherTest, OwnRemoveIsSuppressedButAHandCreateRightAfterIsNot) {
  const std::string doc = Path("app/users/1.json");
  const std::string doc2 = Path("app/users/2.json");
  WriteFile(doc, "{}");
  WriteFile(doc2, "{}");
  StartWatcher();
  watcher_->ExpectOwnWrite(doc);
  EXPECT_TRUE(storage::RemoveFile(doc));
  RunFor(200ms);
  EXPECT_TRUE(changes_.empty()) << Describe(changes_);

  watcher_->ExpectOwnWrite(doc2);
  EXPECT_TRUE(storage::RemoveFile(doc2));
  WriteFile(scratch() + "/2.json", "{\"by\": \"hand\"}");
  Rename(scratch() + "/2.json", doc2);  // moved in from elsewhere: IN_MOVED_TO
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, doc2);
  EXPECT_FALSE(changes[0].removed);
}

TEST_F(WatcherTest, ExpectationWithoutItsWriteDoesNotHideAHandRename) {
  StartWatcher();
  const std::string doc = Path("app/users/1.json");
  watcher_->ExpectOwnWrite(doc);  // the server's write then failed: no event comes
  WriteFile(Path("app/users/unrelated.json"), "{}");
  Collect(1);  // the queue has been read empty since the call
  WriteFile(Path("app/users/1.json.new"), "{}");
  Rename(Path("app/users/1.json.new"), doc);
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, doc);
  EXPECT_EQ(watcher_->stats().own_suppressed, 0u);
}

TEST_F(WatcherTest, EachExpectationCoversOneWrite) {
  StartWatcher();
  const std::string doc = Path("app/users/1.json");
  watcher_->ExpectOwnWrite(doc);
  watcher_->ExpectOwnWrite(doc);
  storage::WriteFileAtomic(doc, "1", false);
  storage::WriteFileAtomic(doc, "2", false);
  RunFor(200ms);
  EXPECT_TRUE(changes_.empty()) << Describe(changes_);
  EXPECT_EQ(watcher_->stats().own_suppressed, 2u);

  watcher_->ExpectOwnWrite(doc);
  storage::WriteFileAtomic(doc, "3", false);
  storage::WriteFileAtomic(doc, "4", false);  // not announced: like a hand edit
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, doc);
}

TEST_F(WatcherTest, OwnFolderAndItsFilesAreSuppressedEvenWhenFoundByTheScan) {
  StartWatcher();
  const std::string table = Path("app/orders");
  const std::string doc = table + "/1.json";
  const std::string schema = Path("app/_schema/orders.json");
  watcher_->ExpectOwnWrite(schema);
  storage::WriteFileAtomic(schema, "{}", false);
  watcher_->ExpectOwnWrite(table);
  storage::CreateDirectories(table);
  watcher_->ExpectOwnWrite(doc);
  storage::WriteFileAtomic(doc, "{}", false);  // before the folder's watch exists
  RunFor(200ms);
  EXPECT_TRUE(changes_.empty()) << Describe(changes_);
  EXPECT_EQ(watcher_->stats().own_suppressed, 3u);
  EXPECT_EQ(watcher_->watch_count(), 5u);

  WriteFile(table + "/2.json", "{}");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, table + "/2.json");
}

TEST_F(WatcherTest, ExpectOwnWriteFromAnotherThreadIsSafe) {
  StartWatcher();
  std::thread other([&] {
    for (int i = 0; i < 1000; ++i) {
      watcher_->ExpectOwnWrite(Path("app/users/t" + std::to_string(i % 10) + ".json"));
    }
  });
  for (int i = 0; i < 20; ++i) {
    WriteFile(Path("app/users/h" + std::to_string(i) + ".json"), "{}");
    io_.poll();
  }
  other.join();
  std::vector<FileChange> changes = Collect(20);
  EXPECT_EQ(changes.size(), 20u) << Describe(changes);
}

}  // namespace
}  // namespace sb::coordinator::testing
