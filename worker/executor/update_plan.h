// Planning UPDATE: the worker reads the target rows (as DELETE does, delete_plan.h), computes
// each new row from the old one (SET expressions see the old row), and sends old stem,
// version and new document per row in one kUpdate request; the coordinator checks the
// constraints and writes the files, and answers with the documents as written, from which
// RETURNING is computed. On kConflict the statement runs again from the start.
#pragma once

#include <memory>

#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

std::shared_ptr<const Plan> PlanUpdate(const sql::UpdateStmt& statement, Binder& binder,
                                       PreparedStatement& prepared, int location);

}  // namespace sb::worker
