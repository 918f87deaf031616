#include "coordinator/data_dir_lock.h"

#include <fcntl.h>
#include <fmt/format.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <stdexcept>

namespace sb::coordinator {

DataDirLock::DataDirLock(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(data_dir) / ".smarterbase", ec);
  // The database every client can connect to, as in PostgreSQL.
  if (!ec) std::filesystem::create_directories(std::filesystem::path(data_dir) / "postgres", ec);
  if (ec) {
    throw std::runtime_error(
        fmt::format("could not create data directory \"{}\": {}", data_dir, ec.message()));
  }
  std::string path = data_dir + "/.smarterbase/lock";
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    throw std::runtime_error(fmt::format("could not open \"{}\": {}", path, std::strerror(errno)));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    char buffer[32] = {};
    ssize_t n = ::pread(fd_, buffer, sizeof(buffer) - 1, 0);
    ::close(fd_);
    fd_ = -1;
    std::string holder = n > 0 ? std::string(buffer, static_cast<size_t>(n)) : "unknown";
    while (!holder.empty() && (holder.back() == '\n' || holder.back() == ' ')) holder.pop_back();
    throw std::runtime_error(fmt::format(
        "data directory \"{}\" is in use by another process (pid {})", data_dir, holder));
  }
  std::string pid = fmt::format("{}\n", ::getpid());
  if (::ftruncate(fd_, 0) != 0 || ::pwrite(fd_, pid.data(), pid.size(), 0) < 0) {
    // The lock is what matters; the pid is only for the message above.
  }
}

DataDirLock::~DataDirLock() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace sb::coordinator
