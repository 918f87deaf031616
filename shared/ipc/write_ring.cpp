#include "shared/ipc/write_ring.h"

#include <new>

#include "shared/errors/sql_error.h"

namespace sb::ipc {

struct WriteRing::LaneShared {
  alignas(64) std::atomic<uint64_t> first_request_id{1};
  PipeControl requests;
  PipeControl replies;
};

namespace {

constexpr uint64_t kCacheLine = 64;

uint64_t RoundUp(uint64_t value) {
  return (value + kCacheLine - 1) / kCacheLine * kCacheLine;
}

const WriteRingOptions& Checked(const WriteRingOptions& options) {
  if (options.lanes == 0 || options.lanes > WriteRing::kMaxLanes) {
    ThrowSqlError(SqlState::kInvalidParameterValue, "write ring lanes {} not in 1..{}",
                  options.lanes, WriteRing::kMaxLanes);
  }
  if (options.pipe_bytes < WriteRing::kMinPipeBytes ||
      options.pipe_bytes > WriteRing::kMaxPipeBytes) {
    ThrowSqlError(SqlState::kInvalidParameterValue, "write ring pipe size {} not in {}..{}",
                  options.pipe_bytes, WriteRing::kMinPipeBytes, WriteRing::kMaxPipeBytes);
  }
  if (options.max_record_bytes == 0 || options.max_inflight_per_lane == 0) {
    ThrowSqlError(SqlState::kInvalidParameterValue,
                  "write ring record limit and in-flight limit must be positive");
  }
  return options;
}

}  // namespace

WriteRing::WriteRing(const WriteRingOptions& options)
    : options_(Checked(options)),
      stride_(RoundUp(options.pipe_bytes)),
      segment_(RoundUp(sizeof(LaneShared) * options.lanes) + 2 * stride_ * options.lanes),
      coordinator_wake_(EventFd::Create()) {
  lanes_ = reinterpret_cast<LaneShared*>(segment_.data());
  data_ = segment_.data() + RoundUp(sizeof(LaneShared) * options_.lanes);
  lane_wake_.reserve(options_.lanes);
  for (uint32_t i = 0; i < options_.lanes; ++i) {
    new (&lanes_[i]) LaneShared();
    lane_wake_.push_back(EventFd::Create());
  }
}

WriteRing::LaneShared& WriteRing::Lane(uint32_t lane) const {
  if (lane >= options_.lanes) {
    ThrowSqlError(SqlState::kInternalError, "write ring lane {} out of range ({} lanes)", lane,
                  options_.lanes);
  }
  return lanes_[lane];
}

PipeView WriteRing::RequestPipe(uint32_t lane) const {
  return PipeView{&Lane(lane).requests, data_ + 2 * stride_ * lane, options_.pipe_bytes};
}

PipeView WriteRing::ReplyPipe(uint32_t lane) const {
  return PipeView{&Lane(lane).replies, data_ + 2 * stride_ * lane + stride_, options_.pipe_bytes};
}

const EventFd& WriteRing::lane_wake(uint32_t lane) const {
  Lane(lane);
  return lane_wake_[lane];
}

uint64_t WriteRing::first_request_id(uint32_t lane) const {
  return Lane(lane).first_request_id.load(std::memory_order_acquire);
}

void WriteRing::set_first_request_id(uint32_t lane, uint64_t id) {
  Lane(lane).first_request_id.store(id, std::memory_order_release);
}

void WriteRing::ClearLane(uint32_t lane) {
  LaneShared& shared = Lane(lane);
  for (PipeControl* pipe : {&shared.requests, &shared.replies}) {
    pipe->head.store(0, std::memory_order_seq_cst);
    pipe->tail.store(0, std::memory_order_seq_cst);
    pipe->producer_waiting.store(0, std::memory_order_seq_cst);
  }
}

}  // namespace sb::ipc
