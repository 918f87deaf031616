// Listener: the coordinator's listening sockets (TCP and the Unix socket) and accept loops.
//
// Runs on the coordinator's io_context. Each accepted connection is handed, as a bare file
// descriptor that the callback now owns, to the AcceptHandler; the coordinator passes it on to a
// worker and closes its own copy. Close() stops accepting (SIGTERM) and removes the socket file.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "shared/asio/asio.h"

namespace sb::coordinator {

class Listener {
 public:
  using AcceptHandler = std::function<void(int fd)>;

  Listener(asio::io_context& io, AcceptHandler on_accept);
  ~Listener();

  // Binds every address of `listen` ("*" = all IPv4 and IPv6 addresses) on
  // `port`, and `<socket_dir>/.s.PGSQL.<port>` unless socket_dir is empty. Throws
  // std::runtime_error naming the address on failure.
  void Open(const std::vector<std::string>& listen, int port, const std::string& socket_dir);
  void Close();

  const std::string& unix_socket_path() const { return unix_path_; }

 private:
  void AcceptTcp(asio::ip::tcp::acceptor& acceptor);
  void AcceptUnix();
  void RetryLater(std::function<void()> retry);

  asio::io_context& io_;
  AcceptHandler on_accept_;
  std::vector<std::unique_ptr<asio::ip::tcp::acceptor>> tcp_;
  std::unique_ptr<asio::local::stream_protocol::acceptor> unix_;
  std::string unix_path_;
};

}  // namespace sb::coordinator
