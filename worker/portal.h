// Portal: a bound, possibly partly executed statement (PostgreSQL's portal), named or unnamed.
//
// Created by Bind (or internally by a simple Query), run by Execute, possibly several times
// when the client asks for a limited number of rows (PortalSuspended in between). Owned by
// the Session; dropped at the end of the transaction, by Close, or by a new unnamed Bind.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "shared/types/value.h"
#include "worker/executor/exec_context.h"

namespace sb::worker {

struct Portal {
  std::shared_ptr<const PreparedStatement> statement;
  std::vector<types::Value> params;
  std::vector<int16_t> result_formats;  // per column, already expanded (0 text, 1 binary)
  bool started = false;
  bool done = false;
  ExecResult result;
  int64_t rows_sent = 0;
};

}  // namespace sb::worker
