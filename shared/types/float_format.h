// Float text codecs with PostgreSQL's exact output rules (float4/float8 out and in).
//
// Pure functions used by text_io, casts and the JSON layer on any thread.
#pragma once

#include <string>
#include <string_view>

namespace sb::types {

// extra_float_digits > 0: shortest round-trip digits, fixed notation for decimal exponents in
// [-4, 15) (float4: [-4, 6)), else "1e+100" style. extra_float_digits <= 0: printf "%.*g" with
// 15 + extra (float4: 6 + extra) significant digits. NaN, Infinity, -Infinity, -0 as PostgreSQL.
void AppendFloat8(std::string& out, double value, int extra_float_digits);
void AppendFloat4(std::string& out, float value, int extra_float_digits);

// float8in / float4in: surrounding whitespace, NaN/Infinity spellings, 22P02 on bad syntax,
// 22003 `"1e400" is out of range for type double precision` on overflow/underflow to zero.
double ParseFloat8(std::string_view text);
float ParseFloat4(std::string_view text);

}  // namespace sb::types
