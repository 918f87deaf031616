// Micro-benchmark, printed and never asserted (DESIGN §8): what group commit saves. One Flush
// per commit pays one fdatasync each; one Flush per 100 commits shares it.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>

#include "shared/journal/journal.h"
#include "tests/unit/journal/journal_test_util.h"

namespace sb::journal {
namespace {

using Clock = std::chrono::steady_clock;

// Microseconds per commit for `flushes` batches of `commits_per_flush` commits of one 300-byte
// record each.
double MicrosPerCommit(const testing::Sandbox& box, SyncMode mode, int flushes,
                       int commits_per_flush) {
  Journal journal(box.journal(), mode);
  const std::string document(300, 'd');
  Record record = Record::Put("db/t/0193a.json", document);
  Clock::time_point start = Clock::now();
  for (int f = 0; f < flushes; ++f) {
    for (int c = 0; c < commits_per_flush; ++c) journal.Append(std::span<const Record>(&record, 1));
    journal.Flush();
  }
  double micros = std::chrono::duration<double, std::micro>(Clock::now() - start).count();
  journal.Checkpoint(box.root());
  return micros / (flushes * commits_per_flush);
}

TEST(JournalBench, GroupCommitAmortisesFdatasync) {
  testing::Sandbox box;
  const double single = MicrosPerCommit(box, SyncMode::kBatch, 50, 1);
  const double grouped = MicrosPerCommit(box, SyncMode::kBatch, 10, 100);
  const double off = MicrosPerCommit(box, SyncMode::kOff, 10, 100);
  std::printf(
      "[ bench    ] 300 B commits: 1 per Flush %.1f us/commit (%.0f commits/s); 100 per Flush "
      "%.2f us/commit (%.0f commits/s); fsync off %.2f us/commit\n",
      single, 1e6 / single, grouped, 1e6 / grouped, off);
  RecordProperty("us_per_commit_single", std::to_string(single));
  RecordProperty("us_per_commit_grouped_100", std::to_string(grouped));
  SUCCEED();
}

}  // namespace
}  // namespace sb::journal
