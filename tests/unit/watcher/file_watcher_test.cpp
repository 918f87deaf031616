// FileWatcher basics: documents and schema files created, rewritten in place, renamed into
// place and deleted are reported once each and classified; editor and other noise is not.
#include "coordinator/file_watcher.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include "shared/errors/sql_error.h"
#include "tests/unit/watcher/watcher_fixture.h"

namespace sb::coordinator::testing {
namespace {

using storage::DataPathKind;

TEST_F(WatcherTest, DocumentLifecycleIsReportedOnceEach) {
  StartWatcher();
  const std::string doc = Path("app/users/1.json");

  WriteFile(doc, "{\"id\": 1}\n");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, DataPathKind::kDocument);
  EXPECT_EQ(changes[0].parsed.kind, DataPathKind::kDocument);
  EXPECT_EQ(changes[0].path, doc);
  EXPECT_EQ(changes[0].parsed.database, "app");
  EXPECT_EQ(changes[0].parsed.table, "users");
  EXPECT_EQ(changes[0].parsed.stem, "1");
  EXPECT_FALSE(changes[0].removed);

  // Truncate and write, as shell redirection or an in-place editor does.
  WriteFile(doc, "{\"id\": 1, \"name\": \"x\"}\n");
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, doc);
  EXPECT_FALSE(changes[0].removed);

  // Write a temp file and rename it into place.
  const std::string doc2 = Path("app/users/2.json");
  WriteFile(Path("app/users/.2.json.1234.tmp"), "{\"id\": 2}\n");
  Rename(Path("app/users/.2.json.1234.tmp"), doc2);
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, doc2);
  EXPECT_EQ(changes[0].parsed.stem, "2");
  EXPECT_FALSE(changes[0].removed);

  Remove(doc);
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, doc);
  EXPECT_TRUE(changes[0].removed);

  // Renamed away (to a name that is no document) is a removal too.
  Rename(doc2, Path("app/users/2.json.bak"));
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, doc2);
  EXPECT_TRUE(changes[0].removed);
  EXPECT_EQ(watcher_->stats().rescans, 0u);
}

TEST_F(WatcherTest, SchemaFileLifecycleIsReportedOnceEach) {
  StartWatcher();
  const std::string schema = Path("app/_schema/orders.json");
  WriteFile(schema, "{\"name\": \"orders\", \"columns\": []}\n");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, DataPathKind::kSchemaFile);
  EXPECT_EQ(changes[0].parsed.database, "app");
  EXPECT_EQ(changes[0].parsed.table, "orders");
  EXPECT_FALSE(changes[0].removed);

  WriteFile(schema,
            "{\"name\": \"orders\", \"columns\": [{\"name\": \"id\", \"type\": \"int\"}]}\n");
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, DataPathKind::kSchemaFile);

  WriteFile(Path("app/_schema/orders.json.new"), "{}");  // kOther: not reported
  Rename(Path("app/_schema/orders.json.new"), schema);
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, schema);
  EXPECT_FALSE(changes[0].removed);

  Remove(schema);
  changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].kind, DataPathKind::kSchemaFile);
  EXPECT_TRUE(changes[0].removed);
}

TEST_F(WatcherTest, VimStyleSaveReportsExactlyTheDocument) {
  const std::string doc = Path("app/users/7.json");
  WriteFile(doc, "{\"id\": 7}\n");
  StartWatcher();
  // What vim does with 'backupcopy=no' (the default on Linux for most files).
  WriteFile(Path("app/users/.7.json.swp"), "swap 1");
  WriteFile(Path("app/users/4913"), "");
  Remove(Path("app/users/4913"));
  Rename(doc, Path("app/users/7.json~"));
  WriteFile(doc, "{\"id\": 7, \"name\": \"edited\"}\n");
  WriteFile(Path("app/users/.7.json.swp"), "swap 2");
  Remove(Path("app/users/7.json~"));
  Remove(Path("app/users/.7.json.swp"));

  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, doc);
  EXPECT_EQ(changes[0].kind, DataPathKind::kDocument);
  EXPECT_FALSE(changes[0].removed);
}

TEST_F(WatcherTest, NoiseIsNeverReportedNorWatched) {
  MakeDir(Path(".smarterbase"));
  MakeDir(Path(".git"));
  MakeDir(Path("app/_idx"));
  MakeDir(Path("app/_seq"));
  StartWatcher();
  EXPECT_EQ(watcher_->watch_count(), 4u);  // root, app, app/_schema, app/users

  WriteFile(Path(".smarterbase/journal"), "x");
  WriteFile(Path(".git/HEAD"), "ref: refs/heads/main\n");
  WriteFile(Path("README.md"), "# data\n");
  WriteFile(Path(".gitignore"), ".smarterbase/\n");
  MakeDir(Path("app/_idx/users"));
  WriteFile(Path("app/_idx/users/email.json"), "{}");
  WriteFile(Path("app/_seq/users_id_seq.json"), "{}");
  WriteFile(Path("app/users/.hidden.json"), "{}");
  WriteFile(Path("app/users/x.tmp"), "{}");
  WriteFile(Path("app/users/notes.txt"), "notes");
  WriteFile(Path("app/users/#1.json#"), "{}");
  WriteFile(Path("app/users/1.json~"), "{}");
  WriteFile(Path("app/users/1.json___jb_tmp___"), "{}");
  WriteFile(Path("app/_schema/.orders.json.swp"), "{}");
  MakeDir(Path("app/users/sub"));  // deeper than the layout: ignored
  WriteFile(Path("app/users/sub/1.json"), "{}");
  MakeDir(Path("app/users/9.json"));  // a folder named like a document is none
  MakeDir(Path("_reserved"));
  // A sentinel, so we know the noise has been processed.
  WriteFile(Path("app/users/42.json"), "{}");

  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u) << Describe(changes);
  EXPECT_EQ(changes[0].path, Path("app/users/42.json"));
  EXPECT_EQ(watcher_->watch_count(), 4u);
}

TEST_F(WatcherTest, RepeatedWritesAreCoalesced) {
  StartWatcher();
  const std::string doc = Path("app/users/5.json");
  for (int i = 0; i < 20; ++i) WriteFile(doc, "{\"n\": " + std::to_string(i) + "}\n");
  WriteFile(Path("app/users/6.json"), "{}");
  Remove(Path("app/users/6.json"));
  std::vector<FileChange> changes = Collect(2);
  ASSERT_EQ(changes.size(), 2u);
  ASSERT_EQ(For(changes, doc).size(), 1u);
  EXPECT_FALSE(For(changes, doc)[0].removed);
  ASSERT_EQ(For(changes, Path("app/users/6.json")).size(), 1u);
  EXPECT_TRUE(For(changes, Path("app/users/6.json"))[0].removed);  // last state wins
  // Reported in the order the paths first changed.
  EXPECT_EQ(changes[0].path, doc);
}

TEST_F(WatcherTest, WriteWithoutCloseIsNoticedEventually) {
  FileWatcherOptions options;
  options.open_write_delay = 100ms;
  StartWatcher(options);
  const std::string doc = Path("app/users/3.json");
  int fd = open(doc.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(write(fd, "{\"id\": 3}", 9), 9);
  // Still open: only IN_CREATE and IN_MODIFY so far.
  bool seen = RunUntil([&] { return !changes_.empty(); }, 5s);
  EXPECT_TRUE(seen);
  close(fd);
  std::vector<FileChange> changes = Collect(1);
  ASSERT_GE(changes.size(), 1u);
  for (const FileChange& change : changes) {
    EXPECT_EQ(change.path, doc);
    EXPECT_FALSE(change.removed);
  }
}

TEST_F(WatcherTest, ThrowingCallbackDoesNotStopTheWatcher) {
  StartWatcher();
  int calls = 0;
  on_batch_ = [&] {
    ++calls;
    throw std::runtime_error("owner failed");
  };
  WriteFile(Path("app/users/1.json"), "{}");
  ASSERT_TRUE(RunUntil([&] { return calls == 1; }));
  WriteFile(Path("app/users/2.json"), "{}");
  ASSERT_TRUE(RunUntil([&] { return calls == 2; }));
  EXPECT_EQ(changes_.back().path, Path("app/users/2.json"));
}

TEST_F(WatcherTest, StopDropsPendingWorkAndStartWatchesAgain) {
  StartWatcher();
  WriteFile(Path("app/users/1.json"), "{}");
  io_.poll();  // read the events; the report is still pending (debounce)
  watcher_->Stop();
  EXPECT_FALSE(watcher_->running());
  EXPECT_EQ(watcher_->watch_count(), 0u);
  WriteFile(Path("app/users/2.json"), "{}");
  RunFor(200ms);
  EXPECT_TRUE(changes_.empty());

  watcher_->Start();
  EXPECT_TRUE(watcher_->running());
  WriteFile(Path("app/users/3.json"), "{}");
  std::vector<FileChange> changes = Collect(1);
  ASSERT_EQ(changes.size(), 1u);
  EXPECT_EQ(changes[0].path, Path("app/users/3.json"));
}

TEST_F(WatcherTest, DestroyedWithHandlersQueued) {
  StartWatcher();
  WriteFile(Path("app/users/1.json"), "{}");
  io_.poll();  // a flush timer is armed, a read is waiting
  watcher_.reset();
  WriteFile(Path("app/users/2.json"), "{}");
  RunFor(100ms);  // the aborted handlers run against a destroyed watcher: must not touch it
  EXPECT_TRUE(changes_.empty());
}

TEST_F(WatcherTest, StartFailsForAMissingRoot) {
  FileWatcher watcher(io_, storage::DataPaths(scratch() + "/missing"), nullptr, nullptr);
  try {
    watcher.Start();
    FAIL() << "Start() should throw";
  } catch (const SqlError& e) {
    EXPECT_EQ(e.state(), SqlState::kIoError);
    EXPECT_NE(std::string(e.what()).find("missing"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(watcher.running());
}

TEST_F(WatcherTest, CatchUpReportsCompletedWritesAtOnceButNotOpenOnes) {
  FileWatcherOptions options;
  options.settle_delay = std::chrono::hours(1);  // only CatchUp can report anything here
  options.open_write_delay = std::chrono::hours(1);
  options.max_delay = std::chrono::hours(1);
  StartWatcher(options);
  WriteFile(Path("app/users/1.json"), "{\"id\": 1}\n");
  int open_fd = ::open(Path("app/users/2.json").c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  ASSERT_GE(open_fd, 0);
  ASSERT_EQ(::write(open_fd, "{", 1), 1);  // still being written

  // No event loop turn in between: CatchUp reads the queue itself.
  watcher_->CatchUp();
  ASSERT_EQ(changes_.size(), 1u);
  EXPECT_EQ(changes_[0].path, Path("app/users/1.json"));

  ::close(open_fd);
  watcher_->CatchUp();
  ASSERT_EQ(changes_.size(), 2u);
  EXPECT_EQ(changes_[1].path, Path("app/users/2.json"));
  watcher_->CatchUp();
  EXPECT_EQ(changes_.size(), 2u);
}

TEST_F(WatcherTest, DrainReadsTheQueueButReportsNothing) {
  FileWatcherOptions options;
  options.settle_delay = std::chrono::hours(1);
  options.open_write_delay = std::chrono::hours(1);
  options.max_delay = std::chrono::hours(1);
  StartWatcher(options);
  WriteFile(Path("app/users/1.json"), "{\"id\": 1}\n");
  watcher_->Drain();
  EXPECT_TRUE(changes_.empty());
  EXPECT_GT(watcher_->stats().events, 0u);
  watcher_->CatchUp();  // what Drain read is reported by the next report
  ASSERT_EQ(changes_.size(), 1u);
  EXPECT_EQ(changes_[0].path, Path("app/users/1.json"));
}

}  // namespace
}  // namespace sb::coordinator::testing
