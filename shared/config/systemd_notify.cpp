#include "shared/config/systemd_notify.h"

#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>

namespace sb::config {

bool NotifySystemd(std::string_view state) {
  const char* address = std::getenv("NOTIFY_SOCKET");
  if (address == nullptr) return false;
  return NotifySocket(address, state);
}

bool NotifySocket(std::string_view socket_address, std::string_view state) {
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  // A path must fit with its terminating NUL; an abstract name has no terminator but its
  // leading NUL takes the place of the '@'.
  if (socket_address.size() < 2 || socket_address.size() >= sizeof(addr.sun_path)) return false;
  if (socket_address.front() != '/' && socket_address.front() != '@') return false;
  if (socket_address.find('\0') != std::string_view::npos) return false;
  std::memcpy(addr.sun_path, socket_address.data(), socket_address.size());
  socklen_t length =
      static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + socket_address.size());
  if (socket_address.front() == '@') {
    addr.sun_path[0] = '\0';
  } else {
    length += 1;  // include the NUL, as sd_notify does
  }

  int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return false;
  ssize_t sent;
  do {
    sent = ::sendto(fd, state.data(), state.size(), MSG_NOSIGNAL,
                    reinterpret_cast<const sockaddr*>(&addr), length);
  } while (sent < 0 && errno == EINTR);
  ::close(fd);
  return sent >= 0 && static_cast<size_t>(sent) == state.size();
}

}  // namespace sb::config
