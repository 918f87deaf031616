#include "worker/executor/select_table_scope.h"

#include <fmt/format.h>

namespace sb::worker {

SelectTableScope::SelectTableScope(const storage::TableSchema& schema,
                                   std::vector<std::string> column_names, std::string database,
                                   std::string table_name, std::string alias, const Binder& binder)
    : schema_(schema),
      column_names_(std::move(column_names)),
      database_(std::move(database)),
      table_name_(std::move(table_name)),
      alias_(std::move(alias)),
      binder_(binder) {}

bool SelectTableScope::Matches(const std::vector<std::string>& qualifier, int location) const {
  if (qualifier.empty() || qualifier.size() > 3) return false;
  const std::string& table = qualifier.back();
  if (qualifier.size() == 1) {
    if (table == visible_name()) return true;
    if (!alias_.empty() && table == table_name_) {
      // `SELECT t.x FROM t AS a`: the alias hides the table name.
      throw binder_
          .ErrorAt(SqlState::kUndefinedTable,
                   fmt::format("invalid reference to FROM-clause entry for table \"{}\"", table),
                   location)
          .WithHint(fmt::format("Perhaps you meant to reference the table alias \"{}\".", alias_));
    }
    return false;
  }
  // schema.table (or db.schema.table): user tables live in the public schema, and an aliased
  // table can no longer be named this way.
  if (!alias_.empty() || table != table_name_) return false;
  if (qualifier[qualifier.size() - 2] != "public") return false;
  if (qualifier.size() == 3 && qualifier[0] != database_) {
    throw binder_.ErrorAt(SqlState::kFeatureNotSupported,
                          fmt::format("cross-database references are not implemented: \"{}.{}.{}\"",
                                      qualifier[0], qualifier[1], qualifier[2]),
                          location);
  }
  return true;
}

std::optional<ScopeColumn> SelectTableScope::Find(const std::vector<std::string>& names,
                                                  int location) const {
  if (names.empty()) return std::nullopt;
  if (names.size() > 1) {
    std::vector<std::string> qualifier(names.begin(), names.end() - 1);
    if (!Matches(qualifier, location)) return std::nullopt;  // the binder reports 42P01
  }
  size_t index = 0;
  while (index < column_names_.size() && column_names_[index] != names.back()) ++index;
  if (index >= column_names_.size() || index >= schema_.columns.size()) {
    if (names.size() == 1) return std::nullopt;  // the binder reports 42703
    throw binder_.ErrorAt(
        SqlState::kUndefinedColumn,
        fmt::format("column {}.{} does not exist", names[names.size() - 2], names.back()),
        location);
  }
  const storage::ColumnSchema& column = schema_.columns[index];
  return ScopeColumn{static_cast<int>(index), column.type.oid, column.type.typmod};
}

}  // namespace sb::worker
