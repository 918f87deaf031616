// Instantiates the CREATE TABLE, CREATE INDEX, ALTER TABLE and DROP grammar.
#include "sqlpeg/grammar/alter_table.h"
#include "sqlpeg/grammar/create_table.h"
#include "sqlpeg/grammar/drop.h"
#include "sqlpeg/grammar/index.h"
#include "sqlpeg/match_rule.h"

namespace sb::sql {

bool MatchDdlStatement(Input& in, ParseState& st) {
  using namespace grammar;  // NOLINT(google-build-using-namespace)
  return MatchRule<sor<create_table, create_index, alter_table, drop_stmt>>(in, st);
}

}  // namespace sb::sql
