// Helpers for the sqlpeg unit tests: parse to the printed form, or capture the error.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "shared/errors/sql_error.h"
#include "sqlpeg/ast_print.h"
#include "sqlpeg/parser.h"

namespace sb::sql::testing {

// ToString of the single statement `sql` parses to; fails the test otherwise.
inline std::string Print(std::string_view sql) {
  try {
    std::vector<ParsedStatement> stmts = ParseSql(sql);
    if (stmts.size() != 1) {
      ADD_FAILURE() << "expected one statement, got " << stmts.size() << " for: " << sql;
      return {};
    }
    return ToString(stmts[0].stmt);
  } catch (const SqlError& e) {
    ADD_FAILURE() << "unexpected error: " << e.what() << " at " << e.position() << " for: " << sql;
    return {};
  }
}

// The expression of `SELECT <expr>`, printed.
inline std::string PrintExpr(std::string_view expr) {
  std::string sql = "SELECT " + std::string(expr);
  std::vector<ParsedStatement> stmts;
  try {
    stmts = ParseSql(sql);
  } catch (const SqlError& e) {
    ADD_FAILURE() << "unexpected error: " << e.what() << " for: " << sql;
    return {};
  }
  const auto* select = std::get_if<SelectStmt>(&stmts.at(0).stmt.node);
  if (!select || select->items.size() != 1) {
    ADD_FAILURE() << "not a one-item SELECT: " << sql;
    return {};
  }
  return ToString(*select->items[0].expr);
}

struct ErrorInfo {
  bool thrown = false;
  std::string code;
  std::string message;
  int position = 0;
};

inline ErrorInfo ErrorOf(std::string_view sql) {
  ErrorInfo info;
  try {
    ParseSql(sql);
  } catch (const SqlError& e) {
    info.thrown = true;
    info.code = std::string(SqlStateCode(e.state()));
    info.message = e.what();
    info.position = e.position();
  }
  return info;
}

}  // namespace sb::sql::testing
