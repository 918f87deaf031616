#include "coordinator/ctl/check_files.h"

#include <fmt/format.h>

#include <map>

#include "coordinator/ctl/database_files.h"
#include "coordinator/ctl/dir_listing.h"
#include "coordinator/ctl/missing_values.h"
#include "coordinator/ctl/sequence_file.h"
#include "coordinator/ctl/table_documents.h"
#include "shared/errors/sql_error.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/column_type.h"
#include "shared/storage/name_encoding.h"
#include "shared/types/text_io.h"

namespace sb::ctl {
namespace {

// Messages from the storage layer name the file; the report already does.
std::string WithoutPath(std::string message, const std::string& path) {
  const std::string quoted = " \"" + path + "\"";
  for (size_t at = message.find(quoted); at != std::string::npos; at = message.find(quoted, at)) {
    message.erase(at, quoted.size());
  }
  return message;
}

std::string KeyDescription(const storage::TableSchema& schema) {
  std::vector<int> key = schema.PrimaryKeyColumns();
  if (key.empty()) return "a UUID (the table has no primary key)";
  std::string out;
  for (int position : key) {
    const storage::ColumnSchema& column = schema.columns[static_cast<size_t>(position)];
    if (!out.empty()) out += ", ";
    out += fmt::format("{} {}", column.name, storage::FormatColumnType(column.type));
  }
  return "the primary key (" + out + ")";
}

// "(a, b)=(1, x)", as PostgreSQL shows a key.
std::string KeyText(const storage::TableSchema& schema, const std::vector<types::Value>& key) {
  std::string names, values;
  const std::vector<int> positions = schema.PrimaryKeyColumns();
  for (size_t i = 0; i < positions.size() && i < key.size(); ++i) {
    if (i > 0) {
      names += ", ";
      values += ", ";
    }
    names += schema.columns[static_cast<size_t>(positions[i])].name;
    values += key[i].IsNull() ? "null" : types::FormatText(key[i], types::FormatSettings{});
  }
  return fmt::format("({})=({})", names, values);
}

std::string NotAKey(const storage::TableSchema& schema) {
  return fmt::format("the file name is not a valid key: documents of table \"{}\" are named by {}",
                     schema.name, KeyDescription(schema));
}

void CheckDocument(const storage::TableSchema& schema, const std::vector<MissingValue>& missing,
                   const DocumentEntry& entry, CheckReport& report) {
  ++report.documents;
  const bool stem_invalid = entry.key.status == storage::KeyStemStatus::kInvalid;
  std::vector<types::Value> row;
  try {
    std::optional<std::string> text = storage::ReadFile(entry.path);
    if (!text) return;  // deleted meanwhile
    row = RowFromDocument(schema, missing, *text, entry);
  } catch (const SqlError& e) {
    if (stem_invalid) {
      report.Error(entry.path, NotAKey(schema));
    }
    report.Error(entry.path, WithoutPath(e.what(), entry.path));
    return;
  }
  if (!schema.HasPrimaryKey()) {
    if (stem_invalid) {
      report.Error(entry.path, NotAKey(schema));
    }
    return;
  }
  std::vector<types::Value> key = KeyOfRow(schema, row);
  std::string expected;
  try {
    expected = storage::EncodeKeyStem(key);
  } catch (const SqlError& e) {
    report.Error(entry.path, fmt::format("key {} of table \"{}\" cannot name a document: {}",
                                         KeyText(schema, key), schema.name, e.what()));
    return;
  }
  if (stem_invalid) {
    report.Error(entry.path, fmt::format("{}; this document's key {} names \"{}.json\"",
                                         NotAKey(schema), KeyText(schema, key), expected));
  } else if (expected != entry.stem) {
    report.Error(entry.path,
                 fmt::format("the document's key columns {} disagree with its file name (that key "
                             "names \"{}.json\")",
                             KeyText(schema, key), expected));
  }
}

void CheckTable(const storage::DataPaths& paths, const storage::TableSchema& schema,
                const std::string& table_dir, CheckReport& report) {
  const std::vector<MissingValue> missing = MissingValues(schema);
  for (const DocumentEntry& entry : ListTableDocuments(paths, table_dir, schema)) {
    CheckDocument(schema, missing, entry, report);
  }
}

void CheckSequences(const storage::DataPaths& paths, const std::string& db, CheckReport& report) {
  const std::string dir = paths.SequenceDir(db);
  std::optional<std::vector<DirEntry>> listing = ListDirectory(dir);
  if (!listing) return;
  for (const DirEntry& entry : *listing) {
    if (entry.is_dir) continue;
    const std::string path = dir + "/" + entry.name;
    storage::DataPaths::Parsed parsed = paths.Classify(path);
    if (parsed.kind != storage::DataPathKind::kSequenceFile) continue;
    if (!storage::IsEncodedName(parsed.stem)) {
      report.Error(path, "the file name does not decode to a sequence name");
    }
    try {
      ReadSequenceFile(path);
    } catch (const SqlError& e) {
      report.Error(path, WithoutPath(e.what(), path));
    }
  }
}

}  // namespace

void CheckDatabase(const storage::DataPaths& paths, const std::string& db, CheckReport& report) {
  ++report.databases;
  // Schema files first: they say which folders are tables.
  std::map<std::string, std::optional<storage::TableSchema>> by_stem;
  std::vector<SchemaFile> schema_files;
  try {
    schema_files = ReadSchemaFiles(paths, db);
  } catch (const SqlError& e) {
    report.Error(paths.SchemaDir(db), e.what());
  }
  for (SchemaFile& file : schema_files) {
    if (!file.schema) {
      report.Error(file.path, WithoutPath(file.error, file.path));
      by_stem.emplace(file.stem, std::nullopt);  // a table, but one we cannot read
      continue;
    }
    ++report.tables;
    by_stem.emplace(file.stem, std::move(file.schema));
  }

  std::optional<std::vector<DirEntry>> listing;
  try {
    listing = ListDirectory(paths.DatabaseDir(db));
  } catch (const SqlError& e) {
    report.Error(paths.DatabaseDir(db), e.what());
  }
  if (listing) {
    for (const DirEntry& entry : *listing) {
      if (!entry.is_dir) continue;
      const std::string path = paths.DatabaseDir(db) + "/" + entry.name;
      storage::DataPaths::Parsed parsed = paths.Classify(path);
      if (parsed.kind != storage::DataPathKind::kTableDir) continue;
      auto found = by_stem.find(parsed.table);
      if (found == by_stem.end()) {
        std::optional<std::string> name = storage::DecodeName(parsed.table);
        if (name) {
          report.Error(path, fmt::format("document folder of table \"{}\" has no schema file "
                                         "(expected \"{}\")",
                                         *name, paths.SchemaFile(db, *name)));
        } else if (storage::IsHashedName(parsed.table)) {
          report.Error(path, "document folder has no schema file");
        } else {
          report.Error(path,
                       "the folder name does not decode to a table name and no schema "
                       "file names it");
        }
        continue;
      }
      if (!found->second) continue;  // its schema file is already reported
      try {
        CheckTable(paths, *found->second, path, report);
      } catch (const SqlError& e) {  // e.g. a folder that cannot be read: the rest goes on
        report.Error(path, e.what());
      }
    }
  }
  try {
    CheckSequences(paths, db, report);
  } catch (const SqlError& e) {
    report.Error(paths.SequenceDir(db), e.what());
  }
}

void CheckDataDirectory(const storage::DataPaths& paths, const std::optional<std::string>& database,
                        CheckReport& report) {
  if (database) {
    if (!ListDirectory(paths.DatabaseDir(*database))) {
      ThrowSqlError(SqlState::kInvalidCatalogName, "database \"{}\" does not exist", *database);
    }
    CheckDatabase(paths, *database, report);
    return;
  }
  for (const DatabaseFolder& folder : ListDatabaseFolders(paths)) {
    if (!folder.name) {
      report.Error(folder.path, "the folder name does not decode to a database name");
      continue;
    }
    CheckDatabase(paths, *folder.name, report);
  }
}

}  // namespace sb::ctl
