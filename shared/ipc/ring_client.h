// RingClient: a worker's end of the write ring (see write_ring.h for the design).
//
// One per worker process, constructed in the worker after fork for the lane matching its worker
// slot, and used from that worker's single event-loop thread. It owns the worker-private state:
// the next request id, records not yet fully written into the request pipe, and the reassembly
// of replies. Non-blocking throughout: Submit() queues and writes what fits, TryFlush() writes
// more after a wake-up, PollReplies() returns whatever replies are complete. The caller waits
// for wake_fd() to become readable between attempts (ring_client_async.h does that with Asio).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "shared/ipc/record_assembler.h"
#include "shared/ipc/record_sender.h"
#include "shared/ipc/write_ring.h"

namespace sb::ipc {

// A reply: request_id names the request it answers, kind carries the coordinator's status.
using Reply = RingMessage;

class RingClient {
 public:
  // Throws SqlError(internal_error) for a lane out of range.
  RingClient(const WriteRing& ring, uint32_t lane);

  uint32_t lane() const { return lane_; }
  int wake_fd() const { return ring_.lane_wake(lane_).fd(); }
  // Call before TryFlush()/PollReplies() after a wake-up, so later signals are not lost.
  void DrainWake() { ring_.lane_wake(lane_).Drain(); }

  // Queues a request and writes as much as fits now; returns its id (ids only grow).
  // Throws SqlError(program_limit_exceeded) when payload is larger than the record limit.
  uint64_t Submit(uint32_t kind, std::string payload);
  // Writes queued requests; true when all of them are completely in the pipe. Throws
  // SqlError(data_corrupted) when the pipe's shared state is impossible.
  bool TryFlush();
  bool has_unsent() const { return !sender_.empty(); }

  // Complete replies received so far (at most max_replies). Throws SqlError(data_corrupted)
  // when the reply pipe holds something impossible.
  std::vector<Reply> PollReplies(std::size_t max_replies = 1024);

 private:
  const WriteRing& ring_;
  uint32_t lane_;
  PipeProducer requests_;
  PipeConsumer replies_;
  RecordSender sender_;
  RecordAssembler assembler_;
  uint64_t next_request_id_;
};

}  // namespace sb::ipc
