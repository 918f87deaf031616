// The kinds of request a worker sends on the write ring, and their reply statuses.
#pragma once

#include <cstdint>

namespace sb::coordinator {

enum class RingRequest : uint32_t {
  kPing = 1,  // payload echoed back: proves the path end to end (used by tests and `status`)
};

enum class RingStatus : uint32_t {
  kOk = 0,
  kUnknownRequest = 1,
};

}  // namespace sb::coordinator
