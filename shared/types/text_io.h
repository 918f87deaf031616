// Text format codecs: PostgreSQL's typinput/typoutput functions for every type Value holds.
//
// Hot path on worker threads (every result cell in text format goes through AppendText), so
// output appends to a caller-owned buffer. Input functions raise PostgreSQL's errors
// (SQLSTATE and message text), e.g. 22P02 `invalid input syntax for type integer: "abc"`.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "shared/types/format_settings.h"
#include "shared/types/value.h"

namespace sb::types {

// Appends the text form of a non-NULL value (NULL appends nothing; the wire layer sends -1).
// reg* types are printed as their numeric OID (name lookup needs the catalog).
void AppendText(const Value& value, const FormatSettings& settings, std::string& out);
std::string FormatText(const Value& value, const FormatSettings& settings);

enum class LengthMode : uint8_t {
  kCheck,     // input / assignment: too long → 22001 (trailing spaces are dropped silently)
  kTruncate,  // explicit cast: silently truncate to the declared length
};

// Parses `text` as `type` with `typmod` (-1: none) applied: varchar(n)/bpchar(n) length rules
// (bpchar pads), numeric(p,s) rounding, time/timestamp precision, interval fields. Arrays
// ("{1,2,NULL}") apply the typmod to every element. reg* types accept numeric OIDs only.
Value ParseText(Oid type, int32_t typmod, std::string_view text, const FormatSettings& settings,
                LengthMode length_mode = LengthMode::kCheck);

// varchar/bpchar length coercion of an existing string (counted in UTF-8 characters), as the
// casts varchar(n) and bpchar(n) do. Returns the coerced string.
std::string ApplyStringTypmod(Oid type, int32_t typmod, std::string value, LengthMode mode);

// Pieces reused by binary_io and cast.
bool ParseBoolText(std::string_view text, bool* out);
void AppendUuid(std::string& out, const Uuid& uuid);
Uuid ParseUuid(std::string_view text);
void AppendByteaHex(std::string& out, std::string_view bytes);
std::string ParseBytea(std::string_view text);
int64_t ParseInteger(std::string_view text, Oid type);
// Throws 22021 `invalid byte sequence for encoding "UTF8": 0x..` for invalid UTF-8 or a NUL
// byte, as PostgreSQL does for every text that arrives from a client.
void CheckUtf8(std::string_view text);
// Number of characters in UTF-8 text (continuation bytes are not counted).
size_t Utf8Length(std::string_view text);

}  // namespace sb::types
