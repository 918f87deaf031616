// Journal round trips: Append/Flush, then Replay onto the data root.
#include "shared/journal/journal.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/resource.h>

#include <cerrno>
#include <filesystem>
#include <random>

#include "shared/journal/journal_format.h"
#include "shared/storage/atomic_file.h"
#include "tests/unit/journal/journal_test_util.h"

namespace sb::journal {
namespace {

using testing::ExpectSqlError;
using testing::ReadAll;
using testing::Sandbox;
using testing::SizeOf;

uint64_t AppendOne(Journal& journal, Record record) {
  return journal.Append(std::span<const Record>(&record, 1));
}

TEST(Journal, RoundTrip) {
  Sandbox box;
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    std::vector<Record> first = {Record::Put("db/t/1.json", "{\"id\": 1}"),
                                 Record::Put("db/t/2.json", "{\"id\": 2}")};
    EXPECT_EQ(journal.Append(first), 1u);
    EXPECT_EQ(AppendOne(journal, Record::Put("db/_schema/t.json", "{\"name\": \"t\"}")), 2u);
    EXPECT_EQ(journal.durable_commit_id(), 0u);
    journal.Flush();
    EXPECT_EQ(journal.durable_commit_id(), 2u);
    EXPECT_EQ(journal.last_commit_id(), 2u);
    EXPECT_EQ(journal.buffered_bytes(), 0u);
    EXPECT_EQ(journal.file_bytes(), SizeOf(box.journal()));
  }
  EXPECT_EQ(box.Tree(), std::vector<std::string>{});  // the journal alone wrote nothing yet

  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 2u);
  EXPECT_EQ(result.records, 3u);
  EXPECT_EQ(result.last_commit_id, 2u);
  EXPECT_FALSE(result.torn_tail);
  EXPECT_EQ(result.dropped_bytes, 0u);
  EXPECT_EQ(box.Tree(), (std::vector<std::string>{
                            "db/", "db/_schema/", "db/_schema/t.json={\"name\": \"t\"}", "db/t/",
                            "db/t/1.json={\"id\": 1}", "db/t/2.json={\"id\": 2}"}));
  EXPECT_EQ(SizeOf(box.journal()), 0u);
  EXPECT_TRUE(box.OutsideUntouched());

  // An emptied journal replays to nothing and can be opened for writing again.
  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).commits, 0u);
  Journal again(box.journal(), SyncMode::kBatch);
  EXPECT_EQ(again.file_bytes(), kFileHeaderBytes);
}

TEST(Journal, ReplayTwiceIsIdempotent) {
  Sandbox box;
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    AppendOne(journal, Record::Put("db/t/1.json", "one"));
    std::vector<Record> second = {Record::Put("db/t/1.json", "one, updated"),
                                  Record::Put("db/t/2.json", "two"), Record::Remove("db/t/3.json")};
    journal.Append(second);
    AppendOne(journal, Record::RemoveTree("db/gone"));
    journal.Flush();
  }
  const std::string saved = ReadAll(box.journal()).value();
  // State on disk before the crash: some documents written, some not, one stale.
  storage::CreateDirectories(box.File("db/t"));
  storage::CreateDirectories(box.File("db/gone/x"));
  testing::WriteAll(box.File("db/t/1.json"), "one");
  testing::WriteAll(box.File("db/t/3.json"), "three");

  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).commits, 3u);
  const std::vector<std::string> once = box.Tree();
  EXPECT_EQ(once, (std::vector<std::string>{"db/", "db/t/", "db/t/1.json=one, updated",
                                            "db/t/2.json=two"}));

  // A crash during or after the first replay, before its truncation was durable: the same
  // journal is replayed over its own results (and over a file changed since) to the same state.
  testing::WriteAll(box.File("db/t/2.json"), "changed");
  testing::WriteAll(box.journal(), saved);
  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).commits, 3u);
  EXPECT_EQ(box.Tree(), once);
  EXPECT_TRUE(box.OutsideUntouched());
}

TEST(Journal, UnflushedCommitsAreNotInTheJournal) {
  Sandbox box;
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    AppendOne(journal, Record::Put("db/a", "flushed"));
    journal.Flush();
    AppendOne(journal, Record::Put("db/b", "buffered only"));
    EXPECT_GT(journal.buffered_bytes(), 0u);
  }
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 1u);
  EXPECT_FALSE(result.torn_tail);
  EXPECT_EQ(box.Tree(), (std::vector<std::string>{"db/", "db/a=flushed"}));
}

TEST(Journal, LargeRecordOfTenMiB) {
  Sandbox box;
  std::string big(10u << 20, '\0');
  std::mt19937_64 random(12345);
  for (char& c : big) c = static_cast<char>(random());
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    std::vector<Record> commit = {Record::Put("db/t/big.json", big),
                                  Record::Put("db/t/small.json", "s")};
    journal.Append(commit);
    journal.Flush();
    EXPECT_GT(journal.file_bytes(), big.size());
  }
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.records, 2u);
  EXPECT_EQ(ReadAll(box.File("db/t/big.json")), big);
  EXPECT_EQ(ReadAll(box.File("db/t/small.json")), "s");
}

TEST(Journal, PutThenRemoveReplaysToAbsence) {
  Sandbox box;
  storage::CreateDirectories(box.File("db/t"));
  testing::WriteAll(box.File("db/t/old.json"), "existed before");
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    AppendOne(journal, Record::Put("db/t/1.json", "v1"));
    AppendOne(journal, Record::Remove("db/t/1.json"));
    std::vector<Record> same_commit = {Record::Put("db/t/2.json", "v2"),
                                       Record::Remove("db/t/2.json")};
    journal.Append(same_commit);
    AppendOne(journal, Record::Remove("db/t/old.json"));
    AppendOne(journal, Record::Remove("db/t/never-existed.json"));
    AppendOne(journal, Record::Remove("nodb/t/x.json"));  // parent folders missing
    AppendOne(journal, Record::Put("db/t/3.json", "gone then back"));
    AppendOne(journal, Record::Remove("db/t/3.json"));
    AppendOne(journal, Record::Put("db/t/3.json", "back"));
    journal.Flush();
  }
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 9u);
  EXPECT_EQ(box.Tree(), (std::vector<std::string>{"db/", "db/t/", "db/t/3.json=back"}));
}

TEST(Journal, FolderRecords) {
  Sandbox box;
  storage::CreateDirectories(box.File("db/t/nested/deeper"));
  testing::WriteAll(box.File("db/t/1.json"), "1");
  testing::WriteAll(box.File("db/t/nested/deeper/x"), "x");
  storage::CreateDirectories(box.File("db/u"));
  testing::WriteAll(box.File("db/u/keep.json"), "keep");
  // A link inside the tree to the outside folder: removing the tree removes the link only.
  std::filesystem::create_directory_symlink(box.outside(), box.File("db/t/link"));
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    std::vector<Record> truncate = {Record::RemoveTree("db/t"), Record::Put("db/t/new.json", "n")};
    journal.Append(truncate);
    AppendOne(journal, Record::RemoveTree("db/absent"));
    AppendOne(journal, Record::Put("other/t/1.json", "o"));
    AppendOne(journal, Record::RemoveTree("other"));  // DROP DATABASE
    AppendOne(journal, Record::MakeDir("empty"));     // CREATE DATABASE
    AppendOne(journal, Record::MakeDir("db/u"));      // already there: kept as it is
    AppendOne(journal, Record::MakeDir("again/t"));
    AppendOne(journal, Record::RemoveTree("again/t"));
    journal.Flush();
  }
  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).commits, 8u);
  EXPECT_EQ(box.Tree(), (std::vector<std::string>{"again/", "db/", "db/t/", "db/t/new.json=n",
                                                  "db/u/", "db/u/keep.json=keep", "empty/"}));
  EXPECT_TRUE(box.OutsideUntouched());
}

TEST(Journal, ModesAlwaysBatchOff) {
  Sandbox box;
  {
    Journal always(box.journal(), SyncMode::kAlways);
    uint64_t id = AppendOne(always, Record::Put("db/a", "a"));
    EXPECT_EQ(always.buffered_bytes(), 0u);
    EXPECT_EQ(always.durable_commit_id(), id);
    EXPECT_EQ(always.file_bytes(), SizeOf(box.journal()));
  }
  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).commits, 1u);
  {
    Journal batch(box.journal(), SyncMode::kBatch);
    AppendOne(batch, Record::Put("db/b", "b"));
    EXPECT_GT(batch.buffered_bytes(), 0u);
    EXPECT_EQ(SizeOf(box.journal()), kFileHeaderBytes);
    batch.Flush();
    EXPECT_EQ(batch.buffered_bytes(), 0u);
  }
  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).commits, 1u);
  {
    // off: still journaled (a coordinator crash is recovered), just never synced.
    Journal off(box.journal(), SyncMode::kOff);
    AppendOne(off, Record::Put("db/c", "c"));
    off.Flush();
  }
  EXPECT_EQ(Journal::Replay(box.journal(), box.root()).commits, 1u);
  EXPECT_EQ(box.Tree(), (std::vector<std::string>{"db/", "db/a=a", "db/b=b", "db/c=c"}));
}

TEST(Journal, RefusesToReuseAnUnreplayedJournal) {
  Sandbox box;
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    AppendOne(journal, Record::Put("db/a", "a"));
    journal.Flush();
  }
  const uint64_t size = SizeOf(box.journal());
  ExpectSqlError(SqlState::kObjectNotInPrerequisiteState,
                 [&] { Journal reopened(box.journal(), SyncMode::kBatch); });
  EXPECT_EQ(SizeOf(box.journal()), size);  // untouched
  Journal::Replay(box.journal(), box.root());
  Journal reopened(box.journal(), SyncMode::kBatch);
  EXPECT_EQ(ReadAll(box.File("db/a")), "a");
}

TEST(Journal, ReusesAJournalHoldingOnlyGarbage) {
  Sandbox box;
  testing::WriteAll(box.journal(), "not a journal at all, e.g. a header torn at creation");
  Journal journal(box.journal(), SyncMode::kBatch);
  EXPECT_EQ(SizeOf(box.journal()), kFileHeaderBytes);
}

TEST(Journal, AppendRejectsInvalidRecordsWithoutBreaking) {
  Sandbox box;
  Journal journal(box.journal(), SyncMode::kBatch);
  for (std::string_view path :
       {"../outside/x", "/etc/passwd", "", "db//t", ".smarterbase/journal", "db/t/", "db/./x"}) {
    std::vector<Record> commit = {Record::Put("db/ok", "ok"), Record::Put(path, "x")};
    ExpectSqlError(SqlState::kInternalError, [&] { journal.Append(commit); });
  }
  Record unknown{static_cast<RecordKind>(77), "db/x", {}};
  ExpectSqlError(SqlState::kInternalError, [&] { AppendOne(journal, unknown); });
  EXPECT_EQ(journal.buffered_bytes(), 0u);
  EXPECT_EQ(journal.last_commit_id(), 0u);
  EXPECT_FALSE(journal.broken());
  EXPECT_EQ(AppendOne(journal, Record::Put("db/ok", "ok")), 1u);
}

TEST(Journal, MissingJournalReplaysToNothing) {
  Sandbox box;
  ReplayResult result = Journal::Replay(box.root() + "/.smarterbase/none", box.root());
  EXPECT_EQ(result.commits, 0u);
  EXPECT_FALSE(result.torn_tail);
  EXPECT_FALSE(std::filesystem::exists(box.root() + "/.smarterbase/none"));
}

TEST(Journal, ReplayFailureKeepsTheJournal) {
  Sandbox box;
  {
    Journal journal(box.journal(), SyncMode::kBatch);
    AppendOne(journal, Record::Put("db/t", "a file where a folder is needed"));
    AppendOne(journal, Record::Put("db/t/1.json", "x"));
    journal.Flush();
  }
  const uint64_t size = SizeOf(box.journal());
  ExpectSqlError(SqlState::kIoError, [&] { Journal::Replay(box.journal(), box.root()); });
  EXPECT_EQ(SizeOf(box.journal()), size);
}

TEST(Journal, ErrnoMapping) {
  EXPECT_EQ(StateForErrno(ENOSPC), SqlState::kDiskFull);
  EXPECT_EQ(StateForErrno(EDQUOT), SqlState::kDiskFull);
  EXPECT_EQ(StateForErrno(EIO), SqlState::kIoError);
  EXPECT_EQ(StateForErrno(EFBIG), SqlState::kIoError);
}

// A write failure (here EFBIG from a file-size limit, standing in for ENOSPC/EIO) breaks the
// journal for good: the batch is not durable and nothing may be appended after a torn write.
TEST(Journal, WriteFailureBreaksTheJournal) {
  Sandbox box;
  Journal journal(box.journal(), SyncMode::kBatch);
  AppendOne(journal, Record::Put("db/small", "s"));
  journal.Flush();

  struct sigaction ignore {
  }, previous_action{};
  ignore.sa_handler = SIG_IGN;
  ASSERT_EQ(::sigaction(SIGXFSZ, &ignore, &previous_action), 0);
  rlimit previous_limit{};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &previous_limit), 0);
  rlimit limit = previous_limit;
  limit.rlim_cur = 4096;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limit), 0);

  const std::string big(10000, 'b');
  AppendOne(journal, Record::Put("db/big", big));
  std::string message = ExpectSqlError(SqlState::kIoError, [&] { journal.Flush(); });

  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &previous_limit), 0);
  ASSERT_EQ(::sigaction(SIGXFSZ, &previous_action, nullptr), 0);

  EXPECT_NE(message.find("could not write journal"), std::string::npos) << message;
  EXPECT_TRUE(journal.broken());
  EXPECT_EQ(journal.durable_commit_id(), 1u);
  ExpectSqlError(SqlState::kIoError, [&] { AppendOne(journal, Record::Put("db/x", "x")); });
  ExpectSqlError(SqlState::kIoError, [&] { journal.Flush(); });
  ExpectSqlError(SqlState::kIoError, [&] { journal.Checkpoint(box.root()); });

  // Restart: the durable commit is replayed, the failed one (torn) is not.
  ReplayResult result = Journal::Replay(box.journal(), box.root());
  EXPECT_EQ(result.commits, 1u);
  EXPECT_TRUE(result.torn_tail);
  EXPECT_EQ(box.Tree(), (std::vector<std::string>{"db/", "db/small=s"}));
}

TEST(Journal, CommitTooLargeIsRefused) {
  Sandbox box;
  Journal journal(box.journal(), SyncMode::kBatch);
  // Only the size of a record is looked at before the limit check, so the view is never read:
  // nothing of this size is allocated.
  std::string_view huge(reinterpret_cast<const char*>(&box), kMaxCommitBodyBytes);
  ExpectSqlError(SqlState::kProgramLimitExceeded,
                 [&] { AppendOne(journal, Record::Put("db/huge", huge)); });
  EXPECT_EQ(journal.buffered_bytes(), 0u);
  EXPECT_FALSE(journal.broken());
}

}  // namespace
}  // namespace sb::journal
