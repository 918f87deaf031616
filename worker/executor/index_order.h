// Ordered reads through an index: `ORDER BY <column> [DESC] LIMIT k` where the column leads an
// index (the primary key or any other) reads the documents in index order and stops after
// about k of them, instead of reading and sorting the whole table.
//
// Found by the table planner (FindIndexOrder) and run by its Execute on the worker's thread;
// the row source is owned by the portal and may outlive one Execute (suspended portals). The
// index only chooses the order of the reads: every document is read and filtered as usual, so
// a row edited by hand since it was indexed is never returned with stale values.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "shared/storage/table_schema.h"
#include "worker/executor/exec_context.h"
#include "worker/executor/table_scan.h"

namespace sb::worker {

struct IndexOrder {
  std::string index_name;
  std::string signature;
  bool descending = false;
};

// An index that yields rows in the order of ORDER BY `column` (schema position) with that
// direction and NULL placement (NULLS LAST ascending, NULLS FIRST descending: the index's own
// order); nullopt when there is none.
std::optional<IndexOrder> FindIndexOrder(const storage::TableSchema& schema, int column,
                                         bool descending, bool nulls_first);

// The table's rows in index order, read in batches; nullptr when the index is not usable now
// (the caller reads and sorts instead). `first_batch` sizes the first read (offset + limit).
std::unique_ptr<RowSource> OpenIndexOrder(std::shared_ptr<const TableReadSpec> spec,
                                          std::string table_dir, const IndexOrder& order,
                                          size_t first_batch, ExecContext& context);

}  // namespace sb::worker
