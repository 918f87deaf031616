// Instantiates the statement list: the grammar's top level.
#include "sqlpeg/grammar/statement_list.h"
#include "sqlpeg/match_rule.h"

namespace sb::sql {

bool MatchStatement(Input& in, ParseState& st) {
  return MatchRule<grammar::statement>(in, st);
}

bool MatchStatementList(Input& in, ParseState& st) {
  return MatchRule<grammar::statement_list>(in, st);
}

}  // namespace sb::sql
