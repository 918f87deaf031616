// Schema files (_schema/<table>.json): parsing a hand-editable file into a TableSchema with
// precise errors, and writing a TableSchema back in a stable, diff-friendly layout.
//
// Called by the coordinator (startup, inotify reloads, DDL) and smarterbase-ctl. Pure: the
// caller reads and writes the file (atomic_file.h) and checks that the file name matches the
// table name (DataPaths::SchemaFile(db, schema.name)).
//
// Layout written (keys that are false or empty are left out, keys in this fixed order):
//   {
//     "name": "users",
//     "columns": [
//       {"name": "id", "type": "uuid", "primary_key": true, "default": "gen_random_uuid7()"},
//       {"name": "email", "type": "text", "unique": true, "not_null": true}
//     ],
//     "indexes": [
//       {"name": "idx_role", "columns": ["role"]}
//     ]
//   }
#pragma once

#include <string>
#include <string_view>

#include "shared/storage/table_schema.h"

namespace sb::storage {

// Throws SqlError XX001 data_corrupted
//   invalid schema file "<path>": <json path>: <reason> at line L, column C
// for invalid JSON, unknown keys (so a typo never silently does nothing), values of the wrong
// kind, unknown types and every problem CheckTableSchema finds. A one-column table-level
// "primary_key" is normalised onto the column.
TableSchema ParseSchemaFile(std::string_view text, std::string_view path);

// Same schema → same bytes; ends with a newline. ParseSchemaFile(FormatSchemaFile(s)) == s for
// every schema CheckTableSchema accepts (with a single-column key marked on the column).
std::string FormatSchemaFile(const TableSchema& schema);

}  // namespace sb::storage
