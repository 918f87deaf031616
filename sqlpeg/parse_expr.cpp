// Instantiates the expression and type-name grammar (the heaviest part of the parser).
#include "sqlpeg/grammar/expression.h"
#include "sqlpeg/match_rule.h"

namespace sb::sql {

bool MatchAExpr(Input& in, ParseState& st) {
  return MatchRule<grammar::a_expr>(in, st);
}
bool MatchBExpr(Input& in, ParseState& st) {
  return MatchRule<grammar::b_expr>(in, st);
}
bool MatchTypeName(Input& in, ParseState& st) {
  return MatchRule<grammar::type_name>(in, st);
}
bool MatchSortClause(Input& in, ParseState& st) {
  return MatchRule<grammar::sort_clause>(in, st);
}
bool MatchFuncCall(Input& in, ParseState& st) {
  return MatchRule<grammar::func_call>(in, st);
}

}  // namespace sb::sql
