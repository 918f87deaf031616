#include "sqlpeg/parse_state.h"

#include "shared/errors/sql_error.h"
#include "sqlpeg/parser.h"

namespace sb::sql {

ParseState::ParseState(std::string_view sql) : text(sql), token_end(sql.size() + 1) {
  for (size_t i = 0; i < token_end.size(); ++i) token_end[i] = static_cast<int>(i);
}

void ParseState::Enter(const Input& in) {
  if (++depth > kMaxNestingDepth) {
    --depth;
    throw SqlError(SqlState::kStatementTooComplex, "stack depth limit exceeded")
        .WithHint("The statement nests parentheses or subqueries too deeply.")
        .WithPosition(CharPosition(text, Offset(in)));
  }
}

}  // namespace sb::sql
