// Casts between built-in types with PostgreSQL's rules (pg_cast contexts, conversion
// functions, automatic I/O conversion casts, typmod length coercion).
//
// CanCast is used by the analyzer to resolve implicit/assignment coercions; Cast runs in the
// executor on worker threads. Both are pure functions of their arguments.
#pragma once

#include <cstdint>

#include "shared/types/format_settings.h"
#include "shared/types/value.h"

namespace sb::types {

enum class CastKind : uint8_t {
  kImplicit,    // in expressions (pg_cast context 'i')
  kAssignment,  // INSERT/UPDATE targets (contexts 'i' and 'a')
  kExplicit,    // CAST(x AS t) and x::t (every context)
};

// Whether a value of type `from` may be coerced to `to` in `kind` context. Same type is always
// allowed (typmod coercion); unknown-typed literals convert to anything.
bool CanCast(Oid from, Oid to, CastKind kind);

// Converts `value` to `target` and applies `typmod` (-1: none). Errors as PostgreSQL:
// 22003 "integer out of range", 22001 "value too long for type character varying(5)"
// (explicit casts truncate instead), input-function errors for text → type, 42846 when the
// cast does not exist in this context.
Value Cast(const Value& value, Oid target, int32_t typmod, CastKind kind,
           const FormatSettings& settings);

// 42846 `cannot cast type integer to date`.
[[noreturn]] void CannotCoerce(Oid from, Oid to);

}  // namespace sb::types
