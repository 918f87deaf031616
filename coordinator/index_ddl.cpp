#include "coordinator/index_ddl.h"

#include <dirent.h>
#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/ipc/ring_requests.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/name_encoding.h"
#include "shared/storage/schema_file.h"

namespace sb::coordinator {
namespace {

struct TableFile {
  std::string path;
  storage::TableSchema schema;
};

// Every table of the database whose schema file parses (a broken one cannot hold the index
// asked for, and is reported by `check`).
std::vector<TableFile> ReadTables(const storage::DataPaths& paths, const std::string& db) {
  std::vector<TableFile> tables;
  const std::string dir = paths.SchemaDir(db);
  if (DIR* d = ::opendir(dir.c_str()); d != nullptr) {
    while (dirent* entry = ::readdir(d)) {
      std::string path = dir + "/" + entry->d_name;
      if (paths.Classify(path).kind != storage::DataPathKind::kSchemaFile) continue;
      std::optional<std::string> text = storage::ReadFile(path);
      if (!text) continue;
      try {
        tables.push_back({path, storage::ParseSchemaFile(*text, path)});
      } catch (const SqlError&) {
      }
    }
    ::closedir(d);
  }
  return tables;
}

// Names of every relation of the database: tables and indexes (one namespace, as in
// PostgreSQL).
std::set<std::string> RelationNames(const std::vector<TableFile>& tables) {
  std::set<std::string> names;
  for (const TableFile& table : tables) {
    names.insert(table.schema.name);
    for (const index::IndexDefinition& d : index::TableIndexes(table.schema)) names.insert(d.name);
  }
  return names;
}

ApplyResult Notice(std::string_view sqlstate, std::string_view message) {
  return {static_cast<uint32_t>(ipc::RingStatus::kNotice),
          fmt::format("{}\n{}", sqlstate, message)};
}

ApplyResult Ok() {
  return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
}

ApplyResult Error(const SqlError& e) {
  std::string text = e.what();
  if (!e.detail().empty()) text += "\n" + e.detail();
  return ErrorResult(SqlStateCode(e.state()), text);
}

}  // namespace

ApplyResult IndexDdl::Create(const std::vector<std::string>& fields) {
  if (fields.size() < 6) return ErrorResult("08P01", "malformed CREATE INDEX request");
  const std::string& db = fields[0];
  const bool if_not_exists = fields[1] == "1";
  const bool unique = fields[2] == "1";
  const std::string& table = fields[3];
  std::string name = fields[4];
  const std::vector<std::string> columns(fields.begin() + 5, fields.end());
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, db);
    storage::ValidateSqlName(storage::NameKind::kTable, table);
    if (!name.empty()) storage::ValidateSqlName(storage::NameKind::kIndex, name);
    std::vector<TableFile> tables = ReadTables(paths_, db);
    auto target = std::find_if(tables.begin(), tables.end(),
                               [&](const TableFile& t) { return t.schema.name == table; });
    if (target == tables.end()) {
      return ErrorResult("42P01", fmt::format("relation \"{}\" does not exist", table));
    }
    std::set<std::string> taken = RelationNames(tables);
    if (name.empty()) {
      // PostgreSQL's choice: table_col_idx, then table_col_idx1, ...
      std::string base = table;
      for (const std::string& column : columns) base += "_" + column;
      base += "_idx";
      name = base;
      for (int n = 1; taken.count(name) > 0; ++n) name = base + std::to_string(n);
    } else if (taken.count(name) > 0) {
      if (if_not_exists) {
        return Notice("42P07", fmt::format("relation \"{}\" already exists, skipping", name));
      }
      return ErrorResult("42P07", fmt::format("relation \"{}\" already exists", name));
    }
    storage::TableSchema schema = target->schema;
    for (const std::string& column : columns) {
      if (schema.ColumnIndex(column) < 0) {
        return ErrorResult("42703", fmt::format("column \"{}\" does not exist", column));
      }
    }
    schema.indexes.push_back({name, columns, unique});
    std::vector<index::IndexDefinition> definitions = index::TableIndexes(schema);
    const index::IndexDefinition& added = definitions.back();
    if (!added.indexable) {
      return ErrorResult("0A000", fmt::format("index \"{}\": indexes on these column types are "
                                              "not supported",
                                              name));
    }
    if (unique) {
      if (std::optional<std::string> detail = indexes_.FindDuplicate(db, schema, added)) {
        return ErrorResult("23505",
                           fmt::format("could not create unique index \"{}\"\n{}", name, *detail));
      }
    }
    storage::WriteFileAtomic(target->path, storage::FormatSchemaFile(schema),
                             config_.fsync != config::FsyncMode::kOff);
    tables_.IndexTable(db, table);
    log::Info("created index \"{}\" on table \"{}\" of database \"{}\"", name, table, db);
    return Ok();
  } catch (const SqlError& e) {
    return Error(e);
  }
}

ApplyResult IndexDdl::Drop(const std::vector<std::string>& fields) {
  if (fields.size() < 3) return ErrorResult("08P01", "malformed DROP INDEX request");
  const std::string& db = fields[0];
  const bool if_exists = fields[1] == "1";
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, db);
    std::vector<TableFile> tables = ReadTables(paths_, db);
    // All or nothing: every name is resolved before anything changes.
    std::vector<std::pair<size_t, std::string>> drops;  // (table, index)
    std::string notice;
    for (size_t i = 2; i < fields.size(); ++i) {
      const std::string& name = fields[i];
      bool found = false;
      for (size_t t = 0; t < tables.size() && !found; ++t) {
        const storage::TableSchema& schema = tables[t].schema;
        for (const storage::IndexSchema& index : schema.indexes) {
          if (index.name == name) {
            drops.emplace_back(t, name);
            found = true;
            break;
          }
        }
        if (found) break;
        for (const index::IndexDefinition& d : index::TableIndexes(schema)) {
          if (d.name == name) {
            throw SqlError(SqlState::kDependentObjectsStillExist,
                           fmt::format("cannot drop index {} because constraint {} on table {} "
                                       "requires it",
                                       name, name, schema.name))
                .WithHint(fmt::format("You can drop constraint {} on table {} instead.", name,
                                      schema.name));
          }
        }
      }
      if (found) continue;
      if (!if_exists) {
        return ErrorResult("42704", fmt::format("index \"{}\" does not exist", name));
      }
      notice = fmt::format("index \"{}\" does not exist, skipping", name);
    }
    std::set<size_t> touched;
    for (const auto& [t, name] : drops) {
      auto& indexes = tables[t].schema.indexes;
      indexes.erase(std::remove_if(indexes.begin(), indexes.end(),
                                   [&](const storage::IndexSchema& i) { return i.name == name; }),
                    indexes.end());
      touched.insert(t);
    }
    for (size_t t : touched) {
      storage::WriteFileAtomic(tables[t].path, storage::FormatSchemaFile(tables[t].schema),
                               config_.fsync != config::FsyncMode::kOff);
      tables_.IndexTable(db, tables[t].schema.name);
      log::Info("dropped index(es) of table \"{}\" of database \"{}\"", tables[t].schema.name, db);
    }
    if (!notice.empty()) return Notice("00000", notice);
    return Ok();
  } catch (const SqlError& e) {
    return Error(e);
  }
}

}  // namespace sb::coordinator
