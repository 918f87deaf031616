// RecordSender: the producer side's private queue of records waiting to go into a pipe.
//
// Each process that produces into a pipe owns one (a worker for its request pipe, the
// coordinator for each lane's reply pipe). Flush() cuts the head record into chunks that fit
// the pipe's free space and publishes them one by one, so a record of any size up to the
// configured maximum gets through a small pipe while the consumer reassembles it. A record
// that is partly sent stays at the front until its last chunk is out.
#pragma once

#include <cstdint>
#include <deque>
#include <string>

#include "shared/ipc/shm_pipe.h"

namespace sb::ipc {

enum class FlushResult {
  kDone,     // Queue empty: everything is in the pipe.
  kBlocked,  // No room; the consumer was asked (producer_waiting) to ring our doorbell.
  kCorrupt,  // The consumer's head is impossible.
};

class RecordSender {
 public:
  explicit RecordSender(uint64_t max_record_bytes) : max_record_bytes_(max_record_bytes) {}

  // Throws SqlError(program_limit_exceeded) when payload exceeds the maximum record size.
  void Enqueue(uint64_t request_id, uint32_t kind, std::string payload);
  // Publishes as many chunks as fit. *published (if given) is set when anything went out.
  FlushResult Flush(PipeProducer& pipe, bool* published = nullptr);

  bool empty() const { return queue_.empty(); }
  std::size_t size() const { return queue_.size(); }
  void Clear() { queue_.clear(); }

 private:
  struct Outgoing {
    uint64_t request_id;
    uint32_t kind;
    std::string payload;
    uint64_t sent = 0;
    bool started = false;
  };

  // Publishes one chunk of the front record if there is worthwhile room; false otherwise.
  bool PublishChunk(PipeProducer& pipe, uint64_t free_bytes);

  uint64_t max_record_bytes_;
  std::deque<Outgoing> queue_;
};

}  // namespace sb::ipc
