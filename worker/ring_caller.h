// RingCaller: a worker's blocking-looking calls to the coordinator over the write ring.
//
// One per worker process, on its event loop. A session's coroutine calls Call(), which submits
// the request and yields until the reply with its id arrives; many sessions of the worker may
// wait at once, and each is resumed by exactly its own reply. One pump waits on the lane's
// eventfd, sends what did not fit, and routes replies to their waiters.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>

#include "shared/asio/spawn.h"
#include "shared/errors/sql_error.h"
#include "shared/ipc/ring_client.h"

namespace sb::worker {

// Throws the SqlError a kError reply carries ("SQLSTATE\nmessage"), with `severity`; a reply of
// an unknown status is an internal error.
void RaiseIfFailed(const ipc::Reply& reply, Severity severity = Severity::kError);

class RingCaller {
 public:
  RingCaller(asio::io_context& io, const ipc::WriteRing& ring, uint32_t lane);
  ~RingCaller();

  // Sends `payload` as a request of `kind` and returns the coordinator's reply (its `kind` is
  // the reply status). Throws SqlError 08006 when the worker is shutting down without the
  // coordinator (the reply can never come).
  ipc::Reply Call(uint32_t kind, std::string payload, asio::yield_context& yield);
  // The coordinator is gone: wake every waiter with 08006 and refuse new calls.
  void FailAll();

 private:
  struct Waiter {
    explicit Waiter(asio::io_context& io) : timer(io) {}
    asio::steady_timer timer;
    std::optional<ipc::Reply> reply;
  };
  void ArmPump();
  void Pump();

  asio::io_context& io_;
  ipc::RingClient client_;
  std::unique_ptr<asio::posix::stream_descriptor> wake_;
  std::map<uint64_t, Waiter*> waiters_;
  bool pumping_ = false;
  bool failed_ = false;
};

}  // namespace sb::worker
