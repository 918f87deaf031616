#include "coordinator/index_entries.h"

#include <optional>

#include "coordinator/ctl/missing_values.h"
#include "coordinator/ctl/table_documents.h"
#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/index/index_key.h"
#include "shared/storage/atomic_file.h"

namespace sb::coordinator {

std::optional<IndexRow> DecodeIndexRow(const storage::TableSchema& schema,
                                       const std::vector<ctl::MissingValue>& missing,
                                       std::string stem, const std::string& path,
                                       const std::string& text, std::string* error) {
  ctl::DocumentEntry entry{path, stem, storage::DecodeKeyStem(stem, schema.KeyColumns())};
  try {
    return IndexRow{std::move(stem), ctl::RowFromDocument(schema, missing, text, entry)};
  } catch (const SqlError& e) {
    if (error != nullptr) *error = e.what();
    const std::vector<int> positions = schema.PrimaryKeyColumns();
    if (entry.key.status != storage::KeyStemStatus::kOk || positions.empty()) return std::nullopt;
    std::vector<types::Value> values(schema.columns.size());
    for (size_t i = 0; i < positions.size(); ++i) {
      values[static_cast<size_t>(positions[i])] = entry.key.values[i];
    }
    return IndexRow{std::move(stem), std::move(values), /*key_only=*/true};
  }
}

std::vector<IndexRow> ReadIndexRows(const storage::DataPaths& paths, const std::string& db,
                                    const storage::TableSchema& schema, size_t* broken,
                                    const std::atomic<bool>* cancel) {
  std::vector<IndexRow> rows;
  // Rows as queries read them: a column a document lacks reads as its constant default.
  const std::vector<ctl::MissingValue> missing = ctl::MissingValues(schema);
  for (ctl::DocumentEntry& file :
       ctl::ListTableDocuments(paths, paths.TableDir(db, schema.name), schema)) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) break;
    std::optional<std::string> text = storage::ReadFile(file.path);
    if (!text) continue;  // deleted meanwhile
    std::string error;
    std::optional<IndexRow> row =
        DecodeIndexRow(schema, missing, std::move(file.stem), file.path, *text, &error);
    if (!error.empty()) {
      if (broken != nullptr) ++*broken;
      log::Warning("indexes of \"{}\" leave out {}: {}", schema.name, file.path, error);
    }
    if (row) rows.push_back(std::move(*row));
  }
  return rows;
}

void MarkTooBig(index::ShmIndex& shm, std::string_view index, std::string_view table) {
  shm.state.store(static_cast<uint32_t>(index::IndexState::kBroken));
  log::Error(
      "index \"{}\" of \"{}\" does not fit in index memory (index_memory); queries scan the "
      "table instead",
      index, table);
}

void AddEntry(index::IndexArena& arena, index::ShmIndex& shm, std::string_view key,
              std::string_view stem) {
  shm.entries.insert(arena.MakeEntry(key, stem));
  if (!shm.primary) {
    std::string reverse(stem);
    reverse.push_back('\0');
    shm.by_stem.insert(arena.MakeEntry(reverse, key));
  }
}

void EraseEntry(index::ShmIndex& shm, std::string_view key, std::string_view stem) {
  std::string bytes(key);
  bytes.append(stem);
  if (auto it = shm.entries.find(std::string_view(bytes)); it != shm.entries.end()) {
    shm.entries.erase(it);
  }
  if (!shm.primary) {
    std::string reverse(stem);
    reverse.push_back('\0');
    reverse.append(key);
    if (auto it = shm.by_stem.find(std::string_view(reverse)); it != shm.by_stem.end()) {
      shm.by_stem.erase(it);
    }
  }
}

void EraseStem(index::ShmIndex& shm, const std::vector<storage::KeyColumn>& key_columns,
               const index::IndexDefinition& d, std::string_view stem) {
  if (!shm.primary) {
    std::string prefix(stem);
    prefix.push_back('\0');
    std::vector<std::string> keys;
    for (auto it = shm.by_stem.lower_bound(std::string_view(prefix));
         it != shm.by_stem.end() && index::View(it->bytes).substr(0, prefix.size()) == prefix;
         ++it) {
      keys.emplace_back(index::View(it->bytes).substr(prefix.size()));
    }
    for (const std::string& key : keys) EraseEntry(shm, key, stem);
    return;
  }
  storage::DecodedKey decoded = storage::DecodeKeyStem(stem, key_columns);
  if (decoded.status == storage::KeyStemStatus::kOk) {
    std::string key;
    for (size_t i = 0; i < decoded.values.size() && i < d.types.size(); ++i) {
      index::AppendKeyPart(key, decoded.values[i], d.types[i]);
    }
    EraseEntry(shm, key, stem);
    return;
  }
  for (auto it = shm.entries.begin(); it != shm.entries.end(); ++it) {
    if (it->stem() == stem) {
      shm.entries.erase(it);
      return;
    }
  }
}

}  // namespace sb::coordinator
