#include "coordinator/listener.h"

#include <fmt/format.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <stdexcept>

#include "shared/config/log.h"

namespace sb::coordinator {
namespace {

// Another live server answers on the socket path: refuse to steal it. A stale file from a
// crashed server refuses connections and is removed.
void ClaimSocketPath(const std::string& path) {
  asio::io_context probe_io;
  asio::local::stream_protocol::socket probe(probe_io);
  boost::system::error_code ec;
  probe.connect(asio::local::stream_protocol::endpoint(path), ec);
  if (!ec) {
    throw std::runtime_error(
        fmt::format("another server is already listening on Unix socket \"{}\"", path));
  }
  ::unlink(path.c_str());
}

}  // namespace

Listener::Listener(asio::io_context& io, AcceptHandler on_accept)
    : io_(io), on_accept_(std::move(on_accept)) {}

Listener::~Listener() {
  Close();
}

void Listener::Open(const std::vector<std::string>& listen, int port,
                    const std::string& socket_dir) {
  for (const std::string& address : listen) {
    std::vector<asio::ip::tcp::endpoint> endpoints;
    if (address == "*") {
      endpoints.emplace_back(asio::ip::tcp::v4(), port);
      endpoints.emplace_back(asio::ip::tcp::v6(), port);
    } else {
      asio::ip::tcp::resolver resolver(io_);
      boost::system::error_code ec;
      auto results =
          resolver.resolve(address, std::to_string(port), asio::ip::resolver_base::passive, ec);
      if (ec) {
        throw std::runtime_error(
            fmt::format("could not resolve listen address \"{}\": {}", address, ec.message()));
      }
      for (const auto& entry : results) endpoints.push_back(entry.endpoint());
    }
    for (const auto& endpoint : endpoints) {
      auto acceptor = std::make_unique<asio::ip::tcp::acceptor>(io_);
      boost::system::error_code ec;
      acceptor->open(endpoint.protocol(), ec);
      if (!ec) acceptor->set_option(asio::socket_base::reuse_address(true), ec);
      if (!ec && endpoint.address().is_v6()) acceptor->set_option(asio::ip::v6_only(true), ec);
      if (!ec) acceptor->bind(endpoint, ec);
      if (!ec) acceptor->listen(asio::socket_base::max_listen_connections, ec);
      if (ec) {
        throw std::runtime_error(fmt::format("could not listen on {}:{}: {}",
                                             endpoint.address().to_string(), port, ec.message()));
      }
      log::Info("listening on {}:{}", endpoint.address().to_string(), port);
      tcp_.push_back(std::move(acceptor));
      AcceptTcp(*tcp_.back());
    }
  }

  if (!socket_dir.empty()) {
    unix_path_ = fmt::format("{}/.s.PGSQL.{}", socket_dir, port);
    ClaimSocketPath(unix_path_);
    unix_ = std::make_unique<asio::local::stream_protocol::acceptor>(io_);
    boost::system::error_code ec;
    unix_->open(asio::local::stream_protocol(), ec);
    if (!ec) unix_->bind(asio::local::stream_protocol::endpoint(unix_path_), ec);
    if (!ec) unix_->listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
      throw std::runtime_error(
          fmt::format("could not listen on Unix socket \"{}\": {}", unix_path_, ec.message()));
    }
    // Like PostgreSQL's default unix_socket_permissions: any local user may connect; the
    // password (if set) is what guards access.
    ::chmod(unix_path_.c_str(), 0777);
    log::Info("listening on Unix socket \"{}\"", unix_path_);
    AcceptUnix();
  }
}

void Listener::Close() {
  for (auto& acceptor : tcp_) {
    boost::system::error_code ignored;
    acceptor->close(ignored);
  }
  tcp_.clear();
  if (unix_) {
    boost::system::error_code ignored;
    unix_->close(ignored);
    unix_.reset();
    ::unlink(unix_path_.c_str());
  }
}

void Listener::RetryLater(std::function<void()> retry) {
  auto timer = std::make_shared<asio::steady_timer>(io_, std::chrono::milliseconds(100));
  timer->async_wait([timer, retry = std::move(retry)](boost::system::error_code ec) {
    if (!ec) retry();
  });
}

void Listener::AcceptTcp(asio::ip::tcp::acceptor& acceptor) {
  acceptor.async_accept(
      [this, &acceptor](boost::system::error_code ec, asio::ip::tcp::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) {
          // Small request/response messages: Nagle would add up to 40 ms per round trip.
          socket.set_option(asio::ip::tcp::no_delay(true), ec);
          socket.set_option(asio::socket_base::keep_alive(true), ec);
          on_accept_(socket.release());
        } else {
          // EMFILE and friends: log, wait a little (not to spin), keep accepting; never let the
          // coordinator die of it.
          log::Warning("accept() failed: {}", ec.message());
          RetryLater([this, &acceptor] {
            if (acceptor.is_open()) AcceptTcp(acceptor);
          });
          return;
        }
        if (acceptor.is_open()) AcceptTcp(acceptor);
      });
}

void Listener::AcceptUnix() {
  unix_->async_accept(
      [this](boost::system::error_code ec, asio::local::stream_protocol::socket socket) {
        if (ec == asio::error::operation_aborted) return;
        if (!ec) {
          on_accept_(socket.release());
        } else {
          log::Warning("accept() on Unix socket failed: {}", ec.message());
          RetryLater([this] {
            if (unix_ && unix_->is_open()) AcceptUnix();
          });
          return;
        }
        if (unix_ && unix_->is_open()) AcceptUnix();
      });
}

}  // namespace sb::coordinator
