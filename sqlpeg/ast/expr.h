// Expression AST: what the SQL parser produces for value expressions.
//
// Built by the parser (sqlpeg, on the worker's statement thread) and then owned by the
// Statement that contains it; the binder reads it and never needs the SQL text again.
// Plain structs: every child is owned through std::unique_ptr, node kinds are a
// std::variant, and `location` is the byte offset of the node's first token in the text
// the statement was parsed from (-1 when the node was synthesised).
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace sb::sql {

struct Expr;
struct SelectStmt;  // defined in sqlpeg/ast/select.h (included at the end of this file)
using ExprPtr = std::unique_ptr<Expr>;

struct Literal {
  enum class Kind { kNull, kInteger, kNumeric, kString, kBool };
  Kind kind = Kind::kNull;
  // Integer/numeric: the source text (e.g. "1.50", "1e10"); string: the unescaped value;
  // bool: "true"/"false".
  std::string text;
  bool bool_value = false;
};

// a, t.a, s.t.a; `t.*` sets star (names then hold only the qualifier).
struct ColumnRef {
  std::vector<std::string> names;
  bool star = false;
};

// A bare `*` in a select list (or count(*) when not folded into FuncCall::star).
struct Star {};

// $1 → number 1.
struct ParamRef {
  int number = 0;
};

// "-", "+", "NOT", or any prefix operator such as "~".
struct UnaryOp {
  std::string op;
  ExprPtr operand;
};

// op is normalised: "!=" → "<>", "AND"/"OR" upper case, other operators as written.
struct BinaryOp {
  std::string op;
  ExprPtr left;
  ExprPtr right;
};

struct OrderItem {
  enum class Nulls { kDefault, kFirst, kLast };
  ExprPtr expr;
  bool descending = false;
  Nulls nulls = Nulls::kDefault;
};

// f(args), agg(DISTINCT x ORDER BY y) FILTER (WHERE c) OVER (...). SQL special forms
// (CURRENT_TIMESTAMP, EXTRACT, TRIM, POSITION, SUBSTRING, COALESCE, ...) become FuncCalls
// with lower-case names in PostgreSQL's function-call form.
struct FuncCall {
  std::vector<std::string> name;  // possibly schema-qualified, e.g. {"pg_catalog", "now"}
  std::vector<ExprPtr> args;
  bool star = false;  // count(*)
  bool distinct = false;
  std::vector<OrderItem> order_by;  // agg(x ORDER BY y)
  ExprPtr filter;                   // FILTER (WHERE ...)
  bool has_over = false;
  // The window, when has_over (named windows and frame clauses are parsed but dropped).
  std::vector<ExprPtr> over_partition;
  std::vector<OrderItem> over_order;
};

// A type as written in a cast or column definition, normalised to PostgreSQL's internal
// names ("integer" → {"int4"}, "double precision" → {"float8"}, ...).
struct TypeName {
  std::vector<std::string> names;
  std::vector<int> modifiers;  // varchar(20) → {20}; numeric(10,2) → {10, 2}
  int array_dims = 0;          // int[] → 1, int[][] → 2
};

struct Cast {
  ExprPtr operand;
  TypeName type;
};

struct CaseWhen {
  ExprPtr condition;
  ExprPtr result;
};

struct CaseExpr {
  ExprPtr operand;  // CASE x WHEN ... (null for searched CASE)
  std::vector<CaseWhen> whens;
  ExprPtr else_result;
};

// x IS [NOT] NULL/TRUE/FALSE/UNKNOWN, x ISNULL, x NOTNULL.
struct IsTest {
  enum class Kind { kNull, kTrue, kFalse, kUnknown };
  Kind kind = Kind::kNull;
  bool negated = false;
  ExprPtr operand;
};

struct IsDistinct {
  ExprPtr left;
  ExprPtr right;
  bool negated = false;  // IS NOT DISTINCT FROM
};

struct InList {
  ExprPtr operand;
  std::vector<ExprPtr> items;
  bool negated = false;
};

struct InSubquery {
  ExprPtr operand;
  std::unique_ptr<SelectStmt> subquery;
  bool negated = false;
};

struct Between {
  ExprPtr operand;
  ExprPtr low;
  ExprPtr high;
  bool negated = false;
  bool symmetric = false;
};

// LIKE / ILIKE / NOT LIKE / NOT ILIKE (and ~~, ~~*, !~~, !~~*).
struct Like {
  ExprPtr operand;
  ExprPtr pattern;
  ExprPtr escape;
  bool negated = false;
  bool case_insensitive = false;
};

// x op ANY (array or subquery), x op ALL (...). SOME is ANY.
struct AnyAll {
  std::string op;
  ExprPtr left;
  ExprPtr right;  // an array expression, or a SubqueryExpr
  bool all = false;
};

// A scalar subquery: (SELECT ...).
struct SubqueryExpr {
  std::unique_ptr<SelectStmt> select;
};

struct Exists {
  std::unique_ptr<SelectStmt> select;
};

// ARRAY[1, 2] (elements) or ARRAY(SELECT ...) (subquery).
struct ArrayExpr {
  std::vector<ExprPtr> elements;
  std::unique_ptr<SelectStmt> subquery;
};

// a[1] (index), a[1:2] (index and upper; is_slice also covers a[:2] and a[1:]).
struct Subscript {
  ExprPtr operand;
  ExprPtr index;
  ExprPtr upper;
  bool is_slice = false;
};

// The DEFAULT keyword inside INSERT ... VALUES or UPDATE ... SET.
struct DefaultMarker {};

struct Collate {
  ExprPtr operand;
  std::vector<std::string> collation;
};

// (expr).field: a field of a composite value, e.g. (information_schema._pg_expandarray(x)).n
struct FieldSelect {
  ExprPtr operand;
  std::string field;
};

// ROW(a, b) or (a, b).
struct RowExpr {
  std::vector<ExprPtr> fields;
};

struct Expr {
  std::variant<Literal, ColumnRef, Star, ParamRef, UnaryOp, BinaryOp, FuncCall, Cast, CaseExpr,
               IsTest, IsDistinct, InList, InSubquery, Between, Like, AnyAll, SubqueryExpr, Exists,
               ArrayExpr, Subscript, DefaultMarker, Collate, RowExpr, FieldSelect>
      node;
  int location = -1;
};

template <typename Node>
ExprPtr MakeExpr(Node node, int location) {
  auto expr = std::make_unique<Expr>();
  expr->node = std::move(node);
  expr->location = location;
  return expr;
}

}  // namespace sb::sql

// SelectStmt must be complete wherever an Expr is destroyed.
#include "sqlpeg/ast/select.h"
