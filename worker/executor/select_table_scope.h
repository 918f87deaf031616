// SelectTableScope: how column names resolve inside `SELECT ... FROM t [AS a [(x, y)]]` —
// bare names, names qualified by the table or its alias, schema-qualified names
// (`public.t.col`), with PostgreSQL's errors for a qualified name that misses.
//
// Built by the table SELECT planner for one statement analysis on the worker's thread; it
// borrows the Binder (for error positions), which outlives it. Row index i is the table's
// i-th schema column.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "shared/storage/table_schema.h"
#include "worker/executor/binder.h"

namespace sb::worker {

class SelectTableScope : public Scope {
 public:
  // `alias` empty: the table is visible by its own name (and as public.<name>). `column_names`
  // are the schema's names, the first ones possibly renamed by `FROM t AS a(x, y)`.
  SelectTableScope(const storage::TableSchema& schema, std::vector<std::string> column_names,
                   std::string database, std::string table_name, std::string alias,
                   const Binder& binder);

  std::optional<ScopeColumn> Find(const std::vector<std::string>& names,
                                  int location) const override;

  // Whether `qualifier` (the names before `.*` or before a column) names this table. Throws
  // 42P01 for a qualifier naming the table hidden behind an alias, like PostgreSQL.
  bool Matches(const std::vector<std::string>& qualifier, int location) const;

  const std::vector<std::string>& column_names() const { return column_names_; }

 private:
  const std::string& visible_name() const { return alias_.empty() ? table_name_ : alias_; }

  const storage::TableSchema& schema_;
  std::vector<std::string> column_names_;
  std::string database_;
  std::string table_name_;
  std::string alias_;
  const Binder& binder_;
};

}  // namespace sb::worker
