// SQLSTATE codes as an enum, generated from sqlstate_list.def.
// Every error a client sees carries one of these; drivers branch on them.
#pragma once

#include <string_view>

namespace sb {

enum class SqlState {
#define SB_SQLSTATE(name, code, condition) name,
#include "shared/errors/sqlstate_list.def"
#undef SB_SQLSTATE
};

// The five-character code, e.g. "42601".
std::string_view SqlStateCode(SqlState state);
// PostgreSQL's condition name, e.g. "syntax_error".
std::string_view SqlStateName(SqlState state);
// The state with this five-character code; kInternalError for a code not in the list.
SqlState SqlStateFromCode(std::string_view code);

}  // namespace sb
