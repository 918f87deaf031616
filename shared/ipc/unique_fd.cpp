#include "shared/ipc/unique_fd.h"

#include <unistd.h>

namespace sb::ipc {

void UniqueFd::Reset(int fd) {
  // Linux releases the descriptor even when close() reports EINTR, so never retry.
  if (fd_ >= 0) ::close(fd_);
  fd_ = fd;
}

}  // namespace sb::ipc
