// Planning INSERT: the worker evaluates the values (and the defaults it can), the coordinator
// fills sequences, checks constraints and writes the documents, and answers with the rows as
// stored, from which RETURNING is computed.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "shared/storage/table_schema.h"

#include "worker/executor/binder.h"
#include "worker/executor/plan.h"

namespace sb::worker {

std::shared_ptr<const Plan> PlanInsert(const sql::InsertStmt& insert, Binder& binder,
                                       PreparedStatement& prepared, int location);

// RETURNING over the documents a write's reply carries (NUL-separated, as the coordinator
// wrote them): one projected row per document.
std::unique_ptr<RowSource> ReturningRows(const storage::TableSchema& schema,
                                         std::string_view documents,
                                         const std::vector<BoundPtr>& returning,
                                         ExecContext& context);

// Result columns and bound expressions of a RETURNING list over one table's rows.
struct ReturningList {
  std::vector<BoundPtr> exprs;
};
ReturningList BindReturning(const std::vector<sql::SelectItem>& items,
                            const storage::TableSchema& schema, const std::string& visible_name,
                            Binder& binder, PreparedStatement& prepared);

}  // namespace sb::worker
