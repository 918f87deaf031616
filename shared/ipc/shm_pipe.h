// ShmPipe: a single-producer single-consumer byte ring in shared memory, after PostgreSQL's
// shm_mq. One process only ever produces into a pipe and one other process only ever consumes.
//
// Shared state is PipeControl (below) plus `capacity` data bytes. head and tail are byte
// counters that only grow (64 bits never wrap in practice); position = counter % capacity.
//  - tail: written only by the producer, with release, after the chunk bytes are in place, so
//    a chunk becomes visible all at once or not at all (a producer killed mid-copy leaves only
//    invisible garbage beyond tail).
//  - head: written only by the consumer, after it has copied a chunk out.
//  - producer_waiting: set by a producer that found no room, cleared by the consumer, which
//    then rings the producer's doorbell. Both sides use seq_cst for the flag and head so either
//    the consumer sees the flag or the producer sees the freed space (no lost wake-up).
// Each side keeps its own counter privately and only reads the other's from shared memory,
// validating it (tail - head must lie in [0, capacity]); an impossible value means the peer is
// corrupt and is reported, never followed. No lock exists, so a dying process can't hold one.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/ipc/ring_record.h"

namespace sb::ipc {

struct PipeControl {
  alignas(64) std::atomic<uint64_t> head{0};
  alignas(64) std::atomic<uint64_t> tail{0};
  alignas(64) std::atomic<uint32_t> producer_waiting{0};
};
static_assert(std::atomic<uint64_t>::is_always_lock_free);
static_assert(std::atomic<uint32_t>::is_always_lock_free);

// Where one pipe lives; a process-private copy of the geometry (never re-read from shm).
struct PipeView {
  PipeControl* control = nullptr;
  std::byte* data = nullptr;
  uint64_t capacity = 0;
};

class PipeProducer {
 public:
  PipeProducer() = default;
  explicit PipeProducer(PipeView view) : view_(view) {}

  uint64_t capacity() const { return view_.capacity; }
  // Free bytes, or nullopt when the consumer's head is impossible (corrupt pipe).
  std::optional<uint64_t> FreeBytes() const;
  // Sets producer_waiting, then re-reads the free space (see the header comment).
  std::optional<uint64_t> AnnounceWaiting();
  // Copies header + data in and publishes them. Caller checked FreeBytes() first.
  void Publish(const ChunkHeader& header, std::string_view data);
  // Forgets the private position; the owner of the pipe zeroes the shared counters.
  void Reset() { tail_ = 0; }

 private:
  void CopyIn(uint64_t position, const void* source, uint64_t bytes);

  PipeView view_;
  uint64_t tail_ = 0;
};

enum class PipeRead { kChunk, kEmpty, kCorrupt };

class PipeConsumer {
 public:
  PipeConsumer() = default;
  explicit PipeConsumer(PipeView view) : view_(view) {}

  // Copies the next chunk's header out. kChunk guarantees header->chunk_bytes are available.
  PipeRead PeekHeader(ChunkHeader* header) const;
  // Consumes the chunk just peeked, appending its data to *out (nullptr: discard it).
  void Consume(const ChunkHeader& header, std::string* out);
  // Publishes the consumed position. Returns true when the producer asked to be woken.
  bool Commit();
  // Forgets the private position; the owner of the pipe zeroes the shared counters.
  void Reset() { head_ = committed_ = 0; }

 private:
  void CopyOut(uint64_t position, void* target, uint64_t bytes) const;

  PipeView view_;
  uint64_t head_ = 0;
  uint64_t committed_ = 0;
};

}  // namespace sb::ipc
