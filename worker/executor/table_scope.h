// TableScope: column names of one table (by its name or alias) for the Binder. Row index i is
// the table's i-th schema column. Shared by the plans that read a table (SELECT, RETURNING).
#pragma once

#include <string>

#include "shared/storage/table_schema.h"
#include "worker/executor/binder.h"

namespace sb::worker {

class TableScope : public Scope {
 public:
  // `visible_name` is the alias if there is one, else the table name.
  TableScope(const storage::TableSchema& schema, std::string visible_name)
      : schema_(schema), visible_name_(std::move(visible_name)) {}

  std::optional<ScopeColumn> Find(const std::vector<std::string>& names,
                                  int location) const override;

 private:
  const storage::TableSchema& schema_;
  std::string visible_name_;
};

}  // namespace sb::worker
