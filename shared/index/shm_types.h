// The shapes of the shared-memory indexes: containers that live inside the index segment and
// use its allocator (offset pointers), so every process that maps the segment sees them.
//
// Only the coordinator constructs, changes or destroys these objects (it is the only process
// that allocates in the segment); workers read them under a ReadGuard (index_arena.h).
#pragma once

#include <atomic>
#include <cstdint>
#include <cstring>
#include <string_view>

#include <boost/container/map.hpp>
#include <boost/container/set.hpp>
#include <boost/container/string.hpp>
#include <boost/interprocess/allocators/allocator.hpp>
#include <boost/interprocess/managed_external_buffer.hpp>
#include <boost/interprocess/offset_ptr.hpp>

namespace sb::index {

namespace bip = boost::interprocess;
using SegmentManager = bip::managed_external_buffer::segment_manager;
template <typename T>
using ShmAllocator = bip::allocator<T, SegmentManager>;
using ShmString = boost::container::basic_string<char, std::char_traits<char>, ShmAllocator<char>>;

inline std::string_view View(const ShmString& s) {
  return {s.data(), s.size()};
}

// One index entry: the encoded key (index_key.h) followed by the row's document stem. Keys are
// self-delimiting, so byte order of key+stem is (key, stem) order and duplicates of a
// non-unique index stay distinct.
struct Entry {
  ShmString bytes;
  uint32_t key_size = 0;

  std::string_view key() const { return View(bytes).substr(0, key_size); }
  std::string_view stem() const { return View(bytes).substr(key_size); }
};

// Orders entries by their bytes; a string_view compares as a prefix probe.
struct EntryLess {
  using is_transparent = void;
  static int Cmp(std::string_view a, std::string_view b) { return a.compare(b); }
  bool operator()(const Entry& a, const Entry& b) const {
    return Cmp(View(a.bytes), View(b.bytes)) < 0;
  }
  bool operator()(const Entry& a, std::string_view b) const { return Cmp(View(a.bytes), b) < 0; }
  bool operator()(std::string_view a, const Entry& b) const { return Cmp(a, View(b.bytes)) < 0; }
};

using EntrySet = boost::container::set<Entry, EntryLess, ShmAllocator<Entry>>;

enum class IndexState : uint32_t {
  kReady = 1,     // complete: workers may use it
  kBroken = 2,    // an update failed half-way (out of index memory): workers scan instead
  kBuilding = 3,  // being filled in steps (a background build): workers scan instead
};

struct ShmIndex {
  explicit ShmIndex(const ShmAllocator<char>& alloc)
      : name(alloc),
        signature(alloc),
        entries(EntryLess(), ShmAllocator<Entry>(alloc)),
        by_stem(EntryLess(), ShmAllocator<Entry>(alloc)) {}

  ShmString name;
  // "col:oid;col:oid" of the indexed columns: a reader uses the index only when its own view
  // of the schema gives the same signature.
  ShmString signature;
  bool unique = false;
  bool primary = false;
  std::atomic<uint32_t> state{static_cast<uint32_t>(IndexState::kReady)};
  EntrySet entries;
  // The same entries as stem \0 key, so the coordinator can find a row's key when it no longer
  // knows the row's old values (a document edited or removed by hand). Coordinator only;
  // empty for the primary key, whose key is its stem.
  EntrySet by_stem;
};

// Directory key: db \0 table \0 index name.
struct DirectoryLess {
  using is_transparent = void;
  bool operator()(const ShmString& a, const ShmString& b) const { return View(a) < View(b); }
  bool operator()(const ShmString& a, std::string_view b) const { return View(a) < b; }
  bool operator()(std::string_view a, const ShmString& b) const { return a < View(b); }
};

using ShmIndexPtr = bip::offset_ptr<ShmIndex>;
using Directory = boost::container::map<ShmString, ShmIndexPtr, DirectoryLess,
                                        ShmAllocator<std::pair<const ShmString, ShmIndexPtr>>>;

}  // namespace sb::index
