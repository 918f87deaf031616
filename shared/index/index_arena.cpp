#include "shared/index/index_arena.h"

#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <new>

#include "shared/errors/sql_error.h"

namespace sb::index {

struct alignas(64) ReaderSlot {
  std::atomic<uint32_t> active{0};
  std::atomic<pid_t> pid{0};
};

struct IndexArena::Header {
  std::atomic<uint32_t> writer{0};
  uint32_t slot_count = 0;
  bip::offset_ptr<Directory> directory;
  ReaderSlot slots[1];  // slot_count of them

  static std::size_t BytesFor(uint32_t slots) {
    return sizeof(Header) + sizeof(ReaderSlot) * (slots > 0 ? slots - 1 : 0);
  }
};

namespace {

constexpr std::size_t kPage = 4096;

std::size_t RoundUp(std::size_t n) {
  return (n + kPage - 1) / kPage * kPage;
}

// Whether `pid` (a child of ours, or gone) has exited. WNOWAIT leaves a zombie for the
// coordinator's SIGCHLD handling to reap.
bool HasExited(pid_t pid) {
  if (pid <= 0) return true;
  siginfo_t info{};
  if (::waitid(P_PID, static_cast<id_t>(pid), &info, WEXITED | WNOHANG | WNOWAIT) != 0) {
    return errno == ECHILD && ::kill(pid, 0) != 0;
  }
  return info.si_pid == pid;
}

}  // namespace

IndexArena::IndexArena(std::size_t bytes, uint32_t reader_slots) {
  const std::size_t header_bytes = RoundUp(Header::BytesFor(reader_slots));
  bytes_ = RoundUp(bytes) + header_bytes;
  base_ = ::mmap(nullptr, bytes_, PROT_READ | PROT_WRITE,
                 MAP_SHARED | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (base_ == MAP_FAILED) {
    base_ = nullptr;
    ThrowSqlError(SqlState::kOutOfMemory, "could not map {} bytes of shared memory for indexes",
                  bytes_);
  }
  header_ = new (base_) Header();
  header_->slot_count = reader_slots;
  for (uint32_t i = 1; i < reader_slots; ++i) new (&header_->slots[i]) ReaderSlot();
  buffer_ = new bip::managed_external_buffer(
      bip::create_only, static_cast<char*>(base_) + header_bytes, bytes_ - header_bytes);
  ShmAllocator<char> alloc(buffer_->get_segment_manager());
  header_->directory = buffer_->construct<Directory>(bip::anonymous_instance)(
      DirectoryLess(), ShmAllocator<std::pair<const ShmString, ShmIndexPtr>>(alloc));
}

IndexArena::~IndexArena() {
  // The pages are shared with the workers; each process unmaps its own view. Objects inside
  // are not destroyed: the arena dies with the last process that maps it.
  delete buffer_;
  if (base_ != nullptr) ::munmap(base_, bytes_);
}

IndexArena::ReadGuard::ReadGuard(const IndexArena& arena, uint32_t slot) {
  Header& header = *arena.header_;
  ReaderSlot& mine = header.slots[slot < header.slot_count ? slot : 0];
  active_ = &mine.active;
  mine.pid.store(::getpid(), std::memory_order_relaxed);
  for (;;) {
    active_->store(1, std::memory_order_seq_cst);
    if (header.writer.load(std::memory_order_seq_cst) == 0) return;
    active_->store(0, std::memory_order_seq_cst);
    for (int spins = 0; header.writer.load(std::memory_order_acquire) != 0; ++spins) {
      if (spins > 64) sched_yield();
    }
  }
}

IndexArena::ReadGuard::~ReadGuard() {
  active_->store(0, std::memory_order_release);
}

IndexArena::WriteGuard::WriteGuard(IndexArena& arena) : arena_(arena) {
  arena_.header_->writer.store(1, std::memory_order_seq_cst);
  arena_.WaitForReaders();
}

IndexArena::WriteGuard::~WriteGuard() {
  arena_.header_->writer.store(0, std::memory_order_release);
}

void IndexArena::WaitForReaders() {
  for (uint32_t i = 0; i < header_->slot_count; ++i) {
    ReaderSlot& slot = header_->slots[i];
    for (uint64_t spins = 0; slot.active.load(std::memory_order_seq_cst) != 0; ++spins) {
      if (spins < 256) continue;
      sched_yield();
      // A reader is in for microseconds; one that stays is most likely dead mid-look-up.
      if (spins % 4096 == 0 && HasExited(slot.pid.load(std::memory_order_relaxed))) {
        slot.active.store(0, std::memory_order_seq_cst);
      }
    }
  }
}

void IndexArena::ReleaseSlot(uint32_t slot) {
  if (slot < header_->slot_count) header_->slots[slot].active.store(0, std::memory_order_seq_cst);
}

std::string IndexArena::DirectoryKey(std::string_view db, std::string_view table,
                                     std::string_view name) {
  std::string key;
  key.reserve(db.size() + table.size() + name.size() + 2);
  key.append(db).push_back('\0');
  key.append(table).push_back('\0');
  key.append(name);
  return key;
}

const ShmIndex* IndexArena::Find(std::string_view db, std::string_view table,
                                 std::string_view name) const {
  const Directory& directory = *header_->directory;
  auto found = directory.find(std::string_view(DirectoryKey(db, table, name)));
  return found == directory.end() ? nullptr : found->second.get();
}

ShmIndex* IndexArena::FindMutable(std::string_view db, std::string_view table,
                                  std::string_view name) {
  return const_cast<ShmIndex*>(Find(db, table, name));
}

ShmIndex& IndexArena::Create(std::string_view db, std::string_view table, std::string_view name) {
  Drop(db, table, name);
  ShmAllocator<char> alloc(buffer_->get_segment_manager());
  ShmIndex* index = buffer_->construct<ShmIndex>(bip::anonymous_instance)(alloc);
  try {
    index->name.assign(name.data(), name.size());
    std::string key = DirectoryKey(db, table, name);
    header_->directory->emplace(ShmString(key.data(), key.size(), alloc), ShmIndexPtr(index));
  } catch (...) {
    buffer_->destroy_ptr(index);
    throw;
  }
  return *index;
}

void IndexArena::Drop(std::string_view db, std::string_view table, std::string_view name) {
  Directory& directory = *header_->directory;
  auto found = directory.find(std::string_view(DirectoryKey(db, table, name)));
  if (found == directory.end()) return;
  ShmIndex* index = found->second.get();
  directory.erase(found);
  buffer_->destroy_ptr(index);
}

void IndexArena::DropAll(std::string_view db, std::string_view table) {
  std::string prefix = std::string(db) + '\0';
  if (!table.empty()) prefix.append(table).push_back('\0');
  Directory& directory = *header_->directory;
  auto it = directory.lower_bound(std::string_view(prefix));
  while (it != directory.end() && View(it->first).substr(0, prefix.size()) == prefix) {
    ShmIndex* index = it->second.get();
    it = directory.erase(it);
    buffer_->destroy_ptr(index);
  }
}

std::vector<std::string> IndexArena::Names(std::string_view db, std::string_view table) const {
  std::string prefix = std::string(db) + '\0' + std::string(table) + '\0';
  std::vector<std::string> names;
  const Directory& directory = *header_->directory;
  for (auto it = directory.lower_bound(std::string_view(prefix));
       it != directory.end() && View(it->first).substr(0, prefix.size()) == prefix; ++it) {
    names.emplace_back(View(it->first).substr(prefix.size()));
  }
  return names;
}

Entry IndexArena::MakeEntry(std::string_view key, std::string_view stem) {
  ShmAllocator<char> alloc(buffer_->get_segment_manager());
  Entry entry{ShmString(alloc), static_cast<uint32_t>(key.size())};
  entry.bytes.reserve(key.size() + stem.size());
  entry.bytes.append(key.data(), key.size());
  entry.bytes.append(stem.data(), stem.size());
  return entry;
}

std::size_t IndexArena::free_bytes() const {
  return buffer_->get_free_memory();
}

}  // namespace sb::index
