// EventFd: a nonblocking Linux eventfd used as a wake-up doorbell between processes.
//
// The coordinator creates every EventFd before forking, so workers (including ones respawned
// later) inherit them. Any process may Signal(); the process that waits on the descriptor
// (via poll() or asio::posix::stream_descriptor::async_wait) calls Drain() before re-checking
// the shared state it was woken for, so a signal sent after that check is never lost.
#pragma once

#include <utility>

#include "shared/ipc/unique_fd.h"

namespace sb::ipc {

class EventFd {
 public:
  // Throws SqlError(io_error) when the kernel refuses to create one.
  static EventFd Create();

  EventFd() = default;

  int fd() const { return fd_.get(); }
  bool valid() const { return fd_.valid(); }

  // Makes the descriptor readable. Never blocks; a saturated counter is already readable.
  void Signal() const;
  // Resets the counter; returns true when at least one Signal() was pending.
  bool Drain() const;

 private:
  explicit EventFd(UniqueFd fd) : fd_(std::move(fd)) {}

  UniqueFd fd_;
};

}  // namespace sb::ipc
