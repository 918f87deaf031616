// smarterbase-ctl's client of the coordinator's admin socket (coordinator/admin_socket.h): one
// request, one reply, one connection — how rebuild-indexes reaches a running server.
//
// Blocking POSIX I/O on smarterbase-ctl's only thread; nothing is kept between calls.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "coordinator/admin_socket.h"

namespace sb::ctl {

// Replies longer than this are cut off as an error (a reply is a few lines per table).
inline constexpr size_t kMaxAdminReplyBytes = size_t{64} << 20;

// Sends `argv` (encoded by FormatAdminRequest) to the socket at `socket_path` and returns the
// server's reply. Throws std::runtime_error naming the socket when it cannot connect, when the
// server closes without a complete reply ("exit <n>" last), or when no reply is complete within
// `timeout` (rebuilding a large table takes a while: the default is generous).
coordinator::AdminReply SendAdminRequest(
    const std::string& socket_path, const std::vector<std::string>& argv,
    std::chrono::milliseconds timeout = std::chrono::minutes(30));

}  // namespace sb::ctl
