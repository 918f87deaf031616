// Query AST: SELECT (including VALUES lists, set operations and WITH), FROM items and
// the pieces INSERT/UPDATE/DELETE share with it (select items, SET clauses).
//
// Built by the parser and owned by the enclosing Statement (or by the expression that
// holds a subquery); read by the binder. Locations are byte offsets into the SQL text.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "sqlpeg/ast/expr.h"

namespace sb::sql {

// One output column: `expr [AS] alias`. `*` and `t.*` are Star / ColumnRef{star} exprs.
struct SelectItem {
  ExprPtr expr;
  std::string alias;
  bool has_alias = false;
};

struct FromItem {
  enum class Kind { kTable, kSubquery, kFunction, kJoin };
  enum class JoinType { kInner, kLeft, kRight, kFull, kCross };
  Kind kind = Kind::kTable;
  std::vector<std::string> name;         // kTable: {"table"} or {"schema", "table"}
  std::unique_ptr<SelectStmt> subquery;  // kSubquery
  ExprPtr function;                      // kFunction: a FuncCall, e.g. unnest(..)
  bool with_ordinality = false;
  bool lateral = false;
  std::string alias;
  std::vector<std::string> column_aliases;
  // kJoin:
  JoinType join_type = JoinType::kInner;
  std::unique_ptr<FromItem> left, right;
  ExprPtr on;
  std::vector<std::string> using_columns;
  bool natural = false;
  int location = -1;
};

struct CommonTableExpr {
  std::string name;
  std::vector<std::string> columns;
  std::unique_ptr<SelectStmt> query;
  int location = -1;
};

struct SelectStmt {
  enum SetOp { kNone, kUnion, kIntersect, kExcept };

  bool distinct = false;
  std::vector<ExprPtr> distinct_on;
  std::vector<SelectItem> items;
  std::vector<FromItem> from;
  ExprPtr where;
  std::vector<ExprPtr> group_by;
  ExprPtr having;
  std::vector<OrderItem> order_by;
  ExprPtr limit;  // null for no LIMIT and for LIMIT ALL; FETCH FIRST n ROWS ONLY too
  ExprPtr offset;
  bool for_update = false;  // FOR UPDATE/SHARE/NO KEY UPDATE/KEY SHARE [OF ..] [NOWAIT|SKIP LOCKED]
  std::vector<CommonTableExpr> with;
  bool with_recursive = false;
  // A VALUES (..), (..) query: rows of expressions (items/from/where are then empty).
  std::vector<std::vector<ExprPtr>> values;
  // Set operation: set_left op set_right; ORDER BY/LIMIT/OFFSET/WITH of a set operation
  // belong to this (outer) node.
  std::unique_ptr<SelectStmt> set_left, set_right;
  SetOp set_op = kNone;
  bool set_all = false;
  int location = -1;
};

// `column = value` in UPDATE ... SET and INSERT ... ON CONFLICT DO UPDATE SET.
struct SetClause {
  std::string column;
  ExprPtr value;
  int location = -1;
};

}  // namespace sb::sql
