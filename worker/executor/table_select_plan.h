// Planning `SELECT ... FROM <one table>`: items (with *, t.*), WHERE, ORDER BY, DISTINCT,
// LIMIT/OFFSET over the table's document files, reading single documents for primary-key
// conditions and streaming rows when nothing needs them all at once (no ORDER BY).
//
// Called by PlanSelect (select_plan.cpp) on the worker's thread during statement analysis;
// the plan it returns is immutable and may run many times (one prepared statement, many
// Executes, each with its own parameters).
#pragma once

#include <memory>

#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

// `select.from` holds exactly one table. Fills `prepared.columns`; throws SqlError (42P01 for
// an unknown table with the position of its name, 42703 for unknown columns, ...).
std::shared_ptr<const Plan> PlanTableSelect(const sql::SelectStmt& select, Binder& binder,
                                            PreparedStatement& prepared);

}  // namespace sb::worker
