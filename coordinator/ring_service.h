// RingService: the coordinator's loop over the shared-memory write ring. Waits on the ring's
// eventfd, drains requests fairly across worker lanes and answers them.
//
// Coordinator process, on its io_context. Request kinds are listed in
// shared/ipc/ring_requests.h; each is handed to the WriteApplier one at a time, which is what
// makes the coordinator the single writer.
#pragma once

#include <functional>
#include <memory>

#include "coordinator/write_applier.h"
#include "shared/asio/asio.h"
#include "shared/ipc/ring_server.h"

namespace sb::coordinator {

class RingService {
 public:
  // `on_fault(lane)` is called for a lane whose worker wrote something impossible; the
  // coordinator kills that worker.
  RingService(asio::io_context& io, ipc::WriteRing& ring, WriteApplier& applier,
              std::function<void(uint32_t)> on_fault);
  ~RingService();

  // Runs before each batch of requests is applied (the coordinator catches up with hand
  // edits there). Exceptions are logged; the batch goes on.
  void SetBeforeBatch(std::function<void()> before_batch) {
    before_batch_ = std::move(before_batch);
  }

  void Start();
  void Stop();
  // The lane's worker has died: forget its requests before a new worker takes the lane.
  void ResetLane(uint32_t lane);

 private:
  void Arm();
  void Serve();

  asio::io_context& io_;
  ipc::RingServer server_;
  WriteApplier& applier_;
  std::function<void(uint32_t)> on_fault_;
  std::function<void()> before_batch_;
  std::unique_ptr<asio::posix::stream_descriptor> wake_;
  bool stopped_ = false;
};

}  // namespace sb::coordinator
