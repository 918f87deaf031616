// Plans for statements that act on the session rather than on data: SET/RESET/SHOW,
// transaction control, DISCARD, DEALLOCATE, LISTEN/UNLISTEN/NOTIFY, VACUUM/ANALYZE.
#pragma once

#include <memory>

#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

// nullptr when `statement` is not a utility statement. Fills prepared.columns for SHOW.
std::shared_ptr<const Plan> PlanUtility(sql::Statement& statement, Binder& binder,
                                        PreparedStatement& prepared);

}  // namespace sb::worker
