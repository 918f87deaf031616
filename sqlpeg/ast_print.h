// Renders ASTs back to SQL text: a stable, fully parenthesised form.
//
// Used by golden tests and by the catalog code to store a column's default expression;
// the output re-parses (ParseSql) to the same AST. Pure functions, no state.
#pragma once

#include <string>

#include "sqlpeg/ast/statement.h"

namespace sb::sql {

std::string ToString(const Statement& stmt);
std::string ToString(const Expr& expr);
std::string ToString(const SelectStmt& select);
std::string ToString(const TypeName& type);

// An identifier as SQL text: bare when it re-parses to itself (lower case, not a
// keyword that needs quoting), otherwise "double quoted".
std::string QuoteIdentifier(const std::string& name);
// A string literal as SQL text: '...' with '' escapes (E'...' when it has backslashes
// or control characters that must survive a round trip).
std::string QuoteString(const std::string& value);

}  // namespace sb::sql
