// The messages on a worker's FdChannel (shared/ipc/fd_channel.h), both directions.
// Coordinator and worker include this one definition.
#pragma once

#include <cstdint>

namespace sb::worker {

enum class ChannelKind : uint32_t {
  kNewConnection = 1,     // coordinator → worker, with the client socket attached
  kConnectionClosed = 2,  // worker → coordinator: the session in session_slot ended
};

// kNewConnection flags.
inline constexpr uint32_t kRejectTooManyClients = 1;

// session_slot of a connection that has none (it is being refused).
inline constexpr uint32_t kNoSlot = 0xffffffff;

}  // namespace sb::worker
