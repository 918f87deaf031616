// JSON text validation (json) and canonical rendering (jsonb), as PostgreSQL does them.
//
// Used by text_io, binary_io and casts on worker threads. RapidJSON does the tokenising;
// errors are translated into PostgreSQL's 22P02 "invalid input syntax for type json" with a
// DETAIL in PostgreSQL's words. Nesting deeper than kMaxJsonDepth raises 54001.
#pragma once

#include <string>
#include <string_view>

namespace sb::types {

inline constexpr int kMaxJsonDepth = 10000;

// Throws SqlError when `text` is not a single valid JSON value (surrounding whitespace is fine).
void ValidateJson(std::string_view text);

// jsonb's output text for `text`: ", " and ": " separators, object keys sorted by length then
// bytes with the last duplicate winning, numbers rendered as numeric, strings with escapes
// decoded and re-escaped minimally. Rejects \u0000 (22P05) like PostgreSQL's jsonb.
std::string NormalizeJsonb(std::string_view text);

// Appends `value` as a JSON string literal with PostgreSQL's escape_json rules.
void AppendJsonString(std::string& out, std::string_view value);

}  // namespace sb::types
