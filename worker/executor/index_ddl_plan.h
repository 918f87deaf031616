// Plans for CREATE [UNIQUE] INDEX and DROP INDEX. Indexes are entries of the table's schema
// file ("indexes"); the coordinator adds or removes the entry and builds or drops the
// shared-memory index. B-tree indexes on plain columns only: expression, partial and INCLUDE
// indexes and other access methods are refused with 0A000.
#pragma once

#include <memory>

#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

// nullptr when `statement` is not CREATE INDEX or DROP INDEX.
std::shared_ptr<const Plan> PlanIndexDdl(sql::Statement& statement, Binder& binder,
                                         PreparedStatement& prepared);

}  // namespace sb::worker
