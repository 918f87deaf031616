#include "shared/ipc/session_table.h"

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <climits>
#include <random>
#include <set>
#include <string>

#include <gtest/gtest.h>

#include "shared/errors/sql_error.h"
#include "tests/unit/ipc/child_process.h"

namespace sb::ipc {
namespace {

using std::chrono::milliseconds;
using testing::AwaitChild;
using testing::StartChild;

TEST(SessionTableTest, CancelReachesThePublishingWorkerOnce) {
  SessionTable table(8);
  std::optional<uint32_t> slot = table.Allocate();
  ASSERT_TRUE(slot);
  CancelKey key = table.Publish(*slot, 4321);
  EXPECT_GT(key.pid, 0);
  EXPECT_EQ(static_cast<uint32_t>(key.pid) & (SessionTable::kMaxCapacity - 1), *slot);

  EXPECT_FALSE(table.TakeCancel(*slot));
  EXPECT_EQ(table.RequestCancel(key.pid, key.secret), std::optional<pid_t>(4321));
  EXPECT_TRUE(table.TakeCancel(*slot));
  EXPECT_FALSE(table.TakeCancel(*slot));
}

TEST(SessionTableTest, WrongSecretsAndForgedKeysAreIgnored) {
  SessionTable table(16);
  std::vector<std::pair<uint32_t, CancelKey>> sessions;
  for (int i = 0; i < 16; ++i) {
    uint32_t slot = *table.Allocate();
    sessions.emplace_back(slot, table.Publish(slot, 1000 + i));
  }
  const CancelKey& victim = sessions[5].second;
  EXPECT_FALSE(table.RequestCancel(victim.pid, victim.secret + 1));
  EXPECT_FALSE(table.RequestCancel(victim.pid, ~victim.secret));
  for (int32_t pid : {0, -1, INT_MIN, INT_MAX, 1, 4095, 4096}) {
    EXPECT_FALSE(table.RequestCancel(pid, victim.secret)) << pid;
  }
  std::mt19937 random(7);
  int accepted = 0;
  for (int i = 0; i < 100000; ++i) {
    int32_t pid = static_cast<int32_t>(random());
    int32_t secret = static_cast<int32_t>(random());
    if (table.RequestCancel(pid, secret)) ++accepted;
  }
  EXPECT_EQ(accepted, 0);
  for (auto& [slot, key] : sessions) EXPECT_FALSE(table.TakeCancel(slot));
}

TEST(SessionTableTest, StaleKeyNeverCancelsTheNextSessionOfTheSlot) {
  SessionTable table(1);
  uint32_t slot = *table.Allocate();
  CancelKey old_key = table.Publish(slot, 111);
  ASSERT_TRUE(table.Free(slot));
  EXPECT_FALSE(table.RequestCancel(old_key.pid, old_key.secret)) << "freed slot still matches";

  ASSERT_EQ(table.Allocate(), std::optional<uint32_t>(slot));
  CancelKey new_key = table.Publish(slot, 222);
  EXPECT_NE(new_key.pid, old_key.pid);
  EXPECT_FALSE(table.RequestCancel(old_key.pid, old_key.secret));
  EXPECT_FALSE(table.TakeCancel(slot));
  EXPECT_EQ(table.RequestCancel(new_key.pid, new_key.secret), std::optional<pid_t>(222));
  EXPECT_TRUE(table.TakeCancel(slot));
}

TEST(SessionTableTest, CancelRacingWithFreeDoesNotLeakIntoNextSession) {
  SessionTable table(1);
  uint32_t slot = *table.Allocate();
  CancelKey key = table.Publish(slot, 5);
  ASSERT_TRUE(table.RequestCancel(key.pid, key.secret));  // Flag set for this session...
  ASSERT_TRUE(table.Free(slot));                          // ...which ends before seeing it.
  ASSERT_TRUE(table.Allocate());
  table.Publish(slot, 6);
  EXPECT_FALSE(table.TakeCancel(slot));
}

TEST(SessionTableTest, CapacityAndFreeAreChecked) {
  EXPECT_THROW(SessionTable(0), SqlError);
  EXPECT_THROW(SessionTable(SessionTable::kMaxCapacity + 1), SqlError);
  SessionTable table(3);
  std::set<uint32_t> slots;
  for (int i = 0; i < 3; ++i) slots.insert(*table.Allocate());
  EXPECT_EQ(slots, (std::set<uint32_t>{0, 1, 2}));
  EXPECT_FALSE(table.Allocate());
  EXPECT_FALSE(table.Free(3));
  EXPECT_TRUE(table.Free(1));
  EXPECT_FALSE(table.Free(1));
  EXPECT_EQ(table.Allocate(), std::optional<uint32_t>(1));
  EXPECT_THROW(table.Publish(3, 1), SqlError);
  EXPECT_THROW(table.TakeCancel(99), SqlError);
}

TEST(SessionTableTest, CountsTheSessionsOfADatabase) {
  SessionTable table(8);
  uint32_t a = *table.Allocate(), b = *table.Allocate(), c = *table.Allocate();
  uint32_t d = *table.Allocate();
  EXPECT_EQ(table.CountSessionsUsing("shop"), 0u);
  table.Publish(a, 10, "shop");
  table.Publish(b, 11, "shop");
  table.Publish(c, 12, "shops");  // a longer name sharing the prefix is another database
  table.Publish(d, 13);           // no database published: counts for none
  EXPECT_EQ(table.CountSessionsUsing("shop"), 2u);
  EXPECT_EQ(table.CountSessionsUsing("shops"), 1u);
  EXPECT_EQ(table.CountSessionsUsing("sho"), 0u);
  EXPECT_EQ(table.CountSessionsUsing("Shop"), 0u);
  EXPECT_EQ(table.CountSessionsUsing(""), 0u);

  // A freed slot stops counting at once, and its next session counts for its own database.
  ASSERT_TRUE(table.Free(a));
  EXPECT_EQ(table.CountSessionsUsing("shop"), 1u);
  ASSERT_EQ(table.Allocate(), std::optional<uint32_t>(4));  // FIFO: a is reused last
  uint32_t e = 4;
  table.Publish(e, 14, "other");
  EXPECT_EQ(table.CountSessionsUsing("shop"), 1u);
  EXPECT_EQ(table.CountSessionsUsing("other"), 1u);
  // A slot allocated again but not yet published does not inherit the old database.
  for (uint32_t i = 5; i < 8; ++i) ASSERT_TRUE(table.Allocate());
  ASSERT_EQ(table.Allocate(), std::optional<uint32_t>(a));
  EXPECT_EQ(table.CountSessionsUsing("shop"), 1u);
}

TEST(SessionTableTest, DatabaseNamesAreComparedWhole) {
  SessionTable table(4);
  const std::string longest(SessionTable::kMaxDatabaseBytes, 'x');
  const std::string too_long(SessionTable::kMaxDatabaseBytes + 1, 'x');
  const std::string with_nul("a\0b", 3);
  table.Publish(*table.Allocate(), 1, longest);
  table.Publish(*table.Allocate(), 2, too_long);
  table.Publish(*table.Allocate(), 3, with_nul);
  table.Publish(*table.Allocate(), 4, "a");
  EXPECT_EQ(table.CountSessionsUsing(longest), 1u);
  EXPECT_EQ(table.CountSessionsUsing(too_long), 0u);  // longer than any SQL name: never matches
  EXPECT_EQ(table.CountSessionsUsing(longest.substr(1)), 0u);
  EXPECT_EQ(table.CountSessionsUsing(with_nul), 1u);
  EXPECT_EQ(table.CountSessionsUsing("a"), 1u);
  EXPECT_EQ(table.CountSessionsUsing(std::string("a\0", 2)), 0u);
}

// Workers publish from their own processes; the coordinator counts in its own.
TEST(SessionTableTest, DatabasesPublishedByAnotherProcessAreCounted) {
  SessionTable table(4);
  uint32_t slot = *table.Allocate();
  pid_t worker = StartChild([&] {
    table.Publish(slot, ::getpid(), "remote");
    return 0;
  });
  ASSERT_EQ(AwaitChild(worker, milliseconds(10000)), 0);
  EXPECT_EQ(table.CountSessionsUsing("remote"), 1u);
  ASSERT_TRUE(table.Free(slot));
  EXPECT_EQ(table.CountSessionsUsing("remote"), 0u);
}

TEST(SessionTableTest, KeysStayValidAcrossGenerationWrap) {
  SessionTable table(1);
  uint32_t slot = *table.Allocate();
  std::set<int32_t> seen;
  // More uses than there are generations: keys stay positive and the live one always works.
  for (int use = 0; use < (1 << 19) + 10; ++use) {
    CancelKey key = table.Publish(slot, 77);
    ASSERT_GT(key.pid, 0);
    if (use < 1000) seen.insert(key.pid);
    if (use % 4099 == 0) {
      ASSERT_EQ(table.RequestCancel(key.pid, key.secret), std::optional<pid_t>(77)) << use;
      ASSERT_TRUE(table.TakeCancel(slot));
    }
    ASSERT_TRUE(table.Free(slot));
    slot = *table.Allocate();
  }
  EXPECT_EQ(seen.size(), 1000u);
}

// A serving worker publishes its key; a different worker process receives the CancelRequest,
// routes it through the table and signals the serving worker, which then sees the flag.
TEST(SessionTableTest, CancelRoutedAcrossProcesses) {
  SessionTable table(4);
  uint32_t slot = *table.Allocate();
  int key_pipe[2];
  ASSERT_EQ(::pipe(key_pipe), 0);

  sigset_t usr1;
  sigemptyset(&usr1);
  sigaddset(&usr1, SIGUSR1);
  pid_t serving = StartChild([&] {
    ::sigprocmask(SIG_BLOCK, &usr1, nullptr);
    CancelKey key = table.Publish(slot, ::getpid());
    if (::write(key_pipe[1], &key, sizeof key) != sizeof key) return 2;
    timespec limit{10, 0};
    if (::sigtimedwait(&usr1, nullptr, &limit) != SIGUSR1) return 3;
    return table.TakeCancel(slot) ? 0 : 4;
  });
  ASSERT_GT(serving, 0);
  CancelKey key;
  ASSERT_EQ(::read(key_pipe[0], &key, sizeof key), static_cast<ssize_t>(sizeof key));

  pid_t other = StartChild([&] {
    if (table.RequestCancel(key.pid, key.secret ^ 1)) return 2;  // Wrong secret first.
    std::optional<pid_t> target = table.RequestCancel(key.pid, key.secret);
    if (!target || *target != serving) return 3;
    return ::kill(*target, SIGUSR1) == 0 ? 0 : 4;
  });
  ASSERT_GT(other, 0);
  EXPECT_EQ(AwaitChild(other, milliseconds(10000)), 0);
  EXPECT_EQ(AwaitChild(serving, milliseconds(15000)), 0);
  ::close(key_pipe[0]);
  ::close(key_pipe[1]);
}

}  // namespace
}  // namespace sb::ipc
