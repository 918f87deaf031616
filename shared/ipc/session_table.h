// SessionTable: fixed-capacity table in shared memory, one slot per client connection, that
// routes a PostgreSQL CancelRequest (which arrives on a fresh connection, possibly served by a
// different worker) to the worker serving the session it names.
//
// Who writes what (all fields are lock-free atomics, no cross-process lock exists):
//  - Coordinator: Allocate() when it hands a connection to a worker, Free() when the session
//    ends or its worker dies. Allocation state is coordinator-private memory; in shared memory
//    the coordinator only bumps the slot's generation and clears the published key.
//  - Serving worker: Publish() once it knows its slot, TakeCancel() at cancellation points.
//  - Any worker: RequestCancel() for a CancelRequest; on success it signals the returned pid.
//  - Coordinator: CountSessionsUsing() for DROP DATABASE (PostgreSQL's "being accessed by
//    other users"); the database a session published counts only while the slot's generation
//    is the one it was published under, so Free() retires it without touching it.
// The cancel key pid is generation << 12 | slot (31 bits, always > 0), so after Free() bumps
// the generation a stale key can neither match nor flag the slot's next session. Workers are
// not trusted with each other's slots: a forged or racing request can at worst cause a
// spurious SIGUSR1, which TakeCancel() then ignores.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <optional>
#include <string_view>
#include <vector>

#include "shared/ipc/shared_segment.h"

namespace sb::ipc {

// What the worker sends the client in BackendKeyData.
struct CancelKey {
  int32_t pid = 0;
  int32_t secret = 0;
};

class SessionTable {
 public:
  static constexpr uint32_t kSlotBits = 12;
  static constexpr uint32_t kMaxCapacity = 1u << kSlotBits;

  // Coordinator, before forking. Throws SqlError(invalid_parameter_value) unless
  // 1 <= capacity <= kMaxCapacity.
  explicit SessionTable(uint32_t capacity);

  uint32_t capacity() const { return capacity_; }

  // Coordinator only. nullopt when every slot is in use.
  std::optional<uint32_t> Allocate();
  // Coordinator only. Returns false (and changes nothing) if the slot is not allocated.
  bool Free(uint32_t slot);

  // Serving worker: publishes {worker_pid, fresh random secret} for the slot's current use,
  // and the database the session is connected to (empty = none).
  // Throws SqlError(internal_error) for a slot index out of range.
  CancelKey Publish(uint32_t slot, pid_t worker_pid, std::string_view database = {});

  // Live sessions that published `database`. Names longer than kMaxDatabaseBytes never match
  // (no valid SQL name is that long). A session publishing or ending at this very moment may
  // or may not be counted.
  uint32_t CountSessionsUsing(std::string_view database) const;
  static constexpr size_t kMaxDatabaseBytes = 64;

  // Any worker, with the key from an untrusted CancelRequest. When a published, live slot
  // matches, flags it and returns the pid to signal (kill(pid, SIGUSR1)).
  std::optional<pid_t> RequestCancel(int32_t pid, int32_t secret);

  // Serving worker: true once per cancel request aimed at the slot's current session.
  // Throws SqlError(internal_error) for a slot index out of range.
  bool TakeCancel(uint32_t slot);

 private:
  struct Slot;

  Slot& SlotAt(uint32_t slot) const;

  uint32_t capacity_;
  SharedSegment segment_;
  Slot* slots_;
  // Coordinator-private allocation state (workers' copies are never consulted).
  std::deque<uint32_t> free_slots_;
  std::vector<bool> allocated_;
};

}  // namespace sb::ipc
