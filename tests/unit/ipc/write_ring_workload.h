// Shared pieces of the write-ring tests: self-checking payloads, the reply transformation the
// test coordinator applies, a worker body (coroutines over AsyncRingClient) run in forked
// children, and the coordinator's serving loop run in the gtest process.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "shared/ipc/ring_server.h"
#include "shared/ipc/write_ring.h"

namespace sb::ipc::testing {

// size >= 8: the first 8 bytes are a checksum of the rest, which is pseudo-random from seed.
std::string MakePayload(uint64_t seed, std::size_t size);
bool PayloadIntact(const std::string& payload);

// What the test coordinator answers: the id, then every payload byte flipped.
std::string Transform(uint64_t request_id, const std::string& payload);
// Deferred (answered later, out of order, with status 2) for one request id in five.
inline bool IsDeferred(uint64_t request_id) {
  return request_id % 5 == 0;
}
inline uint32_t ExpectedStatus(uint64_t request_id) {
  return IsDeferred(request_id) ? 2 : 0;
}

struct WorkerPlan {
  int coroutines = 4;
  int calls_each = 100;  // Ignored when forever is set.
  uint64_t seed = 1;
  std::size_t big_bytes = 0;  // When > 0, one call in 25 carries a payload of about this size.
  bool forever = false;       // Keep calling until killed.
};

// Worker process body: runs the plan against `lane` and returns 0 when every reply matched.
int RunWorker(const WriteRing& ring, uint32_t lane, const WorkerPlan& plan);

struct ServeStats {
  std::size_t records = 0;
  std::size_t corrupt_payloads = 0;
  std::size_t duplicate_ids = 0;
  std::vector<LaneFault> faults;
};

// The test coordinator: serves until done() is true or `limit` passes (returns false then).
// Verifies every request payload and that no (lane, id) pair is seen twice.
class TestCoordinator {
 public:
  explicit TestCoordinator(WriteRing& ring)
      : ring_(ring), server_(ring), seen_(ring.lane_count()) {}

  bool ServeUntil(const std::function<bool()>& done, std::chrono::milliseconds limit);
  // A lane's worker died: drop what the server and this coordinator hold for it.
  void ResetLane(uint32_t lane);

  RingServer& server() { return server_; }
  const ServeStats& stats() const { return stats_; }
  std::size_t records_on(uint32_t lane) const { return seen_[lane].size(); }

 private:
  struct Deferred {
    uint32_t lane;
    uint64_t id;
    std::string reply;
  };

  void ServeOnce();

  WriteRing& ring_;
  RingServer server_;
  ServeStats stats_;
  std::vector<Deferred> deferred_;
  std::vector<std::vector<uint64_t>> seen_;  // Per lane, ids in arrival order.
};

}  // namespace sb::ipc::testing
