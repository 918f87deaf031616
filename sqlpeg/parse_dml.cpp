// Instantiates the INSERT, UPDATE and DELETE grammar.
#include "sqlpeg/grammar/delete.h"
#include "sqlpeg/grammar/insert.h"
#include "sqlpeg/grammar/update.h"
#include "sqlpeg/match_rule.h"

namespace sb::sql {

bool MatchDmlStatement(Input& in, ParseState& st) {
  using namespace grammar;  // NOLINT(google-build-using-namespace)
  return MatchRule<sor<insert_stmt, update_stmt, delete_stmt>>(in, st);
}

}  // namespace sb::sql
