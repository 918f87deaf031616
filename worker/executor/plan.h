// Plan: the executor-private, immutable result of analysing one statement. A
// PreparedStatement holds one; every Execute of a portal runs it with fresh parameters.
#pragma once

#include "worker/executor/exec_context.h"

namespace sb::worker {

class Plan {
 public:
  virtual ~Plan() = default;
  virtual ExecResult Execute(ExecContext& context) const = 0;
  virtual bool IsTransactionExit() const { return false; }
};

}  // namespace sb::worker
