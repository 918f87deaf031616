#include "coordinator/ctl/rebuild_admin_client.h"

#include <fmt/format.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace sb::ctl {
namespace {

using Clock = std::chrono::steady_clock;

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

[[noreturn]] void Fail(const std::string& socket_path, std::string_view what) {
  throw std::runtime_error(fmt::format("admin socket \"{}\": {}", socket_path, what));
}

// Waits until `fd` is ready for `events` or the deadline passes (then throws).
void WaitFor(int fd, short events, Clock::time_point deadline, const std::string& socket_path) {
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) Fail(socket_path, "the server did not answer in time");
    pollfd item{fd, events, 0};
    int ready = ::poll(&item, 1, static_cast<int>(std::min<long long>(left, 60'000)));
    if (ready > 0) return;
    if (ready < 0 && errno != EINTR) Fail(socket_path, std::strerror(errno));
  }
}

}  // namespace

coordinator::AdminReply SendAdminRequest(const std::string& socket_path,
                                         const std::vector<std::string>& argv,
                                         std::chrono::milliseconds timeout) {
  const Clock::time_point deadline = Clock::now() + timeout;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (socket_path.size() >= sizeof(address.sun_path)) {
    Fail(socket_path, "the path is too long for a Unix socket");
  }
  std::memcpy(address.sun_path, socket_path.data(), socket_path.size());
  Fd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) Fail(socket_path, std::strerror(errno));
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof(address)) != 0) {
    Fail(socket_path, fmt::format("could not connect: {}", std::strerror(errno)));
  }

  const std::string request = coordinator::FormatAdminRequest(argv);
  if (request.size() > coordinator::kMaxAdminRequestBytes) {
    Fail(socket_path, "the request is too long");
  }
  std::string_view left = request;
  while (!left.empty()) {
    WaitFor(fd.get(), POLLOUT, deadline, socket_path);
    ssize_t n = ::send(fd.get(), left.data(), left.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      Fail(socket_path, fmt::format("could not send the request: {}", std::strerror(errno)));
    }
    left.remove_prefix(static_cast<size_t>(n));
  }

  std::string reply;
  char buffer[4096];
  while (true) {
    WaitFor(fd.get(), POLLIN, deadline, socket_path);
    ssize_t n = ::recv(fd.get(), buffer, sizeof(buffer), 0);
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN) continue;
      if (errno == ECONNRESET) break;
      Fail(socket_path, fmt::format("could not read the reply: {}", std::strerror(errno)));
    }
    if (n == 0) break;
    reply.append(buffer, static_cast<size_t>(n));
    if (reply.size() > kMaxAdminReplyBytes) Fail(socket_path, "the reply is too long");
  }
  std::optional<coordinator::AdminReply> parsed = coordinator::ParseAdminReply(reply);
  if (!parsed) Fail(socket_path, "the server closed the connection without a complete reply");
  return std::move(*parsed);
}

}  // namespace sb::ctl
