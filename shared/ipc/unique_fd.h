// UniqueFd: sole owner of one POSIX file descriptor, closed when the owner goes away.
//
// Used by every process that holds descriptors in shared/ipc (channel sockets, eventfds,
// client sockets received over a channel). Moving transfers ownership; Release() hands the
// raw descriptor to someone else (e.g. an Asio descriptor object that will close it).
#pragma once

namespace sb::ipc {

class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  ~UniqueFd() { Reset(); }

  UniqueFd(UniqueFd&& other) noexcept : fd_(other.Release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) Reset(other.Release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;

  int get() const { return fd_; }
  bool valid() const { return fd_ >= 0; }

  // Gives up ownership without closing.
  int Release() {
    int fd = fd_;
    fd_ = -1;
    return fd;
  }
  // Closes the current descriptor (if any) and takes ownership of `fd`.
  void Reset(int fd = -1);

 private:
  int fd_ = -1;
};

}  // namespace sb::ipc
