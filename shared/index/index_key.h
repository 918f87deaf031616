// Index keys: column values encoded so that comparing the bytes (memcmp, shorter first) orders
// them exactly as PostgreSQL's btree does for that column type, NULLs last.
//
// Pure functions, used by the coordinator when it maintains the shared-memory indexes and by
// workers when they look values up. Each part is self-delimiting (fixed width, or escaped and
// terminated), so no encoded key is a proper prefix of a different one: a composite key is the
// concatenation of its parts, and a look-up by the leading columns is a prefix search. Equal
// values (1.0 and 1.00, -0 and 0, 'a ' and 'a' as bpchar) encode to the same bytes.
#pragma once

#include <span>
#include <string>

#include "shared/types/value.h"

namespace sb::index {

// Whether a column of this type can be indexed: integers, floats, numeric, text types, bytea,
// bool, uuid, date, time, timestamp(tz). Others (interval, json, jsonb, arrays, ...) have no
// byte-order encoding here; PostgreSQL has no btree for json either.
bool IsIndexableType(types::Oid type);

// Appends one part. `column_type` is the indexed column's type: the value must already be of
// that type (callers convert look-up constants first). Throws SqlError 0A000 for a type that is
// not indexable.
void AppendKeyPart(std::string& out, const types::Value& value, types::Oid column_type);

// The key of a row: one part per indexed column.
std::string EncodeKey(std::span<const types::Value> values, std::span<const types::Oid> types);

}  // namespace sb::index
