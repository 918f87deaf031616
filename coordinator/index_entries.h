// The building blocks IndexMaintainer works with: listing a table's documents, reading them
// into index rows, and adding or removing one row's entries in a shared-memory index.
//
// ReadIndexRows touches only files and may run on any thread (background index builds); the
// entry functions change the arena and must run on the coordinator's event loop under its
// IndexArena::WriteGuard.
#pragma once

#include <atomic>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "coordinator/ctl/missing_values.h"
#include "shared/index/index_arena.h"
#include "shared/index/index_definitions.h"
#include "shared/storage/data_paths.h"
#include "shared/storage/document_key.h"
#include "shared/storage/table_schema.h"
#include "shared/types/value.h"

namespace sb::coordinator {

// One document as the indexes see it. A document that does not decode is kept under its key
// (from the file name) with NULLs elsewhere, `key_only` set: an ordered read through any
// index then reaches it and reports it instead of skipping it.
struct IndexRow {
  std::string stem;
  std::vector<types::Value> values;
  bool key_only = false;
};

// The row of one document. One that does not decode gives its key (from the file name) with
// NULLs elsewhere, key_only set, and `error` (may be null) says why; nullopt when its file
// name gives no key either.
std::optional<IndexRow> DecodeIndexRow(const storage::TableSchema& schema,
                                       const std::vector<ctl::MissingValue>& missing,
                                       std::string stem, const std::string& path,
                                       const std::string& text, std::string* error);

// Reads every document of the table; `broken` counts those that do not decode (each is
// logged). Stops early, returning what it has, once `cancel` (may be null) becomes true.
std::vector<IndexRow> ReadIndexRows(const storage::DataPaths& paths, const std::string& db,
                                    const storage::TableSchema& schema, size_t* broken,
                                    const std::atomic<bool>* cancel = nullptr);

// An index that ran out of index memory while being filled: workers scan instead (logged).
void MarkTooBig(index::ShmIndex& shm, std::string_view index, std::string_view table);

void AddEntry(index::IndexArena& arena, index::ShmIndex& shm, std::string_view key,
              std::string_view stem);
void EraseEntry(index::ShmIndex& shm, std::string_view key, std::string_view stem);
// Removes the row `stem` without knowing its values: through the reverse set, or for the
// primary key by decoding the stem (a shortened stem falls back to a linear search).
void EraseStem(index::ShmIndex& shm, const std::vector<storage::KeyColumn>& key_columns,
               const index::IndexDefinition& d, std::string_view stem);

}  // namespace sb::coordinator
