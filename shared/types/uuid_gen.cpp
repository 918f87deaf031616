#include "shared/types/uuid_gen.h"

#include <sys/random.h>

#include <cerrno>
#include <chrono>
#include <mutex>

#include "shared/errors/sql_error.h"

namespace sb::types {
namespace {

constexpr uint16_t kCounterMax = 0x0FFF;
// A fresh millisecond starts the counter at a random value below this, leaving room for
// increments within the millisecond.
constexpr uint16_t kCounterSeedLimit = 0x0800;

struct V7State {
  std::mutex mutex;
  uint64_t last_millis = 0;
  uint16_t counter = 0;
};

V7State& State() {
  static V7State* state = new V7State();
  return *state;
}

}  // namespace

void FillRandom(void* buffer, size_t size) {
  auto* bytes = static_cast<uint8_t*>(buffer);
  size_t filled = 0;
  while (filled < size) {
    ssize_t n = getrandom(bytes + filled, size - filled, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      ThrowSqlError(SqlState::kInternalError, "could not generate random values");
    }
    filled += static_cast<size_t>(n);
  }
}

Uuid NewUuidV4() {
  Uuid uuid;
  FillRandom(uuid.data(), uuid.size());
  uuid[6] = static_cast<uint8_t>((uuid[6] & 0x0F) | 0x40);
  uuid[8] = static_cast<uint8_t>((uuid[8] & 0x3F) | 0x80);
  return uuid;
}

Uuid NewUuidV7At(uint64_t unix_millis) {
  Uuid uuid;
  FillRandom(uuid.data(), uuid.size());
  uint64_t millis;
  uint16_t counter;
  {
    V7State& state = State();
    std::lock_guard<std::mutex> lock(state.mutex);
    if (unix_millis > state.last_millis) {
      state.last_millis = unix_millis;
      state.counter = static_cast<uint16_t>((uuid[6] << 8 | uuid[7]) % kCounterSeedLimit);
    } else if (state.counter < kCounterMax) {
      // Same millisecond, or the clock went backwards: keep counting on the last timestamp.
      ++state.counter;
    } else {
      // Counter exhausted: borrow the next millisecond.
      ++state.last_millis;
      state.counter = 0;
    }
    millis = state.last_millis;
    counter = state.counter;
  }
  millis &= 0xFFFFFFFFFFFFULL;
  for (int i = 0; i < 6; ++i) uuid[i] = static_cast<uint8_t>(millis >> (40 - 8 * i));
  uuid[6] = static_cast<uint8_t>(0x70 | (counter >> 8));
  uuid[7] = static_cast<uint8_t>(counter & 0xFF);
  uuid[8] = static_cast<uint8_t>((uuid[8] & 0x3F) | 0x80);
  return uuid;
}

Uuid NewUuidV7() {
  auto now = std::chrono::system_clock::now().time_since_epoch();
  int64_t millis = std::chrono::duration_cast<std::chrono::milliseconds>(now).count();
  return NewUuidV7At(millis < 0 ? 0 : static_cast<uint64_t>(millis));
}

uint64_t UuidV7Millis(const Uuid& uuid) {
  uint64_t millis = 0;
  for (int i = 0; i < 6; ++i) millis = (millis << 8) | uuid[i];
  return millis;
}

}  // namespace sb::types
