#include "coordinator/table_writer.h"

#include <dirent.h>
#include <fmt/format.h>

#include <algorithm>
#include <filesystem>

#include "coordinator/ctl/missing_values.h"
#include "coordinator/ctl/table_documents.h"
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

ApplyResult Error(const SqlError& e) {
  std::string text = e.what();
  if (!e.detail().empty()) text += "\n" + e.detail();
  return ErrorResult(SqlStateCode(e.state()), text);
}

}  // namespace

void TableWriter::Forget(const std::string& db, const std::string& table) {
  indexes_.Forget(db, table);
  catalog_.ForgetTable(db, table);
}

void TableWriter::IndexTable(const std::string& db, const std::string& table) {
  batch_.Flush();  // the rebuild reads the documents from disk
  indexes_.Rebuild(db, LoadSchema(db, table));
}

void TableWriter::ReindexDocument(const std::string& db, const std::string& table,
                                  const std::string& stem, const std::string& path) {
  std::shared_ptr<const storage::TableSchema> schema = LoadSchema(db, table);
  EnsureIndexes(db, schema);
  std::optional<IndexRow> row = CurrentRow(*schema, stem, path);
  indexes_.Reindex(db, table, stem, row ? &row->values : nullptr);
}

std::optional<IndexRow> TableWriter::CurrentRow(const storage::TableSchema& schema,
                                                const std::string& stem, const std::string& path) {
  std::optional<std::string> text = batch_.Read(path);
  if (!text) return std::nullopt;
  // Queries that read a broken document report it; the indexes keep it under its key.
  std::string error;
  std::optional<IndexRow> row =
      DecodeIndexRow(schema, ctl::MissingValues(schema), stem, path, *text, &error);
  if (!error.empty()) log::Warning("{}", error);
  return row;
}

void TableWriter::RefreshTable(const std::string& db, const std::string& table) {
  EnsureIndexes(db, LoadSchema(db, table));
}

void TableWriter::EnsureIndexes(const std::string& db,
                                const std::shared_ptr<const storage::TableSchema>& schema) {
  if (indexes_.IsCurrent(db, schema)) return;
  batch_.Flush();  // the documents are read from disk
  std::optional<IndexMaintainer::BuildJob> job = indexes_.Adopt(db, schema);
  if (!job) return;
  builder_.Start(std::move(*job),
                 [this](const IndexMaintainer::BuildJob& built, std::vector<IndexRow> rows) {
                   auto install = std::make_shared<PendingInstall>();
                   install->job = built;
                   install->rows = std::move(rows);
                   InstallBuild(std::move(install));
                 });
}

void TableWriter::InstallBuild(std::shared_ptr<PendingInstall> install) {
  // Steps small enough that a write or an index look-up waits a few milliseconds at most.
  constexpr size_t kRowsPerStep = 20000;
  for (;;) {
    const storage::TableSchema& schema = *install->job.schema;
    const bool done = indexes_.FinishBuild(
        install->job, install->rows, install->progress,
        [&](const std::string& stem) {
          std::optional<IndexRow> row;
          try {
            row = CurrentRow(schema, stem, paths_.DocumentFile(install->job.db, schema.name, stem));
          } catch (const SqlError&) {
          }
          return row;
        },
        kRowsPerStep);
    if (done) return;
    if (builder_.Post([this, install] { InstallBuild(install); })) return;
  }
}

void TableWriter::CheckUnique(const std::string& db, const storage::TableSchema& schema,
                              const std::vector<types::Value>& row,
                              const std::set<std::string>& released,
                              std::vector<std::set<std::string>>& batch_keys) const {
  const std::vector<index::IndexDefinition>& definitions = indexes_.Definitions(db, schema.name);
  batch_keys.resize(definitions.size());
  for (size_t i = 0; i < definitions.size(); ++i) {
    const index::IndexDefinition& d = definitions[i];
    if (!d.unique || d.primary || !d.indexable || HasNullPart(d, row)) continue;
    std::string key = IndexKeyOf(d, row);
    bool taken = !batch_keys[i].insert(key).second;
    for (const std::string& holder : indexes_.Holders(db, schema.name, d.name, key)) {
      if (released.count(holder) == 0) taken = true;
    }
    if (taken) {
      throw SqlError(SqlState::kUniqueViolation,
                     fmt::format("duplicate key value violates unique constraint \"{}\"", d.name))
          .WithDetail(KeyDetail(schema, d.columns, row));
    }
  }
}

std::string TableWriter::SequenceName(const storage::TableSchema& schema, int column) const {
  const storage::ColumnSchema& col = schema.columns[static_cast<size_t>(column)];
  return col.sequence.empty() ? fmt::format("{}_{}_seq", schema.name, col.name) : col.sequence;
}

std::shared_ptr<const storage::TableSchema> TableWriter::LoadSchema(const std::string& db,
                                                                    const std::string& table) {
  storage::ValidateSqlName(storage::NameKind::kDatabase, db);
  storage::ValidateSqlName(storage::NameKind::kTable, table);
  // One stat per write; the file is parsed again only when it changed.
  return catalog_.GetTable(db, table).schema;
}

std::string TableWriter::CheckedDocumentPath(const std::string& db, const std::string& table,
                                             const std::string& stem) {
  // The stem comes from a worker: it must name a document of this table and nothing else.
  auto malformed = [&] {
    return SqlError(SqlState::kProtocolViolation,
                    fmt::format("request names an invalid document \"{}\"", stem));
  };
  std::string path;
  try {
    path = paths_.DocumentFile(db, table, stem);
  } catch (const SqlError&) {
    throw malformed();
  }
  storage::DataPaths::Parsed parsed = paths_.Classify(path);
  if (parsed.kind != storage::DataPathKind::kDocument || parsed.stem != stem) throw malformed();
  return path;
}

int64_t TableWriter::NextSequenceValue(const std::string& db, const storage::TableSchema& schema,
                                       int column) {
  std::string name = SequenceName(schema, column);
  auto key = std::make_pair(db, name);
  auto found = sequences_.find(key);
  if (found == sequences_.end()) {
    int64_t last = 0;
    batch_.Flush();  // the scan below reads the table's files
    if (auto text = batch_.Read(paths_.SequenceFile(db, name))) {
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
  batch_.Put(paths_.SequenceFile(db, name), fmt::format("{{\"last_value\": {}}}\n", value));
  return value;
}

ApplyResult TableWriter::Insert(const std::vector<std::string>& fields) {
  if (fields.size() < 4 || fields.size() % 2 != 0) {
    return ErrorResult("08P01", "malformed INSERT request");
  }
  const std::string& db = fields[0];
  const std::string& table = fields[1];
  try {
    std::shared_ptr<const storage::TableSchema> loaded = LoadSchema(db, table);
    const storage::TableSchema& schema = *loaded;
    EnsureIndexes(db, loaded);
    const std::vector<int> key_columns = schema.PrimaryKeyColumns();
    const std::string pkey_name = schema.name + "_pkey";

    struct Pending {
      std::string stem;
      std::string path;
      std::string document;
      std::vector<types::Value> values;
    };
    std::vector<Pending> pending;
    std::set<std::string> batch_stems;
    const std::set<std::string> none_released;
    std::vector<std::set<std::string>> batch_keys;
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
        if (batch_stems.count(stem) > 0 || batch_.Exists(path)) {
          throw SqlError(
              SqlState::kUniqueViolation,
              fmt::format("duplicate key value violates unique constraint \"{}\"", pkey_name))
              .WithDetail(KeyDetail(schema, key_columns, row.values));
        }
      }
      batch_stems.insert(stem);
      CheckUnique(db, schema, row.values, none_released, batch_keys);
      Pending next;
      next.stem = stem;
      next.path = paths_.DocumentFile(db, table, stem);
      next.document = storage::EncodeDocument(schema, row.values, {},
                                              config_.json_style == config::JsonStyle::kCompact
                                                  ? storage::JsonStyle::kCompact
                                                  : storage::JsonStyle::kPretty);
      next.values = std::move(row.values);
      pending.push_back(std::move(next));
    }

    // Every row passed: write them all, then index them.
    std::string reply;
    std::vector<IndexMaintainer::Change> changes;
    for (const Pending& row : pending) {
      batch_.Put(row.path, row.document);
      changes.push_back({"", nullptr, false, row.stem, &row.values});
      if (!reply.empty()) reply += '\0';
      reply += row.document;
    }
    indexes_.Apply(db, table, changes);
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), std::move(reply)};
  } catch (const SqlError& e) {
    return Error(e);
  }
}

namespace {

ApplyResult Conflict() {
  return {static_cast<uint32_t>(ipc::RingStatus::kConflict), ""};
}

SqlError DuplicateKey(const std::string& constraint, const std::string& detail) {
  return SqlError(SqlState::kUniqueViolation,
                  fmt::format("duplicate key value violates unique constraint \"{}\"", constraint))
      .WithDetail(detail);
}

}  // namespace

ApplyResult TableWriter::Update(const std::vector<std::string>& fields) {
  if (fields.size() < 5 || (fields.size() - 2) % 3 != 0) {
    return ErrorResult("08P01", "malformed UPDATE request");
  }
  const std::string& db = fields[0];
  const std::string& table = fields[1];
  try {
    std::shared_ptr<const storage::TableSchema> loaded = LoadSchema(db, table);
    const storage::TableSchema& schema = *loaded;
    EnsureIndexes(db, loaded);
    const std::vector<int> key_columns = schema.PrimaryKeyColumns();
    struct Pending {
      std::string old_stem, old_path, old_text;
      std::string new_stem, new_path, document;
      std::vector<types::Value> new_values;
    };
    std::vector<Pending> pending;
    // Every file must still be exactly what the worker read, before anything else is looked at.
    std::set<std::string> old_stems;
    for (size_t f = 2; f + 2 < fields.size(); f += 3) {
      Pending row;
      row.old_stem = fields[f];
      row.old_path = CheckedDocumentPath(db, table, row.old_stem);
      if (!old_stems.insert(row.old_stem).second) {
        return ErrorResult("08P01", "UPDATE request names a row twice");
      }
      std::optional<std::string> text = batch_.Read(row.old_path);
      if (!text || ipc::DocumentVersion(*text) != fields[f + 1]) return Conflict();
      row.old_text = std::move(*text);
      pending.push_back(std::move(row));
    }
    // The old values of every row leave the unique indexes together, so rows may trade values.
    std::vector<storage::DecodedRow> old_rows;
    for (Pending& row : pending) {
      old_rows.push_back(storage::DecodeDocument(schema, row.old_text, row.old_path));
    }
    std::set<std::string> new_stems;
    std::vector<std::set<std::string>> batch_keys;
    const storage::JsonStyle style = config_.json_style == config::JsonStyle::kCompact
                                         ? storage::JsonStyle::kCompact
                                         : storage::JsonStyle::kPretty;
    for (size_t i = 0; i < pending.size(); ++i) {
      Pending& next = pending[i];
      // The worker is not trusted: its document is decoded and checked like a hand-written one.
      storage::DecodedRow row = storage::DecodeDocument(schema, fields[2 + 3 * i + 2], "UPDATE");
      for (size_t c = 0; c < schema.columns.size(); ++c) {
        if (schema.columns[c].not_null && row.values[c].IsNull()) {
          throw SqlError(SqlState::kNotNullViolation,
                         fmt::format("null value in column \"{}\" of relation \"{}\" violates "
                                     "not-null constraint",
                                     schema.columns[c].name, table))
              .WithDetail(FailingRow(row.values));
        }
      }
      std::string stem = next.old_stem;
      if (!key_columns.empty()) {
        std::vector<types::Value> parts;
        for (int c : key_columns) parts.push_back(row.values[static_cast<size_t>(c)]);
        stem = storage::EncodeKeyStem(parts);
      }
      next.new_path = paths_.DocumentFile(db, table, stem);
      if (stem != next.old_stem && (new_stems.count(stem) > 0 || batch_.Exists(next.new_path))) {
        throw DuplicateKey(schema.name + "_pkey", KeyDetail(schema, key_columns, row.values));
      }
      if (!new_stems.insert(stem).second) {
        throw DuplicateKey(schema.name + "_pkey", KeyDetail(schema, key_columns, row.values));
      }
      CheckUnique(db, schema, row.values, old_stems, batch_keys);
      next.new_stem = stem;
      // Keys someone added by hand survive the rewrite.
      next.document = storage::EncodeDocument(schema, row.values, old_rows[i].extra, style);
      next.new_values = std::move(row.values);
    }

    // Every row passed: write them all. A moved row is written before its old file goes, so
    // it is never absent.
    std::string reply;
    std::vector<IndexMaintainer::Change> changes;
    for (size_t i = 0; i < pending.size(); ++i) {
      const Pending& row = pending[i];
      batch_.Put(row.new_path, row.document);
      if (row.new_path != row.old_path) batch_.Remove(row.old_path);
      changes.push_back({row.old_stem, &old_rows[i].values, true, row.new_stem, &row.new_values});
      if (!reply.empty()) reply += '\0';
      reply += row.document;
    }
    indexes_.Apply(db, table, changes);
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), std::move(reply)};
  } catch (const SqlError& e) {
    return Error(e);
  }
}

ApplyResult TableWriter::Delete(const std::vector<std::string>& fields) {
  if (fields.size() < 4 || fields.size() % 2 != 0) {
    return ErrorResult("08P01", "malformed DELETE request");
  }
  const std::string& db = fields[0];
  const std::string& table = fields[1];
  try {
    std::shared_ptr<const storage::TableSchema> loaded = LoadSchema(db, table);
    const storage::TableSchema& schema = *loaded;
    EnsureIndexes(db, loaded);
    struct Pending {
      std::string stem;
      std::string path;
      std::optional<std::vector<types::Value>> old_values;
    };
    std::vector<Pending> pending;
    std::set<std::string> stems;
    for (size_t f = 2; f + 1 < fields.size(); f += 2) {
      Pending row;
      row.stem = fields[f];
      row.path = CheckedDocumentPath(db, table, fields[f]);
      if (!stems.insert(fields[f]).second) {
        return ErrorResult("08P01", "DELETE request names a row twice");
      }
      std::optional<std::string> text = batch_.Read(row.path);
      if (!text || ipc::DocumentVersion(*text) != fields[f + 1]) return Conflict();
      try {
        row.old_values = storage::DecodeDocument(schema, *text, row.path).values;
      } catch (const SqlError& e) {
        log::Warning("deleting {}, which does not decode: {}", row.path, e.what());
      }
      pending.push_back(std::move(row));
    }
    std::vector<IndexMaintainer::Change> changes;
    for (const Pending& row : pending) {
      batch_.Remove(row.path);
      changes.push_back({row.stem, row.old_values ? &*row.old_values : nullptr, true, "", nullptr});
    }
    indexes_.Apply(db, table, changes);
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
  } catch (const SqlError& e) {
    return Error(e);
  }
}

ApplyResult TableWriter::Truncate(const std::vector<std::string>& fields) {
  if (fields.size() < 3) return ErrorResult("08P01", "malformed TRUNCATE request");
  const std::string& db = fields[0];
  const bool restart_identity = fields[1] == "1";
  try {
    batch_.Flush();  // documents are listed from disk below
    // All or nothing: every table is checked before any is emptied.
    std::vector<storage::TableSchema> schemas;  // copies: TRUNCATE is rare
    for (size_t i = 2; i < fields.size(); ++i) schemas.push_back(*LoadSchema(db, fields[i]));
    for (const storage::TableSchema& schema : schemas) {
      for (const std::string& file : ListDocuments(paths_, paths_.TableDir(db, schema.name))) {
        batch_.Remove(file);
      }
      indexes_.Clear(db, schema.name);
      if (!restart_identity) continue;
      for (size_t c = 0; c < schema.columns.size(); ++c) {
        const storage::ColumnSchema& column = schema.columns[c];
        if (column.identity == storage::IdentityKind::kNone &&
            !column.default_expr.starts_with("nextval(")) {
          continue;
        }
        std::string name = SequenceName(schema, static_cast<int>(c));
        sequences_.erase({db, name});
        batch_.Remove(paths_.SequenceFile(db, name));
      }
    }
    return {static_cast<uint32_t>(ipc::RingStatus::kOk), ""};
  } catch (const SqlError& e) {
    return Error(e);
  }
}

}  // namespace sb::coordinator
