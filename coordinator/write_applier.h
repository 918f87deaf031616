// WriteApplier: where the coordinator, the single writer, applies what workers ask of it over
// the write ring. One request at a time, on the coordinator's event loop; every request is
// validated as untrusted input.
//
// Today it creates and drops databases (folders) and tables (schema files) and hands row
// writes to the TableWriter. Indexes and the commit journal arrive with the rest of the
// storage layer and are applied here too. Reads the shared SessionTable (owned by the
// Coordinator) to know which sessions use a database about to be dropped.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "shared/config/config.h"
#include "shared/ipc/ring_requests.h"
#include "shared/storage/data_paths.h"

namespace sb::ipc {
class SessionTable;
}

namespace sb::index {
class IndexArena;
}
namespace sb::journal {
class Journal;
}

namespace sb::coordinator {

struct FileChange;
class SnapshotWriter;
class IndexDdl;
class WriteBatch;
class IndexMaintainer;
class TableWriter;

struct ApplyResult {
  uint32_t status = 0;  // ipc::RingStatus
  std::string payload;
};

class WriteApplier {
 public:
  // `sessions` may be null (then no session counts as using a database); it must outlive this.
  // `indexes` is the shared-memory index arena the workers read; it must outlive this.
  WriteApplier(const config::Config& config, index::IndexArena& indexes,
               const ipc::SessionTable* sessions = nullptr);
  ~WriteApplier();

  // Applies one request. Document writes are only staged: the reply may be sent once
  // FinishBatch has returned.
  ApplyResult Apply(uint32_t kind, std::string& payload);
  // After the requests available on the ring were applied: one journal flush (one fdatasync at
  // `fsync: batch`) makes them durable, then their files are written. Throws on I/O failure;
  // the batch's requests must then be answered with that error.
  void FinishBatch();
  // Clean shutdown: flush, then checkpoint (documents synced, journal emptied).
  void Shutdown();

  // Start-up, before workers read: builds the indexes of every table of every database from
  // the documents.
  void BuildAllIndexes();

  // Files changed outside the server (coordinator/file_watcher.h): the indexes follow them.
  // A broken document leaves the indexes (logged); a broken schema file keeps the table's last
  // valid indexes.
  void OnFilesChanged(const std::vector<FileChange>& changes);
  // Changes may have been missed (inotify overflow): every index is rebuilt from the files.
  void OnRescan(const std::string& reason);
  // Called with each path right before the server itself writes or removes it, so the watcher
  // can tell its own writes from hand edits.
  void SetOwnWriteHook(std::function<void(const std::string&)> hook);
  // Called every so many files the server writes in one go (see WriteBatch::SetProgressHook).
  void SetWriteProgressHook(std::function<void()> hook);
  void SetSnapshotWriter(SnapshotWriter* snapshots);
  // Runs a function on the event loop: lets index builds after a schema edit read the
  // documents on a thread of their own instead of holding up the writes.
  void SetBackgroundPoster(std::function<void(std::function<void()>)> poster);
  // `smarterbase-ctl rebuild-indexes` on a running server: rebuilds one table's indexes from
  // its documents and rewrites its snapshot files. Returns the exit status and the text for the
  // operator.
  std::pair<int, std::string> RebuildIndexesCommand(const std::string& db,
                                                    const std::string& table);

 private:
  // Rebuilds the indexes of every table of `db`; returns how many tables were indexed.
  size_t BuildDatabaseIndexes(const std::string& db);
  ApplyResult ApplyUnjournaled(ipc::RingRequest request, std::string& payload);
  ApplyResult CreateDatabase(const std::string& payload);
  ApplyResult DropDatabase(const std::string& payload);
  // Deletes whatever dropped databases are left in .smarterbase/trash (never following a
  // symlink); failures are logged, the rest stays for the next attempt.
  void EmptyTrash();
  ApplyResult CreateTable(const std::string& payload);
  ApplyResult DropTable(const std::string& payload);

  const config::Config& config_;
  const ipc::SessionTable* sessions_;
  storage::DataPaths paths_;
  SnapshotWriter* snapshots_ = nullptr;
  bool clean_start_;  // the last run ended with Shutdown()
  std::unique_ptr<journal::Journal> journal_;
  std::unique_ptr<WriteBatch> batch_;
  std::unique_ptr<IndexMaintainer> indexes_;
  std::unique_ptr<TableWriter> table_writer_;
  std::function<void(std::function<void()>)> background_poster_;  // kept for a new TableWriter
  std::unique_ptr<IndexDdl> index_ddl_;
};

// The reply of a request that failed, as "SQLSTATE\nmessage" (RingStatus::kError).
ApplyResult ErrorResult(std::string_view sqlstate, std::string_view message);

}  // namespace sb::coordinator
