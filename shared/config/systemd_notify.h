// sd_notify(3) without libsystemd: tells the service manager about state changes
// ("READY=1", "RELOADING=1", "STOPPING=1", "STATUS=...").
//
// Used by the coordinator only (the unit runs with NotifyAccess=main). Stateless: each call
// opens a datagram socket, sends one message to $NOTIFY_SOCKET and closes it.
#pragma once

#include <string_view>

namespace sb::config {

// Sends `state` to the socket named by $NOTIFY_SOCKET. Returns false when the variable is
// unset (not started by systemd) or the message could not be sent; callers treat that as
// "nobody is listening", never as fatal.
bool NotifySystemd(std::string_view state);

// The same, to an explicit socket address: an absolute path, or "@name" for the Linux abstract
// namespace.
bool NotifySocket(std::string_view socket_address, std::string_view state);

}  // namespace sb::config
