// Evaluation of bound expressions for one row. Runs on the worker's event-loop thread inside
// a statement; may yield (pg_sleep) through the ExecContext's hooks.
#pragma once

#include <vector>

#include "shared/types/value.h"
#include "worker/executor/bound_expr.h"
#include "worker/executor/exec_context.h"

namespace sb::worker {

struct EvalContext {
  ExecContext& exec;
  const std::vector<types::Value>* row = nullptr;  // the current input row (kColumn)
};

types::Value Eval(const BoundExpr& expr, EvalContext& context);
// A WHERE / HAVING condition: true only when the value is TRUE (NULL counts as false).
bool EvalCondition(const BoundExpr& expr, EvalContext& context);

}  // namespace sb::worker
