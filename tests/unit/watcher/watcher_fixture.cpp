#include "tests/unit/watcher/watcher_fixture.h"

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace sb::coordinator::testing {

void WatcherTest::SetUp() {
  std::string pattern = (std::filesystem::temp_directory_path() / "sb_watcher.XXXXXX").string();
  ASSERT_NE(mkdtemp(pattern.data()), nullptr) << std::strerror(errno);
  base_ = pattern;
  root_ = base_ + "/data";
  scratch_ = base_ + "/scratch";
  MakeDir(root_);
  MakeDir(scratch_);
  MakeDir(Path("app"));
  MakeDir(Path("app/_schema"));
  MakeDir(Path("app/users"));
}

void WatcherTest::TearDown() {
  watcher_.reset();
  std::error_code ignored;
  std::filesystem::remove_all(base_, ignored);
}

void WatcherTest::StartWatcher(FileWatcherOptions options) {
  watcher_ = std::make_unique<FileWatcher>(
      io_, storage::DataPaths(root_),
      [this](std::vector<FileChange> changes) {
        ++batches_;
        for (FileChange& change : changes) changes_.push_back(std::move(change));
        if (on_batch_) on_batch_();
      },
      [this](std::string reason) { rescans_.push_back(std::move(reason)); }, options);
  watcher_->Start();
}

bool WatcherTest::RunUntil(const std::function<bool()>& done, std::chrono::milliseconds timeout) {
  auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!done()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    io_.run_for(5ms);
    if (io_.stopped()) io_.restart();
  }
  return true;
}

void WatcherTest::RunFor(std::chrono::milliseconds duration) {
  auto deadline = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < deadline) {
    io_.run_for(5ms);
    if (io_.stopped()) io_.restart();
  }
}

std::vector<FileChange> WatcherTest::Collect(size_t count, std::chrono::milliseconds timeout) {
  RunUntil([&] { return changes_.size() >= count; }, timeout);
  RunFor(150ms);
  std::vector<FileChange> out = std::move(changes_);
  changes_.clear();
  return out;
}

std::vector<FileChange> WatcherTest::For(const std::vector<FileChange>& changes,
                                         const std::string& path) const {
  std::vector<FileChange> out;
  for (const FileChange& change : changes) {
    if (change.path == path) out.push_back(change);
  }
  return out;
}

std::string Describe(const std::vector<FileChange>& changes) {
  std::string out;
  for (const FileChange& change : changes) {
    out += change.path + " (" + std::string(storage::DataPathKindName(change.kind)) +
           (change.removed ? ", removed)\n" : ")\n");
  }
  return out;
}

void WriteFile(const std::string& path, std::string_view contents) {
  int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("open " + path + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < contents.size()) {
    ssize_t n = write(fd, contents.data() + done, contents.size() - done);
    if (n < 0) {
      int err = errno;
      close(fd);
      throw std::runtime_error("write " + path + ": " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  close(fd);
}

void MakeDir(const std::string& path) {
  if (mkdir(path.c_str(), 0755) != 0) {
    throw std::runtime_error("mkdir " + path + ": " + std::strerror(errno));
  }
}

void Rename(const std::string& from, const std::string& to) {
  if (rename(from.c_str(), to.c_str()) != 0) {
    throw std::runtime_error("rename " + from + ": " + std::strerror(errno));
  }
}

void Remove(const std::string& path) {
  if (unlink(path.c_str()) != 0) {
    throw std::runtime_error("unlink " + path + ": " + std::strerror(errno));
  }
}

}  // namespace sb::coordinator::testing
