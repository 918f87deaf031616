#include "coordinator/admin_socket.h"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <stdexcept>

#include "shared/asio/asio.h"
#include "shared/config/log.h"

namespace sb::coordinator {
namespace {

using Clock = std::chrono::steady_clock;
using UnixSocket = asio::local::stream_protocol::socket;

// One client connection. Completion handlers hold it (and the State) by shared_ptr, so a
// connection dropped by the deadline or by Close() is only forgotten, never used after free.
struct Session {
  explicit Session(UnixSocket s) : socket(std::move(s)), timer(socket.get_executor()) {}

  UnixSocket socket;
  asio::steady_timer timer;
  Clock::time_point deadline;  // moved forward without touching `timer` (see WatchDeadline)
  bool open = true;
  std::string request;
  std::array<char, 4096> chunk{};
  std::string reply;
};

// A log line may not carry a client's raw bytes in full.
std::string Shortened(std::string_view text) {
  constexpr size_t kMax = 200;
  return text.size() <= kMax ? std::string(text) : std::string(text.substr(0, kMax)) + "...";
}

}  // namespace

struct AdminSocket::State : std::enable_shared_from_this<State> {
  State(asio::io_context& io, std::string p, Handler h, std::chrono::milliseconds timeout)
      : path(std::move(p)),
        handler(std::move(h)),
        idle_timeout(timeout),
        acceptor(io),
        retry_timer(io) {}

  void Accept();
  void Start(UnixSocket socket);
  void WatchDeadline(const std::shared_ptr<Session>& session);
  void Read(const std::shared_ptr<Session>& session);
  AdminReply Handle(std::string_view line);
  void Respond(const std::shared_ptr<Session>& session, const AdminReply& reply);
  void End(const std::shared_ptr<Session>& session);
  void Close();

  std::string path;
  Handler handler;
  std::chrono::milliseconds idle_timeout;
  asio::local::stream_protocol::acceptor acceptor;
  asio::steady_timer retry_timer;
  std::shared_ptr<Session> session;  // the connection being served, if any
  bool closed = false;
};

void AdminSocket::State::Accept() {
  auto self = shared_from_this();
  acceptor.async_accept([self](boost::system::error_code ec, UnixSocket socket) {
    if (self->closed) return;
    if (ec) {
      if (ec == asio::error::operation_aborted) return;
      // EMFILE and friends: wait a little instead of spinning, then go on.
      log::Warning("admin socket: accept() failed: {}", ec.message());
      self->retry_timer.expires_after(std::chrono::milliseconds(100));
      self->retry_timer.async_wait([self](boost::system::error_code wait_ec) {
        if (!wait_ec && !self->closed) self->Accept();
      });
      return;
    }
    self->Start(std::move(socket));
  });
}

void AdminSocket::State::Start(UnixSocket socket) {
  session = std::make_shared<Session>(std::move(socket));
  session->deadline = Clock::now() + idle_timeout;
  WatchDeadline(session);
  Read(session);
}

// The timer is re-armed from the deadline field each time it fires, so extending the deadline
// (before the reply is written) needs no cancel that could race with a timer already expired.
void AdminSocket::State::WatchDeadline(const std::shared_ptr<Session>& s) {
  auto self = shared_from_this();
  s->timer.expires_at(s->deadline);
  s->timer.async_wait([self, s](boost::system::error_code) {
    if (!s->open || self->closed) return;
    if (Clock::now() < s->deadline) {
      self->WatchDeadline(s);
      return;
    }
    log::Warning("admin socket: dropped a client that stayed silent for {} ms",
                 self->idle_timeout.count());
    self->End(s);
  });
}

void AdminSocket::State::Read(const std::shared_ptr<Session>& s) {
  auto self = shared_from_this();
  s->socket.async_read_some(
      asio::buffer(s->chunk), [self, s](boost::system::error_code ec, size_t n) {
        if (!s->open || self->closed) return;
        if (ec) {  // EOF before a whole line, or a reset: nothing to answer
          self->End(s);
          return;
        }
        s->request.append(s->chunk.data(), n);
        const size_t newline = s->request.find('\n');
        if (newline == std::string::npos && s->request.size() <= kMaxAdminRequestBytes) {
          self->Read(s);
          return;
        }
        if (newline == std::string::npos || newline > kMaxAdminRequestBytes) {
          log::Warning("admin socket: request longer than {} bytes refused", kMaxAdminRequestBytes);
          self->Respond(s, AdminReply{2, fmt::format("error: request longer than {} bytes",
                                                     kMaxAdminRequestBytes)});
          return;
        }
        self->Respond(s, self->Handle(std::string_view(s->request).substr(0, newline)));
      });
}

AdminReply AdminSocket::State::Handle(std::string_view line) {
  std::optional<std::vector<std::string>> argv = ParseAdminRequest(line);
  if (!argv) {
    log::Warning("admin socket: malformed request \"{}\"", Shortened(line));
    return AdminReply{2,
                      "error: malformed request (expected words encoded like file names, "
                      "separated by single spaces)"};
  }
  log::Info("admin socket: {}", Shortened(line));
  try {
    return handler(*argv);
  } catch (const std::exception& e) {
    return AdminReply{1, fmt::format("error: {}", e.what())};
  } catch (...) {
    return AdminReply{1, "error: internal error"};
  }
}

void AdminSocket::State::Respond(const std::shared_ptr<Session>& s, const AdminReply& reply) {
  s->reply = FormatAdminReply(reply);
  // The handler may have run long; the client gets a fresh timeout to read the reply.
  s->deadline = Clock::now() + idle_timeout;
  auto self = shared_from_this();
  asio::async_write(s->socket, asio::buffer(s->reply),
                    [self, s](boost::system::error_code, size_t) {
                      if (!s->open || self->closed) return;
                      self->End(s);
                    });
}

void AdminSocket::State::End(const std::shared_ptr<Session>& s) {
  if (!s->open) return;
  s->open = false;
  boost::system::error_code ignored;
  s->socket.shutdown(UnixSocket::shutdown_both, ignored);
  s->socket.close(ignored);
  s->timer.cancel();
  if (session == s) session.reset();
  if (!closed) Accept();
}

void AdminSocket::State::Close() {
  if (closed) return;
  closed = true;
  boost::system::error_code ignored;
  acceptor.close(ignored);
  retry_timer.cancel();
  if (session) {
    session->open = false;
    session->socket.close(ignored);
    session->timer.cancel();
    session.reset();
  }
  ::unlink(path.c_str());
}

AdminSocket::AdminSocket(asio::io_context& io, std::string path, Handler handler,
                         std::chrono::milliseconds idle_timeout)
    : state_(std::make_shared<State>(io, std::move(path), std::move(handler), idle_timeout)) {
  const std::string& where = state_->path;
  // The data directory lock is held, so a socket here is a crashed server's leftover. Anything
  // else in the way is left for a person to look at (bind then fails and says so).
  struct stat info {};
  if (::lstat(where.c_str(), &info) == 0 && S_ISSOCK(info.st_mode)) ::unlink(where.c_str());
  boost::system::error_code ec;
  asio::local::stream_protocol::endpoint endpoint;
  try {
    endpoint = asio::local::stream_protocol::endpoint(where);
  } catch (const boost::system::system_error& e) {
    throw std::runtime_error(
        fmt::format("could not create admin socket \"{}\": {}", where, e.code().message()));
  }
  state_->acceptor.open(endpoint.protocol(), ec);
  if (!ec) state_->acceptor.bind(endpoint, ec);
  const bool bound = !ec;
  // Before listen(): nobody can connect while the file still has the umask's permissions.
  if (!ec && ::chmod(where.c_str(), 0600) != 0) {
    ec = boost::system::error_code(errno, boost::system::system_category());
  }
  if (!ec) state_->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    boost::system::error_code ignored;
    state_->acceptor.close(ignored);
    if (bound) ::unlink(where.c_str());
    throw std::runtime_error(
        fmt::format("could not listen on admin socket \"{}\": {}", where, ec.message()));
  }
  state_->Accept();
}

AdminSocket::~AdminSocket() {
  state_->Close();
}

void AdminSocket::Close() {
  state_->Close();
}

const std::string& AdminSocket::path() const {
  return state_->path;
}

}  // namespace sb::coordinator
