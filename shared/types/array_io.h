// Text format of one-dimensional arrays: "{1,2,NULL}", "{\"a b\",c}".
//
// Used by text_io on worker threads. Multi-dimensional literals are rejected (0A000);
// a "[lb:ub]=" decoration is accepted and its bounds checked, but lower bounds other than 1
// are not preserved (ArrayValue has none).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/types/format_settings.h"
#include "shared/types/value.h"

namespace sb::types {

enum class LengthMode : uint8_t;

void AppendArrayText(const Value& array, const FormatSettings& settings, std::string& out);

// 22P02 `malformed array literal: "..."` with PostgreSQL's DETAIL on bad syntax; element
// errors propagate from the element type's input function.
Value ParseArrayText(Oid array_type, Oid element_type, int32_t typmod, std::string_view text,
                     const FormatSettings& settings, LengthMode length_mode);

}  // namespace sb::types
