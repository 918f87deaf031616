// Planning SELECT. Without FROM (and for VALUES lists) the rows come from expressions alone;
// FROM clauses arrive with the storage layer.
#pragma once

#include <memory>

#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

// Fills `prepared.columns` and returns the plan. Throws SqlError for what cannot be planned.
std::shared_ptr<const Plan> PlanSelect(const sql::SelectStmt& select, Binder& binder,
                                       PreparedStatement& prepared);

}  // namespace sb::worker
