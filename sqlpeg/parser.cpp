// ParseSql: text → parse tree (grammar under TreeControl) → AST (build_*.cpp).
#include "sqlpeg/parser.h"

#include <fmt/format.h>

#include "shared/errors/sql_error.h"
#include "sqlpeg/build.h"
#include "sqlpeg/grammar/select.h"
#include "sqlpeg/grammar/statement_list.h"
#include "sqlpeg/lexer.h"
#include "sqlpeg/parse_errors.h"

namespace sb::sql {

bool MatchStatementList(Input& in, ParseState& st);  // parse_statement.cpp

Statement BuildStatement(const PNode& n) {
  if (!n.Is<grammar::statement>() || n.children.size() != 1) ThrowBuildError(n);
  const PNode& body = *n.children.front();
  Statement stmt;
  stmt.location = n.begin;
  if (body.Is<grammar::select_stmt>()) {
    stmt.node = std::move(*BuildSelect(body));
    return stmt;
  }
  if (BuildDmlStatement(body, stmt) || BuildDdlStatement(body, stmt) ||
      BuildMiscStatement(body, stmt)) {
    return stmt;
  }
  ThrowBuildError(body);
}

std::vector<ParsedStatement> ParseSql(std::string_view text) {
  if (text.size() > static_cast<size_t>(INT32_MAX / 2)) {
    throw SqlError(SqlState::kProgramLimitExceeded, "statement text is too long");
  }
  ParseState st(text);
  Input in(text.data(), text.data() + text.size(), "sql");
  if (!MatchStatementList(in, st)) ThrowSyntaxError(st);

  std::vector<ParsedStatement> out;
  try {
    for (const auto& child : st.done) {
      ParsedStatement parsed;
      parsed.begin = child->begin;
      parsed.end = child->end;
      parsed.stmt = BuildStatement(*child);
      out.push_back(std::move(parsed));
    }
  } catch (const BuildError& e) {
    const size_t pos = static_cast<size_t>(e.offset);
    std::string message = e.message;
    if (message.empty()) {
      message = fmt::format("syntax error at or near \"{}\"", lex::TokenAt(text, pos));
    }
    throw SqlError(e.state, std::move(message)).WithPosition(CharPosition(text, e.offset));
  }
  return out;
}

}  // namespace sb::sql
