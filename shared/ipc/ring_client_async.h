// AsyncRingClient: C++20-coroutine front end of a worker's RingClient.
//
// One per worker process, on the worker's single-threaded io_context; many coroutines of the
// worker (one per client connection, say) may be inside Call() at once. Each Call() submits a
// request and suspends on its own waiter; one pump coroutine waits on the lane's eventfd,
// pushes unsent request bytes, and resumes exactly the waiter whose request id came back.
// Destroy it only after the io_context has stopped running its coroutines.
#pragma once

#include <cstdint>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "shared/asio/asio.h"
#include "shared/ipc/ring_client.h"

namespace sb::ipc {

class AsyncRingClient {
 public:
  // `client` must outlive this object. Throws SqlError(io_error) if the eventfd can't be dup'd.
  AsyncRingClient(asio::io_context& io, RingClient& client);

  // Sends one request and returns its reply. Throws what RingClient throws (e.g. SqlError
  // program_limit_exceeded for an oversized payload, data_corrupted for a broken ring).
  asio::awaitable<Reply> Call(uint32_t kind, std::string payload);

  std::size_t waiting() const { return waiters_.size(); }

 private:
  struct Waiter {
    explicit Waiter(asio::io_context& io) : wake(io) {}
    asio::steady_timer wake;  // Never expires by itself; cancelled to resume the caller.
    std::optional<Reply> reply;
    std::exception_ptr error;
  };

  asio::awaitable<void> Pump();
  void DeliverReplies();
  void FailAll(std::exception_ptr error);

  asio::io_context& io_;
  RingClient& client_;
  asio::posix::stream_descriptor wake_fd_;  // A dup of the lane's eventfd, owned by Asio.
  std::unordered_map<uint64_t, std::shared_ptr<Waiter>> waiters_;
  bool pumping_ = false;
};

}  // namespace sb::ipc
