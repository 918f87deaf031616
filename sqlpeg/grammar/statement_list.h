// The top level: a Query string is zero or more statements separated by ';'.
// Instantiated in parse_statement.cpp; each statement family is matched in its own
// translation unit.
#pragma once

#include "sqlpeg/grammar/common.h"

namespace sb::sql {
bool MatchDmlStatement(Input& in, ParseState& st);   // parse_dml.cpp
bool MatchDdlStatement(Input& in, ParseState& st);   // parse_ddl.cpp
bool MatchMiscStatement(Input& in, ParseState& st);  // parse_misc.cpp
}  // namespace sb::sql

namespace sb::sql::grammar {

struct statement : sor<select_stmt_ext, external<&MatchDmlStatement>, external<&MatchDdlStatement>,
                       external<&MatchMiscStatement>>,
                   node_tag {};
struct statement_list
    : seq<leading_space, opt<statement>, star<semicolon, opt<statement>>, end_of_input> {};

}  // namespace sb::sql::grammar
