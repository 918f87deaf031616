#include "worker/catalog.h"

#include <sys/stat.h>

#include "shared/errors/sql_error.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/schema_file.h"

namespace sb::worker {

Catalog::Catalog(std::string data_root) : paths_(std::move(data_root)) {}

std::optional<TableRef> Catalog::FindTable(const std::string& database, const std::string& table) {
  std::string path = paths_.SchemaFile(database, table);
  struct stat st;
  auto key = std::make_pair(database, table);
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    cache_.erase(key);
    return std::nullopt;
  }
  FileStamp stamp{st.st_ino, st.st_size,
                  int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec};
  Entry& entry = cache_[key];
  if (!entry.schema || !(entry.stamp == stamp)) {
    std::optional<std::string> text = storage::ReadFile(path);
    if (!text) {  // removed between stat and read
      cache_.erase(key);
      return std::nullopt;
    }
    auto schema = std::make_shared<storage::TableSchema>(storage::ParseSchemaFile(*text, path));
    if (schema->name != table) {
      throw SqlError(SqlState::kDataCorrupted,
                     fmt::format("invalid schema file \"{}\": it names table \"{}\", but the file "
                                 "name says \"{}\"",
                                 path, schema->name, table));
    }
    entry.schema = std::move(schema);
    entry.stamp = stamp;
  }
  return TableRef{database, entry.schema, paths_.TableDir(database, table), path};
}

TableRef Catalog::GetTable(const std::string& database, const std::string& table) {
  if (std::optional<TableRef> found = FindTable(database, table)) return *found;
  ThrowSqlError(SqlState::kUndefinedTable, "relation \"{}\" does not exist", table);
}

}  // namespace sb::worker
