// RingServer: the coordinator's end of the write ring (see write_ring.h for the design).
//
// One per coordinator, used from the coordinator's event-loop thread only. It owns all
// coordinator-private lane state: reassembly buffers, the ids delivered but not yet answered,
// and per-lane queues of replies that did not fit the reply pipe yet. Workers never see it.
//
// Typical loop: wait for wake_fd() to be readable, DrainWake(), then Poll() until its result
// says no more work is left (result.more == false); kill and reap the worker of every lane in
// result.faults, and call ResetLane() for each lane whose worker died before respawning one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "shared/ipc/record_assembler.h"
#include "shared/ipc/record_sender.h"
#include "shared/ipc/write_ring.h"

namespace sb::ipc {

// Called once per complete request. Returning a payload answers the request at once (status 0);
// returning nullopt defers the answer to a later Reply() call (e.g. group commit). The handler
// may call Reply() for any lane but must not call Poll() or ResetLane().
using RequestHandler = std::function<std::optional<std::string>(
    uint32_t lane, uint64_t request_id, uint32_t kind, std::string& payload)>;

struct LaneFault {
  uint32_t lane = 0;
  std::string reason;
};

struct PollResult {
  std::size_t records = 0;        // Requests handed to the handler.
  bool more = false;              // Budget exhausted: call Poll again without waiting.
  std::vector<LaneFault> faults;  // Lanes found corrupt; ignored until ResetLane.
};

class RingServer {
 public:
  explicit RingServer(WriteRing& ring);

  int wake_fd() const { return ring_.coordinator_wake().fd(); }
  void DrainWake() { ring_.coordinator_wake().Drain(); }

  // Sends queued replies that now fit, then hands up to max_records complete requests to the
  // handler, taking one record per lane in turn (starting lane rotates between calls) so a busy
  // lane cannot starve the others. Handler exceptions propagate; the request stays unanswered.
  PollResult Poll(const RequestHandler& handler, std::size_t max_records = 256);

  // Answers a request delivered by Poll. Returns false (and drops the reply) when the id is
  // not awaiting an answer on that lane: already answered, or the lane was reset/faulted since.
  // Throws SqlError(program_limit_exceeded) for an oversized payload; the request then stays
  // unanswered so the caller can reply with an error instead.
  bool Reply(uint32_t lane, uint64_t request_id, std::string payload, uint32_t status = 0);

  // The lane's worker is gone (reaped): forget its partial record, unanswered ids and pending
  // replies, zero the pipes, and let a newly forked worker start on a clean lane. Must not be
  // called while any process still uses the lane's client side. Until it is called, complete
  // requests a dead worker left in its pipe are still delivered by Poll (their replies are
  // dropped here), so call it on SIGCHLD before polling again if those must not be applied.
  void ResetLane(uint32_t lane);

  bool lane_faulted(uint32_t lane) const { return LaneAt(lane).faulted; }
  std::size_t pending_replies(uint32_t lane) const { return LaneAt(lane).sender.size(); }
  std::size_t unanswered(uint32_t lane) const { return LaneAt(lane).unanswered.size(); }

 private:
  struct Lane {
    Lane(const WriteRing& ring, uint32_t index);

    PipeConsumer requests;
    PipeProducer replies;
    RecordAssembler assembler;
    RecordSender sender;
    uint64_t last_request_id = 0;
    std::unordered_set<uint64_t> unanswered;
    bool faulted = false;
    bool wake_worker = false;
  };

  const Lane& LaneAt(uint32_t lane) const;
  bool Throttled(const Lane& lane) const;
  // Reads chunks of one lane until a record completes (delivering it) or the pipe is empty.
  bool ServeOneRecord(uint32_t lane, const RequestHandler& handler, PollResult& result);
  void FlushReplies(uint32_t lane, std::vector<LaneFault>& faults);
  void WakeWorkers();
  void Fault(uint32_t lane, std::string reason, std::vector<LaneFault>& faults);

  WriteRing& ring_;
  std::vector<Lane> lanes_;
  uint32_t next_start_lane_ = 0;
  bool polling_ = false;
  // Faults found outside Poll (while flushing a Reply), reported by the next Poll.
  std::vector<LaneFault> deferred_faults_;
};

}  // namespace sb::ipc
