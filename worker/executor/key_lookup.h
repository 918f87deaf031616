// Primary-key look-ups: a WHERE clause that pins a single-column primary key to constants
// (`id = 5`, `id = $1`, `id IN (1, 2, $3)`, possibly ANDed with anything else) reads just
// those documents instead of scanning the table folder.
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
};

// nullopt when `where` (may be null) has no usable key condition.
std::optional<KeyLookup> FindKeyLookup(const BoundExpr* where, const storage::TableSchema& schema);

// The documents to read, in key order, without duplicates. NULLs and values that cannot equal
// any key (out of the key type's range) match no document.
std::vector<DocumentEntry> KeyLookupEntries(const KeyLookup& lookup, ExecContext& context);

}  // namespace sb::worker
