#include "shared/ipc/shared_segment.h"

#include <boost/interprocess/anonymous_shared_memory.hpp>
#include <boost/interprocess/exceptions.hpp>

#include "shared/errors/sql_error.h"

namespace sb::ipc {

namespace {

boost::interprocess::mapped_region MapAnonymous(std::size_t bytes) {
  try {
    return boost::interprocess::anonymous_shared_memory(bytes);
  } catch (const boost::interprocess::interprocess_exception& error) {
    ThrowSqlError(SqlState::kOutOfMemory, "could not map {} bytes of shared memory: {}", bytes,
                  error.what());
  }
}

}  // namespace

SharedSegment::SharedSegment(std::size_t bytes) : region_(MapAnonymous(bytes)) {}

}  // namespace sb::ipc
