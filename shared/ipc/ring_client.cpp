#include "shared/ipc/ring_client.h"

#include "shared/errors/sql_error.h"

namespace sb::ipc {

RingClient::RingClient(const WriteRing& ring, uint32_t lane)
    : ring_(ring),
      lane_(lane),
      requests_(ring.RequestPipe(lane)),
      replies_(ring.ReplyPipe(lane)),
      sender_(ring.options().max_record_bytes),
      assembler_(ring.options().max_record_bytes),
      next_request_id_(ring.first_request_id(lane)) {}

uint64_t RingClient::Submit(uint32_t kind, std::string payload) {
  uint64_t id = next_request_id_;
  sender_.Enqueue(id, kind, std::move(payload));
  ++next_request_id_;
  TryFlush();
  return id;
}

bool RingClient::TryFlush() {
  bool published = false;
  FlushResult result = sender_.Flush(requests_, &published);
  if (published) ring_.coordinator_wake().Signal();
  if (result == FlushResult::kCorrupt) {
    ThrowSqlError(SqlState::kDataCorrupted, "write ring lane {}: request pipe state corrupt",
                  lane_);
  }
  return result == FlushResult::kDone;
}

std::vector<Reply> RingClient::PollReplies(std::size_t max_replies) {
  std::vector<Reply> replies;
  // Bounded: nothing is committed until the end, so at most one pipe's worth is read.
  while (replies.size() < max_replies) {
    Reply reply;
    AssembleStep step = assembler_.Step(replies_, &reply);
    if (step == AssembleStep::kEmpty) break;
    if (step == AssembleStep::kCorrupt) {
      ThrowSqlError(SqlState::kDataCorrupted, "write ring lane {}: reply pipe corrupt: {}", lane_,
                    assembler_.error());
    }
    if (step == AssembleStep::kRecord) replies.push_back(std::move(reply));
  }
  // The coordinator may be holding replies that did not fit: tell it there is room now.
  if (replies_.Commit()) ring_.coordinator_wake().Signal();
  return replies;
}

}  // namespace sb::ipc
