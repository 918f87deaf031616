// The rows of one table as smarterbase-ctl reads them for index snapshots (rebuild-indexes and
// check), and the values that documents hold twice in a unique index.
//
// One thread; only reads files. Rows are what a SELECT shows (missing columns read as their
// constant default, key columns from the file name), each named by its file stem, in
// primary-key order. Documents that do not read are returned as findings, not rows: the file
// check reports them in detail, and they are left out of every snapshot.
#pragma once

#include <string>
#include <vector>

#include "coordinator/ctl/check_report.h"
#include "shared/index/index_definitions.h"
#include "shared/index/index_snapshot.h"
#include "shared/storage/data_paths.h"
#include "shared/storage/table_schema.h"

namespace sb::ctl {

struct TableRows {
  std::vector<index::SnapshotRow> rows;
  std::vector<std::string> paths;  // paths[i] is the document of rows[i]
  std::vector<Finding> broken;     // documents that could not be read (errors)
};

// Reads every document of `schema`'s table in `db`. Throws SqlError 58030 when the folder
// cannot be listed.
TableRows ReadTableRows(const storage::DataPaths& paths, const std::string& db,
                        const storage::TableSchema& schema);

// Two documents with the same non-NULL key in a unique (non-primary) index.
struct UniqueDuplicate {
  std::string index;     // the index (constraint) name
  std::string key;       // as PostgreSQL shows it: "(email)=(a@example.com)"
  std::string first;     // document path, the first in key order
  std::string second;    // the other document's path
  size_t first_row = 0;  // positions in TableRows::rows
  size_t second_row = 0;
};

// Every pair (first holder, each later holder) per duplicated key, by index then key order.
// Keys compare as the index compares them (1.5 = 1.50).
std::vector<UniqueDuplicate> FindUniqueDuplicates(const storage::TableSchema& schema,
                                                  const TableRows& rows);

// "(a, b)=(1, x)" for key values of `index`.
std::string KeyDescription(const storage::TableSchema& schema, const index::IndexDefinition& index,
                           const std::vector<types::Value>& key);

}  // namespace sb::ctl
