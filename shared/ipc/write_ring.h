// WriteRing: the shared-memory path that carries every write from the worker processes to the
// coordinator (which applies writes one at a time) and the replies back. Modelled on
// PostgreSQL's shm_mq.
//
// Lifetime and ownership. The coordinator constructs the WriteRing BEFORE forking any worker:
// it maps one anonymous shared segment and creates the eventfds, all inherited by every forked
// worker, including workers respawned later. The segment holds one lane per worker slot; the
// coordinator drives all lanes through one RingServer, and the worker in slot i drives lane i
// through one RingClient (ring_client.h). Geometry (offsets, sizes) is copied into each
// process's private WriteRing object at fork and never re-read from shared memory.
//
// A lane is two single-producer single-consumer pipes (shm_pipe.h), so no lock is ever needed
// and none can be left held by a process that dies:
//   request pipe: the worker writes tail, data and producer_waiting; the coordinator writes
//                 head (and clears producer_waiting).
//   reply pipe:   the coordinator writes tail, data and producer_waiting; the worker writes
//                 head (and clears producer_waiting).
//   first_request_id: written by the coordinator only, before forking the lane's worker.
// Records ({request id, kind, payload}) are cut into chunks (ring_record.h); a chunk is made
// visible by a single release store of tail after it is fully copied, so a worker killed in the
// middle of a copy leaves nothing visible, and one killed between chunks leaves only a partial
// record in the coordinator's private reassembly buffer, which RingServer::ResetLane drops.
//
// Trust. Workers are untrusted: everything the coordinator reads from a lane (the worker's
// tail, every chunk header, request ids) is validated; a lane that holds something impossible
// is marked faulted and reported by RingServer::Poll, never followed. A worker can damage only
// lanes, never the coordinator's memory or control flow.
//
// Wake-ups are eventfds, never spinning: one doorbell for the coordinator (rung by any worker
// after publishing requests or draining replies the coordinator was waiting to send) and one per
// lane (rung by the coordinator after replying or after freeing room a worker was waiting for).
// Waiters drain the eventfd first and then look at the pipes.
#pragma once

#include <atomic>
#include <cstdint>
#include <vector>

#include "shared/ipc/event_fd.h"
#include "shared/ipc/shared_segment.h"
#include "shared/ipc/shm_pipe.h"

namespace sb::ipc {

struct WriteRingOptions {
  uint32_t lanes = 1;                               // Worker slots (maximum number of workers).
  uint64_t pipe_bytes = uint64_t{1} << 20;          // Data bytes of each pipe (two per lane).
  uint64_t max_record_bytes = uint64_t{256} << 20;  // Larger records are refused (54000).
  uint32_t max_inflight_per_lane = 4096;            // Unanswered requests before a lane is paused.
};

class WriteRing {
 public:
  static constexpr uint32_t kMaxLanes = 4096;
  static constexpr uint64_t kMinPipeBytes = 4096;
  static constexpr uint64_t kMaxPipeBytes = uint64_t{1} << 30;

  // Coordinator, before forking. Throws SqlError(invalid_parameter_value) for bad options,
  // SqlError(out_of_memory/io_error) when the segment or eventfds cannot be created.
  explicit WriteRing(const WriteRingOptions& options);
  WriteRing(const WriteRing&) = delete;
  WriteRing& operator=(const WriteRing&) = delete;

  const WriteRingOptions& options() const { return options_; }
  uint32_t lane_count() const { return options_.lanes; }

  // All lane accessors throw SqlError(internal_error) for a lane out of range.
  PipeView RequestPipe(uint32_t lane) const;
  PipeView ReplyPipe(uint32_t lane) const;
  const EventFd& coordinator_wake() const { return coordinator_wake_; }
  const EventFd& lane_wake(uint32_t lane) const;

  // The id a new worker on `lane` must start counting from (ids only grow on a lane, across
  // worker incarnations, so a late reply meant for a dead worker can't match a new request).
  uint64_t first_request_id(uint32_t lane) const;
  // Coordinator only, while no worker uses the lane.
  void set_first_request_id(uint32_t lane, uint64_t id);
  // Coordinator only, while no worker uses the lane: zeroes both pipes' shared counters.
  void ClearLane(uint32_t lane);

 private:
  struct LaneShared;

  LaneShared& Lane(uint32_t lane) const;

  WriteRingOptions options_;
  uint64_t stride_;  // Bytes of one pipe's data area, rounded up to a cache line.
  SharedSegment segment_;
  LaneShared* lanes_;
  std::byte* data_;
  EventFd coordinator_wake_;
  std::vector<EventFd> lane_wake_;
};

}  // namespace sb::ipc
