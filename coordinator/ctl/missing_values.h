// What a document that lacks a column's key reads as: the column's default when that default
// is a constant (a literal, a signed number, or casts of one, e.g. 'user' or '0'::numeric),
// else NULL — the same rule the server's table reads follow (worker/executor/table_defaults.h),
// so an exported row equals the row SELECT shows.
//
// Computed once per table by smarterbase-ctl export and check (one thread). Pure.
#pragma once

#include <optional>
#include <vector>

#include "shared/errors/sql_error.h"
#include "shared/storage/table_schema.h"
#include "shared/types/value.h"

namespace sb::ctl {

struct MissingValue {
  types::Value value;
  // A constant default that does not evaluate (bad literal for the column type): raised only
  // when a document actually needs it.
  std::optional<SqlError> error;
};

// One entry per column of `schema`.
std::vector<MissingValue> MissingValues(const storage::TableSchema& schema);

// The value of one default expression for `column`; NULL for none or a non-constant one.
MissingValue MissingValueFor(const storage::ColumnSchema& column);

}  // namespace sb::ctl
