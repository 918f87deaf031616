#include "shared/journal/journal_io.h"

#include <fcntl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <system_error>

#include "shared/errors/sql_error.h"

namespace sb::journal {

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    Reset();
    fd_ = other.Release();
  }
  return *this;
}

void Fd::Reset() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

SqlState StateForErrno(int error) {
  return (error == ENOSPC || error == EDQUOT) ? SqlState::kDiskFull : SqlState::kIoError;
}

void ThrowIo(std::string_view action, std::string_view path, int error) {
  ThrowSqlError(StateForErrno(error), "could not {} \"{}\": {}", action, path,
                std::generic_category().message(error));
}

Fd OpenJournalFile(const std::string& path, bool create, bool* created) {
  if (created != nullptr) *created = false;
  int fd = -1;
  do {
    fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_NONBLOCK);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0 && errno == ENOENT && create) {
    do {
      fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC | O_CREAT | O_EXCL, 0600);
    } while (fd < 0 && errno == EINTR);
    if (fd >= 0 && created != nullptr) *created = true;
  }
  if (fd < 0) {
    if (errno == ENOENT && !create) return Fd();
    ThrowIo("open journal", path, errno);
  }
  Fd owned(fd);
  struct stat info {};
  if (::fstat(fd, &info) != 0) ThrowIo("stat journal", path, errno);
  // O_NONBLOCK above keeps a FIFO from hanging the open; it is refused here.
  if (!S_ISREG(info.st_mode)) {
    ThrowSqlError(SqlState::kIoError, "could not open journal \"{}\": not a regular file", path);
  }
  return owned;
}

void WriteAllAt(int fd, std::string_view data, uint64_t offset, const std::string& path) {
  while (!data.empty()) {
    ssize_t written = ::pwrite(fd, data.data(), data.size(), static_cast<off_t>(offset));
    if (written < 0) {
      if (errno == EINTR) continue;
      ThrowIo("write journal", path, errno);
    }
    if (written == 0) ThrowIo("write journal", path, EIO);
    data.remove_prefix(static_cast<size_t>(written));
    offset += static_cast<uint64_t>(written);
  }
}

size_t ReadAt(int fd, char* out, size_t size, uint64_t offset, const std::string& path) {
  size_t done = 0;
  while (done < size) {
    ssize_t got = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
    if (got < 0) {
      if (errno == EINTR) continue;
      ThrowIo("read journal", path, errno);
    }
    if (got == 0) break;
    done += static_cast<size_t>(got);
  }
  return done;
}

uint64_t FileSize(int fd, const std::string& path) {
  struct stat info {};
  if (::fstat(fd, &info) != 0) ThrowIo("stat journal", path, errno);
  return info.st_size > 0 ? static_cast<uint64_t>(info.st_size) : 0;
}

void Truncate(int fd, uint64_t size, const std::string& path) {
  int result;
  do {
    result = ::ftruncate(fd, static_cast<off_t>(size));
  } while (result != 0 && errno == EINTR);
  if (result != 0) ThrowIo("truncate journal", path, errno);
}

void DataSync(int fd, const std::string& path) {
  if (::fdatasync(fd) != 0) ThrowIo("fdatasync journal", path, errno);
}

void FullSync(int fd, const std::string& path) {
  if (::fsync(fd) != 0) ThrowIo("fsync journal", path, errno);
}

namespace {

Fd OpenFolder(const std::string& path) {
  int fd;
  do {
    fd = ::open(path.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) ThrowIo("open directory", path, errno);
  return Fd(fd);
}

}  // namespace

void SyncFolder(const std::string& path) {
  Fd fd = OpenFolder(path);
  if (::fsync(fd.get()) != 0) ThrowIo("fsync directory", path, errno);
}

void SyncFileSystem(const std::string& dir) {
  Fd fd = OpenFolder(dir);
  if (::syncfs(fd.get()) != 0) ThrowIo("syncfs", dir, errno);
}

uint64_t NewSalt() {
  uint64_t salt = 0;
  if (::getrandom(&salt, sizeof salt, GRND_NONBLOCK) == static_cast<ssize_t>(sizeof salt)) {
    return salt;
  }
  // No entropy yet (early boot): the salt only has to differ from the previous generation's.
  uint64_t now = static_cast<uint64_t>(std::chrono::system_clock::now().time_since_epoch().count());
  return now ^ (static_cast<uint64_t>(::getpid()) << 48) ^ 0x9E3779B97F4A7C15ull;
}

}  // namespace sb::journal
