// Key look-ups: a WHERE clause that pins a single-column primary key to constants
// (`id = 5`, `id = $1`, `id IN (1, 2, $3)`, possibly ANDed with anything else) reads just
// those documents instead of scanning the table folder. Failing that, the same kind of
// condition on the leading column of an index (UNIQUE or not) looks the values up in the
// shared-memory index and reads only the documents it names; when that index is not usable
// (being rebuilt, or the schema changed under it) the table is scanned instead.
//
// Found by the table planner at analysis time (FindKeyLookup) and evaluated at each Execute
// (KeyLookupEntries, with that Execute's parameters), on the worker's thread. The look-up only
// chooses which files to read: the whole WHERE clause still filters the rows read.
#pragma once

#include <optional>
#include <vector>

#include "shared/storage/table_schema.h"
#include "worker/executor/bound_expr.h"
#include "worker/executor/exec_context.h"
#include "worker/executor/table_scan.h"

namespace sb::worker {

struct KeyLookup {
  // Constant expressions (constants, parameters, casts of them) inside the plan's WHERE tree,
  // which owns them; each value is a candidate key.
  std::vector<const BoundExpr*> values;
  types::Oid key_type = types::kInvalidOid;
  // Empty for the primary key (documents are named by it). Else the index whose leading
  // column the values are compared with, and its signature (index_definitions.h).
  std::string index_name;
  std::string signature;
};

// nullopt when `where` (may be null) has no usable key condition.
std::optional<KeyLookup> FindKeyLookup(const BoundExpr* where, const storage::TableSchema& schema);

// The documents to read, without duplicates (primary key: in key order). NULLs and values that
// cannot equal any key (out of the key type's range) match no document. nullopt when the
// lookup needs an index that is not usable now.
std::optional<std::vector<DocumentEntry>> KeyLookupEntries(const KeyLookup& lookup,
                                                           const std::string& table,
                                                           ExecContext& context);

// The documents a statement reads: those of `lookup` when there is one and it can be used,
// else every document of the table folder.
std::vector<DocumentEntry> ChooseDocuments(const std::optional<KeyLookup>& lookup,
                                           const TableReadSpec& spec, const std::string& table_dir,
                                           ExecContext& context);

}  // namespace sb::worker
