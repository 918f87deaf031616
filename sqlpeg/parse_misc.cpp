// Instantiates the transaction, SET/SHOW/RESET and utility-statement grammar.
#include "sqlpeg/grammar/misc.h"
#include "sqlpeg/grammar/set_show.h"
#include "sqlpeg/grammar/transaction.h"
#include "sqlpeg/match_rule.h"

namespace sb::sql {

bool MatchMiscStatement(Input& in, ParseState& st) {
  using namespace grammar;  // NOLINT(google-build-using-namespace)
  return MatchRule<sor<transaction_stmt, set_stmt, reset_stmt, show_stmt, misc_stmt>>(in, st);
}

}  // namespace sb::sql
