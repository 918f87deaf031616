#include "coordinator/index_maintainer.h"

#include <fmt/format.h>
#include <boost/interprocess/exceptions.hpp>
#include <chrono>

#include "coordinator/ctl/missing_values.h"
#include "coordinator/ctl/table_documents.h"
#include "coordinator/index_entries.h"
#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/index/index_key.h"
#include "shared/storage/atomic_file.h"
#include "shared/storage/document_codec.h"
#include "shared/storage/document_key.h"
#include "shared/types/text_io.h"

namespace sb::coordinator {
namespace {

const std::vector<index::IndexDefinition> kNoDefinitions;

}  // namespace

bool HasNullPart(const index::IndexDefinition& index, const std::vector<types::Value>& row) {
  for (int c : index.columns) {
    if (row[static_cast<size_t>(c)].IsNull()) return true;
  }
  return false;
}

std::string IndexKeyOf(const index::IndexDefinition& index, const std::vector<types::Value>& row) {
  std::string key;
  for (size_t i = 0; i < index.columns.size(); ++i) {
    index::AppendKeyPart(key, row[static_cast<size_t>(index.columns[i])], index.types[i]);
  }
  return key;
}

bool IndexMaintainer::IsCurrent(const std::string& db,
                                const std::shared_ptr<const storage::TableSchema>& schema) {
  auto found = tables_.find({db, schema->name});
  if (found == tables_.end()) return false;
  if (found->second.schema == schema) return true;
  // A new parse of the schema file: current unless what the indexes hold changed.
  std::vector<std::string> signatures;
  for (const index::IndexDefinition& d : index::TableIndexes(*schema)) {
    signatures.push_back(d.name + "=" + index::Signature(*schema, d));
  }
  if (signatures != found->second.signatures) return false;
  found->second.schema = schema;
  return true;
}

size_t IndexMaintainer::Rebuild(const std::string& db,
                                const std::shared_ptr<const storage::TableSchema>& schema,
                                std::vector<index::SnapshotRow>* snapshot_rows) {
  const auto started = std::chrono::steady_clock::now();
  TableState state;
  state.schema = schema;
  state.definitions = index::TableIndexes(*schema);
  CheckIndexable(*schema, state.definitions);
  for (const index::IndexDefinition& d : state.definitions) {
    state.signatures.push_back(d.name + "=" + index::Signature(*schema, d));
  }
  state.generation = ++next_generation_;

  // Read every document first, outside the guard.
  size_t broken = 0;
  std::vector<IndexRow> rows = ReadIndexRows(paths_, db, *schema, &broken);

  index::IndexArena::WriteGuard guard(arena_);
  arena_.DropAll(db, schema->name);
  for (size_t i = 0; i < state.definitions.size(); ++i) {
    const index::IndexDefinition& d = state.definitions[i];
    if (!d.indexable) continue;
    index::ShmIndex& shm = CreateIndex(db, *schema, d);
    try {
      for (const IndexRow& row : rows) AddEntry(arena_, shm, IndexKeyOf(d, row.values), row.stem);
    } catch (const boost::interprocess::bad_alloc&) {
      MarkTooBig(shm, d.name, schema->name);
    }
  }
  for (const index::IndexDefinition& d : state.definitions) {
    if (d.unique && !d.primary && d.indexable) ReportDuplicates(db, schema->name, d);
  }
  tables_[{db, schema->name}] = std::move(state);
  MarkDirty(db, schema->name);
  if (snapshot_rows != nullptr) {
    for (IndexRow& row : rows) {
      if (row.key_only) continue;
      snapshot_rows->push_back({std::move(row.values), std::move(row.stem)});
    }
  }
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now() - started)
                      .count();
  if (!rows.empty() || broken > 0) {
    log::Info("indexed table \"{}\" of database \"{}\": {} rows, {} indexes, {} ms{}", schema->name,
              db, rows.size(), tables_[{db, schema->name}].definitions.size(), ms,
              broken > 0 ? fmt::format(" ({} documents do not decode)", broken) : "");
  }
  return rows.size();
}

std::optional<std::string> IndexMaintainer::FindDuplicate(
    const std::string& db, const storage::TableSchema& schema,
    const index::IndexDefinition& index) const {
  std::map<std::string, std::vector<types::Value>> seen;
  for (const ctl::DocumentEntry& file :
       ctl::ListTableDocuments(paths_, paths_.TableDir(db, schema.name), schema)) {
    std::optional<std::string> text = storage::ReadFile(file.path);
    if (!text) continue;
    storage::DecodedRow row = storage::DecodeDocument(schema, *text, file.path);
    if (HasNullPart(index, row.values)) continue;
    if (!seen.emplace(IndexKeyOf(index, row.values), row.values).second) {
      std::string names, values;
      types::FormatSettings format;
      for (int c : index.columns) {
        if (!names.empty()) names += ", ";
        if (!values.empty()) values += ", ";
        names += schema.columns[static_cast<size_t>(c)].name;
        values += types::FormatText(row.values[static_cast<size_t>(c)], format);
      }
      return fmt::format("Key ({})=({}) is duplicated.", names, values);
    }
  }
  return std::nullopt;
}

std::vector<std::string> IndexMaintainer::Databases() const {
  std::vector<std::string> out;
  for (const auto& [key, state] : tables_) {
    if (out.empty() || out.back() != key.first) out.push_back(key.first);
  }
  return out;
}

std::vector<std::string> IndexMaintainer::Tables(const std::string& db) const {
  std::vector<std::string> out;
  for (const auto& [key, state] : tables_) {
    if (key.first == db) out.push_back(key.second);
  }
  return out;
}

void IndexMaintainer::ReportDuplicates(const std::string& db, const std::string& table,
                                       const index::IndexDefinition& d) const {
  const index::ShmIndex* shm = arena_.Find(db, table, d.name);
  if (shm == nullptr) return;
  size_t duplicates = 0;
  std::string example;
  std::string_view previous;
  for (const index::Entry& entry : shm->entries) {
    std::string_view key = entry.key();
    // NULL parts never conflict (tag 0x02 anywhere in the key means a NULL part; cheap check
    // on the first byte is enough for single-column keys, and multi-column keys are rare).
    if (!previous.empty() && key == previous && key[0] != 0x02) {
      if (duplicates++ == 0) example = std::string(entry.stem());
    }
    previous = key;
  }
  if (duplicates > 0) {
    log::Warning(
        "unique index \"{}\" of table \"{}\" (database \"{}\"): {} documents repeat a "
        "value another document holds (e.g. {}.json); writes that would add another "
        "duplicate fail with 23505, and `smarterbase-ctl check` lists them",
        d.name, table, db, duplicates, example);
  }
}

index::ShmIndex& IndexMaintainer::CreateIndex(const std::string& db,
                                              const storage::TableSchema& schema,
                                              const index::IndexDefinition& d) {
  index::ShmIndex& shm = arena_.Create(db, schema.name, d.name);
  std::string signature = index::Signature(schema, d);
  shm.signature.assign(signature.data(), signature.size());
  shm.unique = d.unique;
  shm.primary = d.primary;
  return shm;
}

void IndexMaintainer::CheckIndexable(const storage::TableSchema& schema,
                                     const std::vector<index::IndexDefinition>& definitions) {
  for (const index::IndexDefinition& d : definitions) {
    if (!d.indexable && d.unique) {
      throw SqlError(SqlState::kFeatureNotSupported,
                     fmt::format("constraint \"{}\" of table \"{}\": unique indexes on these "
                                 "column types are not supported",
                                 d.name, schema.name));
    }
  }
}

void IndexMaintainer::Forget(const std::string& db, const std::string& table) {
  tables_.erase({db, table});
  index::IndexArena::WriteGuard guard(arena_);
  arena_.DropAll(db, table);
}

void IndexMaintainer::ForgetDatabase(const std::string& db) {
  for (auto it = tables_.begin(); it != tables_.end();) {
    it = it->first.first == db ? tables_.erase(it) : std::next(it);
  }
  index::IndexArena::WriteGuard guard(arena_);
  arena_.DropAll(db, "");
}

void IndexMaintainer::Clear(const std::string& db, const std::string& table) {
  MarkDirty(db, table);
  index::IndexArena::WriteGuard guard(arena_);
  if (auto found = tables_.find({db, table}); found != tables_.end()) {
    // Indexes still being built are complete now: the table is empty. The build is dropped.
    TableState& state = found->second;
    for (const index::IndexDefinition& d : state.definitions) {
      if (state.building.contains(d.name)) CreateIndex(db, *state.schema, d);
    }
    state.building.clear();
    state.touched.clear();
    state.generation = ++next_generation_;
  }
  for (const std::string& name : arena_.Names(db, table)) {
    index::ShmIndex* shm = arena_.FindMutable(db, table, name);
    shm->entries.clear();
    shm->by_stem.clear();
    shm->state.store(static_cast<uint32_t>(index::IndexState::kReady));
  }
}

const std::vector<index::IndexDefinition>& IndexMaintainer::Definitions(
    const std::string& db, const std::string& table) const {
  auto found = tables_.find({db, table});
  return found == tables_.end() ? kNoDefinitions : found->second.definitions;
}

std::vector<std::string> IndexMaintainer::Holders(const std::string& db, const std::string& table,
                                                  const std::string& name,
                                                  const std::string& key) const {
  std::vector<std::string> stems;
  const index::ShmIndex* shm = arena_.Find(db, table, name);
  if (shm == nullptr) return stems;
  for (auto it = shm->entries.lower_bound(std::string_view(key));
       it != shm->entries.end() && it->key() == key; ++it) {
    stems.emplace_back(it->stem());
  }
  return stems;
}

void IndexMaintainer::Apply(const std::string& db, const std::string& table,
                            std::span<const Change> changes) {
  auto found = tables_.find({db, table});
  if (found == tables_.end()) return;
  TableState& state = found->second;
  const std::vector<index::IndexDefinition>& definitions = state.definitions;
  const std::vector<storage::KeyColumn> key_columns = state.schema->KeyColumns();
  MarkDirty(db, table);
  if (!state.building.empty()) {
    // FinishBuild takes these rows from their documents, not from the (older) read.
    for (const Change& change : changes) {
      if (!change.old_stem.empty()) state.touched.insert(change.old_stem);
      if (!change.new_stem.empty()) state.touched.insert(change.new_stem);
    }
  }
  index::IndexArena::WriteGuard guard(arena_);
  for (const index::IndexDefinition& d : definitions) {
    if (state.building.contains(d.name)) continue;
    index::ShmIndex* shm = arena_.FindMutable(db, table, d.name);
    if (shm == nullptr || shm->state.load() != static_cast<uint32_t>(index::IndexState::kReady)) {
      continue;
    }
    try {
      // Every old entry goes before any new one is added, so rows may trade keys.
      for (const Change& change : changes) {
        if (change.old_row != nullptr) {
          EraseEntry(*shm, IndexKeyOf(d, *change.old_row), change.old_stem);
        } else if (change.had_old) {
          EraseStem(*shm, key_columns, d, change.old_stem);
        }
      }
      for (const Change& change : changes) {
        if (change.new_row != nullptr) {
          AddEntry(arena_, *shm, IndexKeyOf(d, *change.new_row), change.new_stem);
        }
      }
    } catch (const boost::interprocess::bad_alloc&) {
      shm->state.store(static_cast<uint32_t>(index::IndexState::kBroken));
      log::Error(
          "index \"{}\" of \"{}\" no longer fits in index memory (index_memory); queries "
          "scan the table instead until the next rebuild",
          d.name, table);
    }
  }
}

}  // namespace sb::coordinator
