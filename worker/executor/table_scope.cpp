#include "worker/executor/table_scope.h"

namespace sb::worker {

std::optional<ScopeColumn> TableScope::Find(const std::vector<std::string>& names,
                                            int location) const {
  // a | t.a | public.t.a
  if (names.empty() || names.size() > 3) return std::nullopt;
  if (names.size() >= 2 && names[names.size() - 2] != visible_name_) return std::nullopt;
  if (names.size() == 3 && names[0] != "public") return std::nullopt;
  int index = schema_.ColumnIndex(names.back());
  if (index < 0) return std::nullopt;
  const storage::ColumnSchema& column = schema_.columns[static_cast<size_t>(index)];
  return ScopeColumn{index, column.type.oid, column.type.typmod};
}

}  // namespace sb::worker
