// SQL ordering and hashing of non-NULL values (btree / hash opclass semantics).
//
// Used by the executor (ORDER BY, comparisons, DISTINCT, hash joins and aggregates) on
// worker threads. Values must belong to the same type family: integers of any width (and
// oid/reg*), floats, numeric (mixed numeric families compare by value), string types
// (byte order, i.e. C collation; bpchar ignores trailing spaces), bool, uuid, bytea,
// date/timestamp/timestamptz, time, interval, jsonb (by normalised text — equality is exact,
// ordering is not PostgreSQL's), and 1-D arrays of those (NULL elements sort last).
#pragma once

#include <cstddef>

#include "shared/types/value.h"

namespace sb::types {

class TimeZone;

// <0, 0, >0. `zone` converts timestamp to timestamptz when the two are compared (UTC if null).
// Incomparable types raise 42883 "operator does not exist: integer = text".
int Compare(const Value& a, const Value& b, const TimeZone* zone = nullptr);

// Consistent with Compare within a family: equal values hash equal (1::int2, 1::int8,
// 1.0::numeric and 1::float8 all hash alike; 'a '::bpchar and 'a'::text too).
size_t Hash(const Value& value);

}  // namespace sb::types
