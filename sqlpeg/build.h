// AST builders: turn the parse tree (PNode, produced by the grammar under TreeControl)
// into the sqlpeg/ast structs. One build_*.cpp per statement family.
//
// Called by ParseSql on the parsing thread after a successful parse; they only read the
// tree. A construct the grammar accepts but PostgreSQL rejects (a = b = c, LIMIT #,#)
// throws BuildError, which ParseSql turns into an sb::SqlError with a cursor position.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "shared/errors/sqlstate.h"
#include "sqlpeg/ast/statement.h"
#include "sqlpeg/parse_state.h"

namespace sb::sql {

struct BuildError {
  int offset;           // byte offset of the offending token
  std::string message;  // empty: "syntax error at or near <token>"
  SqlState state = SqlState::kSyntaxError;
};

[[noreturn]] void ThrowBuildError(const PNode& at, std::string message = {},
                                  SqlState state = SqlState::kSyntaxError);

// Identifier value of a node whose text is one identifier token.
std::string IdentOf(const PNode& n);
// Identifier values of the identifier-like tokens of a dotted name node.
std::vector<std::string> NameOf(const PNode& n);
// The nodes of type Rule directly below n.
template <typename Rule>
std::vector<const PNode*> ChildrenOf(const PNode& n) {
  std::vector<const PNode*> out;
  for (const auto& child : n.children) {
    if (child->Is<Rule>()) out.push_back(child.get());
  }
  return out;
}

// build_expr.cpp
ExprPtr BuildExpr(const PNode& n);  // a_expr, b_expr
TypeName BuildTypeName(const PNode& n);
std::vector<OrderItem> BuildSortClause(const PNode& n);
ExprPtr BuildFuncCall(const PNode& n);  // func_call

// build_select.cpp
std::unique_ptr<SelectStmt> BuildSelect(const PNode& n);  // select_stmt or paren_select
std::vector<FromItem> BuildFromList(const PNode& n);
std::vector<SelectItem> BuildTargetList(const PNode& n);
std::vector<CommonTableExpr> BuildWithClause(const PNode& n, bool* recursive);

// build_dml.cpp, build_ddl.cpp, build_misc.cpp: each returns false if n is not theirs.
bool BuildDmlStatement(const PNode& n, Statement& out);
bool BuildDdlStatement(const PNode& n, Statement& out);
bool BuildMiscStatement(const PNode& n, Statement& out);
// parser.cpp: the `statement` node → Statement.
Statement BuildStatement(const PNode& n);

// Used by DDL and misc builders.
ColumnDef BuildColumnDef(const PNode& n);
TableConstraint BuildTableConstraint(const PNode& n);

}  // namespace sb::sql
