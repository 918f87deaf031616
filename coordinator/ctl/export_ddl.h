// The SQL a PostgreSQL 15 dump needs to recreate one SmarterBase table: its sequences, CREATE
// TABLE with types, defaults, NOT NULL, identity, keys, UNIQUE and CHECK constraints and
// comments (before the data), then indexes and foreign keys (after all data, so the load
// order of tables does not matter).
//
// Pure functions of a TableSchema, used by smarterbase-ctl export (one thread). Names come out
// schema-qualified (public.x) and quoted only where PostgreSQL needs it; expressions from the
// schema file (defaults, checks) are passed through verbatim, except for the SmarterBase-only
// functions PostgreSQL lacks.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "shared/storage/table_schema.h"

namespace sb::ctl {

// A column default as PostgreSQL 15 can run it, and a note for the dump when it was changed.
struct PostgresDefault {
  std::string expression;
  std::string note;  // empty when `expression` is the schema's text unchanged
};

// gen_random_uuid7() (outside string literals and quoted names) becomes gen_random_uuid():
// PostgreSQL 15 has no UUIDv7 generator.
PostgresDefault DefaultForPostgres(std::string_view expression);

// A sequence a table owns: a serial column's (CREATE SEQUENCE + DEFAULT nextval + OWNED BY)
// or an identity column's (created by PostgreSQL under this name).
struct OwnedSequence {
  std::string name;
  std::string column;
  bool identity = false;
};
std::vector<OwnedSequence> OwnedSequences(const storage::TableSchema& schema);

// CREATE SEQUENCE statements, CREATE TABLE, ALTER SEQUENCE ... OWNED BY and COMMENT ON.
std::string TableDefinitionSql(const storage::TableSchema& schema);

// CREATE [UNIQUE] INDEX for each entry of the schema's "indexes"; empty when there are none.
std::string IndexSql(const storage::TableSchema& schema);

// ALTER TABLE ... ADD [CONSTRAINT name] FOREIGN KEY for column "references" and table-level
// "foreign_keys". Unnamed ones are left for PostgreSQL to name (t_col_fkey), exactly as it
// names them in CREATE TABLE.
std::string ForeignKeySql(const storage::TableSchema& schema);

// COPY public.t (a, b) FROM stdin;  (the rows and the "\." line are the caller's)
std::string CopyHeaderSql(const storage::TableSchema& schema);

// SELECT pg_catalog.setval('public.seq', value, true);
std::string SetvalSql(std::string_view sequence, int64_t value);

}  // namespace sb::ctl
