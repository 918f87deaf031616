#include "shared/storage/atomic_file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

#include "tests/unit/storage/storage_test_util.h"

namespace sb::storage {
namespace {

using testing::ExpectSqlError;
using testing::ListDirectory;
using testing::TempDir;

TEST(AtomicFileTest, WritesNewFileAndLeavesNoTemp) {
  TempDir dir;
  std::string path = dir.File("1.json");
  WriteFileAtomic(path, "{\"a\": 1}\n", false);
  EXPECT_EQ(ReadFile(path), "{\"a\": 1}\n");
  EXPECT_EQ(ListDirectory(dir.path()), std::vector<std::string>{"1.json"});
}

TEST(AtomicFileTest, ReplacesExistingFile) {
  TempDir dir;
  std::string path = dir.File("t.json");
  WriteFileAtomic(path, std::string(10000, 'x'), true);
  WriteFileAtomic(path, "short", true);
  EXPECT_EQ(ReadFile(path), "short");
  WriteFileAtomic(path, "", false);
  EXPECT_EQ(ReadFile(path), "");
  EXPECT_EQ(ListDirectory(dir.path()), std::vector<std::string>{"t.json"});
}

TEST(AtomicFileTest, FailedRenameRemovesTempAndKeepsTarget) {
  TempDir dir;
  // The target is a non-empty directory: the temp file is written, the rename fails.
  std::string path = dir.File("busy");
  ASSERT_EQ(::mkdir(path.c_str(), 0755), 0);
  WriteFileAtomic(path + "/keep", "inside", false);
  std::string message =
      ExpectSqlError(SqlState::kIoError, [&] { WriteFileAtomic(path, "data", true); });
  EXPECT_NE(message.find(path), std::string::npos) << message;
  EXPECT_EQ(ListDirectory(dir.path()), std::vector<std::string>{"busy"});
  EXPECT_EQ(ReadFile(path + "/keep"), "inside");
}

// Runs `body` as an unprivileged user when the test runs as root (root ignores permission
// bits). Returns the exit status of the child (0 when `body` returned true).
int RunUnprivileged(const std::function<bool()>& body) {
  if (::geteuid() != 0) return body() ? 0 : 1;
  pid_t child = ::fork();
  if (child == 0) {
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
    bool ok = false;
    try {
      ok = body();
    } catch (...) {
    }
    ::_exit(ok ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

TEST(AtomicFileTest, ReadOnlyFolderFailsCleanly) {
  TempDir dir;
  ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0);
  std::string folder = dir.File("ro");
  ASSERT_EQ(::mkdir(folder.c_str(), 0755), 0);
  WriteFileAtomic(folder + "/1.json", "old", false);
  ASSERT_EQ(::chmod((folder + "/1.json").c_str(), 0666), 0);
  ASSERT_EQ(::chmod(folder.c_str(), 0555), 0);
  int status = RunUnprivileged([&] {
    try {
      WriteFileAtomic(folder + "/1.json", "new", false);
    } catch (const SqlError& error) {
      std::string message = error.what();
      return error.state() == SqlState::kIoError && message.find(folder) != std::string::npos &&
             message.find("Permission denied") != std::string::npos;
    }
    return false;
  });
  EXPECT_EQ(status, 0);
  EXPECT_EQ(ReadFile(folder + "/1.json"), "old");
  EXPECT_EQ(ListDirectory(folder), std::vector<std::string>{"1.json"});
}

TEST(AtomicFileTest, MissingFolderIsAnIoError) {
  TempDir dir;
  ExpectSqlError(SqlState::kIoError,
                 [&] { WriteFileAtomic(dir.File("missing/1.json"), "x", false); });
  EXPECT_TRUE(ListDirectory(dir.path()).empty());
}

TEST(AtomicFileTest, ReadersNeverSeePartialFiles) {
  TempDir dir;
  std::string path = dir.File("doc.json");
  // Two versions of very different sizes; a torn read would mix or truncate them.
  const std::string small(100, 'a');
  const std::string large(256 * 1024, 'b');
  WriteFileAtomic(path, small, false);
  std::atomic<bool> stop{false};
  std::atomic<int> reads{0};
  std::atomic<int> bad{0};
  std::thread reader([&] {
    while (!stop.load()) {
      std::optional<std::string> text = ReadFile(path);
      if (!text.has_value() || (*text != small && *text != large)) ++bad;
      ++reads;
    }
  });
  for (int i = 0; i < 200; ++i) WriteFileAtomic(path, i % 2 == 0 ? large : small, false);
  stop = true;
  reader.join();
  EXPECT_EQ(bad.load(), 0);
  EXPECT_GT(reads.load(), 0);
  EXPECT_EQ(ListDirectory(dir.path()), std::vector<std::string>{"doc.json"});
}

TEST(AtomicFileTest, TempNamesAreHiddenAndUnique) {
  TempDir dir;
  // Concurrent writers to different targets in one folder never clash on temp names.
  std::vector<std::thread> writers;
  for (int t = 0; t < 4; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        WriteFileAtomic(dir.File(std::to_string(t) + ".json"), std::to_string(i), false);
      }
    });
  }
  for (std::thread& writer : writers) writer.join();
  EXPECT_EQ(ListDirectory(dir.path()),
            (std::vector<std::string>{"0.json", "1.json", "2.json", "3.json"}));
  EXPECT_EQ(ReadFile(dir.File("3.json")), "49");
}

TEST(AtomicFileTest, LongTargetNamesStillWork) {
  TempDir dir;
  std::string name = std::string(200, 'k') + ".json";  // 205 bytes, within NAME_MAX
  WriteFileAtomic(dir.File(name), "x", true);
  EXPECT_EQ(ReadFile(dir.File(name)), "x");
}

TEST(ReadFileTest, AbsentAndSpecialFiles) {
  TempDir dir;
  EXPECT_FALSE(ReadFile(dir.File("none.json")).has_value());
  WriteFileAtomic(dir.File("file"), "x", false);
  EXPECT_FALSE(ReadFile(dir.File("file/child")).has_value());  // ENOTDIR
  ExpectSqlError(SqlState::kIoError, [&] { ReadFile(dir.path()); });
  std::string fifo = dir.File("pipe.json");
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ExpectSqlError(SqlState::kIoError, [&] { ReadFile(fifo); });  // and does not hang
}

TEST(ReadFileTest, SizeCap) {
  TempDir dir;
  std::string path = dir.File("big");
  WriteFileAtomic(path, std::string(1000, 'z'), false);
  EXPECT_EQ(ReadFile(path, 1000)->size(), 1000u);
  std::string message =
      ExpectSqlError(SqlState::kProgramLimitExceeded, [&] { ReadFile(path, 999); });
  EXPECT_NE(message.find(path), std::string::npos);
  EXPECT_EQ(ReadFile(path)->size(), 1000u);
}

TEST(RemoveFileTest, ReportsWhetherItExisted) {
  TempDir dir;
  std::string path = dir.File("gone");
  WriteFileAtomic(path, "x", false);
  EXPECT_TRUE(RemoveFile(path));
  EXPECT_FALSE(RemoveFile(path));
  ExpectSqlError(SqlState::kIoError, [&] { RemoveFile(dir.path()); });  // a directory
}

TEST(DirectoryTest, CreateAndSync) {
  TempDir dir;
  std::string nested = dir.File("a/b/c");
  CreateDirectories(nested);
  CreateDirectories(nested);  // idempotent
  SyncDirectory(nested);
  WriteFileAtomic(nested + "/x.json", "1", true);
  EXPECT_EQ(ReadFile(nested + "/x.json"), "1");
  WriteFileAtomic(dir.File("plain"), "", false);
  ExpectSqlError(SqlState::kIoError, [&] { CreateDirectories(dir.File("plain/sub")); });
  ExpectSqlError(SqlState::kIoError, [&] { SyncDirectory(dir.File("missing")); });
}

TEST(DirectoryTest, ParentDirectory) {
  EXPECT_EQ(ParentDirectory("a/b.json"), "a");
  EXPECT_EQ(ParentDirectory("b.json"), ".");
  EXPECT_EQ(ParentDirectory("/b.json"), "/");
  EXPECT_EQ(ParentDirectory("/x/y/z"), "/x/y");
}

}  // namespace
}  // namespace sb::storage
