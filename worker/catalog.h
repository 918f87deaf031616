// Catalog: a worker's view of the tables of the data directory, read from the schema files.
//
// One per worker process, single-threaded. Schema files are the source of truth and people edit
// them by hand, so every lookup checks the file (one stat) and re-reads it when it changed: a
// statement never runs against a schema older than an edit that finished before it started.
// Parsed schemas are cached by (database, table) and shared read-only with running plans.
#pragma once

#include <sys/types.h>

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "shared/storage/data_paths.h"
#include "shared/storage/table_schema.h"

namespace sb::worker {

struct TableRef {
  std::string database;
  std::shared_ptr<const storage::TableSchema> schema;
  std::string table_dir;    // where the documents are
  std::string schema_file;  // for error messages
};

class Catalog {
 public:
  explicit Catalog(std::string data_root);

  // The table's current schema; nullopt when there is no such table. Throws SqlError XX001
  // naming the file when the schema file is broken.
  std::optional<TableRef> FindTable(const std::string& database, const std::string& table);
  // 42P01 `relation "t" does not exist` (with the position of `location` in `sql`) when absent.
  TableRef GetTable(const std::string& database, const std::string& table);

  const storage::DataPaths& paths() const { return paths_; }

 private:
  struct FileStamp {
    ino_t inode = 0;
    off_t size = 0;
    int64_t mtime_ns = 0;
    bool operator==(const FileStamp&) const = default;
  };
  struct Entry {
    FileStamp stamp;
    std::shared_ptr<const storage::TableSchema> schema;
  };

  storage::DataPaths paths_;
  std::map<std::pair<std::string, std::string>, Entry> cache_;
};

}  // namespace sb::worker
