// Index snapshots: the readable JSON files under <db>/_idx/<table>/ that show what the
// shared-memory indexes hold (docs/data_format.md). Every index of a table except the primary
// key (the document folder already lists that one) has a snapshot:
//
//   unique      _idx/<table>/<index>.json        {"<value>": "<row stem>", ...}, one entry a
//                                                line, in index order; <value> is the value's
//                                                PostgreSQL text for one column, the composite
//                                                key stem (EncodeKeyStem) for several
//   non-unique  _idx/<table>/<index>/<v>.json    ["<row stem>", ...] for one value, the file
//                                                named by EncodeKeyStem(value)
//
// Rows with a NULL in the key are not listed. Rows that share a key are listed in primary-key
// order. A unique index that holds one value twice (a document edited by hand) lists that value
// once with an array of row stems, so the file stays valid JSON without duplicate names.
//
// Pure functions with no arena dependency. The coordinator writes snapshots from its own rows
// (in the background and at clean shutdown) and may read them back at start; smarterbase-ctl
// writes them offline (rebuild-indexes) and compares them with the documents (check). Whoever
// calls owns the rows; the functions keep nothing.
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "shared/index/index_definitions.h"
#include "shared/storage/data_paths.h"
#include "shared/storage/table_schema.h"
#include "shared/types/value.h"

namespace sb::index {

// One row of a table: its values by schema position (positions past the end read as NULL)
// and its document stem (the file name without ".json", still encoded).
struct SnapshotRow {
  std::vector<types::Value> values;
  std::string stem;
};

// One (key, row) pair of an index snapshot.
struct SnapshotEntry {
  // How the key is spelled in the snapshot: the JSON member name of a unique index file, or the
  // file stem of a non-unique index value file.
  std::string key_text;
  // The indexed values, one per index column; empty when `key_text` is a shortened stem (a
  // very long value: the key is then only known from the row's document).
  std::vector<types::Value> key;
  std::string stem;  // the row's document stem
};

// The indexes of `schema` that have snapshot files: every index except the primary key and
// those over types without a key encoding (the coordinator never builds those).
std::vector<IndexDefinition> SnapshotIndexes(const storage::TableSchema& schema);

// The values of `row` at the columns of `index`; nullopt when one of them is NULL or missing
// (such rows are not listed in snapshots, and never conflict in a unique index).
std::optional<std::vector<types::Value>> IndexedValues(const IndexDefinition& index,
                                                       const std::vector<types::Value>& row);

// The spelling of `key` in the snapshot of `index` (see SnapshotEntry::key_text).
std::string SnapshotKeyText(const IndexDefinition& index, std::span<const types::Value> key);

// What the snapshot of `index` holds for `rows`: one entry per row without a NULL key part, in
// index order (index_key.h encoding), rows with equal keys in primary-key order, then by stem.
// Throws SqlError XX000 for a value whose type does not match its column.
std::vector<SnapshotEntry> SnapshotEntries(const storage::TableSchema& schema,
                                           const IndexDefinition& index,
                                           const std::vector<SnapshotRow>& rows);

// The exact bytes of a unique index file for `entries` (in order; equal key texts are grouped
// into one member): pretty, 2-space indent, one member a line, final newline; "{}\n" when empty.
std::string FormatUniqueSnapshot(std::span<const SnapshotEntry> entries);
// The exact bytes of a non-unique index value file: `["3", "17"]` and a newline.
std::string FormatValueFile(std::span<const std::string> stems);

// Parsers for one file's text. `path` is only for messages. Throw SqlError XX001
// `invalid index snapshot "<path>": <reason>` for malformed content: invalid JSON (with line
// and column), a value of the wrong kind, a key that is not a value of the index's columns, or
// a row stem that cannot name a document.
std::vector<SnapshotEntry> ParseUniqueSnapshot(std::string_view text, std::string_view path,
                                               const storage::TableSchema& schema,
                                               const IndexDefinition& index);
std::vector<std::string> ParseValueFile(std::string_view text, std::string_view path);
// The key of a value file's stem; XX001 when the stem is not a value of the index's columns.
SnapshotEntry ParseValueFileStem(std::string_view stem, std::string_view path,
                                 const storage::TableSchema& schema, const IndexDefinition& index);

// What WriteIndexSnapshots did.
struct SnapshotStats {
  size_t indexes = 0;    // snapshot indexes of the table
  size_t written = 0;    // files created or replaced
  size_t unchanged = 0;  // files that already held the right bytes (not rewritten)
  size_t removed = 0;    // stale files and folders removed
};

// Writes the snapshot of every index of SnapshotIndexes(schema) from `rows` (each file with
// storage::WriteFileAtomic, no fsync; a file that already holds the right bytes is left alone)
// and removes what is stale inside _idx/<table>/: value files of values no table row has any
// more, and files or folders of indexes the schema no longer has. Hidden, temp and editor files
// and non-".json" files are left alone; symbolic links are removed, never followed. A table
// without snapshot indexes gets no _idx/<table>/ folder (an empty one is removed).
// Throws SqlError 58030 for file-system failures, XX000 as SnapshotEntries.
SnapshotStats WriteIndexSnapshots(const storage::DataPaths& paths, std::string_view db,
                                  const storage::TableSchema& schema,
                                  const std::vector<SnapshotRow>& rows);

// Reads the snapshot of one index back: the entries of its unique file, or of every value file
// of its folder (value files in file-name order). nullopt when the file (unique) or the folder
// (non-unique) does not exist. Throws XX001 naming the file for malformed content (the parsers
// above), 58030 when a file cannot be read.
std::optional<std::vector<SnapshotEntry>> ReadIndexSnapshot(const storage::DataPaths& paths,
                                                            std::string_view db,
                                                            const storage::TableSchema& schema,
                                                            const IndexDefinition& index);

}  // namespace sb::index
