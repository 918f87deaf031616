// Crashes mid-write: a torn or damaged tail is dropped, whole commits before it are applied.
#include <gtest/gtest.h>

#include <filesystem>

#include "shared/journal/journal.h"
#include "shared/journal/journal_format.h"
#include "tests/unit/journal/journal_test_util.h"

namespace sb::journal {
namespace {

using testing::ReadAll;
using testing::Sandbox;
using testing::SizeOf;

// Three flushed commits; returns the file offsets where commits 2 and 3 start.
struct Layout {
  std::string bytes;
  uint64_t second = 0;
  uint64_t third = 0;
};

Layout WriteThreeCommits(const Sandbox& box) {
  Layout layout;
  Journal journal(box.journal(), SyncMode::kBatch);
  std::vector<Record> first = {Record::Put("db/t/1.json", "first"),
                               Record::Put("db/t/1b.json", "first too")};
  journal.Append(first);
  journal.Flush();
  layout.second = journal.file_bytes();
  std::vector<Record> second = {Record::Put("db/t/2.json", "second"),
                                Record::Remove("db/t/1b.json")};
  journal.Append(second);
  journal.Flush();
  layout.third = journal.file_bytes();
  std::vector<Record> third = {Record::Put("db/t/3.json", "third"),
                               Record::Put("db/t/3b.json", "third too")};
  journal.Append(third);
  journal.Flush();
  layout.bytes = ReadAll(box.journal()).value();
  return layout;
}

const std::vector<std::string> kAfterTwo = {"db/", "db/t/", "db/t/1.json=first",
                                            "db/t/2.json=second"};

TEST(JournalTorn, TruncatedMidRecordKeepsEarlierCommits) {
  Sandbox box;
  const Layout layout = WriteThreeCommits(box);
  const uint64_t end = layout.bytes.size();
  for (uint64_t cut :
       {layout.third + 1, layout.third + kFrameHeaderBytes - 1, layout.third + kFrameHeaderBytes,
        layout.third + kFrameHeaderBytes + 7, (layout.third + end) / 2, end - 1}) {
    SCOPED_TRACE(cut);
    std::filesystem::remove_all(box.File("db"));
    testing::WriteAll(box.journal(), std::string_view(layout.bytes).substr(0, cut));
    ReplayResult result = Journal::Replay(box.journal(), box.root());
    EXPECT_EQ(result.commits, 2u);
    EXPECT_EQ(result.records, 4u);
    EXPECT_EQ(result.last_commit_id, 2u);
    EXPECT_TRUE(result.torn_tail);
    EXPECT_EQ(result.dropped_bytes, cut - layout.third);
    EXPECT_EQ(box.Tree(), kAfterTwo);  // neither file of the torn commit
    EXPECT_EQ(SizeOf(box.journal()), 0u);
    EXPECT_TRUE(box.OutsideUntouched());
  }
}

TEST(JournalTorn, CutExactlyAtACommitBoundaryIsNotTorn) {
  Sandbox box;
  const Layout layout = WriteThreeCommits(box);
  testing::WriteAll(box.journal(), std::string_view(layout.bytes).substr(0, layout.third));
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 2u);
  EXPECT_FALSE(result.torn_tail);
  EXPECT_EQ(box.Tree(), kAfterTwo);
}

TEST(JournalTorn, FlippedByteInLastCommitDropsOnlyIt) {
  Sandbox box;
  const Layout layout = WriteThreeCommits(box);
  const uint64_t end = layout.bytes.size();
  // Length, count, id, salt and CRC fields of the frame header, and body bytes.
  for (uint64_t at : {layout.third, layout.third + 5, layout.third + 9, layout.third + 17,
                      layout.third + 25, layout.third + kFrameHeaderBytes, end - 1}) {
    SCOPED_TRACE(at);
    std::filesystem::remove_all(box.File("db"));
    testing::WriteAll(box.journal(), layout.bytes);
    testing::FlipByte(box.journal(), at);
    ReplayResult result = Journal::Replay(box.journal(), box.root());
    EXPECT_EQ(result.commits, 2u);
    EXPECT_TRUE(result.torn_tail);
    EXPECT_EQ(result.dropped_bytes, end - layout.third);
    EXPECT_EQ(box.Tree(), kAfterTwo);
    EXPECT_TRUE(box.OutsideUntouched());
  }
}

TEST(JournalTorn, DamageInTheMiddleStopsReplayThere) {
  Sandbox box;
  const Layout layout = WriteThreeCommits(box);
  testing::WriteAll(box.journal(), layout.bytes);
  testing::FlipByte(box.journal(), layout.second + kFrameHeaderBytes + 3);
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  // Commit 3 is whole, but applying it without commit 2 would break commit order.
  EXPECT_EQ(result.commits, 1u);
  EXPECT_EQ(result.dropped_bytes, layout.bytes.size() - layout.second);
  EXPECT_EQ(box.Tree(), (std::vector<std::string>{"db/", "db/t/", "db/t/1.json=first",
                                                  "db/t/1b.json=first too"}));
}

TEST(JournalTorn, DamagedOrMissingFileHeaderMeansNothingIsValid) {
  Sandbox box;
  const Layout layout = WriteThreeCommits(box);
  for (uint64_t at : {uint64_t{0}, uint64_t{9}, kFileHeaderBytes - 1}) {
    testing::WriteAll(box.journal(), layout.bytes);
    testing::FlipByte(box.journal(), at);
    ReplayResult result = Journal::Replay(box.journal(), box.root());
    EXPECT_EQ(result.commits, 0u);
    EXPECT_TRUE(result.torn_tail);
    EXPECT_EQ(result.dropped_bytes, layout.bytes.size());
  }
  testing::WriteAll(box.journal(), std::string_view(layout.bytes).substr(0, 10));
  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).dropped_bytes, 10u);
  EXPECT_EQ(box.Tree(), std::vector<std::string>{});
}

TEST(JournalTorn, ZeroFilledTailIsDropped) {
  Sandbox box;
  const Layout layout = WriteThreeCommits(box);
  // What some file systems show after a crash: the size grew, the data never arrived.
  testing::WriteAll(box.journal(), layout.bytes + std::string(4096, '\0'));
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 3u);
  EXPECT_TRUE(result.torn_tail);
  EXPECT_EQ(result.dropped_bytes, 4096u);
}

}  // namespace
}  // namespace sb::journal
