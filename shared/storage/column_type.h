// Column types as schema files spell them: PostgreSQL's format_type() text with modifiers
// ("integer", "character varying(200)", "numeric(10,2)", "timestamp(3) with time zone",
// "interval day to second(3)", "text[]"), plus every name types::FindTypeByName accepts
// ("int", "varchar(20)", "timestamptz", "decimal(10,2)", "float(24)").
//
// Pure functions used by schema_file (and by DDL code that wants the same spelling).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "shared/types/pg_type.h"

namespace sb::storage {

struct ColumnType {
  types::Oid oid = types::kInvalidOid;
  int32_t typmod = -1;  // for arrays: the element typmod, as PostgreSQL keeps it
  bool operator==(const ColumnType&) const = default;
};

// nullopt for unknown names, bad modifiers and types a column cannot have (pseudo-types).
// "character"/"char" without a length mean character(1), as in SQL.
std::optional<ColumnType> ParseColumnType(std::string_view spelling);

// format_type(oid, typmod); ParseColumnType(FormatColumnType(t)) == t.
std::string FormatColumnType(const ColumnType& type);

}  // namespace sb::storage
