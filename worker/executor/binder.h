// Binder: turns the parser's expression AST into typed BoundExprs, following PostgreSQL's
// rules for literal and parameter types, operator and function resolution and implicit casts.
//
// One Binder per statement analysis (Parse or simple Query), on the worker's thread. It fills
// in the types of `$n` parameters the client left unspecified as it meets them in context;
// whatever is still unknown at the end becomes text, as in PostgreSQL.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "shared/errors/sql_error.h"
#include "shared/types/cast.h"
#include "sqlpeg/ast/expr.h"
#include "worker/executor/bound_expr.h"
#include "worker/executor/exec_context.h"

namespace sb::worker {

// What column names resolve to. Statements without FROM have no scope.
struct ScopeColumn {
  int index = -1;
  types::Oid type = types::kText;
  int32_t typmod = -1;
};
class Scope {
 public:
  virtual ~Scope() = default;
  // nullopt: no such column here. Throws 42702 for an ambiguous name.
  virtual std::optional<ScopeColumn> Find(const std::vector<std::string>& names,
                                          int location) const = 0;
};

class Binder {
 public:
  Binder(ExecContext& context, const std::string& sql, std::vector<types::Oid>& param_types);

  BoundPtr Bind(const sql::Expr& expr, const Scope* scope);

  // Makes `expr` of type `target` (resolving unknown literals and parameters, or adding a cast
  // allowed for `kind`). `what` names the context for the error message.
  BoundPtr Coerce(BoundPtr expr, types::Oid target, int32_t typmod, types::CastKind kind);
  // WHERE/HAVING/AND/OR/NOT operands: 42804 "argument of WHERE must be type boolean, ...".
  BoundPtr CoerceToBool(BoundPtr expr, std::string_view construct);
  // LIMIT/OFFSET: any numeric expression without columns, as bigint (42804 otherwise).
  BoundPtr BindRowCount(const sql::Expr& expr, std::string_view clause);
  // Unknown literals and parameters left at the top become text.
  void ResolveUnknown(BoundExpr& expr);
  // PostgreSQL's select_common_type: the type all of `exprs` can be coerced to.
  types::Oid CommonType(const std::vector<BoundExpr*>& exprs, std::string_view construct);

  // An SqlError with the cursor position of the byte offset `location`.
  SqlError ErrorAt(SqlState state, std::string message, int location) const;

  ExecContext& context() { return context_; }
  std::vector<types::Oid>& param_types() { return param_types_; }

 private:
  BoundPtr BindLiteral(const sql::Literal& literal, int location);
  BoundPtr BindParam(const sql::ParamRef& param, int location);
  BoundPtr BindColumn(const sql::ColumnRef& column, int location, const Scope* scope);
  BoundPtr BindUnary(const sql::UnaryOp& op, int location, const Scope* scope);
  BoundPtr BindBinary(const sql::BinaryOp& op, int location, const Scope* scope);
  BoundPtr BindCall(const sql::FuncCall& call, int location, const Scope* scope);
  BoundPtr BindCast(const sql::Cast& cast, int location, const Scope* scope);
  BoundPtr BindCase(const sql::CaseExpr& expr, int location, const Scope* scope);
  BoundPtr BindIsTest(const sql::IsTest& test, int location, const Scope* scope);
  BoundPtr BindInList(const sql::InList& in, int location, const Scope* scope);
  BoundPtr BindBetween(const sql::Between& between, int location, const Scope* scope);
  BoundPtr BindLike(const sql::Like& like, int location, const Scope* scope);
  BoundPtr BindAnyAll(const sql::AnyAll& any, int location, const Scope* scope);
  BoundPtr BindArray(const sql::ArrayExpr& array, int location, const Scope* scope);
  BoundPtr BindVariadicSame(BoundKind kind, const std::vector<sql::ExprPtr>& args, int location,
                            const Scope* scope, std::string_view construct);

 public:
  // Operators are shared with function binding (e.g. nullif uses "=").
  BoundPtr MakeOperator(std::string_view op, BoundPtr left, BoundPtr right, int location);
  BoundPtr MakeComparison(std::string_view op, BoundPtr left, BoundPtr right, int location);

 private:
  ExecContext& context_;
  const std::string& sql_;
  std::vector<types::Oid>& param_types_;
};

// Resolves a parser TypeName to (oid, typmod); 42704 `type "x" does not exist`.
std::pair<types::Oid, int32_t> ResolveTypeName(const sql::TypeName& type, const Binder& binder,
                                               int location);

}  // namespace sb::worker
