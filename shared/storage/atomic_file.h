// File primitives for the data directory: atomic replacement (temp file + rename in the same
// folder), bounded reads, removal and folder syncs, all reporting failures as SqlError.
//
// Called by the coordinator's writer threads (documents, schema and index snapshots), by
// workers reading documents, and by smarterbase-ctl. Stateless apart from a process-wide
// counter that makes temp-file names unique; safe from any thread.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sb::storage {

// Largest file ReadFile returns; a document or schema this big is a mistake, not data.
inline constexpr size_t kMaxReadBytes = size_t{1} << 30;

// Replaces `path` with `contents` so that a reader sees either the old or the new file, never a
// partial one. The temp file is "<dir>/.<name>.<pid>.<counter>.tmp" (hidden and ".tmp", so
// ParseDataPath and editors ignore it). With `sync`, the temp file is fdatasync'ed before the
// rename and the folder is fsync'ed after it. On failure the temp file is removed and SqlError
// 58030 io_error (53100 disk_full for ENOSPC/EDQUOT) names the path and the errno text.
// New files get mode 0666 less the umask, like files an editor creates.
void WriteFileAtomic(const std::string& path, std::string_view contents, bool sync);

// The whole file; nullopt when it does not exist (ENOENT/ENOTDIR). Throws 58030 for other
// errors (including "is a directory"), 54000 program_limit_exceeded when larger than
// `max_bytes`. EINTR is retried.
std::optional<std::string> ReadFile(const std::string& path, size_t max_bytes = kMaxReadBytes);

// Removes a file: false when it did not exist, throws 58030 otherwise on failure.
bool RemoveFile(const std::string& path);

// fsync of a folder, making renames and creations inside it durable. Throws 58030.
void SyncDirectory(const std::string& path);

// mkdir -p with mode 0777 less the umask. Throws 58030 (e.g. a file is in the way).
void CreateDirectories(const std::string& path);

// The folder part of a path ("a/b.json" → "a", "b.json" → ".", "/b" → "/").
std::string ParentDirectory(std::string_view path);

}  // namespace sb::storage
