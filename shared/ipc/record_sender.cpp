#include "shared/ipc/record_sender.h"

#include <algorithm>
#include <string_view>

#include "shared/errors/sql_error.h"

namespace sb::ipc {

namespace {

constexpr uint64_t kHeaderBytes = sizeof(ChunkHeader);
// A chunk never carries more than this, so chunk_bytes always fits its 32-bit field.
constexpr uint64_t kMaxChunkBytes = uint64_t{1} << 30;

}  // namespace

void RecordSender::Enqueue(uint64_t request_id, uint32_t kind, std::string payload) {
  if (payload.size() > max_record_bytes_) {
    throw SqlError(SqlState::kProgramLimitExceeded,
                   fmt::format("record of {} bytes exceeds the write ring limit of {} bytes",
                               payload.size(), max_record_bytes_));
  }
  queue_.push_back(Outgoing{request_id, kind, std::move(payload)});
}

bool RecordSender::PublishChunk(PipeProducer& pipe, uint64_t free_bytes) {
  Outgoing& record = queue_.front();
  if (free_bytes < kHeaderBytes) return false;
  uint64_t remaining = record.payload.size() - record.sent;
  uint64_t chunk = std::min({remaining, free_bytes - kHeaderBytes, kMaxChunkBytes});
  // Waiting for a decent amount of room beats flooding the pipe with tiny fragments.
  uint64_t worthwhile = std::min(remaining, std::max<uint64_t>(pipe.capacity() / 8, 1));
  if (chunk < worthwhile) return false;

  ChunkHeader header;
  header.chunk_bytes = static_cast<uint32_t>(chunk);
  header.flags = (record.started ? 0 : kChunkFirst) | (chunk == remaining ? kChunkLast : 0);
  header.request_id = record.request_id;
  header.kind = record.kind;
  header.total_bytes = record.payload.size();
  pipe.Publish(header, std::string_view(record.payload).substr(record.sent, chunk));
  record.started = true;
  record.sent += chunk;
  if (record.sent == record.payload.size()) queue_.pop_front();
  return true;
}

FlushResult RecordSender::Flush(PipeProducer& pipe, bool* published) {
  // Every iteration publishes a chunk or returns, so the loop is bounded by the queue.
  while (!queue_.empty()) {
    std::optional<uint64_t> free_bytes = pipe.FreeBytes();
    if (!free_bytes) return FlushResult::kCorrupt;
    if (!PublishChunk(pipe, *free_bytes)) {
      // Ask for a wake-up, then look once more: the consumer may have drained meanwhile.
      free_bytes = pipe.AnnounceWaiting();
      if (!free_bytes) return FlushResult::kCorrupt;
      if (!PublishChunk(pipe, *free_bytes)) return FlushResult::kBlocked;
    }
    if (published != nullptr) *published = true;
  }
  return FlushResult::kDone;
}

}  // namespace sb::ipc
