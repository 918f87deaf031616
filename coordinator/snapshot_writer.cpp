#include "coordinator/snapshot_writer.h"

#include <fmt/format.h>

#include "coordinator/ctl/rebuild_rows.h"
#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/index/index_snapshot.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/schema_file.h"

namespace sb::coordinator {

void SnapshotWriter::Start() {
  if (thread_.joinable()) return;
  stopping_ = false;
  thread_ = std::thread([this] { Loop(); });
}

void SnapshotWriter::MarkDirty(const std::string& db, const std::string& table) {
  std::lock_guard<std::mutex> lock(mutex_);
  dirty_.emplace(db, table);
}

void SnapshotWriter::Stop() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  WriteDirty();
}

void SnapshotWriter::Loop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
    if (stopping_) break;
    lock.unlock();
    WriteDirty();
    lock.lock();
  }
}

void SnapshotWriter::WriteDirty() {
  std::set<std::pair<std::string, std::string>> tables;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    tables.swap(dirty_);
  }
  for (const auto& [db, table] : tables) {
    try {
      WriteTable(db, table);
    } catch (const std::exception& e) {
      log::Warning("index snapshots of table \"{}\" (database \"{}\") not written: {}", table, db,
                   e.what());
    }
  }
}

std::string SnapshotWriter::WriteTable(const std::string& db, const std::string& table,
                                       std::string* problems) {
  std::lock_guard<std::mutex> lock(write_mutex_);
  const std::string schema_path = paths_.SchemaFile(db, table);
  std::optional<std::string> text = storage::ReadFile(schema_path);
  if (!text) return fmt::format("table {}: no schema file", table);  // dropped meanwhile
  storage::TableSchema schema = storage::ParseSchemaFile(*text, schema_path);
  ctl::TableRows rows = ctl::ReadTableRows(paths_, db, schema);
  index::SnapshotStats stats = index::WriteIndexSnapshots(paths_, db, schema, rows.rows);
  if (problems != nullptr) {
    for (const ctl::Finding& finding : rows.broken) {
      *problems += fmt::format("error: {}: {}\n", finding.path, finding.message);
    }
  }
  return fmt::format("table {}: {} rows, {} indexes", table, rows.rows.size(), stats.indexes);
}

}  // namespace sb::coordinator
