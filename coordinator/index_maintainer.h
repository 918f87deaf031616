// IndexMaintainer: the coordinator's side of the shared-memory indexes. It builds a table's
// indexes from its documents, keeps them in step with every write the coordinator applies, and
// answers the UNIQUE checks of those writes.
//
// Coordinator process, event-loop thread only: it is the single writer of the IndexArena, so
// it reads the arena without a guard and takes the WriteGuard only around changes (one guard
// per request, held for the in-memory updates only — never across a file operation).
// Documents are the truth: an index that cannot be kept (arena full) is marked broken, which
// makes workers scan, and is rebuilt at the next start or `rebuild-indexes`.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "coordinator/index_entries.h"
#include "coordinator/snapshot_writer.h"
#include "shared/index/index_arena.h"
#include "shared/index/index_definitions.h"
#include "shared/index/index_snapshot.h"
#include "shared/storage/data_paths.h"
#include "shared/storage/table_schema.h"
#include "shared/types/value.h"

namespace sb::coordinator {

class IndexMaintainer {
 public:
  IndexMaintainer(index::IndexArena& arena, const storage::DataPaths& paths)
      : arena_(arena), paths_(paths) {}

  // Told about every table whose indexes change, so its snapshot files follow (may be null).
  void SetSnapshotWriter(SnapshotWriter* snapshots) { snapshots_ = snapshots; }

  // The indexes of `schema` exist and match it: built from the documents when missing or when
  // the schema changed since they were built. Throws 0A000 for a UNIQUE constraint over a type
  // without an index encoding.
  void Ensure(const std::string& db, const std::shared_ptr<const storage::TableSchema>& schema) {
    if (!IsCurrent(db, schema)) Rebuild(db, schema);
  }
  // Whether the indexes were built for this schema, or for one that defines the same indexes
  // (then `schema` is remembered as current).
  bool IsCurrent(const std::string& db, const std::shared_ptr<const storage::TableSchema>& schema);
  // Builds (again) every index of the table from its documents; returns the number of rows.
  // `snapshot_rows`, when given, receives the rows read (for the index snapshot files).
  size_t Rebuild(const std::string& db, const std::shared_ptr<const storage::TableSchema>& schema,
                 std::vector<index::SnapshotRow>* snapshot_rows = nullptr);
  // The indexes a schema change added or changed, to be read off the event loop.
  struct BuildJob {
    std::string db;
    std::shared_ptr<const storage::TableSchema> schema;
    uint64_t generation = 0;
    std::vector<std::string> names;
    std::chrono::steady_clock::time_point started;
  };
  // Takes a new version of a table's schema without blocking writes: indexes it defines as
  // before stay and keep being maintained, indexes it no longer defines (or defines
  // differently) are dropped at once, and new or changed ones are returned to be built:
  // the caller reads the documents (ReadIndexRows) on another thread and calls FinishBuild.
  // Until then workers scan instead of using them and their UNIQUE is not enforced. A table
  // without indexes yet, or whose primary key changed, is rebuilt here (Rebuild); nullopt
  // when nothing is left to build.
  std::optional<BuildJob> Adopt(const std::string& db,
                                const std::shared_ptr<const storage::TableSchema>& schema);
  using CurrentRow = std::function<std::optional<IndexRow>(const std::string& stem)>;
  // How far FinishBuild has come with a job's rows.
  struct BuildProgress {
    size_t next_row = 0;
    bool started = false;
  };
  // Installs the rows read for `job`, at most `max_rows` per call so that the event loop can
  // serve writes (and workers their look-ups) in between: the new indexes stay kBuilding, which
  // workers do not use, until the last call, which takes the rows written since Adopt from
  // `current_row` (the document as it is now; nullopt when gone) and makes them ready.
  // Returns false while more calls are needed; true when done, or when the table was rebuilt,
  // adopted again or dropped meanwhile (then nothing more happens).
  bool FinishBuild(const BuildJob& job, const std::vector<IndexRow>& rows, BuildProgress& progress,
                   const CurrentRow& current_row, size_t max_rows = SIZE_MAX);
  // Whether a background build of the table is under way.
  bool Building(const std::string& db, const std::string& table) const;

  // The table was dropped: its indexes go.
  void Forget(const std::string& db, const std::string& table);
  void ForgetDatabase(const std::string& db);
  // TRUNCATE: the indexes stay and are emptied.
  void Clear(const std::string& db, const std::string& table);

  // The databases and tables that have indexes now.
  std::vector<std::string> Databases() const;
  std::vector<std::string> Tables(const std::string& db) const;

  const std::vector<index::IndexDefinition>& Definitions(const std::string& db,
                                                         const std::string& table) const;

  // Stems of the rows whose key in index `name` is `key` (normally 0 or 1 for a unique index).
  std::vector<std::string> Holders(const std::string& db, const std::string& table,
                                   const std::string& name, const std::string& key) const;

  // PostgreSQL's DETAIL for the first key that two rows share in `index` of `schema` (read
  // from the documents), e.g. "Key (email)=(a@b) is duplicated."; nullopt when none.
  std::optional<std::string> FindDuplicate(const std::string& db,
                                           const storage::TableSchema& schema,
                                           const index::IndexDefinition& index) const;

  // One row written: old values (null when the row is new, or its old document did not decode)
  // and new values (null when deleted).
  struct Change {
    std::string old_stem;
    const std::vector<types::Value>* old_row = nullptr;
    bool had_old = false;  // a row existed before (even if it did not decode)
    std::string new_stem;
    const std::vector<types::Value>* new_row = nullptr;
  };
  // After the files were written.
  void Apply(const std::string& db, const std::string& table, std::span<const Change> changes);
  // A document changed outside the server (a hand edit, a git checkout): its entries follow the
  // file. `row` is its new content, null when the file is gone or does not decode.
  void Reindex(const std::string& db, const std::string& table, const std::string& stem,
               const std::vector<types::Value>* row) {
    Change change{stem, nullptr, true, stem, row};
    Apply(db, table, std::span<const Change>(&change, 1));
  }

 private:
  struct TableState {
    std::shared_ptr<const storage::TableSchema> schema;
    std::vector<index::IndexDefinition> definitions;
    std::vector<std::string> signatures;
    uint64_t generation = 0;
    std::set<std::string> building;  // indexes waiting for their FinishBuild
    std::set<std::string> touched;   // stems written while some are building
  };

  // A new, empty index `d` in the arena (replacing one of that name), under the WriteGuard.
  index::ShmIndex& CreateIndex(const std::string& db, const storage::TableSchema& schema,
                               const index::IndexDefinition& d);
  // 0A000 for a UNIQUE constraint over a type without an index encoding.
  static void CheckIndexable(const storage::TableSchema& schema,
                             const std::vector<index::IndexDefinition>& definitions);

  // Logs the values a unique index holds more than once (hand edits can make them).
  void ReportDuplicates(const std::string& db, const std::string& table,
                        const index::IndexDefinition& d) const;

  void MarkDirty(const std::string& db, const std::string& table) {
    if (snapshots_ != nullptr) snapshots_->MarkDirty(db, table);
  }

  SnapshotWriter* snapshots_ = nullptr;
  index::IndexArena& arena_;
  const storage::DataPaths& paths_;
  std::map<std::pair<std::string, std::string>, TableState> tables_;
  uint64_t next_generation_ = 0;
};

// The key of `row` in `index`; nullopt when a part is NULL and the index is unique (NULLs
// never conflict, and are kept only in non-unique indexes and the ordering of the key).
std::string IndexKeyOf(const index::IndexDefinition& index, const std::vector<types::Value>& row);
bool HasNullPart(const index::IndexDefinition& index, const std::vector<types::Value>& row);

}  // namespace sb::coordinator
