#include "shared/ipc/ring_server.h"

#include <fmt/format.h>

#include "shared/errors/sql_error.h"

namespace sb::ipc {

RingServer::Lane::Lane(const WriteRing& ring, uint32_t index)
    : requests(ring.RequestPipe(index)),
      replies(ring.ReplyPipe(index)),
      assembler(ring.options().max_record_bytes),
      sender(ring.options().max_record_bytes),
      last_request_id(ring.first_request_id(index) - 1) {}

RingServer::RingServer(WriteRing& ring) : ring_(ring) {
  lanes_.reserve(ring.lane_count());
  for (uint32_t i = 0; i < ring.lane_count(); ++i) lanes_.emplace_back(ring, i);
}

const RingServer::Lane& RingServer::LaneAt(uint32_t lane) const {
  if (lane >= lanes_.size()) {
    ThrowSqlError(SqlState::kInternalError, "write ring lane {} out of range ({} lanes)", lane,
                  lanes_.size());
  }
  return lanes_[lane];
}

bool RingServer::Throttled(const Lane& lane) const {
  return lane.unanswered.size() >= ring_.options().max_inflight_per_lane;
}

void RingServer::Fault(uint32_t index, std::string reason, std::vector<LaneFault>& faults) {
  Lane& lane = lanes_[index];
  lane.faulted = true;
  lane.wake_worker = false;
  lane.assembler.Reset();
  lane.sender.Clear();
  lane.unanswered.clear();
  faults.push_back(LaneFault{index, std::move(reason)});
}

void RingServer::FlushReplies(uint32_t index, std::vector<LaneFault>& faults) {
  Lane& lane = lanes_[index];
  if (lane.faulted || lane.sender.empty()) return;
  bool published = false;
  if (lane.sender.Flush(lane.replies, &published) == FlushResult::kCorrupt) {
    Fault(index, "reply pipe: worker's read position out of bounds", faults);
    return;
  }
  if (published) lane.wake_worker = true;
}

void RingServer::WakeWorkers() {
  for (uint32_t i = 0; i < lanes_.size(); ++i) {
    if (!lanes_[i].wake_worker) continue;
    lanes_[i].wake_worker = false;
    ring_.lane_wake(i).Signal();
  }
}

bool RingServer::ServeOneRecord(uint32_t index, const RequestHandler& handler, PollResult& result) {
  Lane& lane = lanes_[index];
  if (lane.faulted || Throttled(lane)) return false;
  RingMessage record;
  AssembleStep step;
  // Bounded: until Commit() below the worker cannot refill what we read, so this loop reads at
  // most one pipe's worth of chunks.
  do {
    step = lane.assembler.Step(lane.requests, &record);
  } while (step == AssembleStep::kPartial);
  if (step == AssembleStep::kCorrupt) {
    Fault(index, "request pipe: " + lane.assembler.error(), result.faults);
    return false;
  }
  if (lane.requests.Commit()) lane.wake_worker = true;
  if (step == AssembleStep::kEmpty) return false;

  if (record.request_id <= lane.last_request_id) {
    Fault(index,
          fmt::format("request id {} not above previous id {}", record.request_id,
                      lane.last_request_id),
          result.faults);
    return false;
  }
  lane.last_request_id = record.request_id;
  lane.unanswered.insert(record.request_id);
  ++result.records;
  std::optional<std::string> reply = handler(index, record.request_id, record.kind, record.payload);
  if (reply) Reply(index, record.request_id, std::move(*reply));
  return true;
}

PollResult RingServer::Poll(const RequestHandler& handler, std::size_t max_records) {
  if (max_records == 0) max_records = 1;  // "more" must eventually become false.
  PollResult result;
  result.faults = std::move(deferred_faults_);
  deferred_faults_.clear();
  polling_ = true;
  struct PollingGuard {
    bool& flag;
    ~PollingGuard() { flag = false; }
  } guard{polling_};

  const auto lane_count = static_cast<uint32_t>(lanes_.size());
  // Workers that drained their reply pipe rang our doorbell: send what was waiting.
  for (uint32_t i = 0; i < lane_count; ++i) FlushReplies(i, result.faults);

  uint32_t start = next_start_lane_;
  next_start_lane_ = (next_start_lane_ + 1) % lane_count;
  bool progress = true;
  while (progress && result.records < max_records) {
    progress = false;
    for (uint32_t offset = 0; offset < lane_count && result.records < max_records; ++offset) {
      if (ServeOneRecord((start + offset) % lane_count, handler, result)) progress = true;
    }
  }
  result.more = result.records >= max_records;

  for (uint32_t i = 0; i < lane_count; ++i) FlushReplies(i, result.faults);
  WakeWorkers();
  return result;
}

bool RingServer::Reply(uint32_t index, uint64_t request_id, std::string payload, uint32_t status) {
  if (index >= lanes_.size()) return false;
  Lane& lane = lanes_[index];
  auto waiting = lane.unanswered.find(request_id);
  if (waiting == lane.unanswered.end()) return false;
  lane.sender.Enqueue(request_id, status, std::move(payload));
  bool was_throttled = Throttled(lane);
  lane.unanswered.erase(waiting);
  if (polling_) return true;  // Poll flushes and rings doorbells once at its end.

  FlushReplies(index, deferred_faults_);
  WakeWorkers();
  // A paused lane may have requests sitting in its pipe whose doorbell was already consumed,
  // and a fault must be reported: either way, make the coordinator poll again.
  if (was_throttled || !deferred_faults_.empty()) ring_.coordinator_wake().Signal();
  return true;
}

void RingServer::ResetLane(uint32_t index) {
  LaneAt(index);
  Lane& lane = lanes_[index];
  ring_.ClearLane(index);
  lane.requests.Reset();
  lane.replies.Reset();
  lane.assembler.Reset();
  lane.sender.Clear();
  lane.unanswered.clear();
  lane.faulted = false;
  lane.wake_worker = false;
  ring_.set_first_request_id(index, lane.last_request_id + 1);
  ring_.lane_wake(index).Drain();
  std::erase_if(deferred_faults_, [index](const LaneFault& fault) { return fault.lane == index; });
}

}  // namespace sb::ipc
