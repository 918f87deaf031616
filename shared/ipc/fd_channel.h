// FdChannel: one end of a Unix SOCK_SEQPACKET socketpair carrying small fixed-size control
// messages between the coordinator and one worker, optionally with a file descriptor attached
// (SCM_RIGHTS) — this is how the coordinator hands an accepted client socket to a worker.
//
// The coordinator creates the pair before forking a worker; the coordinator keeps one end and
// the worker the other (each closes the end it does not use). Both ends are nonblocking and
// close-on-exec. Plain POSIX: callers wrap fd() in an asio::posix::stream_descriptor (on a
// dup, or released before destruction) and wait for readability/writability themselves.
//
// SOCK_SEQPACKET keeps message boundaries, so a message is delivered whole or not at all and a
// short read can only mean a misbehaving peer. The receiving side treats the peer as untrusted:
// sizes, control-message level/type/length and truncation flags are all checked and every
// descriptor that arrived is closed unless it is handed to the caller.
#pragma once

#include <cstdint>
#include <type_traits>
#include <utility>

#include "shared/ipc/unique_fd.h"

namespace sb::ipc {

// The one message shape on a channel; the meaning of the fields is the caller's protocol.
struct ChannelMessage {
  uint32_t kind = 0;
  uint32_t session_slot = 0;
  uint32_t flags = 0;
  int32_t arg = 0;
};
static_assert(std::is_trivially_copyable_v<ChannelMessage> && sizeof(ChannelMessage) == 16);

enum class ChannelStatus {
  kOk,
  kWouldBlock,  // Socket buffer full (send) or empty (receive): wait for the fd, then retry.
  kPeerClosed,  // The other process closed its end or died.
};

struct ChannelReceive {
  ChannelStatus status = ChannelStatus::kWouldBlock;
  ChannelMessage message;  // Valid when status == kOk.
  UniqueFd fd;             // The attached descriptor (close-on-exec), if the message had one.
};

class FdChannel {
 public:
  // Throws SqlError(io_error) if the socketpair cannot be created.
  static std::pair<FdChannel, FdChannel> CreatePair();

  FdChannel() = default;
  explicit FdChannel(UniqueFd fd) : fd_(std::move(fd)) {}

  int fd() const { return fd_.get(); }
  bool valid() const { return fd_.valid(); }
  void Close() { fd_.Reset(); }

  // Sends `message`, with `fd_to_send` attached when it is >= 0. The caller keeps ownership of
  // fd_to_send (the kernel duplicates it into the message); on kOk it may close its copy, on
  // kWouldBlock nothing was sent. Throws SqlError(io_error) on unexpected socket errors.
  ChannelStatus Send(const ChannelMessage& message, int fd_to_send = -1);

  // Receives one message. Throws SqlError(protocol_violation) for a malformed message (wrong
  // size, truncated, unexpected control data, more than one fd) — the message is consumed and
  // any descriptors it carried are closed — and SqlError(io_error) on unexpected socket errors.
  ChannelReceive Receive();

 private:
  UniqueFd fd_;
};

}  // namespace sb::ipc
