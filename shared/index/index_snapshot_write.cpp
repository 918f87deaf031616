// Writing index snapshots and removing stale ones (index_snapshot.h). Files that already hold
// the right bytes are not touched, so `git status` on a data folder under version control stays
// quiet. Removal never follows a symbolic link: a link is removed itself, and only real folders
// are descended into.
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <map>
#include <set>

#include "shared/errors/sql_error.h"
#include "shared/index/index_snapshot.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/name_encoding.h"

namespace sb::index {
namespace {

enum class FileKind { kMissing, kFile, kDirectory, kSymlink, kOther };

FileKind KindOf(const std::string& path) {
  struct stat info {};
  if (::lstat(path.c_str(), &info) != 0) {
    if (errno == ENOENT || errno == ENOTDIR) return FileKind::kMissing;
    ThrowSqlError(SqlState::kIoError, "could not stat \"{}\": {}", path, std::strerror(errno));
  }
  if (S_ISLNK(info.st_mode)) return FileKind::kSymlink;
  if (S_ISDIR(info.st_mode)) return FileKind::kDirectory;
  if (S_ISREG(info.st_mode)) return FileKind::kFile;
  return FileKind::kOther;
}

std::vector<std::string> ListNames(const std::string& dir) {
  std::vector<std::string> names;
  DIR* handle = ::opendir(dir.c_str());
  if (handle == nullptr) {
    if (errno == ENOENT) return names;
    ThrowSqlError(SqlState::kIoError, "could not open directory \"{}\": {}", dir,
                  std::strerror(errno));
  }
  while (const dirent* item = ::readdir(handle)) {
    std::string_view name = item->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  ::closedir(handle);
  std::sort(names.begin(), names.end());
  return names;
}

// Removes a file, a symbolic link (not its target) or a folder with everything in it.
void RemoveTree(const std::string& path, SnapshotStats& stats) {
  const FileKind kind = KindOf(path);
  if (kind == FileKind::kMissing) return;
  if (kind == FileKind::kDirectory) {
    for (const std::string& name : ListNames(path)) RemoveTree(path + "/" + name, stats);
    if (::rmdir(path.c_str()) != 0 && errno != ENOENT) {
      ThrowSqlError(SqlState::kIoError, "could not remove directory \"{}\": {}", path,
                    std::strerror(errno));
    }
  } else if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
    ThrowSqlError(SqlState::kIoError, "could not remove \"{}\": {}", path, std::strerror(errno));
  }
  ++stats.removed;
}

void WriteIfChanged(const std::string& path, std::string_view contents, SnapshotStats& stats) {
  const FileKind kind = KindOf(path);
  if (kind == FileKind::kFile) {
    std::optional<std::string> old = storage::ReadFile(path);
    if (old && *old == contents) {
      ++stats.unchanged;
      return;
    }
  } else if (kind != FileKind::kMissing) {
    RemoveTree(path, stats);  // a folder or link where the file goes: never write through it
  }
  storage::WriteFileAtomic(path, contents, /*sync=*/false);
  ++stats.written;
}

// A real folder at `dir` (a link or file in the way is replaced).
void EnsureDirectory(const std::string& dir, SnapshotStats& stats) {
  const FileKind kind = KindOf(dir);
  if (kind == FileKind::kDirectory) return;
  if (kind != FileKind::kMissing) RemoveTree(dir, stats);
  storage::CreateDirectories(dir);
}

// Files the server and editors leave beside ours, and a person's notes: not ours to remove.
bool IsForeign(const storage::DataPaths& paths, const std::string& path, bool is_dir) {
  storage::DataPaths::Parsed parsed = paths.Classify(path);
  switch (parsed.kind) {
    case storage::DataPathKind::kTempFile:
    case storage::DataPathKind::kEditorFile:
    case storage::DataPathKind::kHidden:
    case storage::DataPathKind::kOther:
    case storage::DataPathKind::kOutside:
      return true;
    default:
      break;
  }
  // A non-".json" file is classified by shape as a folder name; only folders are ours.
  return parsed.kind != storage::DataPathKind::kUniqueIndexFile && !is_dir;
}

void WriteNonUnique(const storage::DataPaths& paths, std::string_view db,
                    const storage::TableSchema& schema, const IndexDefinition& index,
                    const std::vector<SnapshotEntry>& entries, SnapshotStats& stats) {
  const std::string dir = paths.NonUniqueIndexDir(db, schema.name, index.name);
  EnsureDirectory(dir, stats);
  std::map<std::string, std::vector<std::string>> by_value;
  for (const SnapshotEntry& entry : entries) by_value[entry.key_text].push_back(entry.stem);
  for (const auto& [value_stem, stems] : by_value) {
    WriteIfChanged(paths.NonUniqueIndexValueFile(db, schema.name, index.name, value_stem),
                   FormatValueFile(stems), stats);
  }
  for (const std::string& name : ListNames(dir)) {
    const std::string path = dir + "/" + name;
    storage::DataPaths::Parsed parsed = paths.Classify(path);
    if (parsed.kind != storage::DataPathKind::kNonUniqueIndexValueFile) continue;
    if (by_value.count(parsed.stem) == 0) RemoveTree(path, stats);
  }
}

// Removes what in _idx/<table>/ belongs to no index of `keep` (by name and kind).
void RemoveStale(const storage::DataPaths& paths, std::string_view db,
                 const storage::TableSchema& schema, const std::vector<IndexDefinition>& keep,
                 SnapshotStats& stats) {
  const std::string dir = paths.IndexDir(db, schema.name);
  std::set<std::string> wanted;
  for (const IndexDefinition& index : keep) {
    wanted.insert(index.unique ? storage::EncodeName(index.name) + std::string(storage::kJsonSuffix)
                               : storage::EncodeName(index.name));
  }
  for (const std::string& name : ListNames(dir)) {
    const std::string path = dir + "/" + name;
    const FileKind kind = KindOf(path);
    const bool is_dir = kind == FileKind::kDirectory;
    if (IsForeign(paths, path, is_dir)) continue;
    // A unique index's file must be a file and a non-unique index's folder a real folder.
    if (wanted.count(name) != 0) {
      const bool file_name = name.ends_with(storage::kJsonSuffix);
      if (file_name ? kind == FileKind::kFile : is_dir) continue;
    }
    RemoveTree(path, stats);
  }
}

}  // namespace

SnapshotStats WriteIndexSnapshots(const storage::DataPaths& paths, std::string_view db,
                                  const storage::TableSchema& schema,
                                  const std::vector<SnapshotRow>& rows) {
  SnapshotStats stats;
  const std::vector<IndexDefinition> indexes = SnapshotIndexes(schema);
  stats.indexes = indexes.size();
  const std::string dir = paths.IndexDir(db, schema.name);
  const FileKind dir_kind = KindOf(dir);
  if (dir_kind == FileKind::kSymlink || dir_kind == FileKind::kFile ||
      dir_kind == FileKind::kOther) {
    ThrowSqlError(SqlState::kIoError,
                  "index snapshot folder \"{}\" is not a directory; remove it and run "
                  "smarterbase-ctl rebuild-indexes",
                  dir);
  }
  if (indexes.empty()) {
    if (dir_kind == FileKind::kMissing) return stats;
    RemoveStale(paths, db, schema, indexes, stats);
    if (::rmdir(dir.c_str()) == 0) ++stats.removed;  // kept when something foreign is left
    return stats;
  }
  storage::CreateDirectories(dir);
  for (const IndexDefinition& index : indexes) {
    std::vector<SnapshotEntry> entries = SnapshotEntries(schema, index, rows);
    if (index.unique) {
      WriteIfChanged(paths.UniqueIndexFile(db, schema.name, index.name),
                     FormatUniqueSnapshot(entries), stats);
    } else {
      WriteNonUnique(paths, db, schema, index, entries, stats);
    }
  }
  RemoveStale(paths, db, schema, indexes, stats);
  return stats;
}

}  // namespace sb::index
