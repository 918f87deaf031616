#include "coordinator/index_entries.h"

#include <dirent.h>

#include <optional>

#include "coordinator/ctl/missing_values.h"
#include "coordinator/ctl/table_documents.h"
#include "shared/config/log.h"
#include "shared/errors/sql_error.h"
#include "shared/index/index_key.h"
#include "shared/storage/atomic_file.h"

namespace sb::coordinator {

std::vector<DocumentFile> ListTable(const storage::DataPaths& paths, const std::string& dir) {
  std::vector<DocumentFile> files;
  if (DIR* d = ::opendir(dir.c_str()); d != nullptr) {
    while (dirent* entry = ::readdir(d)) {
      std::string path = dir + "/" + entry->d_name;
      storage::DataPaths::Parsed parsed = paths.Classify(path);
      if (parsed.kind == storage::DataPathKind::kDocument) {
        files.push_back({std::move(path), std::move(parsed.stem)});
      }
    }
    ::closedir(d);
  }
  return files;
}

std::vector<IndexRow> ReadIndexRows(const storage::DataPaths& paths, const std::string& db,
                                    const storage::TableSchema& schema, size_t* broken,
                                    const std::atomic<bool>* cancel) {
  std::vector<IndexRow> rows;
  const std::vector<storage::KeyColumn> key_columns = schema.KeyColumns();
  const std::vector<int> key_positions = schema.PrimaryKeyColumns();
  // Rows as queries read them: a column a document lacks reads as its constant default.
  const std::vector<ctl::MissingValue> missing = ctl::MissingValues(schema);
  for (DocumentFile& file : ListTable(paths, paths.TableDir(db, schema.name))) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) break;
    std::optional<std::string> text = storage::ReadFile(file.path);
    if (!text) continue;  // deleted meanwhile
    try {
      ctl::DocumentEntry entry{file.path, file.stem,
                               storage::DecodeKeyStem(file.stem, key_columns)};
      rows.push_back({std::move(file.stem), ctl::RowFromDocument(schema, missing, *text, entry)});
    } catch (const SqlError& e) {
      if (broken != nullptr) ++*broken;
      log::Warning("indexes of \"{}\" leave out {}: {}", schema.name, file.path, e.what());
      storage::DecodedKey key = storage::DecodeKeyStem(file.stem, key_columns);
      if (key.status == storage::KeyStemStatus::kOk && !key_positions.empty()) {
        std::vector<types::Value> values(schema.columns.size());
        for (size_t i = 0; i < key_positions.size(); ++i) {
          values[static_cast<size_t>(key_positions[i])] = key.values[i];
        }
        rows.push_back({std::move(file.stem), std::move(values), /*key_only=*/true});
      }
    }
  }
  return rows;
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
