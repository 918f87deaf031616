// SharedSegment: an anonymous MAP_SHARED memory mapping (Boost.Interprocess).
//
// Created by the coordinator before it forks; every forked worker, including workers respawned
// later, inherits the same physical pages at the same address. There is no name in the file
// system, so nothing to clean up if the server crashes. The pages start zeroed. The mapping is
// owned by whoever holds the object (each process has its own copy after fork).
#pragma once

#include <cstddef>

#include <boost/interprocess/mapped_region.hpp>

namespace sb::ipc {

class SharedSegment {
 public:
  // Throws SqlError(out_of_memory) when the mapping cannot be created.
  explicit SharedSegment(std::size_t bytes);

  std::byte* data() const { return static_cast<std::byte*>(region_.get_address()); }
  std::size_t size() const { return region_.get_size(); }

 private:
  boost::interprocess::mapped_region region_;
};

}  // namespace sb::ipc
