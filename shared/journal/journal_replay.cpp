// Journal::Replay: applying the whole commits of a journal left by a stopped coordinator.

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <system_error>

#include "shared/journal/journal.h"
#include "shared/journal/journal_reader.h"
#include "shared/storage/atomic_file.h"

namespace sb::journal {
namespace {

// `record.path` was validated by the reader: relative, clean, outside ".smarterbase".
void Apply(const std::string& root, const Record& record) {
  const std::string path = (root == "/" ? root : root + "/") + std::string(record.path);
  switch (record.kind) {
    case RecordKind::kPut:
      // The folder may be missing: its mkdir was not synced, or a later RemoveTree ran first in
      // an earlier, interrupted replay.
      storage::CreateDirectories(storage::ParentDirectory(path));
      storage::WriteFileAtomic(path, record.bytes, /*sync=*/false);
      return;
    case RecordKind::kRemove:
      // Absent already (or a parent is missing or is a file): the outcome holds.
      if (::unlink(path.c_str()) != 0 && errno != ENOENT && errno != ENOTDIR) {
        ThrowIo("remove file", path, errno);
      }
      return;
    case RecordKind::kRemoveTree: {
      // remove_all does not follow symbolic links found inside the tree.
      std::error_code error;
      std::filesystem::remove_all(path, error);
      if (error && error != std::errc::no_such_file_or_directory &&
          error != std::errc::not_a_directory) {
        ThrowIo("remove directory", path, error.value());
      }
      return;
    }
    case RecordKind::kMakeDir:
      storage::CreateDirectories(path);
      return;
  }
}

std::string TrimmedRoot(std::string root) {
  while (root.size() > 1 && root.back() == '/') root.pop_back();
  return root;
}

}  // namespace

ReplayResult Journal::Replay(const std::string& path, const std::string& data_root) {
  ReplayResult result;
  Fd fd = OpenJournalFile(path, /*create=*/false, nullptr);
  if (!fd.valid()) return result;
  const std::string root = TrimmedRoot(data_root);
  if (root.empty()) ThrowSqlError(SqlState::kInternalError, "replay needs a data directory");
  JournalReader reader(fd.get(), path);
  while (std::optional<JournalReader::Commit> commit = reader.Next()) {
    for (const Record& record : commit->records) Apply(root, record);
    ++result.commits;
    result.records += commit->records.size();
    result.last_commit_id = commit->id;
  }
  result.torn_tail = reader.torn();
  result.dropped_bytes = reader.dropped_bytes();
  // The applied writes must be durable before the journal that holds them goes.
  if (result.commits > 0) SyncFileSystem(root);
  if (FileSize(fd.get(), path) > 0) {
    Truncate(fd.get(), 0, path);
    FullSync(fd.get(), path);
  }
  return result;
}

}  // namespace sb::journal
