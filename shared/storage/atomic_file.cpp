#include "shared/storage/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <system_error>

#include "shared/errors/sql_error.h"

namespace sb::storage {
namespace {

std::atomic<uint64_t> temp_counter{0};

std::string ErrnoText(int error) {
  return std::generic_category().message(error);
}

[[noreturn]] void ThrowIo(std::string_view action, std::string_view path, int error) {
  SqlState state = (error == ENOSPC || error == EDQUOT) ? SqlState::kDiskFull : SqlState::kIoError;
  ThrowSqlError(state, "could not {} \"{}\": {}", action, path, ErrnoText(error));
}

// Closes on scope exit unless released; close errors on this path are not interesting
// because the operation already failed.
class FdGuard {
 public:
  explicit FdGuard(int fd) : fd_(fd) {}
  ~FdGuard() {
    if (fd_ >= 0) ::close(fd_);
  }
  FdGuard(const FdGuard&) = delete;
  FdGuard& operator=(const FdGuard&) = delete;
  int get() const { return fd_; }
  // Closes now and reports the error (NFS and some FUSE file systems report write errors here).
  int Close() {
    int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0 ? 0 : errno;
  }

 private:
  int fd_;
};

std::string_view BaseName(std::string_view path) {
  size_t slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string TempPathFor(std::string_view path) {
  std::string dir = ParentDirectory(path);
  std::string_view base = BaseName(path);
  // Keep the temp name within NAME_MAX however long the target name is.
  if (base.size() > 200) base = base.substr(0, 200);
  std::string temp = dir == "/" ? "/" : dir + "/";
  temp += '.';
  temp += base;
  temp += '.';
  temp += std::to_string(::getpid());
  temp += '.';
  temp += std::to_string(temp_counter.fetch_add(1, std::memory_order_relaxed));
  temp += ".tmp";
  return temp;
}

// 0 on success, else errno.
int WriteAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t written = ::write(fd, data.data(), data.size());
    if (written < 0) {
      if (errno == EINTR) continue;
      return errno;
    }
    if (written == 0) return EIO;
    data.remove_prefix(static_cast<size_t>(written));
  }
  return 0;
}

}  // namespace

std::string ParentDirectory(std::string_view path) {
  size_t slash = path.rfind('/');
  if (slash == std::string_view::npos) return ".";
  if (slash == 0) return "/";
  return std::string(path.substr(0, slash));
}

void WriteFileAtomic(const std::string& path, std::string_view contents, bool sync) {
  if (BaseName(path).empty()) ThrowIo("write file", path, EISDIR);
  std::string temp = TempPathFor(path);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) ThrowIo("create file", temp, errno);
  FdGuard guard(fd);
  auto fail = [&](std::string_view action, const std::string& which, int error) {
    ::unlink(temp.c_str());
    ThrowIo(action, which, error);
  };
  if (int error = WriteAll(fd, contents); error != 0) fail("write file", temp, error);
  if (sync && ::fdatasync(fd) != 0) fail("fsync file", temp, errno);
  if (int error = guard.Close(); error != 0) fail("close file", temp, error);
  if (::rename(temp.c_str(), path.c_str()) != 0)
    fail("rename file", temp + "\" to \"" + path, errno);
  if (sync) SyncDirectory(ParentDirectory(path));
}

std::optional<std::string> ReadFile(const std::string& path, size_t max_bytes) {
  int fd;
  do {
    // O_NONBLOCK: a FIFO someone left in the data directory must not hang the reader.
    fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    ThrowIo("open file", path, errno);
  }
  FdGuard guard(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) ThrowIo("stat file", path, errno);
  if (S_ISDIR(info.st_mode)) ThrowIo("read file", path, EISDIR);
  if (!S_ISREG(info.st_mode)) {
    ThrowSqlError(SqlState::kIoError, "could not read file \"{}\": not a regular file", path);
  }
  auto too_large = [&] {
    ThrowSqlError(SqlState::kProgramLimitExceeded, "file \"{}\" is too large (limit {} bytes)",
                  path, max_bytes);
  };
  if (info.st_size > 0 && static_cast<uint64_t>(info.st_size) > max_bytes) too_large();
  std::string out;
  // The size is a hint only: the file may change while it is read (an editor saving in place).
  size_t capacity = info.st_size > 0 ? static_cast<size_t>(info.st_size) + 1 : 4096;
  out.resize(capacity);
  size_t used = 0;
  while (true) {
    if (used == out.size()) {
      if (out.size() > max_bytes) too_large();
      out.resize(std::min(out.size() * 2, max_bytes + 1));
    }
    ssize_t got = ::read(fd, out.data() + used, out.size() - used);
    if (got < 0) {
      if (errno == EINTR) continue;
      ThrowIo("read file", path, errno);
    }
    if (got == 0) break;
    used += static_cast<size_t>(got);
    if (used > max_bytes) too_large();
  }
  out.resize(used);
  return out;
}

bool RemoveFile(const std::string& path) {
  if (::unlink(path.c_str()) == 0) return true;
  if (errno == ENOENT) return false;
  ThrowIo("remove file", path, errno);
}

void SyncDirectory(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) ThrowIo("open directory", path, errno);
  FdGuard guard(fd);
  if (::fsync(fd) != 0) ThrowIo("fsync directory", path, errno);
}

void CreateDirectories(const std::string& path) {
  if (path.empty()) return;
  struct stat info {};
  if (::stat(path.c_str(), &info) == 0) {
    if (S_ISDIR(info.st_mode)) return;
    ThrowIo("create directory", path, ENOTDIR);
  }
  std::string parent = ParentDirectory(path);
  if (parent != path && parent != "." && parent != "/") CreateDirectories(parent);
  if (::mkdir(path.c_str(), 0777) != 0 && errno != EEXIST) ThrowIo("create directory", path, errno);
  if (::stat(path.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    ThrowIo("create directory", path, ENOTDIR);
  }
}

}  // namespace sb::storage
