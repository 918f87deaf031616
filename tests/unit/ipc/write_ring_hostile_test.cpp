// The coordinator facing a hostile or broken worker: garbage written straight into a lane's
// shared memory must be reported as a lane fault, never crash or hang the coordinator, never
// reach the handler, and never disturb other lanes.
#include <cstring>
#include <random>

#include <gtest/gtest.h>

#include "shared/errors/sql_error.h"
#include "shared/ipc/ring_client.h"
#include "shared/ipc/ring_server.h"
#include "shared/ipc/write_ring.h"
#include "tests/unit/ipc/child_process.h"
#include "tests/unit/ipc/write_ring_workload.h"

namespace sb::ipc {
namespace {

using std::chrono::milliseconds;

WriteRingOptions HostileRing() {
  WriteRingOptions options;
  options.lanes = 2;
  options.pipe_bytes = 4096;
  options.max_record_bytes = 64 * 1024;
  return options;
}

// Writes raw bytes as a hostile producer would, bypassing every check, and publishes them.
void Scribble(const PipeView& pipe, uint64_t at, const void* bytes, uint64_t size,
              uint64_t new_tail) {
  const auto* from = static_cast<const std::byte*>(bytes);
  for (uint64_t i = 0; i < size; ++i) pipe.data[(at + i) % pipe.capacity] = from[i];
  pipe.control->tail.store(new_tail, std::memory_order_release);
}

void PublishHeader(const PipeView& pipe, const ChunkHeader& header, uint64_t extra_bytes = 0) {
  uint64_t tail = pipe.control->tail.load();
  Scribble(pipe, tail, &header, sizeof header, tail + sizeof header + extra_bytes);
}

struct Probe {
  std::size_t calls = 0;
  RequestHandler handler() {
    return [this](uint32_t, uint64_t id, uint32_t, std::string& p) -> std::optional<std::string> {
      ++calls;
      return testing::Transform(id, p);
    };
  }
};

// Checks that lane 0 is reported faulted, lane 1 still works, and a reset makes lane 0 usable.
void ExpectFaultIsolated(WriteRing& ring, RingServer& server) {
  RingClient healthy(ring, 1);
  uint64_t id = healthy.Submit(1, "still served");
  Probe probe;
  PollResult result = server.Poll(probe.handler());
  ASSERT_EQ(result.faults.size(), 1u);
  EXPECT_EQ(result.faults[0].lane, 0u);
  EXPECT_FALSE(result.faults[0].reason.empty());
  EXPECT_TRUE(server.lane_faulted(0));
  EXPECT_EQ(probe.calls, 1u) << "only the healthy lane's request may reach the handler";
  std::vector<Reply> replies = healthy.PollReplies();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].request_id, id);

  // A faulted lane stays quiet (nothing re-reported, nothing delivered) until it is reset.
  EXPECT_TRUE(server.Poll(probe.handler()).faults.empty());
  server.ResetLane(0);
  EXPECT_FALSE(server.lane_faulted(0));
  RingClient fresh(ring, 0);
  uint64_t fresh_id = fresh.Submit(0, "after reset");
  server.Poll(probe.handler());
  replies = fresh.PollReplies();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].request_id, fresh_id);
}

TEST(WriteRingHostileTest, GarbageChunkLength) {
  WriteRing ring(HostileRing());
  RingServer server(ring);
  ChunkHeader header;
  header.chunk_bytes = 0xFFFFFFF0u;
  header.flags = kChunkFirst | kChunkLast;
  header.request_id = 1;
  header.total_bytes = 0xFFFFFFF0u;
  PublishHeader(ring.RequestPipe(0), header, 100);
  ExpectFaultIsolated(ring, server);
}

TEST(WriteRingHostileTest, ChunkLongerThanWhatWasPublished) {
  // Within the record limit, so only the pipe's own bound stands between the consumer and
  // reading past the published bytes (and past the end of the pipe).
  WriteRing ring(HostileRing());
  RingServer server(ring);
  ChunkHeader header;
  header.chunk_bytes = 60000;
  header.flags = kChunkFirst | kChunkLast;
  header.request_id = 1;
  header.total_bytes = 60000;
  PublishHeader(ring.RequestPipe(0), header, 100);
  ExpectFaultIsolated(ring, server);
}

TEST(WriteRingHostileTest, TailBeyondCapacity) {
  WriteRing ring(HostileRing());
  RingServer server(ring);
  ring.RequestPipe(0).control->tail.store(uint64_t{1} << 40);
  ExpectFaultIsolated(ring, server);
}

TEST(WriteRingHostileTest, RecordLargerThanTheLimit) {
  WriteRing ring(HostileRing());
  RingServer server(ring);
  ChunkHeader header;
  header.chunk_bytes = 10;
  header.flags = kChunkFirst;
  header.request_id = 1;
  header.total_bytes = uint64_t{1} << 50;
  PublishHeader(ring.RequestPipe(0), header, 10);
  ExpectFaultIsolated(ring, server);
}

TEST(WriteRingHostileTest, InconsistentContinuation) {
  WriteRing ring(HostileRing());
  RingServer server(ring);
  PipeView pipe = ring.RequestPipe(0);
  ChunkHeader first;
  first.chunk_bytes = 4;
  first.flags = kChunkFirst;
  first.request_id = 1;
  first.total_bytes = 10;
  PublishHeader(pipe, first, 4);
  ChunkHeader next = first;
  next.flags = kChunkLast;
  next.chunk_bytes = 6;
  next.request_id = 2;  // Different record: a torn or forged stream.
  PublishHeader(pipe, next, 6);
  ExpectFaultIsolated(ring, server);
}

TEST(WriteRingHostileTest, RepeatedRequestId) {
  WriteRing ring(HostileRing());
  RingServer server(ring);
  PipeView pipe = ring.RequestPipe(0);
  ChunkHeader header;
  header.flags = kChunkFirst | kChunkLast;
  header.request_id = 7;
  PublishHeader(pipe, header);
  PublishHeader(pipe, header);
  Probe probe;
  server.Poll(probe.handler(), 1);  // The first one is legitimate and is served.
  EXPECT_EQ(probe.calls, 1u);
  ExpectFaultIsolated(ring, server);
}

TEST(WriteRingHostileTest, UnpublishedBytesStayInvisible) {
  // A producer killed mid-copy has written bytes but never advanced tail.
  WriteRing ring(HostileRing());
  RingServer server(ring);
  PipeView pipe = ring.RequestPipe(0);
  std::vector<char> junk(3000, '\x7f');
  Scribble(pipe, 0, junk.data(), junk.size(), 0);
  Probe probe;
  PollResult result = server.Poll(probe.handler());
  EXPECT_EQ(probe.calls, 0u);
  EXPECT_TRUE(result.faults.empty());
  EXPECT_FALSE(server.lane_faulted(0));
}

TEST(WriteRingHostileTest, WorkerCorruptsItsReplyReadPosition) {
  WriteRing ring(HostileRing());
  RingServer server(ring);
  RingClient client(ring, 0);
  uint64_t id = client.Submit(0, "x");
  server.Poll([](uint32_t, uint64_t, uint32_t, std::string&) -> std::optional<std::string> {
    return std::nullopt;
  });
  ring.ReplyPipe(0).control->head.store(uint64_t{1} << 60);  // Impossible consumer position.
  server.DrainWake();
  EXPECT_TRUE(server.Reply(0, id, "answer"));
  Probe probe;
  PollResult result = server.Poll(probe.handler());
  ASSERT_EQ(result.faults.size(), 1u);
  EXPECT_EQ(result.faults[0].lane, 0u);
  EXPECT_TRUE(server.lane_faulted(0));
}

TEST(WriteRingHostileTest, WorkerDetectsCorruptReplyPipe) {
  WriteRing ring(HostileRing());
  RingClient client(ring, 0);
  ring.ReplyPipe(0).control->tail.store(5);  // Less than one header: impossible.
  try {
    client.PollReplies();
    ADD_FAILURE() << "corrupt reply pipe accepted";
  } catch (const SqlError& error) {
    EXPECT_EQ(error.state(), SqlState::kDataCorrupted);
  }
}

// Random garbage (random bytes, random headers, random tails) thousands of times: the only
// acceptable outcomes are "nothing", a checksum-valid delivery, or a reported fault.
TEST(WriteRingHostileTest, RandomGarbageNeverCrashesTheCoordinator) {
  WriteRingOptions options = HostileRing();
  options.max_inflight_per_lane = 1u << 30;
  WriteRing ring(options);
  RingServer server(ring);
  PipeView pipe = ring.RequestPipe(0);
  std::mt19937_64 random(12345);
  std::size_t faults = 0;
  std::size_t delivered = 0;
  for (int iteration = 0; iteration < 3000; ++iteration) {
    for (int write = 0; write < 4; ++write) {
      uint64_t tail = pipe.control->tail.load();
      switch (random() % 4) {
        case 0: {  // Random bytes, tail moved a random amount (sometimes backwards).
          std::vector<unsigned char> junk(random() % 200);
          for (auto& b : junk) b = static_cast<unsigned char>(random());
          Scribble(pipe, tail, junk.data(), junk.size(), tail + random() % 400 - 100);
          break;
        }
        case 1: {  // A plausible header with one random field.
          ChunkHeader header;
          header.chunk_bytes = static_cast<uint32_t>(random() % 64);
          header.flags = static_cast<uint32_t>(random() % 5);
          header.request_id = random() % 50;
          header.total_bytes = random() % 100;
          PublishHeader(pipe, header, header.chunk_bytes);
          break;
        }
        case 2:
          pipe.control->tail.store(random());
          break;
        default: {  // A well-formed record.
          ChunkHeader header;
          header.chunk_bytes = 16;
          header.flags = kChunkFirst | kChunkLast;
          header.request_id = random() % 1000000;
          header.total_bytes = 16;
          std::string payload = testing::MakePayload(random(), 16);
          PublishHeader(pipe, header, 0);
          Scribble(pipe, tail + sizeof header, payload.data(), payload.size(),
                   tail + sizeof header + payload.size());
          break;
        }
      }
    }
    PollResult result = server.Poll(
        [&](uint32_t lane, uint64_t, uint32_t, std::string& payload) -> std::optional<std::string> {
          EXPECT_EQ(lane, 0u);
          EXPECT_LE(payload.size(), options.max_record_bytes);
          ++delivered;
          return std::string("ok");
        });
    faults += result.faults.size();
    if (server.lane_faulted(0) || random() % 10 == 0) server.ResetLane(0);
  }
  EXPECT_GT(faults, 100u);
  EXPECT_GT(delivered, 0u);
}

// The same through a real process boundary: a forked "worker" scribbles garbage and is killed;
// the coordinator reports the fault and serves the healthy lane's process to completion.
TEST(WriteRingHostileTest, HostileProcessAlongsideHealthyOne) {
  WriteRing ring(HostileRing());
  testing::TestCoordinator coordinator(ring);
  pid_t hostile = testing::StartChild([&] {
    PipeView pipe = ring.RequestPipe(0);
    std::mt19937_64 random(::getpid());
    for (;;) {
      ChunkHeader header;
      header.chunk_bytes = static_cast<uint32_t>(random());
      header.flags = kChunkFirst | kChunkLast;
      header.request_id = random();
      header.total_bytes = random();
      PublishHeader(pipe, header, random() % 64);
      ring.coordinator_wake().Signal();
      ::usleep(1000);
    }
    return 0;
  });
  testing::WorkerPlan plan;
  plan.coroutines = 4;
  plan.calls_each = 100;
  plan.big_bytes = 10000;
  pid_t healthy = testing::StartChild([&] { return testing::RunWorker(ring, 1, plan); });
  ASSERT_GT(hostile, 0);
  ASSERT_GT(healthy, 0);
  int healthy_exit = -1;
  EXPECT_TRUE(coordinator.ServeUntil(
      [&] { return (healthy_exit = testing::TryReap(healthy)) >= 0; }, milliseconds(60000)));
  if (healthy_exit < 0) healthy_exit = testing::KillChild(healthy);
  testing::KillChild(hostile);
  EXPECT_EQ(healthy_exit, 0);
  ASSERT_FALSE(coordinator.stats().faults.empty());
  for (const LaneFault& fault : coordinator.stats().faults) EXPECT_EQ(fault.lane, 0u);
  EXPECT_EQ(coordinator.stats().corrupt_payloads, 0u);
}

}  // namespace
}  // namespace sb::ipc
