#include "shared/ipc/record_assembler.h"

#include <algorithm>

#include <fmt/format.h>

namespace sb::ipc {

namespace {

// Upfront reservation cap: the declared size is untrusted, so let real data drive growth.
constexpr uint64_t kMaxReserve = uint64_t{8} << 20;

}  // namespace

AssembleStep RecordAssembler::Fail(std::string reason) {
  error_ = std::move(reason);
  active_ = false;
  buffer_.clear();
  buffer_.shrink_to_fit();
  return AssembleStep::kCorrupt;
}

void RecordAssembler::Reset() {
  active_ = false;
  buffer_.clear();
  buffer_.shrink_to_fit();
  error_.clear();
}

AssembleStep RecordAssembler::Step(PipeConsumer& pipe, RingMessage* out) {
  ChunkHeader header;
  switch (pipe.PeekHeader(&header)) {
    case PipeRead::kEmpty:
      return AssembleStep::kEmpty;
    case PipeRead::kCorrupt:
      return Fail("pipe positions or chunk length out of bounds");
    case PipeRead::kChunk:
      break;
  }
  if ((header.flags & ~kChunkFlagsMask) != 0) {
    return Fail(fmt::format("unknown chunk flags {:#x}", header.flags));
  }
  bool first = (header.flags & kChunkFirst) != 0;
  bool last = (header.flags & kChunkLast) != 0;
  if (!active_) {
    if (!first) return Fail("continuation chunk without a record in progress");
    if (header.total_bytes > max_record_bytes_) {
      return Fail(fmt::format("record of {} bytes exceeds the limit of {}", header.total_bytes,
                              max_record_bytes_));
    }
    active_ = true;
    request_id_ = header.request_id;
    kind_ = header.kind;
    total_bytes_ = header.total_bytes;
    buffer_.clear();
    buffer_.reserve(std::min(total_bytes_, kMaxReserve));
  } else if (first || header.request_id != request_id_ || header.kind != kind_ ||
             header.total_bytes != total_bytes_) {
    return Fail("chunk does not continue the record in progress");
  }
  uint64_t so_far = buffer_.size();
  if (header.chunk_bytes > total_bytes_ - so_far) return Fail("chunk overruns its record");
  uint64_t after = so_far + header.chunk_bytes;
  if (last != (after == total_bytes_)) return Fail("record end does not match its length");
  if (!last && header.chunk_bytes == 0) return Fail("empty continuation chunk");

  pipe.Consume(header, &buffer_);
  if (!last) return AssembleStep::kPartial;
  out->request_id = request_id_;
  out->kind = kind_;
  out->payload = std::move(buffer_);
  buffer_ = std::string();
  active_ = false;
  return AssembleStep::kRecord;
}

}  // namespace sb::ipc
