#include "coordinator/ctl/rebuild_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sb::ctl {
namespace {

std::string LockPath(const std::string& data_dir) {
  return data_dir + "/.smarterbase/lock";
}

std::string ReadPid(int fd) {
  char buffer[32] = {};
  ssize_t n = ::pread(fd, buffer, sizeof(buffer) - 1, 0);
  std::string pid = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "";
  while (!pid.empty() && (pid.back() == '\n' || pid.back() == ' ')) pid.pop_back();
  return pid.empty() ? "?" : pid;
}

}  // namespace

std::unique_ptr<CtlDataDirLock> CtlDataDirLock::TryTake(const std::string& data_dir) {
  struct stat info {};
  if (::stat(data_dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
    throw std::runtime_error(fmt::format("data directory \"{}\" does not exist", data_dir));
  }
  // Like the server: the private folder is created on first use, the data root is not.
  const std::string internal = data_dir + "/.smarterbase";
  if (::mkdir(internal.c_str(), 0777) != 0 && errno != EEXIST) {
    throw std::runtime_error(
        fmt::format("could not create \"{}\": {}", internal, std::strerror(errno)));
  }
  const std::string path = LockPath(data_dir);
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    throw std::runtime_error(fmt::format("could not open \"{}\": {}", path, std::strerror(errno)));
  }
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return nullptr;
  }
  std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) < 0) {
    // The lock is what matters; the pid only improves a message.
  }
  return std::unique_ptr<CtlDataDirLock>(new CtlDataDirLock(fd));
}

CtlDataDirLock::~CtlDataDirLock() {
  ::close(fd_);
}

std::optional<std::string> LockHolderPid(const std::string& data_dir) {
  int fd = ::open(LockPath(data_dir).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  const bool held = ::flock(fd, LOCK_SH | LOCK_NB) != 0;
  std::optional<std::string> pid;
  if (held) pid = ReadPid(fd);
  ::close(fd);  // also drops the shared lock the probe may have taken
  return pid;
}

}  // namespace sb::ctl
