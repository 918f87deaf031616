// DataDirLock: keeps two servers (or a server and smarterbase-ctl) from writing one data
// directory. An flock() on <data>/.smarterbase/lock, held for the life of the process; the file
// also records the holder's pid for the error message. Server-internal files live in
// <data>/.smarterbase/, out of the way of a `git checkout` of the data folder.
#pragma once

#include <string>

namespace sb::coordinator {

class DataDirLock {
 public:
  // Creates the data directory if needed and takes the lock. Throws std::runtime_error with a
  // readable message (e.g. naming the pid that holds it).
  explicit DataDirLock(const std::string& data_dir);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

  int fd() const { return fd_; }

 private:
  int fd_ = -1;
};

}  // namespace sb::coordinator
