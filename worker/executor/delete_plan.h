// Planning DELETE, and the pieces UPDATE shares with it: both are read-modify-write in the
// worker. The worker finds the rows (key look-up or scan, then WHERE) and sends their stems
// with the version of each file as read; the coordinator applies the request only when no
// file changed since, else answers kConflict and the worker runs the statement again.
//
// Plans are built on the worker's statement thread and are immutable; Execute runs there too.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "worker/catalog.h"
#include "worker/executor/binder.h"
#include "worker/executor/key_lookup.h"
#include "worker/executor/plan.h"
#include "worker/executor/table_scan.h"
#include "worker/ring_caller.h"

namespace sb::worker {

std::shared_ptr<const Plan> PlanDelete(const sql::DeleteStmt& statement, Binder& binder,
                                       PreparedStatement& prepared, int location);

// The table an UPDATE or DELETE names (user tables live in the public schema); 42P01 if absent.
TableRef ResolveWriteTable(const std::vector<std::string>& name, Binder& binder, int location);

// How an UPDATE/DELETE finds its rows; immutable after planning.
struct WriteTarget {
  std::shared_ptr<const TableReadSpec> read;
  BoundPtr where;                // may be null
  std::optional<KeyLookup> key;  // points into `where`
};
WriteTarget MakeWriteTarget(const TableRef& ref, BoundPtr where);

// The rows the statement changes, read now (fresh on every attempt).
std::vector<VersionedRow> ReadTargetRows(const WriteTarget& target, ExecContext& context);

// How many times a statement is run again after kConflict before 40001.
inline constexpr int kMaxWriteAttempts = 10000;

// A kConflict reply: the caller retries. Other failures throw.
bool IsConflict(const ipc::Reply& reply);

}  // namespace sb::worker
