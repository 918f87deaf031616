// The indexes a table has, derived from its schema file: the primary key (`<table>_pkey`),
// each UNIQUE column (`<table>_<column>_key`), each table-level UNIQUE list
// (`<table>_<a>_<b>_key`), and each entry of "indexes" — PostgreSQL's names for the same
// constraints, so 23505 messages match.
//
// Pure functions; the coordinator maintains exactly these indexes and workers look them up by
// name, using one only when its signature matches their own view of the schema.
#pragma once

#include <string>
#include <vector>

#include "shared/storage/table_schema.h"
#include "shared/types/pg_type.h"

namespace sb::index {

struct IndexDefinition {
  std::string name;
  std::vector<int> columns;  // schema positions, index order
  std::vector<types::Oid> types;
  bool unique = false;
  bool primary = false;
  // Whether every column type has a key encoding (index_key.h). A unique constraint over a type
  // without one cannot be enforced and is refused when the table or index is created.
  bool indexable = true;
};

std::vector<IndexDefinition> TableIndexes(const storage::TableSchema& schema);

// "name:oid;name:oid": identifies what an index holds, independent of its name.
std::string Signature(const storage::TableSchema& schema, const IndexDefinition& index);

}  // namespace sb::index
