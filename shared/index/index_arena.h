// IndexArena: the shared-memory segment that holds every index of every table (DESIGN §1:
// "index look-ups in shared memory"), and the exclusion between its one writer and its readers.
//
// The coordinator creates the arena before it forks, so every worker (and every respawned
// worker) maps the same pages at the same address. Only the coordinator allocates in it or
// changes it; workers only read. Exclusion is a Dekker-style handshake without a shared lock:
// each worker owns one reader slot; a reader raises its slot, then backs off if the writer flag
// is up; the writer raises its flag, then waits for the raised slots to drop. Readers hold
// their slot only for one look-up (microseconds, never across a yield), the writer only for one
// request's index changes, so nobody waits for long. A reader that dies inside a look-up is
// noticed by the writer (its pid has exited) and its slot is cleared; the coordinator also
// clears the slot of every worker it reaps.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "shared/index/shm_types.h"

namespace sb::index {

class IndexArena {
 public:
  // Coordinator, before forking. `reader_slots` = the number of workers. Throws SqlError 53200
  // when the address space cannot be reserved. Pages are committed only when used.
  IndexArena(std::size_t bytes, uint32_t reader_slots);
  ~IndexArena();
  IndexArena(const IndexArena&) = delete;
  IndexArena& operator=(const IndexArena&) = delete;

  // Held by a worker around one look-up; `slot` is the worker's index.
  class ReadGuard {
   public:
    ReadGuard(const IndexArena& arena, uint32_t slot);
    ~ReadGuard();
    ReadGuard(const ReadGuard&) = delete;
    ReadGuard& operator=(const ReadGuard&) = delete;

   private:
    std::atomic<uint32_t>* active_;
  };

  // Held by the coordinator around every change.
  class WriteGuard {
   public:
    explicit WriteGuard(IndexArena& arena);
    ~WriteGuard();
    WriteGuard(const WriteGuard&) = delete;
    WriteGuard& operator=(const WriteGuard&) = delete;

   private:
    IndexArena& arena_;
  };

  // The index, or null. Readers must hold a ReadGuard while they use the result; the
  // coordinator may call it any time.
  const ShmIndex* Find(std::string_view db, std::string_view table, std::string_view name) const;
  ShmIndex* FindMutable(std::string_view db, std::string_view table, std::string_view name);

  // Coordinator only, under a WriteGuard. Create replaces an existing index of that name.
  ShmIndex& Create(std::string_view db, std::string_view table, std::string_view name);
  void Drop(std::string_view db, std::string_view table, std::string_view name);
  // Every index of the table, or of the database when `table` is empty.
  void DropAll(std::string_view db, std::string_view table);
  // Names of the indexes of a table (coordinator only).
  std::vector<std::string> Names(std::string_view db, std::string_view table) const;

  // A new entry allocated in the arena (coordinator only; bad_alloc when the arena is full).
  Entry MakeEntry(std::string_view key, std::string_view stem);

  // The coordinator reaped the worker that owned `slot`.
  void ReleaseSlot(uint32_t slot);

  std::size_t free_bytes() const;
  std::size_t size() const { return bytes_; }

 private:
  struct Header;
  static std::string DirectoryKey(std::string_view db, std::string_view table,
                                  std::string_view name);
  void WaitForReaders();

  void* base_ = nullptr;
  std::size_t bytes_ = 0;
  Header* header_ = nullptr;
  bip::managed_external_buffer* buffer_ = nullptr;  // lives in this process's memory
};

}  // namespace sb::index
