// RecordAssembler: the consumer side's private reassembly of chunked records from one pipe.
//
// Each process that consumes a pipe owns one per pipe (the coordinator per lane for requests,
// a worker for its replies). It trusts nothing it reads: every chunk header is checked against
// the record in progress (flags, id, kind, running size, the configured maximum) and any
// inconsistency is reported as corruption instead of being followed. A record in progress
// lives only here, so a producer that dies mid-record leaves nothing but this buffer, which
// Reset() drops.
#pragma once

#include <cstdint>
#include <string>

#include "shared/ipc/ring_record.h"
#include "shared/ipc/shm_pipe.h"

namespace sb::ipc {

enum class AssembleStep {
  kEmpty,    // Nothing (more) to read right now.
  kPartial,  // Consumed a chunk; the record is not complete yet.
  kRecord,   // *out holds a complete record.
  kCorrupt,  // The pipe holds something no honest producer writes; error() says what.
};

class RecordAssembler {
 public:
  explicit RecordAssembler(uint64_t max_record_bytes) : max_record_bytes_(max_record_bytes) {}

  // Consumes at most one chunk.
  AssembleStep Step(PipeConsumer& pipe, RingMessage* out);
  void Reset();

  bool in_progress() const { return active_; }
  const std::string& error() const { return error_; }

 private:
  AssembleStep Fail(std::string reason);

  uint64_t max_record_bytes_;
  bool active_ = false;
  uint64_t request_id_ = 0;
  uint32_t kind_ = 0;
  uint64_t total_bytes_ = 0;
  std::string buffer_;
  std::string error_;
};

}  // namespace sb::ipc
