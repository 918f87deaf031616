// Binary format codecs: PostgreSQL's typsend/typreceive wire representations.
//
// Used by the wire layer on worker threads for Bind parameters and DataRow cells in binary
// format. Integers are big-endian; numeric is PostgreSQL's base-10000 form; dates and
// timestamps are PostgreSQL's internal counts; arrays use the ndim/hasnull/elemtype/dims
// layout with length-prefixed elements.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/types/value.h"

namespace sb::types {

// Appends the binary form of a non-NULL value (the caller writes the length word and -1 for
// NULL).
void EncodeBinary(const Value& value, std::string& out);

// Decodes one parameter / cell. Errors as PostgreSQL's receive functions:
// 08P01 "insufficient data left in message" when bytes are missing, 22P03
// "incorrect binary data format" when bytes are left over (the caller may append
// " in bind parameter N"), 22P03 for invalid content (bad numeric sign, array flags, ...),
// 42804 for an array of the wrong element type, 22021 for invalid UTF-8 in text types.
Value DecodeBinary(Oid type, int32_t typmod, std::string_view bytes);

}  // namespace sb::types
