// The few POSIX file operations the journal needs, with errors mapped to SqlError.
//
// Internal to sb_journal (Journal and replay); each call is independent and thread-safe, an Fd
// owns its descriptor. Every failure becomes SqlError 53100 disk_full (ENOSPC, EDQUOT) or 58030
// io_error (anything else) naming the path and the errno text.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/errors/sqlstate.h"

namespace sb::journal {

// Owns a file descriptor; closes it on destruction.
class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { Reset(); }
  Fd(Fd&& other) noexcept : fd_(other.Release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void Reset();

 private:
  int fd_ = -1;
};

// 53100 for ENOSPC and EDQUOT, 58030 for every other errno.
SqlState StateForErrno(int error);

// Throws SqlError(StateForErrno(error), "could not <action> "<path>": <strerror>").
[[noreturn]] void ThrowIo(std::string_view action, std::string_view path, int error);

// Opens `path` read-write, creating it (mode 0600) when `create`. An invalid Fd when it does not
// exist and !create; throws for other errors and when it is not a regular file. `created` tells
// whether this call made the file.
Fd OpenJournalFile(const std::string& path, bool create, bool* created);

// Writes all of `data` at `offset` (EINTR and short writes retried).
void WriteAllAt(int fd, std::string_view data, uint64_t offset, const std::string& path);
// Reads up to `size` bytes at `offset` into `out`; returns how many were read (fewer only at the
// end of the file).
size_t ReadAt(int fd, char* out, size_t size, uint64_t offset, const std::string& path);
uint64_t FileSize(int fd, const std::string& path);
void Truncate(int fd, uint64_t size, const std::string& path);
void DataSync(int fd, const std::string& path);
void FullSync(int fd, const std::string& path);

// fsync of the folder `path` (a file's creation or rename inside it becomes durable).
void SyncFolder(const std::string& path);
// syncfs(2) of the file system holding the folder `dir`: every dirty page, inode and directory
// entry of that file system reaches the disk.
void SyncFileSystem(const std::string& dir);

// 64 random bits (getrandom, falling back to clock and pid mixed) for a journal generation.
uint64_t NewSalt();

}  // namespace sb::journal
