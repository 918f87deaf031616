#include "sqlpeg/parse_errors.h"

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "sqlpeg/lexer.h"
#include "sqlpeg/parser.h"

namespace sb::sql {

void ThrowSyntaxError(const ParseState& st) {
  size_t pos = lex::SkipSpace(st.text, static_cast<size_t>(st.furthest));
  if (pos >= st.text.size()) {
    throw SqlError(SqlState::kSyntaxError, "syntax error at end of input")
        .WithPosition(CharPosition(st.text, static_cast<int>(st.text.size())));
  }
  std::string_view token = lex::TokenAt(st.text, pos);
  throw SqlError(SqlState::kSyntaxError, fmt::format("syntax error at or near \"{}\"", token))
      .WithPosition(CharPosition(st.text, static_cast<int>(pos)));
}

}  // namespace sb::sql
