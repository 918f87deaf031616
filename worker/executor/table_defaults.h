// Column defaults as seen by readers: a document written before a column existed (or edited
// by hand) has no key for it, and reads as the column's default when that default is a
// constant — a literal or a cast of one, e.g. 'user' or '0'::numeric — else as NULL (defaults
// such as now() or nextval() describe inserts, not old rows).
//
// Evaluated by a table read on the worker's thread (once per Execute, when a document first
// lacks a key).
#pragma once

#include <vector>

#include "shared/storage/table_schema.h"
#include "worker/executor/exec_context.h"
#include "worker/executor/table_scan.h"

namespace sb::worker {

// One ColumnFill per column of `schema`. A default that does not parse or does not fit its
// column becomes an error kept in the fill (raised only when a row needs it).
std::vector<ColumnFill> ReadDefaults(const storage::TableSchema& schema, ExecContext& context);

}  // namespace sb::worker
