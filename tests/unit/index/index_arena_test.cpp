#include "shared/index/index_arena.h"

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>

#include <boost/interprocess/exceptions.hpp>

#include "shared/index/index_key.h"
#include "shared/index/index_reader.h"

namespace sb::index {
namespace {

std::string IntKey(int64_t n) {
  std::string out;
  AppendKeyPart(out, types::Value::Int8(n), types::kInt8);
  return out;
}

ShmIndex& MakeIndex(IndexArena& arena, const char* name, std::string signature) {
  IndexArena::WriteGuard guard(arena);
  ShmIndex& index = arena.Create("db", "t", name);
  index.signature.assign(signature.data(), signature.size());
  return index;
}

TEST(IndexArena, PrefixFindsEveryDuplicateAndNothingElse) {
  IndexArena arena(16 << 20, 2);
  ShmIndex& index = MakeIndex(arena, "t_n", "n;n:20");
  {
    IndexArena::WriteGuard guard(arena);
    for (int i = 0; i < 100; ++i) {
      index.entries.insert(arena.MakeEntry(IntKey(i % 10), std::to_string(i)));
    }
  }
  IndexReader reader(arena, 0);
  IndexId id{"db", "t", "t_n", "n;n:20"};
  auto stems = reader.Prefix(id, IntKey(3));
  ASSERT_TRUE(stems);
  EXPECT_EQ(stems->size(), 10u);
  for (const std::string& stem : *stems) EXPECT_EQ(std::stoi(stem) % 10, 3);
  EXPECT_EQ(reader.Prefix(id, IntKey(11))->size(), 0u);
  // A different signature (the schema changed) makes the index unusable, not wrong.
  EXPECT_FALSE(reader.Prefix({"db", "t", "t_n", "n;n:23"}, IntKey(3)));
  EXPECT_FALSE(reader.Prefix({"db", "t", "missing", "n;n:20"}, IntKey(3)));
}

TEST(IndexArena, WalkBothWaysInBatches) {
  IndexArena arena(16 << 20, 1);
  ShmIndex& index = MakeIndex(arena, "t_pkey", "u;id:20");
  {
    IndexArena::WriteGuard guard(arena);
    for (int i = 1; i <= 25; ++i)
      index.entries.insert(arena.MakeEntry(IntKey(i), std::to_string(i)));
  }
  IndexReader reader(arena, 0);
  IndexId id{"db", "t", "t_pkey", "u;id:20"};
  for (bool descending : {false, true}) {
    std::vector<std::string> all;
    std::string resume;
    for (;;) {
      auto step = reader.Walk(id, descending, resume, 10);
      ASSERT_TRUE(step);
      all.insert(all.end(), step->stems.begin(), step->stems.end());
      resume = step->resume;
      if (step->done) break;
    }
    ASSERT_EQ(all.size(), 25u);
    EXPECT_EQ(all.front(), descending ? "25" : "1");
    EXPECT_EQ(all.back(), descending ? "1" : "25");
  }
}

TEST(IndexArena, DropAllRemovesOnlyThatTable) {
  IndexArena arena(16 << 20, 1);
  {
    IndexArena::WriteGuard guard(arena);
    arena.Create("db", "t", "a");
    arena.Create("db", "t", "b");
    arena.Create("db", "tt", "a");
    arena.Create("db2", "t", "a");
  }
  EXPECT_EQ(arena.Names("db", "t").size(), 2u);
  {
    IndexArena::WriteGuard guard(arena);
    arena.DropAll("db", "t");
  }
  EXPECT_EQ(arena.Names("db", "t").size(), 0u);
  EXPECT_NE(arena.Find("db", "tt", "a"), nullptr);
  EXPECT_NE(arena.Find("db2", "t", "a"), nullptr);
}

TEST(IndexArena, FullArenaThrowsBadAlloc) {
  IndexArena arena(1 << 20, 1);
  ShmIndex& index = MakeIndex(arena, "big", "n");
  IndexArena::WriteGuard guard(arena);
  EXPECT_THROW(
      {
        for (int i = 0;; ++i)
          index.entries.insert(arena.MakeEntry(IntKey(i), std::string(200, 'x')));
      },
      boost::interprocess::bad_alloc);
}

// A forked reader walks the index while the parent inserts and erases: every walk sees a
// consistent tree (sorted, whole entries) and the child never crashes.
TEST(IndexArena, ForkedReaderSeesConsistentTreeWhileParentWrites) {
  IndexArena arena(64 << 20, 2);
  ShmIndex& index = MakeIndex(arena, "t_pkey", "u;id:20");
  auto* stop = static_cast<std::atomic<int>*>(
      ::mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
  new (stop) std::atomic<int>(0);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    IndexReader reader(arena, 1);
    IndexId id{"db", "t", "t_pkey", "u;id:20"};
    int bad = 0;
    while (stop->load() == 0) {
      auto step = reader.Walk(id, false, "", 100000);
      if (!step) continue;
      for (size_t i = 1; i < step->stems.size(); ++i) {
        if (std::stol(step->stems[i - 1]) >= std::stol(step->stems[i])) ++bad;
      }
    }
    ::_exit(bad == 0 ? 0 : 1);
  }
  for (int round = 0; round < 2000; ++round) {
    IndexArena::WriteGuard guard(arena);
    index.entries.insert(arena.MakeEntry(IntKey(round), std::to_string(round)));
    if (round % 3 == 0) index.entries.erase(index.entries.begin());
  }
  stop->store(1);
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

// A reader killed inside its slot does not hang the writer.
TEST(IndexArena, DeadReaderSlotIsReclaimed) {
  IndexArena arena(16 << 20, 2);
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    IndexArena::ReadGuard guard(arena, 1);
    ::_exit(0);  // dies holding the slot (no destructor runs)
  }
  siginfo_t info{};
  ASSERT_EQ(::waitid(P_PID, static_cast<id_t>(child), &info, WEXITED | WNOWAIT), 0);
  { IndexArena::WriteGuard guard(arena); }  // returns: the dead reader is detected
  int status = 0;
  ::waitpid(child, &status, 0);
  SUCCEED();
}

}  // namespace
}  // namespace sb::index
