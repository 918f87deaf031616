#include "shared/ipc/event_fd.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <utility>

#include "shared/errors/sql_error.h"

namespace sb::ipc {

EventFd EventFd::Create() {
  int fd = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (fd < 0) ThrowSqlError(SqlState::kIoError, "could not create eventfd: {}", strerror(errno));
  return EventFd(UniqueFd(fd));
}

void EventFd::Signal() const {
  const uint64_t one = 1;
  while (::write(fd_.get(), &one, sizeof one) < 0 && errno == EINTR) {
  }
  // EAGAIN means the counter is saturated: the descriptor is readable anyway.
}

bool EventFd::Drain() const {
  uint64_t count = 0;
  for (;;) {
    ssize_t n = ::read(fd_.get(), &count, sizeof count);
    if (n == static_cast<ssize_t>(sizeof count)) return count != 0;
    if (n < 0 && errno == EINTR) continue;
    return false;  // EAGAIN: nothing pending.
  }
}

}  // namespace sb::ipc
