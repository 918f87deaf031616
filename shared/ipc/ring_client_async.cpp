#include "shared/ipc/ring_client_async.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "shared/errors/sql_error.h"

namespace sb::ipc {

namespace {

int DupCloexec(int fd) {
  int copy = ::fcntl(fd, F_DUPFD_CLOEXEC, 0);
  if (copy < 0) ThrowSqlError(SqlState::kIoError, "could not dup eventfd: {}", strerror(errno));
  return copy;
}

}  // namespace

AsyncRingClient::AsyncRingClient(asio::io_context& io, RingClient& client)
    : io_(io), client_(client), wake_fd_(io, DupCloexec(client.wake_fd())) {}

asio::awaitable<Reply> AsyncRingClient::Call(uint32_t kind, std::string payload) {
  uint64_t id = client_.Submit(kind, std::move(payload));
  auto waiter = std::make_shared<Waiter>(io_);
  waiter->wake.expires_at(asio::steady_timer::time_point::max());
  // Registered before the first suspension, so the pump can never see the reply first.
  waiters_.emplace(id, waiter);
  if (!pumping_) {
    pumping_ = true;
    asio::co_spawn(io_, Pump(), asio::detached);
  }
  while (!waiter->reply && !waiter->error) {
    boost::system::error_code ignored;  // operation_aborted is the expected wake-up.
    co_await waiter->wake.async_wait(asio::redirect_error(asio::use_awaitable, ignored));
  }
  if (waiter->error) std::rethrow_exception(waiter->error);
  co_return std::move(*waiter->reply);
}

void AsyncRingClient::DeliverReplies() {
  for (Reply& reply : client_.PollReplies()) {
    auto found = waiters_.find(reply.request_id);
    if (found == waiters_.end()) continue;  // Nobody asked (e.g. a duplicate): drop it.
    std::shared_ptr<Waiter> waiter = std::move(found->second);
    waiters_.erase(found);
    waiter->reply = std::move(reply);
    waiter->wake.cancel();
  }
}

void AsyncRingClient::FailAll(std::exception_ptr error) {
  for (auto& [id, waiter] : waiters_) {
    waiter->error = error;
    waiter->wake.cancel();
  }
  waiters_.clear();
}

asio::awaitable<void> AsyncRingClient::Pump() {
  try {
    while (!waiters_.empty()) {
      // Drain first, then look: a signal arriving after this point keeps the fd readable.
      client_.DrainWake();
      client_.TryFlush();
      DeliverReplies();
      if (waiters_.empty()) break;
      co_await wake_fd_.async_wait(asio::posix::stream_descriptor::wait_read, asio::use_awaitable);
    }
  } catch (...) {
    FailAll(std::current_exception());
  }
  pumping_ = false;
}

}  // namespace sb::ipc
