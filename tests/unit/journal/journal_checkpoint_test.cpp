// Checkpoints: documents become durable, the journal starts a new generation.
#include <gtest/gtest.h>

#include <filesystem>

#include "shared/journal/journal.h"
#include "shared/journal/journal_format.h"
#include "shared/storage/atomic_file.h"
#include "tests/unit/journal/journal_test_util.h"

namespace sb::journal {
namespace {

using testing::ExpectSqlError;
using testing::ReadAll;
using testing::Sandbox;
using testing::SizeOf;

// What the coordinator does for one commit: journal it, flush, then write the document.
void CommitDocument(Journal& journal, const Sandbox& box, std::string_view path,
                    std::string_view content) {
  Record record = Record::Put(path, content);
  journal.Append(std::span<const Record>(&record, 1));
  journal.Flush();
  storage::CreateDirectories(storage::ParentDirectory(box.File(path)));
  storage::WriteFileAtomic(box.File(path), content, /*sync=*/false);
}

TEST(JournalCheckpoint, EmptiesTheJournal) {
  Sandbox box;
  std::string before_checkpoint;
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    CommitDocument(journal, box, "db/t/1.json", "one");
    CommitDocument(journal, box, "db/t/2.json", "two");
    before_checkpoint = ReadAll(box.journal()).value();
    ASSERT_GT(before_checkpoint.size(), kFileHeaderBytes);

    journal.Checkpoint(box.root());
    EXPECT_EQ(SizeOf(box.journal()), kFileHeaderBytes);
    EXPECT_EQ(journal.file_bytes(), kFileHeaderBytes);
    EXPECT_EQ(journal.durable_commit_id(), 2u);

    // Ids go on across checkpoints; only later commits are in the journal now.
    CommitDocument(journal, box, "db/t/3.json", "three");
    EXPECT_EQ(journal.last_commit_id(), 3u);
  }
  // Remove the checkpointed documents to see that replay does not bring them back.
  std::filesystem::remove(box.File("db/t/1.json"));
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 1u);
  EXPECT_EQ(result.last_commit_id, 3u);
  EXPECT_EQ(box.Tree(),
            (std::vector<std::string>{"db/", "db/t/", "db/t/2.json=two", "db/t/3.json=three"}));
}

TEST(JournalCheckpoint, StaleFramesOfAnEarlierGenerationAreIgnored) {
  Sandbox box;
  std::string old_generation;
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    CommitDocument(journal, box, "db/a", "old a");
    CommitDocument(journal, box, "db/b", "old b");
    old_generation = ReadAll(box.journal()).value();
    journal.Checkpoint(box.root());
    CommitDocument(journal, box, "db/a", "new a");
  }
  // After a crash, the blocks past the new frames might still show the old frames (whole, with
  // good CRCs and the ids that follow): they carry the old salt and must not be replayed.
  std::string now = ReadAll(box.journal()).value();
  testing::WriteAll(box.journal(), now + old_generation.substr(kFileHeaderBytes));
  // Also as if the old generation's frames sat right after the new header.
  std::string stale_first =
      now.substr(0, kFileHeaderBytes) + old_generation.substr(kFileHeaderBytes);
  std::filesystem::remove_all(box.File("db"));

  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 1u);
  EXPECT_TRUE(result.torn_tail);
  EXPECT_EQ(box.Tree(), (std::vector<std::string>{"db/", "db/a=new a"}));

  std::filesystem::remove_all(box.File("db"));
  testing::WriteAll(box.journal(), stale_first);
  result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 0u);
  EXPECT_EQ(box.Tree(), std::vector<std::string>{});
}

TEST(JournalCheckpoint, NeedsCheckpointFollowsTheSizeThreshold) {
  Sandbox box;
  Journal journal(box.journal(), SyncMode::kBatch, /*checkpoint_bytes=*/1000);
  EXPECT_FALSE(journal.NeedsCheckpoint());
  // 24-byte file header + 548 bytes per commit (28 frame header, 20 record header and path).
  const std::string document(500, 'x');
  Record record = Record::Put("db/t/x.json", document);
  journal.Append(std::span<const Record>(&record, 1));
  EXPECT_FALSE(journal.NeedsCheckpoint());
  journal.Append(std::span<const Record>(&record, 1));
  EXPECT_TRUE(journal.NeedsCheckpoint());  // buffered bytes count too
  journal.Flush();
  EXPECT_TRUE(journal.NeedsCheckpoint());
  journal.Checkpoint(box.root());
  EXPECT_FALSE(journal.NeedsCheckpoint());
}

TEST(JournalCheckpoint, DropsBufferedCommits) {
  Sandbox box;
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    Record record = Record::Put("db/x", "written before the checkpoint");
    journal.Append(std::span<const Record>(&record, 1));
    storage::CreateDirectories(box.File("db"));
    storage::WriteFileAtomic(box.File("db/x"), "written before the checkpoint", false);
    journal.Checkpoint(box.root());
    EXPECT_EQ(journal.buffered_bytes(), 0u);
    EXPECT_EQ(journal.durable_commit_id(), 1u);
    journal.Flush();  // nothing left to write
    EXPECT_EQ(SizeOf(box.journal()), kFileHeaderBytes);
  }
  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).commits, 0u);
}

TEST(JournalCheckpoint, OffModeCheckpointsWithoutSyncing) {
  Sandbox box;
  Journal journal(box.journal(), SyncMode::kOff, 10);
  CommitDocument(journal, box, "db/x", "x");
  EXPECT_TRUE(journal.NeedsCheckpoint());
  journal.Checkpoint(box.root());
  EXPECT_EQ(SizeOf(box.journal()), kFileHeaderBytes);
}

TEST(JournalCheckpoint, FailureBreaksTheJournal) {
  Sandbox box;
  Journal journal(box.journal(), SyncMode::kBatch);
  CommitDocument(journal, box, "db/x", "x");
  ExpectSqlError(SqlState::kIoError, [&] { journal.Checkpoint(box.root() + "/missing"); });
  EXPECT_TRUE(journal.broken());
  EXPECT_GT(SizeOf(box.journal()), kFileHeaderBytes);  // not truncated: the journal still counts
}

}  // namespace
}  // namespace sb::journal
