#include "tests/unit/ipc/write_ring_workload.h"

#include <poll.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <random>

#include "shared/asio/asio.h"
#include "shared/ipc/ring_client.h"
#include "shared/ipc/ring_client_async.h"

namespace sb::ipc::testing {

namespace {

uint64_t Fnv1a(const char* data, std::size_t size) {
  uint64_t hash = 1469598103934665603ull;
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(data[i]);
    hash *= 1099511628211ull;
  }
  return hash;
}

std::size_t PickSize(std::mt19937_64& random, std::size_t big_bytes) {
  uint64_t dice = random() % 100;
  if (big_bytes > 0 && dice < 4) return big_bytes / 2 + random() % big_bytes;
  if (dice < 30) return 8 + random() % 8000;
  return 8 + random() % 300;
}

asio::awaitable<void> CallLoop(AsyncRingClient& client, const WorkerPlan& plan, int index,
                               int& failures, int& completed) {
  std::mt19937_64 random(plan.seed * 1000003 + index);
  for (int call = 0; plan.forever || call < plan.calls_each; ++call) {
    std::string payload = MakePayload(random(), PickSize(random, plan.big_bytes));
    std::string copy = payload;
    uint32_t kind = static_cast<uint32_t>(index);
    Reply reply = co_await client.Call(kind, std::move(payload));
    if (reply.payload != Transform(reply.request_id, copy) ||
        reply.kind != ExpectedStatus(reply.request_id)) {
      ++failures;
      std::fprintf(stderr, "lane worker: wrong reply for id %llu (size %zu)\n",
                   static_cast<unsigned long long>(reply.request_id), reply.payload.size());
    }
    ++completed;
  }
}

}  // namespace

std::string MakePayload(uint64_t seed, std::size_t size) {
  size = std::max<std::size_t>(size, 8);
  std::string payload(size, '\0');
  std::mt19937_64 random(seed);
  for (std::size_t i = 8; i < size; i += 8) {
    uint64_t word = random();
    std::memcpy(payload.data() + i, &word, std::min<std::size_t>(8, size - i));
  }
  uint64_t sum = Fnv1a(payload.data() + 8, size - 8);
  std::memcpy(payload.data(), &sum, 8);
  return payload;
}

bool PayloadIntact(const std::string& payload) {
  if (payload.size() < 8) return false;
  uint64_t sum;
  std::memcpy(&sum, payload.data(), 8);
  return sum == Fnv1a(payload.data() + 8, payload.size() - 8);
}

std::string Transform(uint64_t request_id, const std::string& payload) {
  std::string reply(8, '\0');
  std::memcpy(reply.data(), &request_id, 8);
  reply.reserve(8 + payload.size());
  for (char c : payload) reply.push_back(static_cast<char>(c ^ 0x5A));
  return reply;
}

int RunWorker(const WriteRing& ring, uint32_t lane, const WorkerPlan& plan) {
  RingClient client(ring, lane);
  asio::io_context io;
  AsyncRingClient async(io, client);
  int failures = 0;
  int completed = 0;
  int finished = 0;
  for (int i = 0; i < plan.coroutines; ++i) {
    asio::co_spawn(io, CallLoop(async, plan, i, failures, completed),
                   [&](std::exception_ptr error) {
                     ++finished;
                     if (!error) return;
                     ++failures;
                     try {
                       std::rethrow_exception(error);
                     } catch (const std::exception& e) {
                       std::fprintf(stderr, "lane %u coroutine failed: %s\n", lane, e.what());
                     }
                   });
  }
  io.run();
  if (failures != 0 || finished != plan.coroutines) return 2;
  return completed == plan.coroutines * plan.calls_each ? 0 : 3;
}

void TestCoordinator::ServeOnce() {
  RequestHandler handler = [this](uint32_t lane, uint64_t id, uint32_t kind,
                                  std::string& payload) -> std::optional<std::string> {
    ++stats_.records;
    if (!PayloadIntact(payload)) ++stats_.corrupt_payloads;
    if (!seen_[lane].empty() && seen_[lane].back() >= id) ++stats_.duplicate_ids;
    seen_[lane].push_back(id);
    if (IsDeferred(id)) {
      deferred_.push_back(Deferred{lane, id, Transform(id, payload)});
      return std::nullopt;
    }
    return Transform(id, payload);
  };
  PollResult result;
  do {
    result = server_.Poll(handler, 64);
    for (LaneFault& fault : result.faults) stats_.faults.push_back(std::move(fault));
  } while (result.more);
  // Answer deferred requests newest first, so replies reach workers out of request order.
  while (!deferred_.empty()) {
    Deferred item = std::move(deferred_.back());
    deferred_.pop_back();
    server_.Reply(item.lane, item.id, std::move(item.reply), 2);
  }
}

bool TestCoordinator::ServeUntil(const std::function<bool()>& done,
                                 std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    pollfd entry{server_.wake_fd(), POLLIN, 0};
    ::poll(&entry, 1, 20);
    server_.DrainWake();
    ServeOnce();
  }
  return done();
}

void TestCoordinator::ResetLane(uint32_t lane) {
  server_.ResetLane(lane);
  std::erase_if(deferred_, [lane](const Deferred& item) { return item.lane == lane; });
}

}  // namespace sb::ipc::testing
