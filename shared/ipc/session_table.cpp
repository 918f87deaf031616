#include "shared/ipc/session_table.h"

#include <sys/random.h>

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <new>
#include <random>

#include "shared/errors/sql_error.h"

namespace sb::ipc {

namespace {

constexpr uint32_t kGenerationLimit = 1u << (31 - SessionTable::kSlotBits);

uint32_t NextGeneration(uint32_t generation) {
  uint32_t next = generation + 1;
  return next >= kGenerationLimit ? 1 : next;  // 0 is never a live generation.
}

static_assert(SessionTable::kMaxDatabaseBytes % 8 == 0);

// The first kMaxDatabaseBytes bytes of a name, zero-padded, as words.
void PackName(std::string_view name, uint64_t (&words)[SessionTable::kMaxDatabaseBytes / 8]) {
  char bytes[SessionTable::kMaxDatabaseBytes] = {};
  std::memcpy(bytes, name.data(), std::min(name.size(), sizeof bytes));
  std::memcpy(words, bytes, sizeof bytes);
}

uint64_t PackKey(int32_t pid, int32_t secret) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(pid)) << 32) | static_cast<uint32_t>(secret);
}

uint32_t CheckedCapacity(uint32_t capacity) {
  if (capacity == 0 || capacity > SessionTable::kMaxCapacity) {
    ThrowSqlError(SqlState::kInvalidParameterValue, "session table capacity {} not in 1..{}",
                  capacity, SessionTable::kMaxCapacity);
  }
  return capacity;
}

int32_t RandomSecret() {
  uint32_t value = 0;
  ssize_t got;
  do {
    got = ::getrandom(&value, sizeof value, 0);
  } while (got < 0 && errno == EINTR);
  if (got != static_cast<ssize_t>(sizeof value)) value = std::random_device{}();
  return static_cast<int32_t>(value);
}

}  // namespace

// Shared-memory layout of one slot.
struct SessionTable::Slot {
  std::atomic<uint32_t> generation;         // Coordinator writes (Free); 0 only before init.
  std::atomic<int32_t> worker_pid;          // Serving worker writes before publishing key.
  std::atomic<uint64_t> key;                // Serving worker: cancel pid << 32 | secret; 0 = none.
  std::atomic<uint32_t> cancel_generation;  // Any worker sets; serving worker clears.
  // Serving worker (Publish): the session's database, valid while database_generation equals
  // generation. Bytes travel as words so that no plain memory is shared between processes.
  std::atomic<uint32_t> database_generation;
  std::atomic<uint32_t> database_length;
  std::atomic<uint64_t> database_words[kMaxDatabaseBytes / 8];
};
static_assert(std::atomic<uint32_t>::is_always_lock_free);
static_assert(std::atomic<int32_t>::is_always_lock_free);
static_assert(std::atomic<uint64_t>::is_always_lock_free);

SessionTable::SessionTable(uint32_t capacity)
    : capacity_(CheckedCapacity(capacity)),
      segment_(sizeof(Slot) * capacity_),
      allocated_(capacity_, false) {
  slots_ = reinterpret_cast<Slot*>(segment_.data());
  for (uint32_t i = 0; i < capacity; ++i) {
    Slot* slot = new (&slots_[i]) Slot();
    slot->generation.store(1, std::memory_order_relaxed);
    free_slots_.push_back(i);
  }
}

SessionTable::Slot& SessionTable::SlotAt(uint32_t slot) const {
  if (slot >= capacity_) {
    ThrowSqlError(SqlState::kInternalError, "session slot {} out of range (capacity {})", slot,
                  capacity_);
  }
  return slots_[slot];
}

std::optional<uint32_t> SessionTable::Allocate() {
  // FIFO reuse keeps a slot idle as long as possible, so stale keys age out sooner.
  if (free_slots_.empty()) return std::nullopt;
  uint32_t slot = free_slots_.front();
  free_slots_.pop_front();
  allocated_[slot] = true;
  return slot;
}

bool SessionTable::Free(uint32_t slot) {
  if (slot >= capacity_ || !allocated_[slot]) return false;
  Slot& s = slots_[slot];
  s.key.store(0, std::memory_order_release);
  s.worker_pid.store(0, std::memory_order_release);
  s.generation.store(NextGeneration(s.generation.load(std::memory_order_relaxed)),
                     std::memory_order_release);
  allocated_[slot] = false;
  free_slots_.push_back(slot);
  return true;
}

CancelKey SessionTable::Publish(uint32_t slot, pid_t worker_pid, std::string_view database) {
  Slot& s = SlotAt(slot);
  uint32_t generation = s.generation.load(std::memory_order_acquire);
  if (!database.empty()) {
    uint64_t words[kMaxDatabaseBytes / 8];
    PackName(database, words);
    for (size_t i = 0; i < kMaxDatabaseBytes / 8; ++i) {
      s.database_words[i].store(words[i], std::memory_order_relaxed);
    }
    s.database_length.store(static_cast<uint32_t>(std::min<size_t>(database.size(), UINT32_MAX)),
                            std::memory_order_relaxed);
    // Release: a reader that sees this generation also sees the name.
    s.database_generation.store(generation, std::memory_order_release);
  }
  CancelKey key;
  key.pid = static_cast<int32_t>((generation << kSlotBits) | slot);
  key.secret = RandomSecret();
  s.worker_pid.store(worker_pid, std::memory_order_relaxed);
  // Release: a canceller that sees the key also sees worker_pid.
  s.key.store(PackKey(key.pid, key.secret), std::memory_order_release);
  return key;
}

std::optional<pid_t> SessionTable::RequestCancel(int32_t pid, int32_t secret) {
  if (pid <= 0) return std::nullopt;
  uint32_t slot = static_cast<uint32_t>(pid) & (kMaxCapacity - 1);
  uint32_t generation = static_cast<uint32_t>(pid) >> kSlotBits;
  if (slot >= capacity_ || generation == 0) return std::nullopt;
  Slot& s = slots_[slot];
  if (s.generation.load(std::memory_order_acquire) != generation) return std::nullopt;
  if (s.key.load(std::memory_order_acquire) != PackKey(pid, secret)) return std::nullopt;
  pid_t worker = s.worker_pid.load(std::memory_order_acquire);
  if (worker <= 0) return std::nullopt;
  // The flag names the generation, so if the session ends right now the flag is simply stale.
  s.cancel_generation.store(generation, std::memory_order_release);
  if (s.generation.load(std::memory_order_acquire) != generation) return std::nullopt;
  return worker;
}

uint32_t SessionTable::CountSessionsUsing(std::string_view database) const {
  if (database.empty() || database.size() > kMaxDatabaseBytes) return 0;
  uint64_t wanted[kMaxDatabaseBytes / 8];
  PackName(database, wanted);
  uint32_t count = 0;
  for (uint32_t i = 0; i < capacity_; ++i) {
    const Slot& s = slots_[i];
    uint32_t generation = s.generation.load(std::memory_order_acquire);
    if (s.database_generation.load(std::memory_order_acquire) != generation) continue;
    if (s.database_length.load(std::memory_order_relaxed) != database.size()) continue;
    bool same = true;
    for (size_t w = 0; w < kMaxDatabaseBytes / 8 && same; ++w) {
      same = s.database_words[w].load(std::memory_order_relaxed) == wanted[w];
    }
    // A slot freed (and perhaps reused) while it was read is not this session any more.
    if (same && s.generation.load(std::memory_order_acquire) == generation) ++count;
  }
  return count;
}

bool SessionTable::TakeCancel(uint32_t slot) {
  Slot& s = SlotAt(slot);
  uint32_t generation = s.generation.load(std::memory_order_acquire);
  uint32_t flagged = s.cancel_generation.exchange(0, std::memory_order_acq_rel);
  return flagged != 0 && flagged == generation;
}

}  // namespace sb::ipc
