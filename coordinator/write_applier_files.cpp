// WriteApplier's side of "files are an interface" (DESIGN §3): changes made to the data
// directory by people and tools, reported by the FileWatcher, applied to the indexes.
#include <fmt/format.h>

#include <filesystem>

#include "coordinator/file_watcher.h"
#include "coordinator/index_maintainer.h"
#include "coordinator/snapshot_writer.h"
#include "coordinator/table_writer.h"
#include "coordinator/write_applier.h"
#include "coordinator/write_batch.h"
#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/storage/name_encoding.h"

namespace sb::coordinator {

void WriteApplier::SetOwnWriteHook(std::function<void(const std::string&)> hook) {
  batch_->SetOwnWriteHook(std::move(hook));
}

void WriteApplier::SetWriteProgressHook(std::function<void()> hook) {
  batch_->SetProgressHook(std::move(hook));
}

void WriteApplier::SetBackgroundPoster(std::function<void(std::function<void()>)> poster) {
  background_poster_ = poster;
  table_writer_->SetBackgroundPoster(std::move(poster));
}

void WriteApplier::SetSnapshotWriter(SnapshotWriter* snapshots) {
  snapshots_ = snapshots;
  indexes_->SetSnapshotWriter(snapshots);
}

std::pair<int, std::string> WriteApplier::RebuildIndexesCommand(const std::string& db,
                                                                const std::string& table) {
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, db);
    storage::ValidateSqlName(storage::NameKind::kTable, table);
    table_writer_->IndexTable(db, table);  // flushes pending writes first
    std::string problems;
    std::string summary = snapshots_ != nullptr ? snapshots_->WriteTable(db, table, &problems)
                                                : fmt::format("table {}: indexes rebuilt", table);
    log::Info("rebuild-indexes: database \"{}\", {}", db, summary);
    return {problems.empty() ? 0 : 1, problems + summary};
  } catch (const SqlError& e) {
    return {1, fmt::format("error: {}", e.what())};
  }
}

void WriteApplier::OnFilesChanged(const std::vector<FileChange>& changes) {
  for (const FileChange& change : changes) {
    std::optional<std::string> db = storage::DecodeName(change.parsed.database);
    if (!db) continue;  // `check` reports names that do not decode
    std::optional<std::string> table;
    if (!change.parsed.table.empty()) {
      table = storage::DecodeName(change.parsed.table);
      if (!table) continue;
    }
    try {
      switch (change.kind) {
        case storage::DataPathKind::kDocument:
          table_writer_->ReindexDocument(*db, *table, change.parsed.stem, change.path);
          break;
        case storage::DataPathKind::kSchemaFile:
          if (change.removed) {
            table_writer_->Forget(*db, *table);
            log::Info(
                "table \"{}\" of database \"{}\": schema file removed, the table is gone "
                "(its documents stay on disk)",
                *table, *db);
          } else {
            table_writer_->RefreshTable(*db, *table);
          }
          break;
        case storage::DataPathKind::kTableDir:
          // A folder replaced or removed as a whole: its documents are not listed one by one.
          if (std::error_code ec; std::filesystem::exists(paths_.SchemaFile(*db, *table), ec)) {
            table_writer_->IndexTable(*db, *table);
          }
          break;
        case storage::DataPathKind::kDatabaseDir:
        case storage::DataPathKind::kSchemaDir:
          if (change.removed && change.kind == storage::DataPathKind::kDatabaseDir) {
            indexes_->ForgetDatabase(*db);
            table_writer_->ForgetDatabase(*db);
          } else {
            BuildDatabaseIndexes(*db);
          }
          break;
        default:
          break;
      }
    } catch (const std::exception& e) {
      log::Warning("{}: {}", change.path, e.what());
    }
  }
}

void WriteApplier::OnRescan(const std::string& reason) {
  log::Warning("rescanning the data directory: {}", reason);
  try {
    batch_->Flush();
  } catch (const std::exception& e) {
    log::Error("could not flush before the rescan: {}", e.what());
  }
  BuildAllIndexes();
}

}  // namespace sb::coordinator
