// TableWriter: the coordinator's INSERT/UPDATE/DELETE/TRUNCATE path for one request — sequence
// values, NOT NULL, primary-key and UNIQUE checks, document files. Part of the WriteApplier (single
// writer, coordinator event loop).
//
// UNIQUE is checked against the shared-memory indexes, which every write keeps up to date
// (IndexMaintainer); the primary key against the document files themselves. Sequences are kept in
// _seq/<name>.json and never go below the largest value already in the table, so a value is never
// handed out twice even after hand edits.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "coordinator/background_index_builder.h"
#include "coordinator/index_maintainer.h"
#include "coordinator/write_applier.h"
#include "coordinator/write_batch.h"
#include "shared/storage/data_paths.h"
#include "shared/storage/document_codec.h"
#include "shared/storage/table_schema.h"
#include "worker/catalog.h"

namespace sb::coordinator {

class TableWriter {
 public:
  TableWriter(const config::Config& config, const storage::DataPaths& paths,
              IndexMaintainer& indexes, WriteBatch& batch)
      : config_(config),
        paths_(paths),
        indexes_(indexes),
        batch_(batch),
        catalog_(paths.root(), /*keeps_last_valid=*/true),
        builder_(paths) {}

  // Lets index builds after a schema change read the documents off the event loop; without
  // it they run synchronously.
  void SetBackgroundPoster(BackgroundIndexBuilder::Poster poster) {
    builder_.SetPoster(std::move(poster));
  }

  // `fields` = db, table, then (mask, document) pairs. Returns the documents as written.
  ApplyResult Insert(const std::vector<std::string>& fields);
  // `fields` = db, table, then (old stem, version, new document) triples. All or nothing;
  // kConflict when a file changed since the worker read it. Returns the documents as written.
  ApplyResult Update(const std::vector<std::string>& fields);
  // `fields` = db, table, then (stem, version) pairs. All or nothing; kConflict as for Update.
  ApplyResult Delete(const std::vector<std::string>& fields);
  // `fields` = db, restart identity ('0'/'1'), then table names.
  ApplyResult Truncate(const std::vector<std::string>& fields);
  // A table was dropped: forget what was known about it.
  void Forget(const std::string& db, const std::string& table);
  // A database was dropped: forget its tables' kept schemas (its indexes are the caller's).
  void ForgetDatabase(const std::string& db) { catalog_.ForgetDatabase(db); }
  // A table was created (or found at start-up): build its indexes from its documents.
  void IndexTable(const std::string& db, const std::string& table);
  // A document changed or vanished outside the server: re-read it into the indexes.
  void ReindexDocument(const std::string& db, const std::string& table, const std::string& stem,
                       const std::string& path);
  // The schema file may have changed: rebuild the indexes if what they hold changed.
  void RefreshTable(const std::string& db, const std::string& table);

 private:
  // The table's indexes follow `schema`: unchanged ones stay, new or changed ones are built
  // from the documents (in the background when there is a poster).
  void EnsureIndexes(const std::string& db,
                     const std::shared_ptr<const storage::TableSchema>& schema);
  // A background build's rows, installed into the indexes a step per event-loop turn.
  struct PendingInstall {
    IndexMaintainer::BuildJob job;
    std::vector<IndexRow> rows;
    IndexMaintainer::BuildProgress progress;
  };
  void InstallBuild(std::shared_ptr<PendingInstall> install);
  // The row of document `stem` as the indexes hold it, from its current content (pending
  // writes included); a document that does not decode gives its key with NULLs (logged);
  // nullopt when it is gone or its name gives no key.
  std::optional<IndexRow> CurrentRow(const storage::TableSchema& schema, const std::string& stem,
                                     const std::string& path);
  // 23505 when `row` would take a unique key that a row outside `released` (stems of rows this
  // request rewrites) or an earlier row of the same request holds.
  void CheckUnique(const std::string& db, const storage::TableSchema& schema,
                   const std::vector<types::Value>& row, const std::set<std::string>& released,
                   std::vector<std::set<std::string>>& batch_keys) const;
  // 42P01 when the table does not exist.
  std::shared_ptr<const storage::TableSchema> LoadSchema(const std::string& db,
                                                         const std::string& table);
  // The document file a worker-supplied stem names; SqlError 08P01 if it names anything else.
  std::string CheckedDocumentPath(const std::string& db, const std::string& table,
                                  const std::string& stem);
  std::string SequenceName(const storage::TableSchema& schema, int column) const;
  int64_t NextSequenceValue(const std::string& db, const storage::TableSchema& schema, int column);

  const config::Config& config_;
  const storage::DataPaths& paths_;
  IndexMaintainer& indexes_;
  WriteBatch& batch_;        // every file change goes through it (journal, then files)
  worker::Catalog catalog_;  // the same stat-checked schema cache the workers use
  std::map<std::pair<std::string, std::string>, int64_t> sequences_;  // (db, sequence) → last
  BackgroundIndexBuilder builder_;  // last: its threads stop before the rest goes
};

}  // namespace sb::coordinator
