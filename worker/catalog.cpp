#include "worker/catalog.h"

#include <sys/stat.h>

#include "shared/config/log.h"
#include "shared/storage/document_codec.h"
#include "shared/storage/schema_file.h"
#include "worker/executor/exec_context.h"

namespace sb::worker {

void SendSchemaWarning(const TableRef& ref, SessionHooks& hooks) {
  if (ref.warning.empty()) return;
  hooks.Notice(SqlError(SqlState::kWarning, ref.warning).WithSeverity(Severity::kWarning));
}

void WarnIfSchemaBroken(const std::string& table, ExecContext& context) {
  if (context.catalog == nullptr) return;
  if (std::optional<TableRef> ref = context.catalog->FindTable(context.database, table)) {
    SendSchemaWarning(*ref, context.hooks);
  }
}

Catalog::Catalog(std::string data_root) : paths_(std::move(data_root)) {}

std::optional<std::shared_ptr<const storage::TableSchema>> Catalog::ReadSchema(
    const std::string& path, const std::string& table) {
  return storage::ReadSettledFile(path, [&](const std::string& text) {
    auto schema =
        std::make_shared<const storage::TableSchema>(storage::ParseSchemaFile(text, path));
    if (schema->name != table) {
      ThrowSqlError(SqlState::kDataCorrupted,
                    "invalid schema file \"{}\": it names table \"{}\", but the file name says "
                    "\"{}\"",
                    path, schema->name, table);
    }
    return schema;
  });
}

std::optional<TableRef> Catalog::FindTable(const std::string& database, const std::string& table) {
  std::string path = paths_.SchemaFile(database, table);
  struct stat st;
  auto key = std::make_pair(database, table);
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    cache_.erase(key);
    if (recording_ != nullptr) recording_->push_back({database, table, nullptr});
    return std::nullopt;
  }
  FileStamp stamp{st.st_ino, st.st_size,
                  int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec};
  auto found = cache_.find(key);
  if (found == cache_.end() || !(found->second.stamp == stamp)) {
    std::optional<std::shared_ptr<const storage::TableSchema>> read;
    std::optional<SqlError> broken;
    try {
      read = ReadSchema(path, table);
    } catch (const SqlError& error) {
      broken = error;
    }
    if (!broken && !read) {  // removed between stat and read
      cache_.erase(key);
      if (recording_ != nullptr) recording_->push_back({database, table, nullptr});
      return std::nullopt;
    }
    Entry& entry = cache_[key];
    entry.stamp = stamp;
    if (broken) {
      // An edit that does not parse never takes the table away: the last valid version stays
      // in force (it is what the documents were written by) until the file is fixed.
      if (entry.schema) {
        entry.warning = fmt::format(
            "schema file \"{}\" is broken, using the last valid version: {}", path, broken->what());
        entry.error.reset();
        log::Warning("{}", entry.warning);
      } else {
        entry.error = std::move(broken);
        log::Warning("{}", entry.error->what());
      }
    } else {
      if (!entry.warning.empty() || entry.error) {
        log::Info("schema file \"{}\" is valid again", path);
      }
      entry.schema = std::move(*read);
      entry.warning.clear();
      entry.error.reset();
    }
    found = cache_.find(key);
  }
  const Entry& entry = found->second;
  if (entry.error) throw *entry.error;
  TableRef ref{database, entry.schema, paths_.TableDir(database, table), path, entry.warning};
  if (recording_ != nullptr) recording_->push_back({database, table, entry.schema});
  return ref;
}

TableRef Catalog::GetTable(const std::string& database, const std::string& table) {
  if (std::optional<TableRef> found = FindTable(database, table)) return *found;
  ThrowSqlError(SqlState::kUndefinedTable, "relation \"{}\" does not exist", table);
}

bool Catalog::StillCurrent(const std::vector<TableDependency>& dependencies) {
  for (const TableDependency& dependency : dependencies) {
    try {
      std::optional<TableRef> ref = FindTable(dependency.database, dependency.table);
      if ((ref ? ref->schema : nullptr) != dependency.schema) return false;
    } catch (const SqlError&) {
      return false;
    }
  }
  return true;
}

}  // namespace sb::worker
