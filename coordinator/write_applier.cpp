#include "coordinator/write_applier.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <set>

#include "coordinator/index_ddl.h"
#include "coordinator/index_maintainer.h"
#include "coordinator/table_writer.h"
#include "coordinator/write_batch.h"
#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/ipc/ring_requests.h"
#include "shared/ipc/session_table.h"
#include "shared/journal/journal.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/name_encoding.h"
#include "shared/storage/schema_file.h"

namespace sb::coordinator {
namespace {}  // namespace

namespace {

// The entries of `dir` that Classify as `kind`, as full paths.
std::vector<std::string> ListDirectory(const std::string& dir, storage::DataPathKind kind,
                                       const storage::DataPaths& paths) {
  std::vector<std::string> out;
  if (DIR* d = ::opendir(dir.c_str()); d != nullptr) {
    while (dirent* entry = ::readdir(d)) {
      std::string path = dir + "/" + entry->d_name;
      if (paths.Classify(path).kind == kind) out.push_back(std::move(path));
    }
    ::closedir(d);
  }
  return out;
}

// Present only between a clean shutdown and the next start.
std::string CleanStopMarker(const storage::DataPaths& paths) {
  return paths.InternalDir() + "/clean_stop";
}

// Completes what the journal holds (an unclean stop), then opens it for new commits.
std::unique_ptr<journal::Journal> OpenJournal(const config::Config& config,
                                              const storage::DataPaths& paths) {
  storage::CreateDirectories(paths.InternalDir());
  const std::string path = paths.InternalDir() + "/journal";
  journal::ReplayResult replayed = journal::Journal::Replay(path, paths.root());
  if (replayed.commits > 0 || replayed.torn_tail) {
    log::Warning(
        "the server did not stop cleanly: applied {} commits ({} file changes) from the "
        "journal{}",
        replayed.commits, replayed.records,
        replayed.torn_tail ? fmt::format("; dropped {} bytes of an unfinished commit "
                                         "that was never acknowledged",
                                         replayed.dropped_bytes)
                           : "");
  }
  const journal::SyncMode mode =
      config.fsync == config::FsyncMode::kAlways  ? journal::SyncMode::kAlways
      : config.fsync == config::FsyncMode::kBatch ? journal::SyncMode::kBatch
                                                  : journal::SyncMode::kOff;
  return std::make_unique<journal::Journal>(path, mode);
}

// Splits a request payload at NUL bytes.
std::vector<std::string> SplitFields(const std::string& payload) {
  std::vector<std::string> fields;
  size_t start = 0;
  for (;;) {
    size_t nul = payload.find('\0', start);
    fields.push_back(payload.substr(start, nul - start));
    if (nul == std::string::npos) break;
    start = nul + 1;
  }
  return fields;
}

// Dropped databases wait here to be deleted: <data>/.smarterbase/trash.
std::string TrashDir(const storage::DataPaths& paths) {
  return paths.InternalDir() + "/trash";
}

// Deepest nesting the trash removal descends into; the data format itself needs 4 levels.
constexpr int kMaxRemoveDepth = 64;

// The names in an open folder (without "." and ".."); false when it could not be read fully.
bool ListFolder(int dir_fd, std::vector<std::string>& names) {
  const int copy = ::fcntl(dir_fd, F_DUPFD_CLOEXEC, 0);  // closedir() closes its own descriptor
  if (copy < 0) return false;
  DIR* dir = ::fdopendir(copy);
  if (dir == nullptr) {
    ::close(copy);
    return false;
  }
  errno = 0;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") names.emplace_back(name);
  }
  const bool complete = errno == 0;
  ::closedir(dir);
  return complete;
}

// Deletes `name` inside the open folder `dir_fd` with everything below it. Never follows a
// symlink: a link is unlinked itself, and a folder is only entered through O_NOFOLLOW, so even
// a folder swapped for a link meanwhile cannot lead out of the data directory. False when
// something is left.
bool RemoveTreeAt(int dir_fd, const std::string& name, int depth) {
  if (::unlinkat(dir_fd, name.c_str(), 0) == 0 || errno == ENOENT) return true;
  if ((errno != EISDIR && errno != EPERM) || depth >= kMaxRemoveDepth) return false;
  const int fd = ::openat(dir_fd, name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return false;
  std::vector<std::string> children;
  ListFolder(fd, children);
  for (const std::string& child : children) RemoveTreeAt(fd, child, depth + 1);
  ::close(fd);
  return ::unlinkat(dir_fd, name.c_str(), AT_REMOVEDIR) == 0 || errno == ENOENT;
}

ApplyResult NoticeResult(std::string_view sqlstate, std::string_view message) {
  return {static_cast<uint32_t>(ipc::RingStatus::kNotice),
          fmt::format("{}\n{}", sqlstate, message)};
}

}  // namespace

ApplyResult ErrorResult(std::string_view sqlstate, std::string_view message) {
  return {static_cast<uint32_t>(ipc::RingStatus::kError), fmt::format("{}\n{}", sqlstate, message)};
}

WriteApplier::WriteApplier(const config::Config& config, index::IndexArena& indexes,
                           const ipc::SessionTable* sessions)
    : config_(config),
      sessions_(sessions),
      paths_(config.data),
      // A data directory that never had a journal was never written by a server: clean.
      clean_start_(storage::ReadFile(CleanStopMarker(paths_)).has_value() ||
                   !std::filesystem::exists(paths_.InternalDir() + "/journal")),
      journal_(OpenJournal(config, paths_)),
      batch_(std::make_unique<WriteBatch>(paths_, journal_.get())),
      indexes_(std::make_unique<IndexMaintainer>(indexes, paths_)),
      table_writer_(std::make_unique<TableWriter>(config, paths_, *indexes_, *batch_)),
      index_ddl_(std::make_unique<IndexDdl>(config, paths_, *indexes_, *table_writer_)) {
  storage::RemoveFile(CleanStopMarker(paths_));
  if (!clean_start_) {
    log::Warning(
        "the server did not stop cleanly last time: indexes are rebuilt from the "
        "documents");
  }
  EmptyTrash();  // what a crash in the middle of a DROP DATABASE left behind
}

WriteApplier::~WriteApplier() = default;

ApplyResult WriteApplier::Apply(uint32_t kind, std::string& payload) {
  const auto request = static_cast<ipc::RingRequest>(kind);
  const bool journaled =
      request == ipc::RingRequest::kInsert || request == ipc::RingRequest::kUpdate ||
      request == ipc::RingRequest::kDelete || request == ipc::RingRequest::kTruncate;
  if (!journaled) {
    // DDL changes files directly: what earlier requests staged goes to disk first.
    try {
      batch_->Flush();
    } catch (const SqlError& e) {
      return ErrorResult(SqlStateCode(e.state()), e.what());
    }
    return ApplyUnjournaled(request, payload);
  }
  ApplyResult result;
  try {
    switch (request) {
      case ipc::RingRequest::kInsert:
        result = table_writer_->Insert(SplitFields(payload));
        break;
      case ipc::RingRequest::kUpdate:
        result = table_writer_->Update(SplitFields(payload));
        break;
      case ipc::RingRequest::kDelete:
        result = table_writer_->Delete(SplitFields(payload));
        break;
      default:
        result = table_writer_->Truncate(SplitFields(payload));
        break;
    }
    if (result.status == static_cast<uint32_t>(ipc::RingStatus::kOk)) {
      batch_->EndRequest();
    } else {
      batch_->AbortRequest();
    }
  } catch (const SqlError& e) {
    batch_->AbortRequest();
    return ErrorResult(SqlStateCode(e.state()), e.what());
  }
  return result;
}

void WriteApplier::FinishBatch() {
  batch_->Flush();
}

void WriteApplier::Shutdown() {
  batch_->Flush();
  journal_->Checkpoint(paths_.root());
  // Read at the next start: everything the server wrote is on disk and in its place.
  storage::WriteFileAtomic(CleanStopMarker(paths_), "clean\n", /*sync=*/true);
}

ApplyResult WriteApplier::ApplyUnjournaled(ipc::RingRequest request, std::string& payload) {
  switch (request) {
    case ipc::RingRequest::kPing:
      return {static_cast<uint32_t>(ipc::RingStatus::kOk), std::move(payload)};
    case ipc::RingRequest::kCreateDatabase:
      return CreateDatabase(payload);
    case ipc::RingRequest::kCreateTable:
      return CreateTable(payload);
    case ipc::RingRequest::kDropTable:
      return DropTable(payload);
    case ipc::RingRequest::kCreateIndex:
      return index_ddl_->Create(SplitFields(payload));
    case ipc::RingRequest::kDropIndex:
      return index_ddl_->Drop(SplitFields(payload));
    case ipc::RingRequest::kDropDatabase:
      return DropDatabase(payload);
    default:
      break;
  }
  return {static_cast<uint32_t>(ipc::RingStatus::kUnknownRequest), ""};
}

size_t WriteApplier::BuildDatabaseIndexes(const std::string& db) {
  size_t tables = 0;
  std::set<std::string> present;
  for (const std::string& file :
       ListDirectory(paths_.SchemaDir(db), storage::DataPathKind::kSchemaFile, paths_)) {
    std::string stem = file.substr(file.rfind('/') + 1);
    stem.resize(stem.size() - storage::kJsonSuffix.size());
    std::optional<std::string> table = storage::DecodeName(stem);
    if (!table) continue;
    present.insert(*table);
    try {
      table_writer_->IndexTable(db, *table);
      ++tables;
    } catch (const std::exception& e) {
      log::Warning("table \"{}\" of database \"{}\" is not indexed: {}", *table, db, e.what());
    }
  }
  // Tables whose schema file went away meanwhile lose their indexes.
  for (const std::string& table : indexes_->Tables(db)) {
    if (present.count(table) == 0) table_writer_->Forget(db, table);
  }
  return tables;
}

void WriteApplier::BuildAllIndexes() {
  const auto started = std::chrono::steady_clock::now();
  size_t tables = 0;
  std::set<std::string> present;
  for (const std::string& db_dir :
       ListDirectory(paths_.root(), storage::DataPathKind::kDatabaseDir, paths_)) {
    std::optional<std::string> db = storage::DecodeName(db_dir.substr(db_dir.rfind('/') + 1));
    if (!db) continue;
    present.insert(*db);
    tables += BuildDatabaseIndexes(*db);
  }
  for (const std::string& db : indexes_->Databases()) {
    if (present.count(db) == 0) {
      indexes_->ForgetDatabase(db);
      table_writer_->ForgetDatabase(db);
    }
  }
  log::Info("indexes of {} tables rebuilt from their documents{} in {} ms", tables,
            clean_start_ ? "" : " after an unclean stop",
            std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count());
}

ApplyResult WriteApplier::CreateTable(const std::string& payload) {
  // db \0 if_not_exists \0 schema text — the schema text itself may not contain NUL (JSON).
  size_t first = payload.find('\0');
  size_t second = first == std::string::npos ? first : payload.find('\0', first + 1);
  if (second == std::string::npos) return ErrorResult("08P01", "malformed CREATE TABLE request");
  std::string db = payload.substr(0, first);
  bool if_not_exists = payload.substr(first + 1, second - first - 1) == "1";
  std::string text = payload.substr(second + 1);
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, db);
    // The worker is not trusted: the schema is parsed and checked again here.
    storage::TableSchema schema = storage::ParseSchemaFile(text, "CREATE TABLE");
    std::string db_dir = paths_.DatabaseDir(db);
    if (!std::filesystem::is_directory(db_dir)) {
      return ErrorResult("3D000", fmt::format("database \"{}\" does not exist", db));
    }
    std::string file = paths_.SchemaFile(db, schema.name);
    if (std::filesystem::exists(file)) {
      if (if_not_exists) {
        return NoticeResult("42P07",
                            fmt::format("relation \"{}\" already exists, skipping", schema.name));
      }
      return ErrorResult("42P07", fmt::format("relation \"{}\" already exists", schema.name));
    }
    for (const index::IndexDefinition& d : index::TableIndexes(schema)) {
      if (d.unique && !d.indexable) {
        return ErrorResult("0A000", fmt::format("constraint \"{}\": unique constraints on these "
                                                "column types are not supported",
                                                d.name));
      }
    }
    const bool sync = config_.fsync != config::FsyncMode::kOff;
    storage::CreateDirectories(paths_.SchemaDir(db));
    storage::CreateDirectories(paths_.TableDir(db, schema.name));
    storage::WriteFileAtomic(file, storage::FormatSchemaFile(schema), sync);
    table_writer_->IndexTable(db, schema.name);
    log::Info("created table \"{}\" in database \"{}\"", schema.name, db);
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
  } catch (const SqlError& e) {
    return ErrorResult(SqlStateCode(e.state()), e.what());
  }
}

ApplyResult WriteApplier::DropTable(const std::string& payload) {
  std::vector<std::string> fields = SplitFields(payload);
  if (fields.size() < 3) return ErrorResult("08P01", "malformed DROP TABLE request");
  const std::string& db = fields[0];
  const bool if_exists = fields[1] == "1";
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, db);
    // All or nothing, as in PostgreSQL: every table is checked before any is dropped.
    std::vector<std::string> present;
    std::string notices;
    for (size_t i = 2; i < fields.size(); ++i) {
      storage::ValidateSqlName(storage::NameKind::kTable, fields[i]);
      if (std::filesystem::exists(paths_.SchemaFile(db, fields[i]))) {
        present.push_back(fields[i]);
      } else if (if_exists) {
        notices = fmt::format("table \"{}\" does not exist, skipping", fields[i]);
      } else {
        return ErrorResult("42P01", fmt::format("table \"{}\" does not exist", fields[i]));
      }
    }
    for (const std::string& table : present) {
      // The schema file goes first: from then on the table no longer exists for any query.
      storage::RemoveFile(paths_.SchemaFile(db, table));
      std::error_code ec;
      std::filesystem::remove_all(paths_.TableDir(db, table), ec);
      std::filesystem::remove_all(paths_.IndexDir(db, table), ec);
      table_writer_->Forget(db, table);
      log::Info("dropped table \"{}\" in database \"{}\"", table, db);
    }
    if (!notices.empty()) return NoticeResult("00000", notices);
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
  } catch (const SqlError& e) {
    return ErrorResult(SqlStateCode(e.state()), e.what());
  }
}

ApplyResult WriteApplier::CreateDatabase(const std::string& payload) {
  // name [\0 '1']: the flag is CREATE DATABASE's "must not exist yet"; a connect creates quietly.
  const size_t nul = payload.find('\0');
  const std::string name = payload.substr(0, nul);
  const bool strict = nul != std::string::npos;
  if (strict && payload.compare(nul + 1, std::string::npos, "1") != 0) {
    return ErrorResult("08P01", "malformed CREATE DATABASE request");
  }
  if (!strict && storage::CheckSqlName(name) != storage::NameProblem::kNone) {
    return ErrorResult("42602", fmt::format("invalid database name \"{}\": {}", name,
                                            storage::NameProblemText(storage::CheckSqlName(name))));
  }
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, name);
    // The name is encoded into one folder name: "../x" or "a/b" cannot leave the data directory.
    const std::string dir = paths_.DatabaseDir(name);
    if (::mkdir(dir.c_str(), 0777) != 0) {
      if (errno != EEXIST) {
        return ErrorResult("58030", fmt::format("could not create database folder \"{}\": {}", dir,
                                                std::strerror(errno)));
      }
      if (strict) return ErrorResult("42P04", fmt::format("database \"{}\" already exists", name));
      return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
    }
    if (config_.fsync != config::FsyncMode::kOff) storage::SyncDirectory(paths_.root());
    log::Info("created database \"{}\"", name);
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
  } catch (const SqlError& e) {
    return ErrorResult(SqlStateCode(e.state()), e.what());
  }
}

ApplyResult WriteApplier::DropDatabase(const std::string& payload) {
  const std::vector<std::string> fields = SplitFields(payload);
  auto flag = [](const std::string& f) { return f == "0" || f == "1"; };
  if (fields.size() != 4 || !flag(fields[1]) || !flag(fields[2]) || !flag(fields[3])) {
    return ErrorResult("08P01", "malformed DROP DATABASE request");
  }
  const std::string& name = fields[0];
  const bool if_exists = fields[1] == "1";
  const bool force = fields[2] == "1";
  const bool is_current = fields[3] == "1";
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, name);
    // The checks come in PostgreSQL's order (dropdb): existence, the open database, other users.
    const std::string dir = paths_.DatabaseDir(name);
    struct stat info {};
    if (::stat(dir.c_str(), &info) != 0 || !S_ISDIR(info.st_mode)) {
      if (if_exists) {
        return NoticeResult("00000", fmt::format("database \"{}\" does not exist, skipping", name));
      }
      return ErrorResult("3D000", fmt::format("database \"{}\" does not exist", name));
    }
    if (is_current) return ErrorResult("55006", "cannot drop the currently open database");
    const uint32_t others = sessions_ ? sessions_->CountSessionsUsing(name) : 0;
    if (others > 0) {
      const std::string detail =
          others == 1 ? std::string("There is 1 other session using the database.")
                      : fmt::format("There are {} other sessions using the database.", others);
      if (force) {
        // Ending another worker's session needs a terminate path the workers do not have yet.
        return ErrorResult(
            "0A000", "DROP DATABASE WITH (FORCE) cannot terminate other sessions yet\n" + detail);
      }
      return ErrorResult(
          "55006",
          fmt::format("database \"{}\" is being accessed by other users\n{}", name, detail));
    }
    // One rename takes the whole folder away at once, so a reader sees the database or nothing;
    // the slow part, deleting the files, happens out of sight in the trash.
    const std::string trash = TrashDir(paths_);
    storage::CreateDirectories(trash);
    static uint64_t drops = 0;
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    const std::string target = fmt::format(
        "{}/{}.{}.{}", trash, std::chrono::duration_cast<std::chrono::nanoseconds>(now).count(),
        ++drops, storage::EncodeName(name));
    if (::rename(dir.c_str(), target.c_str()) != 0) {
      return ErrorResult("58030", fmt::format("could not move database folder \"{}\" to \"{}\": {}",
                                              dir, target, std::strerror(errno)));
    }
    if (config_.fsync != config::FsyncMode::kOff) storage::SyncDirectory(paths_.root());
    // Every cached table state (UNIQUE sets, sequences) of the database goes; a database of the
    // same name created later starts from its files alone.
    indexes_->ForgetDatabase(name);
    table_writer_->ForgetDatabase(name);
    table_writer_ = std::make_unique<TableWriter>(config_, paths_, *indexes_, *batch_);
    if (background_poster_) table_writer_->SetBackgroundPoster(background_poster_);
    index_ddl_ = std::make_unique<IndexDdl>(config_, paths_, *indexes_, *table_writer_);
    log::Info("dropped database \"{}\"", name);
    EmptyTrash();
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
  } catch (const SqlError& e) {
    return ErrorResult(SqlStateCode(e.state()), e.what());
  }
}

void WriteApplier::EmptyTrash() {
  const std::string trash = TrashDir(paths_);
  const int fd = ::open(trash.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno != ENOENT) log::Warning("could not open \"{}\": {}", trash, std::strerror(errno));
    return;
  }
  std::vector<std::string> entries;
  if (!ListFolder(fd, entries)) log::Warning("could not list \"{}\"", trash);
  for (const std::string& entry : entries) {
    if (!RemoveTreeAt(fd, entry, 0)) {
      log::Warning("could not delete all of \"{}/{}\"; the next DROP DATABASE tries again", trash,
                   entry);
    }
  }
  ::close(fd);
}

}  // namespace sb::coordinator
