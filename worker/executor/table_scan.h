// Reading a table's rows from its document files: a full scan of the table folder (in key
// order) or a read of chosen keys, each file decoded by the table's schema into one row of
// the table's columns.
//
// Built by a table plan's Execute on the worker's thread and owned by the portal that streams
// its rows (it may outlive one Execute message when a portal is suspended, never the
// statement's plan, whose TableReadSpec it shares).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/errors/sql_error.h"
#include "shared/storage/data_paths.h"
#include "shared/storage/table_schema.h"
#include "worker/executor/bound_expr.h"
#include "worker/executor/exec_context.h"

namespace sb::worker {

// What a document without a key for a column reads as: a constant default, NULL, or the
// error that evaluating a broken default raised (reported only to statements that need it).
struct ColumnFill {
  types::Value value;
  std::optional<SqlError> error;
};

// Everything needed to turn a document file into a row; immutable, shared by a plan and the
// row sources it creates.
struct TableReadSpec {
  std::shared_ptr<const storage::TableSchema> schema;
  std::string table;                            // SQL name, for messages
  std::vector<int> key_positions;               // primary-key columns, key order
  std::vector<storage::KeyColumn> key_columns;  // their types (a uuid for a hidden row key)
};

// The ColumnFills of a table (one per schema column), computed when a document first misses
// a key: most documents have them all, so most reads never evaluate a default.
using FillProvider = std::function<const std::vector<ColumnFill>&()>;

// One document to read: its file name in the table folder and its key stem.
struct DocumentEntry {
  std::string file_name;
  std::string stem;
};

// The documents of a table folder in key order (integer, uuid, ... keys by value; stems that
// do not decode last, by name). Temp, editor and hidden files are skipped. A missing folder is
// an empty table; other failures are 58030.
std::vector<DocumentEntry> ListDocuments(const TableReadSpec& spec, const std::string& table_dir,
                                         const storage::DataPaths& paths, ExecContext& context);

// Reads one document into a row of the table's columns; nullopt when the file no longer
// exists (deleted since it was listed). A file caught half-written by an editor's save is read
// again (storage::ReadSettledFile). Throws the codec's errors naming the file (XX001, or the
// cast's 22P02/22003/...).
std::optional<std::vector<types::Value>> ReadDocumentRow(const TableReadSpec& spec,
                                                         const std::string& path,
                                                         std::string_view stem,
                                                         const FillProvider& fill);

// A row that UPDATE or DELETE read: its key stem, its values, and the DocumentVersion of the
// file's bytes as read, which the coordinator checks before it changes the file.
struct VersionedRow {
  std::string stem;
  std::vector<types::Value> values;
  std::string version;
};

// Reads `entries` and keeps the rows for which `where` (may be null) is true. Files that
// vanished since the listing are skipped; a half-written file is read again; a file that does
// not decode fails the statement.
std::vector<VersionedRow> ReadRowsForWrite(const TableReadSpec& spec, const std::string& table_dir,
                                           const std::vector<DocumentEntry>& entries,
                                           const BoundExpr* where, ExecContext& context);

// Streams the rows of the given documents, in the given order.
class DocumentRowSource : public RowSource {
 public:
  DocumentRowSource(std::shared_ptr<const TableReadSpec> spec, std::string table_dir,
                    std::vector<DocumentEntry> entries);
  bool Next(std::vector<types::Value>& row, ExecContext& context) override;

 private:
  std::shared_ptr<const TableReadSpec> spec_;
  std::string table_dir_;
  std::vector<DocumentEntry> entries_;
  size_t next_ = 0;
  std::optional<std::vector<ColumnFill>> fill_;  // computed on first need
};

}  // namespace sb::worker
