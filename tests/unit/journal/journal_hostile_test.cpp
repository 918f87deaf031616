// Crafted journals: checksummed frames that a real coordinator never writes. Nothing outside the
// data root may be touched, and nothing of a bad commit may be applied.
#include <gtest/gtest.h>

#include <filesystem>
#include <random>

#include "shared/journal/crc32c.h"
#include "shared/journal/journal.h"
#include "shared/journal/journal_format.h"
#include "tests/unit/journal/journal_test_util.h"

namespace sb::journal {
namespace {

using namespace std::string_literals;
using testing::CraftedJournal;
using testing::ExpectSqlError;
using testing::ReadAll;
using testing::Sandbox;
using testing::SizeOf;

std::vector<std::string> HostilePaths(const Sandbox& box) {
  return {"../outside/x.json",
          "../outside",
          "../outside/sentinel",
          "db/../../outside/sentinel",
          box.outside() + "/x.json",  // absolute, and real
          box.outside(),
          "/",
          "",
          ".",
          "..",
          "db//x",
          "db/",
          "./db",
          "db/\0/x"s,
          "db/x\0"s,
          ".smarterbase/journal",
          ".smarterbase",
          ".smarterbase/lock",
          std::string(256, 'a'),
          "db/" + std::string(5000, 'p')};
}

TEST(JournalHostile, PathsOutsideTheRootAreRejectedWholeCommit) {
  Sandbox box;
  for (const std::string& hostile : HostilePaths(box)) {
    for (Record bad : {Record::Put(hostile, "evil"), Record::Remove(hostile),
                       Record::RemoveTree(hostile), Record::MakeDir(hostile)}) {
      SCOPED_TRACE(std::string(hostile.substr(0, 60)) + " kind " +
                   std::to_string(static_cast<int>(bad.kind)));
      std::filesystem::remove_all(box.File("db"));
      CraftedJournal crafted;
      crafted.Commit(1, {Record::Put("db/ok.json", "ok")})
          .Commit(2, {Record::Put("db/partial.json", "must not appear"), bad})
          .Commit(3, {Record::Put("db/after.json", "after")});
      crafted.WriteTo(box.journal());

      std::string message = ExpectSqlError(SqlState::kDataCorrupted,
                                           [&] { Journal::Replay(box.journal(), box.root()); });
      EXPECT_NE(message.find("commit 2"), std::string::npos) << message;
      EXPECT_EQ(message.find('\0'), std::string::npos);
      EXPECT_EQ(box.Tree(), (std::vector<std::string>{"db/", "db/ok.json=ok"}));
      EXPECT_TRUE(box.OutsideUntouched());
      EXPECT_EQ(SizeOf(box.journal()), crafted.bytes().size());  // kept for inspection
      EXPECT_TRUE(std::filesystem::exists(box.journal()));
    }
  }
}

TEST(JournalHostile, JournalWithBadCommitIsNotReusedForWriting) {
  Sandbox box;
  CraftedJournal crafted;
  crafted.Commit(1, {Record::Put("../outside/x", "evil")});
  crafted.WriteTo(box.journal());
  ExpectSqlError(SqlState::kDataCorrupted,
                 [&] { Journal journal(box.journal(), SyncMode::kBatch); });
  EXPECT_EQ(SizeOf(box.journal()), crafted.bytes().size());
}

// Bodies that pass the CRC but do not parse: the frame is built by hand with a valid checksum.
std::string FrameWithBody(uint64_t salt, uint64_t id, uint32_t record_count,
                          const std::string& body) {
  std::string frame;
  auto put32 = [&](uint32_t v) {
    for (int i = 0; i < 4; ++i) frame.push_back(static_cast<char>(v >> (8 * i)));
  };
  auto put64 = [&](uint64_t v) {
    for (int i = 0; i < 8; ++i) frame.push_back(static_cast<char>(v >> (8 * i)));
  };
  put32(static_cast<uint32_t>(body.size()));
  put32(record_count);
  put64(id);
  put64(salt);
  uint32_t crc =
      Crc32cExtend(Crc32cExtend(0, frame.data(), frame.size()), body.data(), body.size());
  put32(crc);
  return frame + body;
}

TEST(JournalHostile, MalformedChecksummedBodiesAreCorruption) {
  Sandbox box;
  const std::string good_body = [] {
    std::string frame;
    std::vector<Record> records = {Record::Put("db/y", "y")};
    AppendCommitFrame(frame, 0, 0, records);
    return frame.substr(kFrameHeaderBytes);
  }();
  const std::vector<std::pair<uint32_t, std::string>> bodies = {
      {1,
       "\x09\x04\x00\x00\x00"
       "db/y"s},       // unknown kind
      {2, good_body},  // count larger than the records present
      {0, good_body},  // bytes left over
      {1, good_body + "junk"},
      {1,
       "\x01\xFF\xFF\xFF\x7F"
       "db/y"s},  // path length past the end
      {1, good_body.substr(0, good_body.size() - 1)},
  };
  for (const auto& [count, body] : bodies) {
    std::filesystem::remove_all(box.File("db"));
    CraftedJournal crafted(77);
    crafted.Commit(1, {Record::Put("db/ok", "ok")}).Raw(FrameWithBody(77, 2, count, body));
    crafted.WriteTo(box.journal());
    ExpectSqlError(SqlState::kDataCorrupted, [&] { Journal::Replay(box.journal(), box.root()); });
    EXPECT_EQ(box.Tree(), (std::vector<std::string>{"db/", "db/ok=ok"}));
  }
}

TEST(JournalHostile, IdsMustFollowEachOther) {
  Sandbox box;
  for (uint64_t second_id : {uint64_t{1}, uint64_t{3}, uint64_t{0}, ~uint64_t{0}}) {
    std::filesystem::remove_all(box.File("db"));
    CraftedJournal crafted;
    crafted.Commit(1, {Record::Put("db/a", "a")}).Commit(second_id, {Record::Put("db/b", "b")});
    crafted.WriteTo(box.journal());
    ReplayResult result = Journal::Replay(box.journal(), box.root());
    EXPECT_EQ(result.commits, 1u) << second_id;
    EXPECT_TRUE(result.torn_tail);
    EXPECT_EQ(box.Tree(), (std::vector<std::string>{"db/", "db/a=a"}));
  }
  // The first id of a generation may be anything (ids continue across checkpoints).
  CraftedJournal crafted;
  crafted.Commit(1000, {Record::Put("db/c", "c")}).Commit(1001, {Record::Put("db/d", "d")});
  crafted.WriteTo(box.journal());
  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).last_commit_id, 1001u);
}

TEST(JournalHostile, FrameOfAnotherSaltIsNotReplayed) {
  Sandbox box;
  std::string frame;
  std::vector<Record> records = {Record::Put("db/x", "x")};
  AppendCommitFrame(frame, 1, /*salt=*/2, records);
  CraftedJournal crafted(/*salt=*/1);
  crafted.Raw(frame).WriteTo(box.journal());
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 0u);
  EXPECT_TRUE(result.torn_tail);
  EXPECT_EQ(box.Tree(), std::vector<std::string>{});
}

TEST(JournalHostile, HugeLengthFieldDoesNotAllocate) {
  Sandbox box;
  // A checksummed-looking header claiming a 4 GiB body in a tiny file.
  std::string header;
  for (int i = 0; i < 4; ++i) header.push_back('\xFF');
  header.append(kFrameHeaderBytes - 4, '\0');
  CraftedJournal crafted;
  crafted.Raw(header).Raw("short");
  crafted.WriteTo(box.journal());
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 0u);
  EXPECT_EQ(result.dropped_bytes, kFrameHeaderBytes + 5);
}

// Random damage to a valid journal (flipped bytes, cuts, spliced garbage): replay applies a
// prefix of the commits or reports corruption, and never touches anything outside the root.
TEST(JournalHostile, RandomDamageNeverEscapesTheRoot) {
  Sandbox box;
  CraftedJournal crafted(5);
  for (uint64_t id = 1; id <= 6; ++id) {
    const std::string put = "db/t/" + std::to_string(id) + ".json";
    const std::string content(id * 7, 'v');
    const std::string removed = "db/t/" + std::to_string(id - 1) + ".json";
    const std::string tree = "db/tmp" + std::to_string(id);
    crafted.Commit(id,
                   {Record::Put(put, content), Record::Remove(removed), Record::RemoveTree(tree)});
  }
  const std::string original = crafted.bytes();
  std::mt19937_64 random(2024);
  for (int round = 0; round < 60; ++round) {
    std::string damaged = original;
    switch (round % 3) {
      case 0:
        for (int flips = 1 + static_cast<int>(random() % 4); flips > 0; --flips) {
          damaged[random() % damaged.size()] ^= static_cast<char>(1 + random() % 255);
        }
        break;
      case 1:
        damaged.resize(random() % damaged.size());
        break;
      case 2: {
        size_t at = random() % damaged.size();
        for (size_t i = at; i < std::min(damaged.size(), at + 16); ++i) {
          damaged[i] = static_cast<char>(random());
        }
        break;
      }
    }
    std::filesystem::remove_all(box.File("db"));
    testing::WriteAll(box.journal(), damaged);
    try {
      ReplayResult result = Journal::Replay(box.journal(), box.root());
      EXPECT_LE(result.commits, 6u);
      EXPECT_EQ(result.last_commit_id, result.commits);
      // Fewer commits with nothing dropped happens only when a cut fell on a commit boundary.
      if (result.commits < 6 && damaged.size() == original.size()) {
        EXPECT_TRUE(result.torn_tail);
      }
    } catch (const SqlError& e) {
      EXPECT_EQ(e.state(), SqlState::kDataCorrupted) << e.what();
    }
    ASSERT_TRUE(box.OutsideUntouched()) << "round " << round;
  }
}

}  // namespace
}  // namespace sb::journal
