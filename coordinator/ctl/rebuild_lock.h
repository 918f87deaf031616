// smarterbase-ctl's side of the data directory lock (coordinator/data_dir_lock.h): an flock()
// on <data>/.smarterbase/lock. rebuild-indexes takes it for as long as it writes files, so a
// server cannot start meanwhile; check only looks whether a server holds it.
//
// Used once per smarterbase-ctl run, on its only thread. The lock object owns the descriptor;
// the lock goes when it is destroyed (or the process ends).
#pragma once

#include <memory>
#include <optional>
#include <string>

namespace sb::ctl {

class CtlDataDirLock {
 public:
  // Takes the lock when it is free (and writes this process's pid into the file, for the
  // message a server would give); nullptr when another process holds it. Throws
  // std::runtime_error when the data directory does not exist or the lock file cannot be
  // opened or created.
  static std::unique_ptr<CtlDataDirLock> TryTake(const std::string& data_dir);
  ~CtlDataDirLock();
  CtlDataDirLock(const CtlDataDirLock&) = delete;
  CtlDataDirLock& operator=(const CtlDataDirLock&) = delete;

 private:
  explicit CtlDataDirLock(int fd) : fd_(fd) {}
  int fd_;
};

// The pid recorded in the lock file when a process holds the lock ("?" when the file says
// nothing); nullopt when nobody holds it or there is no lock file. Never takes the lock for
// longer than the probe.
std::optional<std::string> LockHolderPid(const std::string& data_dir);

}  // namespace sb::ctl
