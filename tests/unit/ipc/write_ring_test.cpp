#include "shared/ipc/write_ring.h"

#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "shared/errors/sql_error.h"
#include "shared/ipc/ring_client.h"
#include "shared/ipc/ring_server.h"
#include "tests/unit/ipc/child_process.h"
#include "tests/unit/ipc/write_ring_workload.h"

namespace sb::ipc {
namespace {

using std::chrono::milliseconds;
using testing::AwaitChild;
using testing::KillChild;
using testing::MakePayload;
using testing::RunWorker;
using testing::StartChild;
using testing::TestCoordinator;
using testing::Transform;
using testing::TryReap;
using testing::WorkerPlan;

WriteRingOptions SmallRing(uint32_t lanes) {
  WriteRingOptions options;
  options.lanes = lanes;
  options.pipe_bytes = 16 * 1024;
  options.max_record_bytes = 1 << 20;
  return options;
}

bool Readable(int fd) {
  pollfd entry{fd, POLLIN, 0};
  return ::poll(&entry, 1, 0) == 1;
}

RequestHandler EchoTransform() {
  return [](uint32_t, uint64_t id, uint32_t, std::string& payload) -> std::optional<std::string> {
    return Transform(id, payload);
  };
}

// Drives a client and the server in one process until `expected` replies arrived.
std::map<uint64_t, Reply> PumpInProcess(RingServer& server, RingClient& client,
                                        const RequestHandler& handler, std::size_t expected) {
  std::map<uint64_t, Reply> replies;
  for (int round = 0; round < 100000 && replies.size() < expected; ++round) {
    server.DrainWake();
    server.Poll(handler);
    client.DrainWake();
    client.TryFlush();
    for (Reply& reply : client.PollReplies()) {
      EXPECT_TRUE(replies.emplace(reply.request_id, std::move(reply)).second) << "duplicate reply";
    }
  }
  return replies;
}

TEST(WriteRingTest, RejectsBadOptions) {
  WriteRingOptions options = SmallRing(1);
  options.lanes = 0;
  EXPECT_THROW(WriteRing{options}, SqlError);
  options = SmallRing(1);
  options.pipe_bytes = 100;
  EXPECT_THROW(WriteRing{options}, SqlError);
  options = SmallRing(1);
  options.max_record_bytes = 0;
  EXPECT_THROW(WriteRing{options}, SqlError);
}

TEST(WriteRingTest, RoundTripsRecordsOfEverySizeInOneProcess) {
  WriteRing ring(SmallRing(2));
  RingServer server(ring);
  RingClient client(ring, 1);
  std::vector<std::size_t> sizes = {0,
                                    1,
                                    31,
                                    32,
                                    33,
                                    1000,
                                    16 * 1024 - 32,
                                    16 * 1024,
                                    16 * 1024 + 1,
                                    100000,
                                    (1 << 20) - 8};  // Largest whose 8-byte-longer reply fits.
  std::map<uint64_t, std::string> sent;
  std::mt19937_64 random(3);
  for (std::size_t size : sizes) {
    std::string payload(size, '\0');
    for (char& c : payload) c = static_cast<char>(random());
    uint64_t id = client.Submit(static_cast<uint32_t>(size % 1000), payload);
    sent.emplace(id, std::move(payload));
  }
  std::map<uint64_t, uint32_t> kinds;
  RequestHandler handler = [&](uint32_t lane, uint64_t id, uint32_t kind,
                               std::string& payload) -> std::optional<std::string> {
    EXPECT_EQ(lane, 1u);
    kinds[id] = kind;
    EXPECT_EQ(payload, sent.at(id));
    return Transform(id, payload);
  };
  std::map<uint64_t, Reply> replies = PumpInProcess(server, client, handler, sent.size());
  ASSERT_EQ(replies.size(), sent.size());
  for (auto& [id, payload] : sent) {
    EXPECT_EQ(replies.at(id).payload, Transform(id, payload)) << "id " << id;
    EXPECT_EQ(kinds.at(id), payload.size() % 1000);
  }
  EXPECT_FALSE(client.has_unsent());
  EXPECT_EQ(server.unanswered(1), 0u);
}

TEST(WriteRingTest, RefusesOversizedRecordsOnBothSides) {
  WriteRingOptions options = SmallRing(1);
  options.max_record_bytes = 1000;
  WriteRing ring(options);
  RingServer server(ring);
  RingClient client(ring, 0);
  try {
    client.Submit(1, std::string(1001, 'x'));
    ADD_FAILURE() << "oversized request accepted";
  } catch (const SqlError& error) {
    EXPECT_EQ(error.state(), SqlState::kProgramLimitExceeded);
  }
  uint64_t id = client.Submit(1, std::string(1000, 'y'));
  uint64_t seen = 0;
  server.Poll(
      [&](uint32_t, uint64_t request_id, uint32_t, std::string&) -> std::optional<std::string> {
        seen = request_id;
        return std::nullopt;
      });
  ASSERT_EQ(seen, id);
  try {
    server.Reply(0, id, std::string(1001, 'z'));
    ADD_FAILURE() << "oversized reply accepted";
  } catch (const SqlError& error) {
    EXPECT_EQ(error.state(), SqlState::kProgramLimitExceeded);
  }
  EXPECT_EQ(server.unanswered(0), 1u);  // Still answerable, e.g. with an error.
  EXPECT_TRUE(server.Reply(0, id, "error", 9));
  EXPECT_FALSE(server.Reply(0, id, "twice"));
  std::vector<Reply> replies = client.PollReplies();
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies[0].request_id, id);
  EXPECT_EQ(replies[0].kind, 9u);
  EXPECT_EQ(replies[0].payload, "error");
}

TEST(WriteRingTest, RepliesWaitForRoomAndWakeTheCoordinator) {
  WriteRingOptions options = SmallRing(1);
  options.pipe_bytes = 4096;
  WriteRing ring(options);
  RingServer server(ring);
  RingClient client(ring, 0);
  for (int i = 0; i < 20; ++i) client.Submit(0, MakePayload(i, 100));
  RequestHandler big_reply = [](uint32_t, uint64_t id, uint32_t,
                                std::string&) -> std::optional<std::string> {
    return std::string(3000, static_cast<char>('a' + id % 26));
  };
  std::size_t handled = 0;
  for (int i = 0; i < 10; ++i) handled += server.Poll(big_reply).records;
  EXPECT_EQ(handled, 20u);
  EXPECT_GT(server.pending_replies(0), 10u) << "replies should be queued, the pipe holds one";
  EXPECT_TRUE(Readable(client.wake_fd()));

  std::size_t received = 0;
  for (int round = 0; round < 1000 && received < 20; ++round) {
    client.DrainWake();
    std::vector<Reply> replies = client.PollReplies();
    for (const Reply& reply : replies) {
      EXPECT_EQ(reply.payload, std::string(3000, static_cast<char>('a' + reply.request_id % 26)));
    }
    received += replies.size();
    if (received < 20) {
      // Draining must ring the coordinator, which then sends what was waiting.
      ASSERT_TRUE(Readable(server.wake_fd())) << "coordinator not woken at round " << round;
      server.DrainWake();
      server.Poll(big_reply);
    }
  }
  EXPECT_EQ(received, 20u);
  EXPECT_EQ(server.pending_replies(0), 0u);
}

TEST(WriteRingTest, BusyLaneDoesNotStarveOthers) {
  WriteRing ring(SmallRing(3));
  RingServer server(ring);
  RingClient busy(ring, 0);
  RingClient quiet(ring, 2);
  for (int i = 0; i < 100; ++i) busy.Submit(0, "x");
  quiet.Submit(0, "y");
  std::vector<uint32_t> order;
  RequestHandler handler = [&](uint32_t lane, uint64_t, uint32_t,
                               std::string&) -> std::optional<std::string> {
    order.push_back(lane);
    return "";
  };
  PollResult result = server.Poll(handler, 3);
  EXPECT_TRUE(result.more);
  ASSERT_EQ(order.size(), 3u);
  EXPECT_NE(std::find(order.begin(), order.end(), 2u), order.end());
}

TEST(WriteRingTest, DeferredRepliesAndThrottling) {
  WriteRingOptions options = SmallRing(1);
  options.max_inflight_per_lane = 2;
  WriteRing ring(options);
  RingServer server(ring);
  RingClient client(ring, 0);
  for (int i = 0; i < 5; ++i) client.Submit(0, MakePayload(i, 16));
  std::vector<uint64_t> pending;
  RequestHandler defer = [&](uint32_t, uint64_t id, uint32_t,
                             std::string&) -> std::optional<std::string> {
    pending.push_back(id);
    return std::nullopt;
  };
  server.Poll(defer);
  ASSERT_EQ(pending.size(), 2u) << "lane must pause at the in-flight limit";
  server.DrainWake();
  EXPECT_TRUE(server.Reply(0, pending[1], "second"));
  EXPECT_TRUE(Readable(server.wake_fd())) << "unpausing a lane must wake the coordinator";
  server.Poll(defer);
  ASSERT_EQ(pending.size(), 3u);
  EXPECT_FALSE(server.Reply(0, 999, "unknown id"));
  EXPECT_FALSE(server.Reply(7, pending[0], "unknown lane"));
  EXPECT_TRUE(server.Reply(0, pending[0], "first"));
  std::vector<Reply> replies = client.PollReplies();
  ASSERT_EQ(replies.size(), 2u);
  EXPECT_EQ(replies[0].request_id, pending[1]);
  EXPECT_EQ(replies[1].request_id, pending[0]);
  EXPECT_EQ(replies[1].payload, "first");
}

TEST(WriteRingTest, ResetLaneDropsStaleRepliesAndIdsKeepGrowing) {
  WriteRing ring(SmallRing(1));
  RingServer server(ring);
  uint64_t old_id;
  {
    RingClient dead(ring, 0);
    old_id = dead.Submit(0, "hello");
    dead.Submit(0, std::string(50000, 'p'));  // Left half-sent: the "worker" dies here.
    server.Poll([](uint32_t, uint64_t, uint32_t, std::string&) -> std::optional<std::string> {
      return std::nullopt;
    });
  }
  server.ResetLane(0);
  EXPECT_FALSE(server.Reply(0, old_id, "late answer for a dead worker"));
  EXPECT_EQ(server.unanswered(0), 0u);

  RingClient fresh(ring, 0);
  uint64_t new_id = fresh.Submit(0, "again");
  EXPECT_GT(new_id, old_id);
  std::map<uint64_t, Reply> replies = PumpInProcess(server, fresh, EchoTransform(), 1);
  ASSERT_EQ(replies.size(), 1u);
  EXPECT_EQ(replies.begin()->first, new_id);
  EXPECT_EQ(replies.begin()->second.payload, Transform(new_id, "again"));
}

// Many worker processes, each with several coroutines waiting at once, thousands of requests
// with checksummed payloads of mixed sizes (some larger than a pipe) and replies answered out
// of order: every reply must reach its own waiter, none lost or duplicated.
TEST(WriteRingTest, ManyWorkerProcessesManyCoroutines) {
  constexpr uint32_t kWorkers = 6;
  WriteRing ring(SmallRing(kWorkers));
  TestCoordinator coordinator(ring);
  WorkerPlan plan;
  plan.coroutines = 8;
  plan.calls_each = 120;
  plan.big_bytes = 40 * 1024;
  std::vector<pid_t> pids;
  for (uint32_t lane = 0; lane < kWorkers; ++lane) {
    WorkerPlan mine = plan;
    mine.seed = lane + 1;
    pid_t pid = StartChild([&, lane, mine] { return RunWorker(ring, lane, mine); }, 120);
    ASSERT_GT(pid, 0);
    pids.push_back(pid);
  }
  std::map<pid_t, int> exits;
  bool finished = coordinator.ServeUntil(
      [&] {
        for (pid_t pid : pids) {
          if (exits.count(pid) == 0) {
            int code = TryReap(pid);
            if (code >= 0) exits[pid] = code;
          }
        }
        return exits.size() == pids.size();
      },
      milliseconds(90000));
  for (pid_t pid : pids) {
    if (exits.count(pid) == 0) exits[pid] = KillChild(pid);
  }
  EXPECT_TRUE(finished) << "workers did not finish in time";
  for (pid_t pid : pids) EXPECT_EQ(exits[pid], 0) << "worker " << pid;
  const auto& stats = coordinator.stats();
  EXPECT_EQ(stats.records, std::size_t{kWorkers} * plan.coroutines * plan.calls_each);
  EXPECT_EQ(stats.corrupt_payloads, 0u);
  EXPECT_EQ(stats.duplicate_ids, 0u);
  EXPECT_TRUE(stats.faults.empty());
}

// One worker is SIGKILLed while it is in the middle of streaming a record bigger than its
// pipe, another at an arbitrary moment under load. The coordinator keeps serving the other
// lanes, never sees a torn record, and a new worker on each reset lane works.
TEST(WriteRingTest, KilledWorkersDoNotDisturbOthersAndLanesAreReusable) {
  WriteRing ring(SmallRing(3));
  TestCoordinator coordinator(ring);
  int started[2];
  ASSERT_EQ(::pipe(started), 0);

  pid_t stuck = StartChild([&] {
    RingClient client(ring, 0);
    client.Submit(5, MakePayload(99, 200 * 1024));  // Fills the pipe, leaves the rest queued.
    char byte = 1;
    if (::write(started[1], &byte, 1) != 1) return 2;
    ::pause();  // Never sends the rest: killed mid-record.
    return 3;
  });
  ASSERT_GT(stuck, 0);
  char byte;
  ASSERT_EQ(::read(started[0], &byte, 1), 1);

  WorkerPlan endless;
  endless.coroutines = 4;
  endless.forever = true;
  endless.big_bytes = 40 * 1024;
  endless.seed = 11;
  pid_t victim = StartChild([&] { return RunWorker(ring, 2, endless); });
  WorkerPlan steady;
  steady.coroutines = 4;
  steady.calls_each = 150;
  steady.big_bytes = 40 * 1024;
  steady.seed = 12;
  pid_t survivor = StartChild([&] { return RunWorker(ring, 1, steady); });
  ASSERT_GT(victim, 0);
  ASSERT_GT(survivor, 0);

  // Serve a little (lane 0 now holds a partial record), then kill both doomed workers.
  auto serve_for = [&](milliseconds span) {
    auto until = std::chrono::steady_clock::now() + span;
    coordinator.ServeUntil([&] { return std::chrono::steady_clock::now() >= until; }, span * 2);
  };
  serve_for(milliseconds(100));
  std::size_t before = coordinator.stats().records;
  std::mt19937 random(std::random_device{}());
  serve_for(milliseconds(50 + random() % 150));
  EXPECT_EQ(KillChild(stuck), 128 + SIGKILL);
  EXPECT_EQ(KillChild(victim), 128 + SIGKILL);
  EXPECT_GT(coordinator.stats().records, before) << "no progress while workers were alive";
  EXPECT_EQ(coordinator.records_on(0), 0u) << "a partial record was delivered";

  // Keep serving with the dead lanes not yet reset: must neither hang nor fault.
  int survivor_exit = -1;
  EXPECT_TRUE(coordinator.ServeUntil([&] { return (survivor_exit = TryReap(survivor)) >= 0; },
                                     milliseconds(60000)));
  if (survivor_exit < 0) survivor_exit = KillChild(survivor);
  EXPECT_EQ(survivor_exit, 0);

  coordinator.ResetLane(0);
  coordinator.ResetLane(2);
  WorkerPlan short_plan;
  short_plan.coroutines = 3;
  short_plan.calls_each = 60;
  short_plan.big_bytes = 40 * 1024;
  std::vector<pid_t> respawned;
  for (uint32_t lane : {0u, 2u}) {
    short_plan.seed = 20 + lane;
    WorkerPlan mine = short_plan;
    respawned.push_back(StartChild([&, lane, mine] { return RunWorker(ring, lane, mine); }));
    ASSERT_GT(respawned.back(), 0);
  }
  std::map<pid_t, int> exits;
  coordinator.ServeUntil(
      [&] {
        for (pid_t pid : respawned) {
          int code = exits.count(pid) ? exits[pid] : TryReap(pid);
          if (code >= 0) exits[pid] = code;
        }
        return exits.size() == respawned.size();
      },
      milliseconds(60000));
  for (pid_t pid : respawned) {
    if (exits.count(pid) == 0) exits[pid] = KillChild(pid);
    EXPECT_EQ(exits[pid], 0) << "respawned worker " << pid;
  }
  const auto& stats = coordinator.stats();
  EXPECT_EQ(stats.corrupt_payloads, 0u);
  EXPECT_EQ(stats.duplicate_ids, 0u);
  EXPECT_TRUE(stats.faults.empty()) << stats.faults.front().reason;
  ::close(started[0]);
  ::close(started[1]);
}

}  // namespace
}  // namespace sb::ipc
