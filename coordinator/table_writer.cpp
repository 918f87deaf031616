#include "coordinator/table_writer.h"

#include <dirent.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/ipc/ring_requests.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/document_key.h"
#include "shared/storage/name_encoding.h"
#include "shared/storage/schema_file.h"
#include "shared/types/text_io.h"

namespace sb::coordinator {
namespace {

std::vector<std::string> ListDocuments(const storage::DataPaths& paths, const std::string& dir) {
  std::vector<std::string> files;
  if (DIR* d = ::opendir(dir.c_str()); d != nullptr) {
    while (dirent* entry = ::readdir(d)) {
      std::string path = dir + "/" + entry->d_name;
      if (paths.Classify(path).kind == storage::DataPathKind::kDocument) files.push_back(path);
    }
    ::closedir(d);
  }
  return files;
}

// "(a, b)=(1, x)" as PostgreSQL's DETAIL shows a key.
std::string KeyDetail(const storage::TableSchema& schema, const std::vector<int>& columns,
                      const std::vector<types::Value>& row) {
  std::string names, values;
  types::FormatSettings format;
  for (int c : columns) {
    if (!names.empty()) names += ", ";
    if (!values.empty()) values += ", ";
    names += schema.columns[static_cast<size_t>(c)].name;
    values += row[static_cast<size_t>(c)].IsNull()
                  ? "null"
                  : types::FormatText(row[static_cast<size_t>(c)], format);
  }
  return fmt::format("Key ({})=({}) already exists.", names, values);
}

std::string FailingRow(const std::vector<types::Value>& row) {
  std::string out;
  types::FormatSettings format;
  for (const types::Value& value : row) {
    if (!out.empty()) out += ", ";
    out += value.IsNull() ? "null" : types::FormatText(value, format);
  }
  return fmt::format("Failing row contains ({}).", out);
}

// The canonical text of a key made of `columns` of `row`; empty when a part is NULL (NULLs
// never conflict).
std::string UniqueKey(const std::vector<int>& columns, const std::vector<types::Value>& row) {
  std::vector<types::Value> parts;
  for (int c : columns) {
    if (row[static_cast<size_t>(c)].IsNull()) return "";
    parts.push_back(row[static_cast<size_t>(c)]);
  }
  return storage::EncodeKeyStem(parts);
}

ApplyResult Error(const SqlError& e) {
  std::string text = e.what();
  if (!e.detail().empty()) text += "\n" + e.detail();
  return ErrorResult(SqlStateCode(e.state()), text);
}

}  // namespace

void TableWriter::Forget(const std::string& db, const std::string& table) {
  tables_.erase({db, table});
}

TableWriter::TableState& TableWriter::State(const std::string& db,
                                            const storage::TableSchema& schema) {
  auto key = std::make_pair(db, schema.name);
  auto found = tables_.find(key);
  if (found != tables_.end()) return found->second;
  TableState state;
  auto add = [&](std::string constraint, std::vector<int> columns) {
    state.uniques.push_back({std::move(constraint), std::move(columns), {}});
  };
  for (size_t i = 0; i < schema.columns.size(); ++i) {
    if (schema.columns[i].unique) {
      add(fmt::format("{}_{}_key", schema.name, schema.columns[i].name), {static_cast<int>(i)});
    }
  }
  for (const auto& columns : schema.unique) {
    std::vector<int> positions;
    std::string name = schema.name;
    for (const std::string& column : columns) {
      positions.push_back(schema.ColumnIndex(column));
      name += "_" + column;
    }
    add(name + "_key", positions);
  }
  for (const storage::IndexSchema& index : schema.indexes) {
    if (!index.unique) continue;
    std::vector<int> positions;
    for (const std::string& column : index.columns) positions.push_back(schema.ColumnIndex(column));
    add(index.name, positions);
  }
  if (!state.uniques.empty()) {
    for (const std::string& file : ListDocuments(paths_, paths_.TableDir(db, schema.name))) {
      std::optional<std::string> text = storage::ReadFile(file);
      if (!text) continue;
      try {
        storage::DecodedRow row = storage::DecodeDocument(schema, *text, file);
        for (UniqueSet& unique : state.uniques) {
          std::string key = UniqueKey(unique.columns, row.values);
          if (!key.empty()) unique.keys.insert(key);
        }
      } catch (const SqlError& e) {
        log::Warning("UNIQUE checks of \"{}\" cannot see {}: {}", schema.name, file, e.what());
      }
    }
  }
  return tables_.emplace(key, std::move(state)).first->second;
}

int64_t TableWriter::NextSequenceValue(const std::string& db, const storage::TableSchema& schema,
                                       int column) {
  const storage::ColumnSchema& col = schema.columns[static_cast<size_t>(column)];
  std::string name =
      col.sequence.empty() ? fmt::format("{}_{}_seq", schema.name, col.name) : col.sequence;
  auto key = std::make_pair(db, name);
  auto found = sequences_.find(key);
  if (found == sequences_.end()) {
    int64_t last = 0;
    if (auto text = storage::ReadFile(paths_.SequenceFile(db, name))) {
      std::string_view t = *text;
      size_t colon = t.find(':');
      if (colon != std::string::npos) last = std::atoll(std::string(t.substr(colon + 1)).c_str());
    }
    // Never below what the table holds (hand edits, a lost sequence file).
    for (const std::string& file : ListDocuments(paths_, paths_.TableDir(db, schema.name))) {
      std::optional<std::string> text = storage::ReadFile(file);
      if (!text) continue;
      try {
        storage::DecodedRow row = storage::DecodeDocument(schema, *text, file);
        const types::Value& v = row.values[static_cast<size_t>(column)];
        if (!v.IsNull()) last = std::max(last, v.GetInt());
      } catch (const SqlError&) {
      }
    }
    found = sequences_.emplace(key, last).first;
  }
  int64_t value = ++found->second;
  storage::CreateDirectories(paths_.SequenceDir(db));
  storage::WriteFileAtomic(paths_.SequenceFile(db, name),
                           fmt::format("{{\"last_value\": {}}}\n", value),
                           config_.fsync == config::FsyncMode::kAlways);
  return value;
}

ApplyResult TableWriter::Insert(const std::vector<std::string>& fields) {
  if (fields.size() < 4 || fields.size() % 2 != 0) {
    return ErrorResult("08P01", "malformed INSERT request");
  }
  const std::string& db = fields[0];
  const std::string& table = fields[1];
  try {
    storage::ValidateSqlName(storage::NameKind::kDatabase, db);
    storage::ValidateSqlName(storage::NameKind::kTable, table);
    std::string schema_path = paths_.SchemaFile(db, table);
    std::optional<std::string> schema_text = storage::ReadFile(schema_path);
    if (!schema_text) {
      return ErrorResult("42P01", fmt::format("relation \"{}\" does not exist", table));
    }
    storage::TableSchema schema = storage::ParseSchemaFile(*schema_text, schema_path);
    TableState& state = State(db, schema);
    const std::vector<int> key_columns = schema.PrimaryKeyColumns();
    const std::string pkey_name = schema.name + "_pkey";

    struct Pending {
      std::string path;
      std::string document;
      std::vector<std::string> unique_keys;
    };
    std::vector<Pending> pending;
    std::set<std::string> batch_stems;
    std::vector<std::set<std::string>> batch_uniques(state.uniques.size());
    for (size_t f = 2; f + 1 < fields.size(); f += 2) {
      const std::string& mask = fields[f];
      if (mask.size() != schema.columns.size()) {
        return ErrorResult("XX000", fmt::format("table \"{}\" changed while the INSERT was "
                                                "planned; run it again",
                                                table));
      }
      // The worker is not trusted: its document is decoded and checked like a hand-written one.
      storage::DecodedRow row = storage::DecodeDocument(schema, fields[f + 1], "INSERT");
      for (size_t c = 0; c < schema.columns.size(); ++c) {
        if (mask[c] == '1') {
          row.values[c] = types::Value::Integer(schema.columns[c].type.oid,
                                                NextSequenceValue(db, schema, static_cast<int>(c)));
        }
      }
      for (size_t c = 0; c < schema.columns.size(); ++c) {
        if (schema.columns[c].not_null && row.values[c].IsNull()) {
          throw SqlError(SqlState::kNotNullViolation,
                         fmt::format("null value in column \"{}\" of relation \"{}\" violates "
                                     "not-null constraint",
                                     schema.columns[c].name, table))
              .WithDetail(FailingRow(row.values));
        }
      }
      std::string stem;
      if (key_columns.empty()) {
        stem = storage::NewHiddenRowKey();
      } else {
        std::vector<types::Value> parts;
        for (int c : key_columns) parts.push_back(row.values[static_cast<size_t>(c)]);
        stem = storage::EncodeKeyStem(parts);
        std::string path = paths_.DocumentFile(db, table, stem);
        if (batch_stems.count(stem) > 0 || std::filesystem::exists(path)) {
          throw SqlError(
              SqlState::kUniqueViolation,
              fmt::format("duplicate key value violates unique constraint \"{}\"", pkey_name))
              .WithDetail(KeyDetail(schema, key_columns, row.values));
        }
      }
      batch_stems.insert(stem);
      Pending next;
      next.path = paths_.DocumentFile(db, table, stem);
      for (size_t u = 0; u < state.uniques.size(); ++u) {
        const UniqueSet& unique = state.uniques[u];
        std::string key = UniqueKey(unique.columns, row.values);
        if (!key.empty() && (unique.keys.count(key) > 0 || batch_uniques[u].count(key) > 0)) {
          throw SqlError(SqlState::kUniqueViolation,
                         fmt::format("duplicate key value violates unique constraint \"{}\"",
                                     unique.constraint))
              .WithDetail(KeyDetail(schema, unique.columns, row.values));
        }
        if (!key.empty()) batch_uniques[u].insert(key);
        next.unique_keys.push_back(key);
      }
      next.document = storage::EncodeDocument(schema, row.values, {},
                                              config_.json_style == config::JsonStyle::kCompact
                                                  ? storage::JsonStyle::kCompact
                                                  : storage::JsonStyle::kPretty);
      pending.push_back(std::move(next));
    }

    // Every row passed: write them all.
    const bool sync = config_.fsync == config::FsyncMode::kAlways;
    std::string reply;
    for (const Pending& row : pending) {
      storage::WriteFileAtomic(row.path, row.document, sync);
      for (size_t u = 0; u < state.uniques.size(); ++u) {
        if (!row.unique_keys[u].empty()) state.uniques[u].keys.insert(row.unique_keys[u]);
      }
      if (!reply.empty()) reply += '\0';
      reply += row.document;
    }
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), std::move(reply)};
  } catch (const SqlError& e) {
    return Error(e);
  }
}

}  // namespace sb::coordinator
