#include "worker/catalog.h"

#include <sys/stat.h>

#include <filesystem>

#include "shared/config/log.h"
#include "shared/storage/atomic_file.h"
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

Catalog::Catalog(std::string data_root, bool keeps_last_valid)
    : paths_(std::move(data_root)), keeps_last_valid_(keeps_last_valid) {}

std::string Catalog::LastValidFile(const std::string& database, const std::string& table) const {
  // The schema file's own place below the root, mirrored under .smarterbase/last_valid/.
  const std::string schema_file = paths_.SchemaFile(database, table);
  return paths_.InternalDir() + "/last_valid" + schema_file.substr(paths_.root().size());
}

void Catalog::KeepLastValid(const std::string& database, const storage::TableSchema& schema) {
  const std::string path = LastValidFile(database, schema.name);
  const std::string text = storage::FormatSchemaFile(schema);
  try {
    if (storage::ReadFile(path) == text) return;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    storage::WriteFileAtomic(path, text, /*sync=*/false);
  } catch (const std::exception& e) {
    log::Warning("could not keep the last valid schema of table \"{}\" in \"{}\": {}", schema.name,
                 path, e.what());
  }
}

std::shared_ptr<const storage::TableSchema> Catalog::KeptLastValid(const std::string& database,
                                                                   const std::string& table) const {
  const std::string path = LastValidFile(database, table);
  try {
    std::optional<std::string> text = storage::ReadFile(path);
    if (!text) return nullptr;
    auto schema =
        std::make_shared<const storage::TableSchema>(storage::ParseSchemaFile(*text, path));
    return schema->name == table ? schema : nullptr;
  } catch (const SqlError&) {
    return nullptr;
  }
}

void Catalog::ForgetTable(const std::string& database, const std::string& table) {
  cache_.erase({database, table});
  if (!keeps_last_valid_) return;
  std::error_code ignored;
  std::filesystem::remove(LastValidFile(database, table), ignored);
}

void Catalog::ForgetDatabase(const std::string& database) {
  std::erase_if(cache_, [&](const auto& entry) { return entry.first.first == database; });
  if (!keeps_last_valid_) return;
  std::error_code ignored;
  std::filesystem::remove_all(
      std::filesystem::path(LastValidFile(database, "x")).parent_path().parent_path(), ignored);
}

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
  auto key = std::make_pair(database, table);
  auto found = cache_.find(key);
  // Checked once per statement: the statement sees every edit finished before it started.
  if (epoch_ != 0 && found != cache_.end() && found->second.checked_epoch == epoch_) {
    return RefOf(database, table, path, found->second);
  }
  struct stat st;
  if (::stat(path.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) {
    cache_.erase(key);
    if (recording_ != nullptr) recording_->push_back({database, table, nullptr});
    return std::nullopt;
  }
  FileStamp stamp{st.st_ino, st.st_size,
                  int64_t{st.st_mtim.tv_sec} * 1000000000 + st.st_mtim.tv_nsec};
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
      if (!entry.schema) entry.schema = KeptLastValid(database, table);
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
      if (keeps_last_valid_) KeepLastValid(database, *entry.schema);
    }
    found = cache_.find(key);
  }
  found->second.checked_epoch = epoch_;
  return RefOf(database, table, path, found->second);
}

TableRef Catalog::RefOf(const std::string& database, const std::string& table,
                        const std::string& path, const Entry& entry) {
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
