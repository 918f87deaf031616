// TableSchema: the in-memory form of one table's schema file (_schema/<table>.json), the
// source of truth for a table's columns, keys, indexes and constraints.
//
// Built by schema_file (from disk) or by DDL execution, then shared read-only (e.g. through a
// shared_ptr<const TableSchema>) by the coordinator and workers. Plain data: whoever builds
// it owns it. Names are SQL names as written (case preserved), never encoded.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/storage/column_type.h"
#include "shared/storage/document_key.h"

namespace sb::storage {

enum class IdentityKind : uint8_t { kNone, kAlways, kByDefault };

// Referential actions as spelled in the schema file ("no action" is the default and omitted).
enum class ReferentialAction : uint8_t { kNoAction, kRestrict, kCascade, kSetNull, kSetDefault };
std::string_view ReferentialActionName(ReferentialAction action);
std::optional<ReferentialAction> ParseReferentialAction(std::string_view text);

// REFERENCES on one column: {"table": "users", "column": "id", "on_delete": "cascade"}.
struct ColumnReference {
  std::string table;
  std::string column;  // empty: the referenced table's primary key
  ReferentialAction on_delete = ReferentialAction::kNoAction;
  ReferentialAction on_update = ReferentialAction::kNoAction;
  bool operator==(const ColumnReference&) const = default;
};

struct ColumnSchema {
  std::string name;
  ColumnType type;
  bool primary_key = false;  // single-column key; composite keys use TableSchema::primary_key
  bool unique = false;
  bool not_null = false;
  std::string default_expr;  // SQL expression text, verbatim; empty = none
  IdentityKind identity = IdentityKind::kNone;
  std::string sequence;  // owned sequence (serial / identity); empty = none
  std::optional<ColumnReference> references;
  std::string check;  // SQL boolean expression; empty = none
  std::string comment;
  bool operator==(const ColumnSchema&) const = default;
};

struct IndexSchema {
  std::string name;
  std::vector<std::string> columns;
  bool unique = false;
  bool operator==(const IndexSchema&) const = default;
};

// Multi-column FOREIGN KEY (columns) REFERENCES table (ref_columns).
struct ForeignKeySchema {
  std::string name;  // empty = unnamed
  std::vector<std::string> columns;
  std::string table;
  std::vector<std::string> ref_columns;  // empty: the referenced table's primary key
  ReferentialAction on_delete = ReferentialAction::kNoAction;
  ReferentialAction on_update = ReferentialAction::kNoAction;
  bool operator==(const ForeignKeySchema&) const = default;
};

struct CheckSchema {
  std::string name;  // empty = unnamed
  std::string expression;
  bool operator==(const CheckSchema&) const = default;
};

struct TableSchema {
  std::string name;
  std::vector<ColumnSchema> columns;
  std::vector<std::string> primary_key;          // composite keys only (≥ 2 columns)
  std::vector<std::vector<std::string>> unique;  // multi-column UNIQUE constraints
  std::vector<IndexSchema> indexes;
  std::vector<ForeignKeySchema> foreign_keys;
  std::vector<CheckSchema> checks;
  std::string comment;

  bool operator==(const TableSchema&) const = default;

  // Position of a column by exact name, -1 when absent.
  int ColumnIndex(std::string_view column) const;
  const ColumnSchema* FindColumn(std::string_view column) const;
  // Positions of the primary-key columns in key order; empty when the table has a hidden row
  // key (no primary key).
  std::vector<int> PrimaryKeyColumns() const;
  bool HasPrimaryKey() const { return !PrimaryKeyColumns().empty(); }
  // The key column types in key order, for DecodeKeyStem (a uuid for a hidden row key).
  std::vector<KeyColumn> KeyColumns() const;
};

// A reason a schema is not usable, with the JSON path of the offending element
// (e.g. "$.columns[2].type"); used to locate errors in schema files.
struct SchemaProblem {
  std::string message;
  std::string json_path;
};

// Semantic checks: valid and unique names, known column references in keys/indexes/
// constraints, one primary key, key types that documents can be named by, identity only on
// integer columns. nullopt when the schema is fine.
std::optional<SchemaProblem> CheckTableSchema(const TableSchema& schema);

}  // namespace sb::storage
