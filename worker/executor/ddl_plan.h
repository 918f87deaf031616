// Plans for DDL: CREATE TABLE and DROP TABLE. The worker turns the statement into a schema
// (the same TableSchema the schema file holds) and the coordinator, the single writer, writes
// the files. Other DDL arrives with the rest of the storage layer.
#pragma once

#include <memory>

#include "shared/ipc/ring_requests.h"
#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

// Sends one DDL request to the coordinator, applied at once even inside a transaction block
// (ROLLBACK warns that it cannot undo it), and relays its notice, if any; throws its error.
void SendDdl(ExecContext& context, ipc::RingRequest kind, std::string payload);

// nullptr when `statement` is not DDL handled here.
std::shared_ptr<const Plan> PlanDdl(sql::Statement& statement, Binder& binder,
                                    PreparedStatement& prepared);

}  // namespace sb::worker
