// Catalog: a process's view of the tables of the data directory, read from the schema files.
//
// One per worker process (and one in the coordinator, for writes), single-threaded. Schema
// files are the source of truth and people edit them by hand, so every lookup checks the file
// (one stat) and re-reads it when it changed: a statement never runs against a schema older
// than an edit that finished before it started. Parsed schemas are cached by (database, table)
// and shared read-only with running plans. A schema file that stops parsing leaves the last
// valid version in force, with a warning on every TableRef until the file is fixed. The
// coordinator's catalog keeps a copy of each table's last valid schema under
// .smarterbase/last_valid/, so a process that never saw a valid version (a worker started or a
// server restarted while the file is broken) still has one.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shared/errors/sql_error.h"
#include "shared/storage/data_paths.h"
#include "shared/storage/table_schema.h"

namespace sb::worker {

class SessionHooks;
struct ExecContext;

struct TableRef {
  std::string database;
  std::shared_ptr<const storage::TableSchema> schema;
  std::string table_dir;    // where the documents are
  std::string schema_file;  // for error messages
  // Non-empty while the schema file is broken and `schema` is its last valid version:
  // `schema file "<path>" is broken, using the last valid version: <parse error>`.
  std::string warning;
};

// Sends ref.warning, if any, to the session as a WARNING notice. Plans call it once per
// statement, at execution, for the table they read or write.
void SendSchemaWarning(const TableRef& ref, SessionHooks& hooks);

// SendSchemaWarning for a plan that keeps no TableRef: looks `table` up in the context's
// database again (one stat). Does nothing when the table is gone; the plan reports that.
void WarnIfSchemaBroken(const std::string& table, ExecContext& context);

// A table a plan was made against, as FindTable found it then (schema null: it did not exist).
struct TableDependency {
  std::string database;
  std::string table;
  std::shared_ptr<const storage::TableSchema> schema;
};

class Catalog {
 public:
  // `keeps_last_valid`: this catalog (the coordinator's, the only writer) maintains the
  // copies of last valid schemas; every catalog reads them.
  explicit Catalog(std::string data_root, bool keeps_last_valid = false);

  // The table's current schema; nullopt when there is no such table. When the schema file is
  // broken: the last valid version with TableRef::warning set, or SqlError XX001 naming the
  // file when this process never read a valid version. Each broken version is logged once.
  std::optional<TableRef> FindTable(const std::string& database, const std::string& table);
  // 42P01 `relation "t" does not exist` (with the position of `location` in `sql`) when absent.
  TableRef GetTable(const std::string& database, const std::string& table);

  const storage::DataPaths& paths() const { return paths_; }

  // The table or database was dropped: forget it, and its kept last valid schemas.
  void ForgetTable(const std::string& database, const std::string& table);
  void ForgetDatabase(const std::string& database);
  // Where the last valid version of a table's schema is kept.
  std::string LastValidFile(const std::string& database, const std::string& table) const;

  // A statement starts (Query, Parse, Bind): its lookups check each schema file once; later
  // lookups of the same statement (Execute after Bind) trust that check. Without any call,
  // every lookup checks the file.
  void NewStatement() { ++epoch_; }

  // While `into` is set, every FindTable appends what it found: the tables a plan being made
  // depends on. Pass nullptr to stop.
  void RecordLookups(std::vector<TableDependency>* into) { recording_ = into; }
  std::vector<TableDependency>* recording() const { return recording_; }
  // Whether each dependency still resolves to the very schema version it was made against
  // (one stat each; false for a table now broken without a last valid version).
  bool StillCurrent(const std::vector<TableDependency>& dependencies);

 private:
  struct FileStamp {
    ino_t inode = 0;
    off_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };
  struct Entry {
    FileStamp stamp;                                     // of the file as last read, valid or not
    std::shared_ptr<const storage::TableSchema> schema;  // the last valid version, or null
    std::string warning;            // set while the file read at `stamp` is broken
    std::optional<SqlError> error;  // the file read at `stamp` is broken and `schema` is null
    uint64_t checked_epoch = 0;     // the statement that last checked the file
  };
  TableRef RefOf(const std::string& database, const std::string& table, const std::string& path,
                 const Entry& entry);

  // Writes `schema` as the table's kept last valid version unless that is what is kept.
  void KeepLastValid(const std::string& database, const storage::TableSchema& schema);
  // The kept last valid version, or null when there is none or it does not parse.
  std::shared_ptr<const storage::TableSchema> KeptLastValid(const std::string& database,
                                                            const std::string& table) const;
  // Reads and parses the file, retrying a half-written one; nullopt when it vanished.
  std::optional<std::shared_ptr<const storage::TableSchema>> ReadSchema(const std::string& path,
                                                                        const std::string& table);

  storage::DataPaths paths_;
  std::map<std::pair<std::string, std::string>, Entry> cache_;
  std::vector<TableDependency>* recording_ = nullptr;
  uint64_t epoch_ = 0;  // 0: every lookup checks the file
  bool keeps_last_valid_ = false;
};

}  // namespace sb::worker
