// Record and chunk formats of the write ring (see write_ring.h for the overall design).
//
// A record {request id, kind, payload} travels through a shared-memory pipe as one or more
// chunks, each a ChunkHeader followed by chunk_bytes of payload, so records larger than a pipe
// still get through. Chunks are byte-packed and may wrap around the end of the pipe; the
// consumer memcpy's every header into private memory before looking at it, so alignment and
// concurrent scribbling by a hostile producer cannot hurt it.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>

namespace sb::ipc {

inline constexpr uint32_t kChunkFirst = 1;  // Starts a record; total_bytes is meaningful.
inline constexpr uint32_t kChunkLast = 2;   // Ends a record.
inline constexpr uint32_t kChunkFlagsMask = kChunkFirst | kChunkLast;

struct ChunkHeader {
  uint32_t chunk_bytes = 0;  // Payload bytes following this header.
  uint32_t flags = 0;        // kChunk* bits.
  uint64_t request_id = 0;   // Same in every chunk of a record.
  uint32_t kind = 0;         // Request kind, or reply status; same in every chunk.
  uint32_t reserved = 0;
  uint64_t total_bytes = 0;  // Whole payload size; same in every chunk.
};
static_assert(std::is_trivially_copyable_v<ChunkHeader> && sizeof(ChunkHeader) == 32);

// A complete record as delivered to its consumer.
struct RingMessage {
  uint64_t request_id = 0;
  uint32_t kind = 0;
  std::string payload;
};

}  // namespace sb::ipc
