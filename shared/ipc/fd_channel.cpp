#include "shared/ipc/fd_channel.h"

#include <sys/socket.h>
#include <sys/types.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <vector>

#include "shared/errors/sql_error.h"

namespace sb::ipc {

namespace {

// Room for more descriptors than we accept so that a peer sending several is detected (and all
// of them closed) instead of the kernel silently truncating the list.
constexpr std::size_t kFdsRoom = 8;

union SendControl {
  cmsghdr align;
  char buffer[CMSG_SPACE(sizeof(int))];
};

union ReceiveControl {
  cmsghdr align;
  char buffer[CMSG_SPACE(sizeof(int) * kFdsRoom)];
};

bool IsWouldBlock(int error) {
  return error == EAGAIN || error == EWOULDBLOCK;
}

// Takes ownership of every SCM_RIGHTS descriptor in `header`; returns false when the control
// data holds anything else or is malformed. Descriptors collected so far stay in `fds` (and are
// closed by their owner) whatever the verdict.
bool CollectFds(msghdr& header, std::vector<UniqueFd>& fds) {
  bool well_formed = true;
  const char* control_begin = static_cast<const char*>(header.msg_control);
  const char* control_end = control_begin + header.msg_controllen;
  for (cmsghdr* cmsg = CMSG_FIRSTHDR(&header); cmsg != nullptr; cmsg = CMSG_NXTHDR(&header, cmsg)) {
    if (cmsg->cmsg_len < CMSG_LEN(0)) return false;
    const char* data = reinterpret_cast<const char*>(CMSG_DATA(cmsg));
    std::size_t data_bytes = cmsg->cmsg_len - CMSG_LEN(0);
    if (data < control_begin || data > control_end ||
        data_bytes > static_cast<std::size_t>(control_end - data)) {
      return false;
    }
    if (cmsg->cmsg_level != SOL_SOCKET || cmsg->cmsg_type != SCM_RIGHTS) {
      well_formed = false;
      continue;
    }
    if (data_bytes % sizeof(int) != 0) well_formed = false;
    for (std::size_t i = 0; i + sizeof(int) <= data_bytes; i += sizeof(int)) {
      int fd;
      std::memcpy(&fd, data + i, sizeof fd);
      if (fd >= 0) fds.emplace_back(fd);
    }
  }
  return well_formed;
}

}  // namespace

std::pair<FdChannel, FdChannel> FdChannel::CreatePair() {
  int fds[2];
  if (::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, fds) != 0) {
    ThrowSqlError(SqlState::kIoError, "could not create socketpair: {}", strerror(errno));
  }
  return {FdChannel(UniqueFd(fds[0])), FdChannel(UniqueFd(fds[1]))};
}

ChannelStatus FdChannel::Send(const ChannelMessage& message, int fd_to_send) {
  ChannelMessage copy = message;
  iovec iov{&copy, sizeof copy};
  msghdr header{};
  header.msg_iov = &iov;
  header.msg_iovlen = 1;
  SendControl control;
  std::memset(&control, 0, sizeof control);
  if (fd_to_send >= 0) {
    header.msg_control = control.buffer;
    header.msg_controllen = sizeof control.buffer;
    cmsghdr* cmsg = CMSG_FIRSTHDR(&header);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof(int));
    std::memcpy(CMSG_DATA(cmsg), &fd_to_send, sizeof fd_to_send);
  }
  ssize_t sent;
  do {
    // MSG_NOSIGNAL: a dead peer must show up as a status, not as SIGPIPE killing the sender.
    sent = ::sendmsg(fd_.get(), &header, MSG_NOSIGNAL | MSG_DONTWAIT);
  } while (sent < 0 && errno == EINTR);
  if (sent < 0) {
    if (IsWouldBlock(errno)) return ChannelStatus::kWouldBlock;
    if (errno == EPIPE || errno == ECONNRESET || errno == ENOTCONN) {
      return ChannelStatus::kPeerClosed;
    }
    ThrowSqlError(SqlState::kIoError, "could not send on channel: {}", strerror(errno));
  }
  if (static_cast<std::size_t>(sent) != sizeof copy) {
    ThrowSqlError(SqlState::kIoError, "channel sent {} of {} bytes", sent, sizeof copy);
  }
  return ChannelStatus::kOk;
}

ChannelReceive FdChannel::Receive() {
  ChannelReceive result;
  // One spare byte so an oversized message is caught even if MSG_TRUNC were not reported.
  char buffer[sizeof(ChannelMessage) + 1];
  iovec iov{buffer, sizeof buffer};
  ReceiveControl control;
  std::memset(&control, 0, sizeof control);
  msghdr header{};
  header.msg_iov = &iov;
  header.msg_iovlen = 1;
  header.msg_control = control.buffer;
  header.msg_controllen = sizeof control.buffer;

  ssize_t received;
  do {
    received = ::recvmsg(fd_.get(), &header, MSG_CMSG_CLOEXEC | MSG_DONTWAIT);
  } while (received < 0 && errno == EINTR);
  if (received < 0) {
    if (IsWouldBlock(errno)) return result;
    if (errno == ECONNRESET) {
      result.status = ChannelStatus::kPeerClosed;
      return result;
    }
    ThrowSqlError(SqlState::kIoError, "could not receive on channel: {}", strerror(errno));
  }

  std::vector<UniqueFd> fds;
  bool control_ok = CollectFds(header, fds);
  if (received == 0 && fds.empty()) {
    result.status = ChannelStatus::kPeerClosed;
    return result;
  }
  if ((header.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) != 0) {
    ThrowSqlError(SqlState::kProtocolViolation, "truncated channel message");
  }
  if (!control_ok) {
    ThrowSqlError(SqlState::kProtocolViolation, "unexpected control data on channel");
  }
  if (static_cast<std::size_t>(received) != sizeof(ChannelMessage)) {
    ThrowSqlError(SqlState::kProtocolViolation, "channel message of {} bytes, expected {}",
                  received, sizeof(ChannelMessage));
  }
  if (fds.size() > 1) {
    ThrowSqlError(SqlState::kProtocolViolation, "channel message carried {} descriptors",
                  fds.size());
  }
  std::memcpy(&result.message, buffer, sizeof result.message);
  if (!fds.empty()) result.fd = std::move(fds.front());
  result.status = ChannelStatus::kOk;
  return result;
}

}  // namespace sb::ipc
