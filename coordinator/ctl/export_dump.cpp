#include "coordinator/ctl/export_dump.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "coordinator/ctl/copy_text.h"
#include "coordinator/ctl/database_files.h"
#include "coordinator/ctl/export_ddl.h"
#include "coordinator/ctl/missing_values.h"
#include "coordinator/ctl/sequence_file.h"
#include "coordinator/ctl/sql_text.h"
#include "coordinator/ctl/table_documents.h"
#include "shared/errors/sql_error.h"
#include "shared/storage/atomic_file.h"

namespace sb::ctl {
namespace {

// Output is collected and written in pieces of about this size.
constexpr size_t kFlushBytes = 1 << 16;

constexpr std::string_view kHeaderSettings =
    "SET statement_timeout = 0;\n"
    "SET lock_timeout = 0;\n"
    "SET idle_in_transaction_session_timeout = 0;\n"
    "SET client_encoding = 'UTF8';\n"
    "SET standard_conforming_strings = on;\n"
    "SELECT pg_catalog.set_config('search_path', '', false);\n"
    "SET check_function_bodies = false;\n"
    "SET xmloption = content;\n"
    "SET client_min_messages = warning;\n"
    "SET row_security = off;\n"
    // The values below are written in ISO and PostgreSQL interval style; these make the
    // loading session read them back the same way whatever its defaults.
    "SET datestyle = 'ISO, MDY';\n"
    "SET intervalstyle = 'postgres';\n\n";

// Tables referenced through foreign keys come before the tables that reference them (by name
// among equals; a cycle falls back to name order), so a --data-only dump loads into tables that
// already have their foreign keys.
std::vector<size_t> DataOrder(const std::vector<storage::TableSchema>& tables) {
  std::vector<std::set<std::string>> needs(tables.size());
  std::set<std::string> names;
  for (const storage::TableSchema& table : tables) names.insert(table.name);
  for (size_t i = 0; i < tables.size(); ++i) {
    auto need = [&](const std::string& other) {
      if (other != tables[i].name && names.count(other) > 0) needs[i].insert(other);
    };
    for (const storage::ColumnSchema& column : tables[i].columns) {
      if (column.references) need(column.references->table);
    }
    for (const storage::ForeignKeySchema& fk : tables[i].foreign_keys) need(fk.table);
  }
  std::vector<size_t> order;
  std::vector<bool> placed(tables.size(), false);
  std::set<std::string> done;
  while (order.size() < tables.size()) {
    size_t pick = tables.size();
    for (size_t i = 0; i < tables.size() && pick == tables.size(); ++i) {
      if (placed[i]) continue;
      if (std::all_of(needs[i].begin(), needs[i].end(),
                      [&](const std::string& n) { return done.count(n) > 0; })) {
        pick = i;
      }
    }
    if (pick == tables.size()) {  // a cycle: the first remaining table goes next
      for (size_t i = 0; i < tables.size(); ++i) {
        if (!placed[i]) {
          pick = i;
          break;
        }
      }
    }
    placed[pick] = true;
    done.insert(tables[pick].name);
    order.push_back(pick);
  }
  return order;
}

class DumpWriter {
 public:
  DumpWriter(const storage::DataPaths& paths, const ExportOptions& options, std::ostream& out)
      : paths_(paths), options_(options), out_(out) {}

  void Run() {
    std::vector<storage::TableSchema> tables = LoadTables(paths_, options_.database);
    Emit(fmt::format(
        "--\n-- SmarterBase database dump of database {}\n--\n"
        "-- Written by smarterbase-ctl export for PostgreSQL 15; load it into an empty database\n"
        "-- with: psql -v ON_ERROR_STOP=1 -d DBNAME -f FILE\n--\n\n",
        QuoteLiteral(options_.database)));
    Emit(kHeaderSettings);
    const bool ddl = options_.content != ExportContent::kDataOnly;
    const bool data = options_.content != ExportContent::kDdlOnly;
    if (ddl) {
      for (const storage::TableSchema& table : tables) {
        Emit(fmt::format("--\n-- Name: {}; Type: TABLE\n--\n\n", table.name));
        Emit(TableDefinitionSql(table));
      }
    }
    if (data) {
      for (size_t index : DataOrder(tables)) TableData(tables[index]);
    }
    if (ddl) {
      for (const storage::TableSchema& table : tables) {
        std::string indexes = IndexSql(table);
        if (indexes.empty()) continue;
        Emit(fmt::format("--\n-- Indexes of {}\n--\n\n", table.name));
        Emit(indexes);
      }
      for (const storage::TableSchema& table : tables) {
        std::string keys = ForeignKeySql(table);
        if (keys.empty()) continue;
        Emit(fmt::format("--\n-- Foreign keys of {}\n--\n\n", table.name));
        Emit(keys);
      }
    }
    Emit("--\n-- SmarterBase database dump complete\n--\n");
    Flush();
  }

  // After a failure: whatever was written must not load as if it were the whole database.
  void Fail(std::string_view message) {
    if (!started_) return;  // nothing written: nothing to poison
    if (in_copy_) Emit("\\.\n");
    std::string line(message);
    std::replace(line.begin(), line.end(), '\n', ' ');
    std::replace(line.begin(), line.end(), '\r', ' ');
    Emit(fmt::format(
        "\n-- smarterbase-ctl export FAILED: {}\n"
        "-- This dump is incomplete; the statement below makes loading it fail.\n"
        "DO $$BEGIN RAISE EXCEPTION 'smarterbase-ctl export failed: this dump is incomplete'; "
        "END$$;\n",
        line));
    Flush();
  }

 private:
  void Emit(std::string_view text) {
    started_ = true;
    buffer_ += text;
    if (buffer_.size() >= kFlushBytes) Flush();
  }

  void Flush() {
    out_.write(buffer_.data(), static_cast<std::streamsize>(buffer_.size()));
    buffer_.clear();
    if (!out_) ThrowSqlError(SqlState::kIoError, "could not write the dump");
  }

  // Documents of a keyed table whose file name does not give the key (shortened or invalid
  // stems) take their key from the document, so every row lands in key order.
  void KeysFromDocuments(const storage::TableSchema& table,
                         const std::vector<MissingValue>& missing,
                         std::vector<DocumentEntry>& entries) {
    bool changed = false;
    for (DocumentEntry& entry : entries) {
      if (entry.key.status == storage::KeyStemStatus::kOk) continue;
      std::optional<std::string> text = storage::ReadFile(entry.path);
      if (!text) continue;
      std::vector<types::Value> row = RowFromDocument(table, missing, *text, entry);
      entry.key.values = KeyOfRow(table, row);
      entry.key.status = storage::KeyStemStatus::kOk;
      changed = true;
    }
    if (changed) SortByKey(entries);
  }

  void TableData(const storage::TableSchema& table) {
    const std::string& db = options_.database;
    std::vector<DocumentEntry> entries =
        ListTableDocuments(paths_, paths_.TableDir(db, table.name), table);
    const std::vector<MissingValue> missing = MissingValues(table);
    if (table.HasPrimaryKey()) KeysFromDocuments(table, missing, entries);

    // Highest value of each sequence column, so the sequence continues past every row.
    std::vector<OwnedSequence> sequences = OwnedSequences(table);
    std::vector<int> sequence_columns;
    std::vector<int64_t> highest(sequences.size(), 0);
    for (const OwnedSequence& sequence : sequences) {
      sequence_columns.push_back(table.ColumnIndex(sequence.column));
    }

    Emit(fmt::format("--\n-- Data for Name: {}; Type: TABLE DATA\n--\n\n", table.name));
    Emit(CopyHeaderSql(table));
    in_copy_ = true;
    std::string line;
    for (const DocumentEntry& entry : entries) {
      std::optional<std::string> text = storage::ReadFile(entry.path);
      if (!text) continue;  // deleted since the listing: the row is gone
      std::vector<types::Value> row = RowFromDocument(table, missing, *text, entry);
      for (size_t s = 0; s < sequences.size(); ++s) {
        const int c = sequence_columns[s];
        if (c < 0 || static_cast<size_t>(c) >= row.size()) continue;
        const types::Value& v = row[static_cast<size_t>(c)];
        if (!v.IsNull() && v.kind() == types::Value::Kind::kInt) {
          highest[s] = std::max(highest[s], v.GetInt());
        }
      }
      line.clear();
      AppendCopyRow(row, line);
      Emit(line);
    }
    Emit("\\.\n\n");
    in_copy_ = false;

    for (size_t s = 0; s < sequences.size(); ++s) {
      int64_t last = highest[s];
      if (std::optional<int64_t> stored =
              ReadSequenceFile(paths_.SequenceFile(db, sequences[s].name))) {
        last = std::max(last, *stored);
      }
      // Nothing handed out yet: the fresh sequence already starts at 1.
      if (last >= 1) Emit(SetvalSql(sequences[s].name, last) + "\n");
    }
  }

  const storage::DataPaths& paths_;
  const ExportOptions& options_;
  std::ostream& out_;
  std::string buffer_;
  bool in_copy_ = false;
  bool started_ = false;
};

}  // namespace

void ExportDatabase(const storage::DataPaths& paths, const ExportOptions& options,
                    std::ostream& out) {
  DumpWriter writer(paths, options, out);
  try {
    writer.Run();
  } catch (const std::exception& e) {
    try {
      writer.Fail(e.what());
    } catch (const SqlError&) {
      // The output is broken too; the first error is the one to report.
    }
    throw;
  }
}

}  // namespace sb::ctl
