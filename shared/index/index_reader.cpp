#include "shared/index/index_reader.h"

namespace sb::index {

const ShmIndex* IndexReader::Usable(const IndexId& id) const {
  const ShmIndex* index = arena_.Find(id.db, id.table, id.name);
  if (index == nullptr) return nullptr;
  if (index->state.load(std::memory_order_acquire) != static_cast<uint32_t>(IndexState::kReady)) {
    return nullptr;
  }
  if (View(index->signature) != id.signature) return nullptr;
  return index;
}

std::optional<std::vector<std::string>> IndexReader::Prefix(const IndexId& id,
                                                            std::string_view prefix,
                                                            size_t limit) const {
  IndexArena::ReadGuard guard(arena_, slot_);
  const ShmIndex* index = Usable(id);
  if (index == nullptr) return std::nullopt;
  std::vector<std::string> stems;
  for (auto it = index->entries.lower_bound(prefix);
       it != index->entries.end() && stems.size() < limit; ++it) {
    std::string_view bytes = View(it->bytes);
    if (bytes.substr(0, prefix.size()) != prefix) break;
    stems.emplace_back(it->stem());
  }
  return stems;
}

std::optional<WalkStep> IndexReader::Walk(const IndexId& id, bool descending,
                                          std::string_view resume, size_t count) const {
  IndexArena::ReadGuard guard(arena_, slot_);
  const ShmIndex* index = Usable(id);
  if (index == nullptr) return std::nullopt;
  const EntrySet& entries = index->entries;
  WalkStep step;
  if (!descending) {
    auto it = resume.empty() ? entries.begin() : entries.upper_bound(resume);
    for (; it != entries.end() && step.stems.size() < count; ++it) {
      step.stems.emplace_back(it->stem());
      step.resume.assign(View(it->bytes));
    }
    step.done = it == entries.end();
  } else {
    auto it = resume.empty() ? entries.end() : entries.lower_bound(resume);
    while (it != entries.begin() && step.stems.size() < count) {
      --it;
      step.stems.emplace_back(it->stem());
      step.resume.assign(View(it->bytes));
    }
    step.done = it == entries.begin();
  }
  if (step.stems.empty()) step.resume.assign(resume);
  return step;
}

}  // namespace sb::index
