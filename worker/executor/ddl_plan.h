// Plans for DDL: CREATE TABLE and DROP TABLE. The worker turns the statement into a schema
// (the same TableSchema the schema file holds) and the coordinator, the single writer, writes
// the files. Other DDL arrives with the rest of the storage layer.
#pragma once

#include <memory>

#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

// nullptr when `statement` is not DDL handled here.
std::shared_ptr<const Plan> PlanDdl(sql::Statement& statement, Binder& binder,
                                    PreparedStatement& prepared);

}  // namespace sb::worker
