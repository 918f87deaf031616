// Journal: the coordinator's commit journal (<data>/.smarterbase/journal), giving durability
// with group commit (DESIGN §2, §6).
//
// Who uses it: the coordinator's single commit thread owns one Journal; it is not thread-safe.
// Replay runs once at start-up, under the data-directory lock, before the Journal is built and
// before anything else writes the data directory.
//
// Protocol, per batch of write requests:
//   1. for each statement/transaction: validate it, then Append(records) buffers one commit in
//      memory (all of its records are replayed or none are);
//   2. Flush(): one write(2) of every buffered commit, then one fdatasync (fsync: batch);
//   3. only then write the document files the usual way (temp + rename, no fsync; readers see
//      them at once) and acknowledge the statements - or acknowledge first when readers consult
//      an in-memory overlay of committed documents and the files catch up later.
//   Now and then, when NeedsCheckpoint(): Checkpoint(data_root), once every document of every
//   commit appended so far has been written (renamed into place).
// `fsync: always` makes Append flush and sync by itself (batches of one); `fsync: off` still
// writes the journal (so a coordinator crash without an OS crash loses nothing acknowledged and
// never leaves a transaction half-applied, even when documents lag behind) but never syncs.
//
// Why this is crash-safe:
// - Records carry whole outcomes (a file's complete new content, its absence, a folder's
//   presence or absence), never deltas, so applying a record to any intermediate state (old file,
//   new file, already removed) gives the same result: replaying a commit twice, or replaying one
//   whose documents were already written, is harmless. Replay applies commits in commit order, so
//   the last writer wins as it did live. (So a hand edit of a journaled file made after its commit
//   and before a crash is replaced by the committed content; checkpoints keep that window short.)
// - A statement is acknowledged only after the fdatasync covering its commit returned, so after
//   an OS crash every acknowledged commit is in the journal, whatever state the document files
//   were left in (their writes were never synced). The frame CRC, salt and consecutive ids make
//   replay stop at the first frame that is not whole: a commit is applied entirely or not at
//   all, and unacknowledged tails are dropped.
// - Documents are written only after the Flush covering their commit: a crash can then leave
//   a commit's documents partly written only when the whole commit is durable in the journal,
//   and replay completes it. A document written before its commit is durable could survive a
//   crash that loses the commit's other records - half a transaction - so that order is not
//   allowed. Document writes need no fsync: until a checkpoint the journal is their durable copy.
// - Checkpoint first makes every written document durable, then empties the journal. syncfs(2)
//   on the data root is the simple correct tool: one call flushes every dirty file, rename and
//   unlink of the file system, without tracking which files were touched (per-file fsync plus
//   folder fsyncs would cost about one fdatasync per document, the very cost group commit
//   avoids). Only after syncfs succeeds is the journal truncated, so a crash at any point leaves
//   either the old journal (replayed over durable documents: idempotent) or the new empty one.
//   Limits: the data root must be one file system (a database folder mounted or symlinked
//   elsewhere would not be covered); syncfs reports write-back errors only since Linux 5.8.
// - Any I/O failure leaves the Journal broken: every later call rethrows the first error. After a
//   failed fdatasync or syncfs the kernel may have dropped the dirty pages and a retry could
//   falsely succeed (PostgreSQL PANICs for the same reason); the coordinator fails the batch and
//   restarts, and replay rebuilds the truth from what the journal durably holds.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>

#include "shared/errors/sql_error.h"
#include "shared/journal/journal_io.h"
#include "shared/journal/journal_record.h"

namespace sb::journal {

inline constexpr uint64_t kDefaultCheckpointBytes = uint64_t{64} << 20;

struct ReplayResult {
  uint64_t commits = 0;         // whole commits applied
  uint64_t records = 0;         // records in them
  uint64_t last_commit_id = 0;  // id of the last applied commit, 0 when none
  bool torn_tail = false;       // bytes after the last whole commit were dropped
  uint64_t dropped_bytes = 0;   // how many
};

class Journal {
 public:
  // Opens or creates the journal at `path` (its folder must exist) and starts a new generation:
  // the file is truncated and a header with a fresh salt is written and synced (and the folder
  // synced when the file is new), unless `mode` is kOff. Throws SqlError 55000
  // object_not_in_prerequisite_state when the file still holds a whole commit (Replay it first),
  // 53100/58030 on I/O errors. `checkpoint_bytes` is the size at which NeedsCheckpoint turns true.
  Journal(std::string path, SyncMode mode, uint64_t checkpoint_bytes = kDefaultCheckpointBytes);

  // Closes the file without flushing: buffered commits were never acknowledged.
  ~Journal() = default;
  Journal(const Journal&) = delete;
  Journal& operator=(const Journal&) = delete;

  // Buffers one commit made of `records` (copied; they may be freed on return) and returns its
  // id (1, 2, 3, ... for this Journal). With kAlways the commit is also flushed and synced before
  // returning. Throws XX000 internal_error for a record whose path is not a valid journal path
  // (journal_path.h) or whose kind is unknown, 54000 program_limit_exceeded when the commit
  // would exceed kMaxCommitBodyBytes (nothing is buffered then), the earlier error when broken.
  uint64_t Append(std::span<const Record> records);

  // Writes every buffered commit with one write(2) and, unless kOff, one fdatasync. On return
  // they are durable and may be acknowledged. No-op when nothing is buffered. Throws 53100 or
  // 58030 and leaves the Journal broken on failure.
  void Flush();

  // True when the journal (written plus buffered) has reached the checkpoint size.
  bool NeedsCheckpoint() const { return file_bytes_ + buffer_.size() >= checkpoint_bytes_; }

  // REQUIRES: every document of every commit appended so far (flushed or not) has been written
  // to its file under `data_root`. Makes them durable (syncfs of `data_root`'s file system,
  // skipped with kOff), then empties the journal and starts a new generation. Buffered commits
  // are dropped: the synced documents now carry them. Throws like Flush, leaving it broken.
  void Checkpoint(const std::string& data_root);

  // Applies every whole commit of the journal at `path` to the data directory `data_root`, in
  // order, with atomic temp + rename writes (missing folders are created), then syncs the data
  // root's file system and truncates the journal to zero bytes. A missing journal is an empty
  // one. Only `path` and files strictly below `data_root` (outside `.smarterbase`) are ever
  // touched. Throws XX001 data_corrupted for a checksummed commit with malformed records or a
  // path leaving the root (nothing of that commit is applied; the journal is kept for
  // inspection), 53100/58030 on I/O errors (the journal is kept; replaying again is safe).
  static ReplayResult Replay(const std::string& path, const std::string& data_root);

  const std::string& path() const { return path_; }
  SyncMode mode() const { return mode_; }
  // Bytes in the file: header plus flushed commits.
  uint64_t file_bytes() const { return file_bytes_; }
  size_t buffered_bytes() const { return buffer_.size(); }
  // Id of the last commit appended, and of the last one made durable by Flush or Checkpoint
  // (equal once Flush returned); 0 when none.
  uint64_t last_commit_id() const { return next_id_ - 1; }
  uint64_t durable_commit_id() const { return durable_id_; }
  bool broken() const { return error_.has_value(); }

 private:
  void StartGeneration();
  void ThrowIfBroken() const;
  [[noreturn]] void Break(const SqlError& error);

  std::string path_;
  SyncMode mode_;
  uint64_t checkpoint_bytes_;
  Fd fd_;
  uint64_t salt_ = 0;
  uint64_t file_bytes_ = 0;
  std::string buffer_;
  uint64_t next_id_ = 1;
  uint64_t durable_id_ = 0;
  std::optional<SqlError> error_;
};

}  // namespace sb::journal
