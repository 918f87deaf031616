// The databases and schema files of a data directory, as smarterbase-ctl finds them on disk.
//
// Used by export (which stops at the first broken schema) and check (which reports every one).
// One thread; only reads.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/storage/data_paths.h"
#include "shared/storage/table_schema.h"

namespace sb::ctl {

// A database folder; `name` is empty when the folder name does not decode (e.g. "Users").
struct DatabaseFolder {
  std::string folder;
  std::string path;
  std::optional<std::string> name;
};

// Every folder the data directory classifies as a database, sorted by folder name.
// Throws SqlError 58030 when the root cannot be read, 3D000 when it does not exist.
std::vector<DatabaseFolder> ListDatabaseFolders(const storage::DataPaths& paths);

// One _schema/<stem>.json file: the parsed schema, or why it is not usable.
struct SchemaFile {
  std::string path;
  std::string stem;  // still encoded
  std::optional<storage::TableSchema> schema;
  std::string error;  // set when schema is empty
};

// Every schema file of `db` (temp, editor and hidden files skipped), sorted by file name.
// Problems with one file (unreadable, invalid, named for another table) go into its `error`.
std::vector<SchemaFile> ReadSchemaFiles(const storage::DataPaths& paths, std::string_view db);

// The tables of `db` sorted by name. Throws SqlError 3D000 for a database folder that does not
// exist, and XX001 naming the file for the first schema file that is not usable.
std::vector<storage::TableSchema> LoadTables(const storage::DataPaths& paths, std::string_view db);

}  // namespace sb::ctl
