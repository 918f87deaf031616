// The SQL parser's entry point: text of a Query (or Parse) message → statement ASTs.
//
// Called by the worker's statement thread for every Query/Parse message; stateless and
// thread-safe. The returned statements own their ASTs; byte offsets refer to `text`.
#pragma once

#include <string_view>
#include <vector>

#include "sqlpeg/ast/statement.h"

namespace sb::sql {

struct ParsedStatement {
  Statement stmt;
  int begin = 0;  // byte offset of the statement's first token
  int end = 0;    // byte offset just past its last token (before any ';')
};

// Splits and parses a whole Query string (several statements separated by ';', empty ones
// dropped). Throws sb::SqlError 42601 on a syntax error, with PostgreSQL's message and
// cursor position; 54001 when nesting is too deep to parse safely.
std::vector<ParsedStatement> ParseSql(std::string_view text);

// 1-based character (UTF-8 code point) position of a byte offset, as ErrorResponse 'P'
// wants. Offsets past the end count as the end.
int CharPosition(std::string_view text, int byte_offset);

}  // namespace sb::sql
