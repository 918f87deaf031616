// The documents of one table as smarterbase-ctl reads them: the file list in primary-key
// order, and one document turned into the row a SELECT would show.
//
// Used by export (rows in key order) and check (one thread). Only reads files: on a running
// server every document is replaced atomically, so each read sees a whole document; a file
// deleted between listing and reading is simply gone.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "coordinator/ctl/missing_values.h"
#include "shared/storage/data_paths.h"
#include "shared/storage/document_key.h"
#include "shared/storage/table_schema.h"
#include "shared/types/value.h"

namespace sb::ctl {

struct DocumentEntry {
  std::string path;
  std::string stem;         // the file name without ".json", still encoded
  storage::DecodedKey key;  // decoded from the stem (kOk), or not (kHashed, kInvalid)
};

// The document files of `table_dir` (what DataPaths::Classify calls documents: temp, editor
// and hidden files are skipped), sorted by SortByKey. Empty when the folder does not exist.
std::vector<DocumentEntry> ListTableDocuments(const storage::DataPaths& paths,
                                              const std::string& table_dir,
                                              const storage::TableSchema& schema);

// Entries with a decoded key first, in key order (SQL ordering of each part), then the others
// by file name. Stable and deterministic.
void SortByKey(std::vector<DocumentEntry>& entries);

// The row of one document: the document's values; key columns the document leaves out come
// from the file name, other missing columns from `missing`. Throws SqlError naming the file
// (DecodeDocument's errors; XX001 when the key is in neither the document nor the file name).
std::vector<types::Value> RowFromDocument(const storage::TableSchema& schema,
                                          const std::vector<MissingValue>& missing,
                                          std::string_view text, const DocumentEntry& entry);

// The key column values of a row, in key order (empty for a table with a hidden row key).
std::vector<types::Value> KeyOfRow(const storage::TableSchema& schema,
                                   const std::vector<types::Value>& row);

}  // namespace sb::ctl
