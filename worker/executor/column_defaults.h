// Column defaults: the SQL text a schema file keeps (`"default": "now()"`) made evaluable.
#pragma once

#include "shared/storage/table_schema.h"
#include "worker/executor/binder.h"

namespace sb::worker {

// The column's value comes from its sequence (serial, identity, or a nextval() default); the
// coordinator, which owns sequences, fills it in.
bool FillsFromSequence(const storage::ColumnSchema& column);

// The default bound and coerced to the column's type; a NULL constant when there is none.
// Errors in a hand-edited default name the column.
BoundPtr BindColumnDefault(const storage::ColumnSchema& column, ExecContext& context);

}  // namespace sb::worker
