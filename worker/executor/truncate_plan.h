// Planning TRUNCATE [TABLE] t[, ...] [RESTART IDENTITY]: the worker checks the tables exist
// and sends one kTruncate request; the coordinator removes every document file of the tables
// (all or nothing on missing tables) and, with RESTART IDENTITY, resets their sequences.
#pragma once

#include <memory>

#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

std::shared_ptr<const Plan> PlanTruncate(const sql::TruncateStmt& statement, Binder& binder,
                                         int location);

}  // namespace sb::worker
