#include "shared/ipc/shm_pipe.h"

#include <algorithm>
#include <cstring>

namespace sb::ipc {

namespace {

constexpr uint64_t kHeaderBytes = sizeof(ChunkHeader);

}  // namespace

std::optional<uint64_t> PipeProducer::FreeBytes() const {
  uint64_t head = view_.control->head.load(std::memory_order_seq_cst);
  if (head > tail_ || tail_ - head > view_.capacity) return std::nullopt;
  return view_.capacity - (tail_ - head);
}

std::optional<uint64_t> PipeProducer::AnnounceWaiting() {
  view_.control->producer_waiting.store(1, std::memory_order_seq_cst);
  return FreeBytes();
}

void PipeProducer::Publish(const ChunkHeader& header, std::string_view data) {
  CopyIn(tail_, &header, kHeaderBytes);
  CopyIn(tail_ + kHeaderBytes, data.data(), data.size());
  tail_ += kHeaderBytes + data.size();
  view_.control->tail.store(tail_, std::memory_order_release);
}

void PipeProducer::CopyIn(uint64_t position, const void* source, uint64_t bytes) {
  if (bytes == 0) return;
  const auto* from = static_cast<const std::byte*>(source);
  uint64_t offset = position % view_.capacity;
  uint64_t first = std::min(bytes, view_.capacity - offset);
  std::memcpy(view_.data + offset, from, first);
  std::memcpy(view_.data, from + first, bytes - first);
}

PipeRead PipeConsumer::PeekHeader(ChunkHeader* header) const {
  uint64_t tail = view_.control->tail.load(std::memory_order_acquire);
  if (tail < head_ || tail - head_ > view_.capacity) return PipeRead::kCorrupt;
  uint64_t available = tail - head_;
  if (available == 0) return PipeRead::kEmpty;
  // Producers publish whole chunks only, so a partial header can't be "still coming".
  if (available < kHeaderBytes) return PipeRead::kCorrupt;
  CopyOut(head_, header, kHeaderBytes);
  if (header->chunk_bytes > available - kHeaderBytes) return PipeRead::kCorrupt;
  return PipeRead::kChunk;
}

void PipeConsumer::Consume(const ChunkHeader& header, std::string* out) {
  if (out != nullptr && header.chunk_bytes > 0) {
    std::size_t old_size = out->size();
    out->resize(old_size + header.chunk_bytes);
    CopyOut(head_ + kHeaderBytes, out->data() + old_size, header.chunk_bytes);
  }
  head_ += kHeaderBytes + header.chunk_bytes;
}

bool PipeConsumer::Commit() {
  if (head_ == committed_) return false;
  committed_ = head_;
  view_.control->head.store(head_, std::memory_order_seq_cst);
  return view_.control->producer_waiting.exchange(0, std::memory_order_seq_cst) != 0;
}

void PipeConsumer::CopyOut(uint64_t position, void* target, uint64_t bytes) const {
  if (bytes == 0) return;
  auto* to = static_cast<std::byte*>(target);
  uint64_t offset = position % view_.capacity;
  uint64_t first = std::min(bytes, view_.capacity - offset);
  std::memcpy(to, view_.data + offset, first);
  std::memcpy(to + first, view_.data, bytes - first);
}

}  // namespace sb::ipc
