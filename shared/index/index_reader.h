// IndexReader: a worker's look-ups in the shared-memory indexes.
//
// One per worker process (single-threaded), built on the arena inherited from the coordinator
// and the worker's reader slot. Each call holds the slot for that call only and copies what it
// found out of shared memory, so the caller never touches the arena afterwards and never holds
// the writer up across a file read or a yield. An index is used only when it exists, is ready,
// and holds what the caller's schema says it should (same signature); otherwise the call says
// "no index" and the caller scans the table folder.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/index/index_arena.h"

namespace sb::index {

struct IndexId {
  std::string_view db;
  std::string_view table;
  std::string_view name;
  std::string_view signature;  // index_definitions.h Signature()
};

// A batch of an ordered walk: document stems in index order, and where to resume.
struct WalkStep {
  std::vector<std::string> stems;
  std::string resume;  // the last entry's bytes; pass back to continue after it
  bool done = false;   // no entries after this batch
};

class IndexReader {
 public:
  IndexReader(const IndexArena& arena, uint32_t slot) : arena_(arena), slot_(slot) {}

  // Stems of the entries whose key starts with `prefix` (the encoded leading column values).
  // nullopt when there is no usable index. At most `limit` stems.
  std::optional<std::vector<std::string>> Prefix(const IndexId& id, std::string_view prefix,
                                                 size_t limit = SIZE_MAX) const;

  // The next `count` entries in key order (descending: backwards from the end, NULLs first).
  // `resume` empty starts at the beginning (or end). nullopt when there is no usable index.
  std::optional<WalkStep> Walk(const IndexId& id, bool descending, std::string_view resume,
                               size_t count) const;

 private:
  const ShmIndex* Usable(const IndexId& id) const;

  const IndexArena& arena_;
  uint32_t slot_;
};

}  // namespace sb::index
