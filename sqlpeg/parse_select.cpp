// Instantiates the SELECT grammar (queries, FROM, WITH, RETURNING).
#include "sqlpeg/grammar/select.h"
#include "sqlpeg/match_rule.h"

namespace sb::sql {

bool MatchSelectWithParens(Input& in, ParseState& st) {
  const int pos = st.Offset(in);
  // A parenthesised SELECT that failed here once fails again: skip the re-parse that
  // nested parentheses would otherwise make exponential.
  if (st.failed_select_parens.count(pos) > 0) return false;
  if (in.empty() || in.peek_char() != '(') return false;
  DepthGuard guard(st, in);
  const bool ok = MatchRule<grammar::paren_select>(in, st);
  if (!ok) st.failed_select_parens.insert(pos);
  return ok;
}

bool MatchSelectStmt(Input& in, ParseState& st) {
  return MatchRule<grammar::select_stmt>(in, st);
}
bool MatchFromList(Input& in, ParseState& st) {
  return MatchRule<grammar::from_list>(in, st);
}
bool MatchReturning(Input& in, ParseState& st) {
  return MatchRule<grammar::returning_clause>(in, st);
}
bool MatchWithClause(Input& in, ParseState& st) {
  return MatchRule<grammar::with_clause>(in, st);
}

}  // namespace sb::sql
