#include "coordinator/ctl/database_files.h"

#include <algorithm>

#include "coordinator/ctl/dir_listing.h"
#include "shared/errors/sql_error.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/name_encoding.h"
#include "shared/storage/schema_file.h"

namespace sb::ctl {

std::vector<DatabaseFolder> ListDatabaseFolders(const storage::DataPaths& paths) {
  std::optional<std::vector<DirEntry>> listing = ListDirectory(paths.root());
  if (!listing) {
    ThrowSqlError(SqlState::kInvalidCatalogName, "data directory \"{}\" does not exist",
                  paths.root());
  }
  std::vector<DatabaseFolder> folders;
  for (const DirEntry& entry : *listing) {
    if (!entry.is_dir) continue;
    std::string path = paths.root() == "/" ? "/" + entry.name : paths.root() + "/" + entry.name;
    if (paths.Classify(path).kind != storage::DataPathKind::kDatabaseDir) continue;
    folders.push_back(DatabaseFolder{entry.name, path, storage::DecodeName(entry.name)});
  }
  return folders;
}

std::vector<SchemaFile> ReadSchemaFiles(const storage::DataPaths& paths, std::string_view db) {
  std::vector<SchemaFile> files;
  const std::string dir = paths.SchemaDir(db);
  std::optional<std::vector<DirEntry>> listing = ListDirectory(dir);
  if (!listing) return files;
  for (const DirEntry& entry : *listing) {
    if (entry.is_dir) continue;
    SchemaFile file;
    file.path = dir + "/" + entry.name;
    storage::DataPaths::Parsed parsed = paths.Classify(file.path);
    if (parsed.kind != storage::DataPathKind::kSchemaFile) continue;
    file.stem = parsed.table;
    try {
      std::optional<std::string> text = storage::ReadFile(file.path);
      if (!text) continue;  // removed meanwhile (DROP TABLE on a running server)
      storage::TableSchema schema = storage::ParseSchemaFile(*text, file.path);
      if (storage::EncodeName(schema.name) != file.stem) {
        std::optional<std::string> decoded = storage::DecodeName(file.stem);
        file.error = decoded
                         ? fmt::format(
                               "invalid schema file \"{}\": it describes table \"{}\" but its "
                               "file name says \"{}\" (expected \"{}.json\")",
                               file.path, schema.name, *decoded, storage::EncodeName(schema.name))
                         : fmt::format(
                               "invalid schema file \"{}\": the file name does not decode to a "
                               "table name (table \"{}\" is \"{}.json\")",
                               file.path, schema.name, storage::EncodeName(schema.name));
      } else {
        file.schema = std::move(schema);
      }
    } catch (const SqlError& e) {
      file.error = e.what();
    }
    files.push_back(std::move(file));
  }
  return files;
}

std::vector<storage::TableSchema> LoadTables(const storage::DataPaths& paths, std::string_view db) {
  if (!ListDirectory(paths.DatabaseDir(db))) {
    ThrowSqlError(SqlState::kInvalidCatalogName, "database \"{}\" does not exist", db);
  }
  std::vector<storage::TableSchema> tables;
  for (SchemaFile& file : ReadSchemaFiles(paths, db)) {
    if (!file.schema) throw SqlError(SqlState::kDataCorrupted, file.error);
    tables.push_back(std::move(*file.schema));
  }
  std::sort(
      tables.begin(), tables.end(),
      [](const storage::TableSchema& a, const storage::TableSchema& b) { return a.name < b.name; });
  return tables;
}

}  // namespace sb::ctl
