#include "worker/executor/binder.h"

#include <algorithm>

#include "shared/types/text_io.h"
#include "sqlpeg/parser.h"
#include "worker/executor/functions.h"
#include "worker/executor/operators.h"

namespace sb::worker {
namespace {

using types::Oid;

BoundPtr MakeNode(BoundKind kind, Oid type, int location) {
  auto node = std::make_unique<BoundExpr>();
  node->kind = kind;
  node->type = type;
  node->location = location;
  return node;
}

bool IsUnknown(const BoundExpr& expr) {
  return expr.type == types::kUnknown;
}

int DatetimeRank(Oid type) {
  switch (type) {
    case types::kDate:
      return 1;
    case types::kTimestamp:
      return 2;
    case types::kTimestamptz:
      return 3;
    default:
      return 0;
  }
}

char Category(Oid type) {
  const types::TypeInfo* info = types::FindType(type);
  return info ? info->category : types::kCategoryUser;
}

std::string TypeDisplay(Oid type) {
  return types::FormatType(type, -1);
}

}  // namespace

Binder::Binder(ExecContext& context, const std::string& sql, std::vector<types::Oid>& param_types)
    : context_(context), sql_(sql), param_types_(param_types) {}

SqlError Binder::ErrorAt(SqlState state, std::string message, int location) const {
  SqlError error(state, std::move(message));
  if (location >= 0) error.WithPosition(sql::CharPosition(sql_, location));
  return error;
}

BoundPtr Binder::Bind(const sql::Expr& expr, const Scope* scope) {
  const int loc = expr.location;
  return std::visit(
      [&](const auto& node) -> BoundPtr {
        using T = std::decay_t<decltype(node)>;
        if constexpr (std::is_same_v<T, sql::Literal>) {
          return BindLiteral(node, loc);
        } else if constexpr (std::is_same_v<T, sql::ParamRef>) {
          return BindParam(node, loc);
        } else if constexpr (std::is_same_v<T, sql::ColumnRef>) {
          return BindColumn(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::UnaryOp>) {
          return BindUnary(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::BinaryOp>) {
          return BindBinary(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::FuncCall>) {
          return BindCall(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::Cast>) {
          return BindCast(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::CaseExpr>) {
          return BindCase(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::IsTest>) {
          return BindIsTest(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::IsDistinct>) {
          BoundPtr left = Bind(*node.left, scope);
          BoundPtr right = Bind(*node.right, scope);
          std::vector<BoundExpr*> both = {left.get(), right.get()};
          Oid common = CommonType(both, "IS DISTINCT FROM");
          auto out = MakeNode(BoundKind::kDistinct, types::kBool, loc);
          out->negated = node.negated;
          out->impl = DistinctImpl();
          out->args.push_back(Coerce(std::move(left), common, -1, types::CastKind::kImplicit));
          out->args.push_back(Coerce(std::move(right), common, -1, types::CastKind::kImplicit));
          return out;
        } else if constexpr (std::is_same_v<T, sql::InList>) {
          return BindInList(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::Between>) {
          return BindBetween(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::Like>) {
          return BindLike(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::AnyAll>) {
          return BindAnyAll(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::ArrayExpr>) {
          return BindArray(node, loc, scope);
        } else if constexpr (std::is_same_v<T, sql::Collate>) {
          // Only C collation exists; COLLATE "C"/pg_catalog.default changes nothing.
          return Bind(*node.operand, scope);
        } else if constexpr (std::is_same_v<T, sql::Star>) {
          throw ErrorAt(SqlState::kSyntaxError, "SELECT * with no tables specified is not valid",
                        loc);
        } else if constexpr (std::is_same_v<T, sql::DefaultMarker>) {
          throw ErrorAt(SqlState::kSyntaxError, "DEFAULT is not allowed in this context", loc);
        } else if constexpr (std::is_same_v<T, sql::SubqueryExpr> ||
                             std::is_same_v<T, sql::Exists> || std::is_same_v<T, sql::InSubquery>) {
          throw ErrorAt(SqlState::kFeatureNotSupported, "subqueries are not supported yet", loc);
        } else {
          throw ErrorAt(SqlState::kFeatureNotSupported, "this expression is not supported yet",
                        loc);
        }
      },
      expr.node);
}

BoundPtr Binder::BindLiteral(const sql::Literal& literal, int location) {
  switch (literal.kind) {
    case sql::Literal::Kind::kNull: {
      auto out = MakeNode(BoundKind::kConst, types::kUnknown, location);
      out->value = types::Value::Null(types::kUnknown);
      return out;
    }
    case sql::Literal::Kind::kBool: {
      auto out = MakeNode(BoundKind::kConst, types::kBool, location);
      out->value = types::Value::Bool(literal.bool_value);
      return out;
    }
    case sql::Literal::Kind::kString: {
      // Type unknown until context decides, as in PostgreSQL.
      auto out = MakeNode(BoundKind::kConst, types::kUnknown, location);
      out->value = types::Value::Text(literal.text, types::kUnknown);
      return out;
    }
    case sql::Literal::Kind::kInteger: {
      // int4 if it fits, else int8, else numeric.
      const std::string& text = literal.text;
      errno = 0;
      char* end = nullptr;
      long long n = std::strtoll(text.c_str(), &end, 10);
      if (errno == 0 && end == text.c_str() + text.size()) {
        Oid type = (n >= INT32_MIN && n <= INT32_MAX) ? types::kInt4 : types::kInt8;
        auto out = MakeNode(BoundKind::kConst, type, location);
        out->value = types::Value::Integer(type, n);
        return out;
      }
      [[fallthrough]];
    }
    case sql::Literal::Kind::kNumeric: {
      auto out = MakeNode(BoundKind::kConst, types::kNumeric, location);
      out->value = types::ParseText(types::kNumeric, -1, literal.text, context_.format);
      return out;
    }
  }
  throw ErrorAt(SqlState::kInternalError, "unknown literal", location);
}

BoundPtr Binder::BindParam(const sql::ParamRef& param, int location) {
  if (param.number < 1 || param.number > 65535) {
    throw ErrorAt(SqlState::kUndefinedParameter,
                  fmt::format("there is no parameter ${}", param.number), location);
  }
  size_t index = static_cast<size_t>(param.number - 1);
  if (param_types_.size() <= index) param_types_.resize(index + 1, types::kUnknown);
  if (param_types_[index] == 0) param_types_[index] = types::kUnknown;
  auto out = MakeNode(BoundKind::kParam, param_types_[index], location);
  out->index = static_cast<int>(index);
  return out;
}

BoundPtr Binder::BindColumn(const sql::ColumnRef& column, int location, const Scope* scope) {
  if (column.star) {
    throw ErrorAt(SqlState::kFeatureNotSupported, "qualified * is not supported here", location);
  }
  if (scope != nullptr) {
    if (std::optional<ScopeColumn> found = scope->Find(column.names, location)) {
      auto out = MakeNode(BoundKind::kColumn, found->type, location);
      out->typmod = found->typmod;
      out->index = found->index;
      return out;
    }
  }
  std::string name;
  for (const std::string& part : column.names) name += (name.empty() ? "" : ".") + part;
  if (column.names.size() > 1) {
    throw ErrorAt(SqlState::kUndefinedTable,
                  fmt::format("missing FROM-clause entry for table \"{}\"", column.names[0]),
                  location);
  }
  throw ErrorAt(SqlState::kUndefinedColumn, fmt::format("column \"{}\" does not exist", name),
                location);
}

BoundPtr Binder::BindRowCount(const sql::Expr& expr, std::string_view clause) {
  BoundPtr bound = Bind(expr, nullptr);
  if (bound->type == types::kUnknown) {
    return Coerce(std::move(bound), types::kInt8, -1, types::CastKind::kImplicit);
  }
  if (NumericRank(bound->type) == 0) {
    throw ErrorAt(SqlState::kDatatypeMismatch,
                  fmt::format("argument of {} must be type bigint, not type {}", clause,
                              TypeDisplay(bound->type)),
                  expr.location);
  }
  return Coerce(std::move(bound), types::kInt8, -1, types::CastKind::kAssignment);
}

void Binder::ResolveUnknown(BoundExpr& expr) {
  if (!IsUnknown(expr)) return;
  if (expr.kind == BoundKind::kParam) {
    param_types_[static_cast<size_t>(expr.index)] = types::kText;
  } else if (expr.kind == BoundKind::kConst) {
    expr.value.set_type(types::kText);
  }
  expr.type = types::kText;
}

BoundPtr Binder::Coerce(BoundPtr expr, Oid target, int32_t typmod, types::CastKind kind) {
  if (target == types::kUnknown) return expr;
  if (expr->kind == BoundKind::kParam && IsUnknown(*expr)) {
    param_types_[static_cast<size_t>(expr->index)] = target;
    expr->type = target;
    if (typmod < 0) return expr;
  }
  if (expr->kind == BoundKind::kConst && IsUnknown(*expr)) {
    // An unknown literal is read directly as the target type (errors point at the literal).
    try {
      if (expr->value.IsNull()) {
        expr->value = types::Value::Null(target);
      } else {
        expr->value =
            types::ParseText(target, typmod, expr->value.GetString(), context_.format,
                             kind == types::CastKind::kExplicit ? types::LengthMode::kTruncate
                                                                : types::LengthMode::kCheck);
      }
    } catch (SqlError& e) {
      if (e.position() == 0 && expr->location >= 0) {
        e.WithPosition(sql::CharPosition(sql_, expr->location));
      }
      throw;
    }
    expr->type = target;
    expr->typmod = typmod;
    return expr;
  }
  if (expr->type == target && (typmod < 0 || expr->typmod == typmod)) return expr;
  if (expr->type != target && !types::CanCast(expr->type, target, kind)) {
    if (kind == types::CastKind::kExplicit) {
      throw ErrorAt(
          SqlState::kCannotCoerce,
          fmt::format("cannot cast type {} to {}", TypeDisplay(expr->type), TypeDisplay(target)),
          expr->location);
    }
    throw ErrorAt(SqlState::kDatatypeMismatch,
                  fmt::format("expression is of type {} but expected type {}",
                              TypeDisplay(expr->type), TypeDisplay(target)),
                  expr->location)
        .WithHint("You will need to rewrite or cast the expression.");
  }
  int location = expr->location;
  auto out = MakeNode(BoundKind::kCast, target, location);
  out->typmod = typmod;
  out->flag = kind == types::CastKind::kExplicit ? 1 : 0;
  out->args.push_back(std::move(expr));
  return out;
}

BoundPtr Binder::CoerceToBool(BoundPtr expr, std::string_view construct) {
  if (expr->type == types::kBool) return expr;
  if (IsUnknown(*expr))
    return Coerce(std::move(expr), types::kBool, -1, types::CastKind::kImplicit);
  throw ErrorAt(SqlState::kDatatypeMismatch,
                fmt::format("argument of {} must be type boolean, not type {}", construct,
                            TypeDisplay(expr->type)),
                expr->location);
}

Oid Binder::CommonType(const std::vector<BoundExpr*>& exprs, std::string_view construct) {
  Oid chosen = types::kUnknown;
  for (const BoundExpr* expr : exprs) {
    if (IsUnknown(*expr)) continue;
    Oid type = expr->type;
    if (chosen == types::kUnknown) {
      chosen = type;
      continue;
    }
    if (type == chosen) continue;
    char a = Category(chosen), b = Category(type);
    if (a != b) {
      throw ErrorAt(SqlState::kDatatypeMismatch,
                    fmt::format("{} types {} and {} cannot be matched", construct,
                                TypeDisplay(chosen), TypeDisplay(type)),
                    expr->location);
    }
    if (NumericRank(type) > 0 && NumericRank(chosen) > 0) {
      if (NumericRank(type) > NumericRank(chosen)) chosen = type;
    } else if (DatetimeRank(type) > 0 && DatetimeRank(chosen) > 0) {
      if (DatetimeRank(type) > DatetimeRank(chosen)) chosen = type;
    } else if (a == types::kCategoryString) {
      chosen = types::kText;  // text is the preferred string type
    } else if (!types::CanCast(type, chosen, types::CastKind::kImplicit)) {
      if (types::CanCast(chosen, type, types::CastKind::kImplicit)) {
        chosen = type;
      } else {
        throw ErrorAt(SqlState::kDatatypeMismatch,
                      fmt::format("{} types {} and {} cannot be matched", construct,
                                  TypeDisplay(chosen), TypeDisplay(type)),
                      expr->location);
      }
    }
  }
  return chosen == types::kUnknown ? types::kText : chosen;
}

BoundPtr Binder::BindUnary(const sql::UnaryOp& op, int location, const Scope* scope) {
  BoundPtr operand = Bind(*op.operand, scope);
  if (op.op == "NOT") {
    auto out = MakeNode(BoundKind::kNot, types::kBool, location);
    out->args.push_back(CoerceToBool(std::move(operand), "NOT"));
    return out;
  }
  if (op.op == "+" && NumericRank(operand->type) > 0) return operand;
  // Negative literals fold so that -2147483648 is an int4 as in PostgreSQL.
  if (op.op == "-" && operand->kind == BoundKind::kConst && !operand->value.IsNull()) {
    if (operand->type == types::kInt8 && operand->value.GetInt() == 2147483648LL) {
      operand->type = types::kInt4;
      operand->value = types::Value::Int4(INT32_MIN);
      operand->location = location;
      return operand;
    }
  }
  if (IsUnknown(*operand))
    operand = Coerce(std::move(operand), types::kFloat8, -1, types::CastKind::kImplicit);
  std::optional<OperatorChoice> choice = ResolveUnaryOperator(op.op, operand->type);
  if (!choice) {
    throw ErrorAt(SqlState::kUndefinedFunction,
                  fmt::format("operator does not exist: {} {}", op.op, TypeDisplay(operand->type)),
                  location)
        .WithHint(
            "No operator matches the given name and argument type. You might need to add "
            "an explicit type cast.");
  }
  auto out = MakeNode(BoundKind::kCall, choice->result, location);
  out->impl = choice->impl;
  out->args.push_back(Coerce(std::move(operand), choice->right, -1, types::CastKind::kImplicit));
  return out;
}

BoundPtr Binder::BindBinary(const sql::BinaryOp& op, int location, const Scope* scope) {
  if (op.op == "AND" || op.op == "OR") {
    auto out = MakeNode(op.op == "AND" ? BoundKind::kAnd : BoundKind::kOr, types::kBool, location);
    out->args.push_back(CoerceToBool(Bind(*op.left, scope), op.op));
    out->args.push_back(CoerceToBool(Bind(*op.right, scope), op.op));
    return out;
  }
  return MakeOperator(op.op, Bind(*op.left, scope), Bind(*op.right, scope), location);
}

BoundPtr Binder::MakeComparison(std::string_view op, BoundPtr left, BoundPtr right, int location) {
  std::vector<BoundExpr*> both = {left.get(), right.get()};
  Oid common = CommonType(both, "operator");
  FunctionImpl impl = ComparisonImpl(op);
  if (impl == nullptr || !IsComparable(common)) {
    throw ErrorAt(SqlState::kUndefinedFunction,
                  fmt::format("operator does not exist: {} {} {}", TypeDisplay(common), op,
                              TypeDisplay(common)),
                  location);
  }
  auto out = MakeNode(BoundKind::kCall, types::kBool, location);
  out->impl = impl;
  out->args.push_back(Coerce(std::move(left), common, -1, types::CastKind::kImplicit));
  out->args.push_back(Coerce(std::move(right), common, -1, types::CastKind::kImplicit));
  return out;
}

BoundPtr Binder::MakeOperator(std::string_view op, BoundPtr left, BoundPtr right, int location) {
  if (op == "=" || op == "<>" || op == "<" || op == ">" || op == "<=" || op == ">=") {
    return MakeComparison(op, std::move(left), std::move(right), location);
  }
  // An unknown side takes the other side's type (PostgreSQL's rule for binary operators);
  // `||` with text works for any operand type.
  if (op == "||") {
    if (IsUnknown(*left))
      left = Coerce(std::move(left), types::kText, -1, types::CastKind::kImplicit);
    if (IsUnknown(*right)) {
      right = Coerce(std::move(right), types::kText, -1, types::CastKind::kImplicit);
    }
  } else if (IsUnknown(*left) && !IsUnknown(*right)) {
    left = Coerce(std::move(left), right->type, -1, types::CastKind::kImplicit);
  } else if (IsUnknown(*right) && !IsUnknown(*left)) {
    right = Coerce(std::move(right), left->type, -1, types::CastKind::kImplicit);
  } else if (IsUnknown(*left) && IsUnknown(*right)) {
    throw ErrorAt(SqlState::kAmbiguousFunction,
                  fmt::format("operator is not unique: unknown {} unknown", op), location)
        .WithHint(
            "Could not choose a best candidate operator. You might need to add explicit "
            "type casts.");
  }
  std::optional<OperatorChoice> choice = ResolveBinaryOperator(op, left->type, right->type);
  if (!choice) {
    throw ErrorAt(SqlState::kUndefinedFunction,
                  fmt::format("operator does not exist: {} {} {}", TypeDisplay(left->type), op,
                              TypeDisplay(right->type)),
                  location)
        .WithHint(
            "No operator matches the given name and argument types. You might need to "
            "add explicit type casts.");
  }
  auto out = MakeNode(BoundKind::kCall, choice->result, location);
  out->impl = choice->impl;
  out->args.push_back(Coerce(std::move(left), choice->left, -1, types::CastKind::kImplicit));
  out->args.push_back(Coerce(std::move(right), choice->right, -1, types::CastKind::kImplicit));
  return out;
}

BoundPtr Binder::BindCast(const sql::Cast& cast, int location, const Scope* scope) {
  auto [type, typmod] = ResolveTypeName(cast.type, *this, location);
  BoundPtr operand = Bind(*cast.operand, scope);
  BoundPtr out = Coerce(std::move(operand), type, typmod, types::CastKind::kExplicit);
  if (out->kind == BoundKind::kConst) out->location = location;
  return out;
}

BoundPtr Binder::BindCase(const sql::CaseExpr& expr, int location, const Scope* scope) {
  BoundPtr operand = expr.operand ? Bind(*expr.operand, scope) : nullptr;
  std::vector<BoundPtr> conditions, results;
  for (const sql::CaseWhen& when : expr.whens) {
    BoundPtr condition = Bind(*when.condition, scope);
    if (operand) {
      // CASE x WHEN v: each arm compares x = v. The operand is re-evaluated per arm, which is
      // fine for the deterministic expressions CASE operands are in practice.
      BoundPtr copy = Bind(*expr.operand, scope);
      condition =
          MakeComparison("=", std::move(copy), std::move(condition), when.condition->location);
    } else {
      condition = CoerceToBool(std::move(condition), "CASE/WHEN");
    }
    conditions.push_back(std::move(condition));
    results.push_back(Bind(*when.result, scope));
  }
  BoundPtr else_result;
  if (expr.else_result) {
    else_result = Bind(*expr.else_result, scope);
  } else {
    else_result = MakeNode(BoundKind::kConst, types::kUnknown, location);
    else_result->value = types::Value::Null(types::kUnknown);
  }
  std::vector<BoundExpr*> all;
  for (auto& r : results) all.push_back(r.get());
  all.push_back(else_result.get());
  Oid common = CommonType(all, "CASE");
  auto out = MakeNode(BoundKind::kCase, common, location);
  for (size_t i = 0; i < conditions.size(); ++i) {
    out->args.push_back(std::move(conditions[i]));
    out->args.push_back(Coerce(std::move(results[i]), common, -1, types::CastKind::kImplicit));
  }
  out->args.push_back(Coerce(std::move(else_result), common, -1, types::CastKind::kImplicit));
  return out;
}

BoundPtr Binder::BindIsTest(const sql::IsTest& test, int location, const Scope* scope) {
  BoundPtr operand = Bind(*test.operand, scope);
  if (test.kind == sql::IsTest::Kind::kNull) {
    auto out = MakeNode(BoundKind::kIsNull, types::kBool, location);
    out->negated = test.negated;
    if (IsUnknown(*operand)) ResolveUnknown(*operand);
    out->args.push_back(std::move(operand));
    return out;
  }
  auto out = MakeNode(BoundKind::kIsBool, types::kBool, location);
  out->negated = test.negated;
  out->flag = test.kind == sql::IsTest::Kind::kTrue    ? 1
              : test.kind == sql::IsTest::Kind::kFalse ? 0
                                                       : 2;
  out->args.push_back(CoerceToBool(std::move(operand), "IS"));
  return out;
}

BoundPtr Binder::BindInList(const sql::InList& in, int location, const Scope* scope) {
  std::vector<BoundPtr> items;
  items.push_back(Bind(*in.operand, scope));
  for (const auto& item : in.items) items.push_back(Bind(*item, scope));
  std::vector<BoundExpr*> all;
  for (auto& item : items) all.push_back(item.get());
  Oid common = CommonType(all, "IN");
  if (!IsComparable(common)) {
    throw ErrorAt(
        SqlState::kUndefinedFunction,
        fmt::format("operator does not exist: {} = {}", TypeDisplay(common), TypeDisplay(common)),
        location);
  }
  auto out = MakeNode(BoundKind::kInList, types::kBool, location);
  out->negated = in.negated;
  out->impl = InListImpl();
  for (auto& item : items) {
    out->args.push_back(Coerce(std::move(item), common, -1, types::CastKind::kImplicit));
  }
  return out;
}

BoundPtr Binder::BindBetween(const sql::Between& between, int location, const Scope* scope) {
  // x BETWEEN a AND b  ==  x >= a AND x <= b  (SYMMETRIC: either order).
  auto make_range = [&](const sql::Expr& low, const sql::Expr& high) {
    auto out = MakeNode(BoundKind::kAnd, types::kBool, location);
    out->args.push_back(
        MakeComparison(">=", Bind(*between.operand, scope), Bind(low, scope), location));
    out->args.push_back(
        MakeComparison("<=", Bind(*between.operand, scope), Bind(high, scope), location));
    return out;
  };
  BoundPtr result = make_range(*between.low, *between.high);
  if (between.symmetric) {
    auto either = MakeNode(BoundKind::kOr, types::kBool, location);
    either->args.push_back(std::move(result));
    either->args.push_back(make_range(*between.high, *between.low));
    result = std::move(either);
  }
  if (between.negated) {
    auto out = MakeNode(BoundKind::kNot, types::kBool, location);
    out->args.push_back(std::move(result));
    return out;
  }
  return result;
}

BoundPtr Binder::BindLike(const sql::Like& like, int location, const Scope* scope) {
  BoundPtr operand = Bind(*like.operand, scope);
  BoundPtr pattern = Bind(*like.pattern, scope);
  auto as_text = [&](BoundPtr e) {
    if (IsUnknown(*e) || Category(e->type) == types::kCategoryString) {
      return Coerce(std::move(e), types::kText, -1, types::CastKind::kImplicit);
    }
    throw ErrorAt(SqlState::kUndefinedFunction,
                  fmt::format("operator does not exist: {} ~~ unknown", TypeDisplay(e->type)),
                  location)
        .WithHint(
            "No operator matches the given name and argument types. You might need to "
            "add explicit type casts.");
  };
  auto out = MakeNode(BoundKind::kCall, types::kBool, location);
  out->impl = LikeImpl(like.case_insensitive, like.negated);
  out->args.push_back(as_text(std::move(operand)));
  out->args.push_back(as_text(std::move(pattern)));
  if (like.escape) out->args.push_back(as_text(Bind(*like.escape, scope)));
  return out;
}

BoundPtr Binder::BindAnyAll(const sql::AnyAll& any, int location, const Scope* scope) {
  BoundPtr left = Bind(*any.left, scope);
  BoundPtr right = Bind(*any.right, scope);
  Oid element = types::kUnknown;
  if (types::IsArrayType(right->type)) {
    element = types::ArrayElementType(right->type);
  } else if (!IsUnknown(*right)) {
    throw ErrorAt(SqlState::kWrongObjectType, "op ANY/ALL (array) requires array on right side",
                  location);
  }
  if (element == types::kUnknown) {
    if (IsUnknown(*left)) ResolveUnknown(*left);
    element = left->type;
    right = Coerce(std::move(right), types::ArrayTypeOf(element), -1, types::CastKind::kImplicit);
  }
  std::vector<BoundExpr*> both = {left.get()};
  BoundExpr probe;
  probe.type = element;
  both.push_back(&probe);
  Oid common = CommonType(both, "ANY/ALL");
  if (ComparisonImpl(any.op) == nullptr || !IsComparable(common)) {
    throw ErrorAt(SqlState::kUndefinedFunction,
                  fmt::format("operator does not exist: {} {} {}", TypeDisplay(common), any.op,
                              TypeDisplay(element)),
                  location);
  }
  auto out = MakeNode(BoundKind::kAnyAll, types::kBool, location);
  out->flag = any.all ? 1 : 0;
  out->impl = AnyAllImpl(any.op);
  out->args.push_back(Coerce(std::move(left), common, -1, types::CastKind::kImplicit));
  Oid array_type = types::ArrayTypeOf(common);
  out->args.push_back(Coerce(std::move(right), array_type ? array_type : right->type, -1,
                             types::CastKind::kImplicit));
  return out;
}

BoundPtr Binder::BindArray(const sql::ArrayExpr& array, int location, const Scope* scope) {
  if (array.subquery) {
    throw ErrorAt(SqlState::kFeatureNotSupported, "ARRAY(subquery) is not supported yet", location);
  }
  std::vector<BoundPtr> elements;
  for (const auto& element : array.elements) elements.push_back(Bind(*element, scope));
  std::vector<BoundExpr*> all;
  for (auto& e : elements) all.push_back(e.get());
  Oid common = elements.empty() ? types::kText : CommonType(all, "ARRAY");
  Oid array_type = types::ArrayTypeOf(common);
  if (array_type == 0) {
    throw ErrorAt(SqlState::kUndefinedObject,
                  fmt::format("could not find array type for data type {}", TypeDisplay(common)),
                  location);
  }
  auto out = MakeNode(BoundKind::kArray, array_type, location);
  out->impl = ArrayConstructImpl();
  for (auto& e : elements) {
    out->args.push_back(Coerce(std::move(e), common, -1, types::CastKind::kImplicit));
  }
  return out;
}

BoundPtr Binder::BindVariadicSame(BoundKind kind, const std::vector<sql::ExprPtr>& args,
                                  int location, const Scope* scope, std::string_view construct) {
  std::vector<BoundPtr> bound;
  for (const auto& arg : args) bound.push_back(Bind(*arg, scope));
  std::vector<BoundExpr*> all;
  for (auto& b : bound) all.push_back(b.get());
  Oid common = CommonType(all, construct);
  auto out = MakeNode(kind, common, location);
  for (auto& b : bound) {
    out->args.push_back(Coerce(std::move(b), common, -1, types::CastKind::kImplicit));
  }
  return out;
}

BoundPtr Binder::BindCall(const sql::FuncCall& call, int location, const Scope* scope) {
  std::string name = call.name.back();
  if (call.name.size() > 1 && call.name[0] != "pg_catalog" && call.name[0] != "public") {
    throw ErrorAt(SqlState::kInvalidSchemaName,
                  fmt::format("schema \"{}\" does not exist", call.name[0]), location);
  }
  if (call.has_over) {
    throw ErrorAt(SqlState::kFeatureNotSupported, "window functions are not supported yet",
                  location);
  }
  if (name == "coalesce") {
    return BindVariadicSame(BoundKind::kCoalesce, call.args, location, scope, "COALESCE");
  }
  if (name == "greatest" || name == "least") {
    auto out = BindVariadicSame(BoundKind::kGreatestLeast, call.args, location, scope,
                                name == "greatest" ? "GREATEST" : "LEAST");
    out->flag = name == "greatest" ? 1 : 0;
    out->impl = GreatestLeastImpl();
    return out;
  }
  if (name == "nullif" && call.args.size() == 2) {
    BoundPtr left = Bind(*call.args[0], scope);
    BoundPtr right = Bind(*call.args[1], scope);
    std::vector<BoundExpr*> both = {left.get(), right.get()};
    Oid common = CommonType(both, "NULLIF");
    auto out =
        MakeNode(BoundKind::kNullIf, left->type == types::kUnknown ? common : left->type, location);
    out->impl = NullIfImpl();
    out->args.push_back(Coerce(std::move(left), common, -1, types::CastKind::kImplicit));
    out->args.push_back(Coerce(std::move(right), common, -1, types::CastKind::kImplicit));
    return out;
  }

  std::vector<BoundPtr> args;
  for (const auto& arg : call.args) args.push_back(Bind(*arg, scope));
  std::vector<Oid> arg_types;
  for (const auto& arg : args) arg_types.push_back(arg->type);
  const FunctionDef* function = ResolveFunction(name, arg_types, call.star);
  if (function == nullptr) {
    std::string signature;
    for (Oid type : arg_types) {
      signature += (signature.empty() ? "" : ", ") + TypeDisplay(type);
    }
    throw ErrorAt(SqlState::kUndefinedFunction,
                  fmt::format("function {}({}) does not exist", name, signature), location)
        .WithHint(
            "No function matches the given name and argument types. You might need to "
            "add explicit type casts.");
  }
  auto out = MakeNode(BoundKind::kCall, function->result, location);
  out->impl = function->impl;
  out->strict = function->strict;
  for (size_t i = 0; i < args.size(); ++i) {
    Oid target = function->ArgType(i);
    if (target == kAnyArgument) {
      if (IsUnknown(*args[i])) ResolveUnknown(*args[i]);
      out->args.push_back(std::move(args[i]));
    } else {
      out->args.push_back(Coerce(std::move(args[i]), target, -1, types::CastKind::kImplicit));
    }
  }
  return out;
}

std::pair<types::Oid, int32_t> ResolveTypeName(const sql::TypeName& type, const Binder& binder,
                                               int location) {
  std::string name = type.names.back();
  if (type.names.size() > 1 && type.names[0] != "pg_catalog" && type.names[0] != "public") {
    throw binder.ErrorAt(SqlState::kUndefinedObject,
                         fmt::format("type \"{}.{}\" does not exist", type.names[0], name),
                         location);
  }
  const types::TypeInfo* info = types::FindTypeByName(name);
  if (info == nullptr) {
    throw binder.ErrorAt(SqlState::kUndefinedObject,
                         fmt::format("type \"{}\" does not exist", name), location);
  }
  Oid oid = info->oid;
  int32_t typmod = -1;
  if (!type.modifiers.empty()) {
    if (oid == types::kVarchar || oid == types::kBpchar) {
      if (type.modifiers[0] < 1 || type.modifiers[0] > 10485760) {
        throw binder.ErrorAt(SqlState::kInvalidParameterValue,
                             fmt::format("length for type {} must be between 1 and 10485760",
                                         oid == types::kVarchar ? "varchar" : "char"),
                             location);
      }
      typmod = types::VarcharTypmod(type.modifiers[0]);
    } else if (oid == types::kNumeric) {
      int precision = type.modifiers[0];
      int scale = type.modifiers.size() > 1 ? type.modifiers[1] : 0;
      if (precision < 1 || precision > 1000) {
        throw binder.ErrorAt(
            SqlState::kInvalidParameterValue,
            fmt::format("NUMERIC precision {} must be between 1 and 1000", precision), location);
      }
      if (scale < -1000 || scale > 1000) {
        throw binder.ErrorAt(SqlState::kInvalidParameterValue,
                             fmt::format("NUMERIC scale {} must be between -1000 and 1000", scale),
                             location);
      }
      typmod = types::NumericTypmod(precision, scale);
    } else if (oid == types::kTimestamp || oid == types::kTimestamptz || oid == types::kTime) {
      typmod = std::clamp(type.modifiers[0], 0, 6);
    }
  } else if (oid == types::kBpchar && name != "bpchar") {
    typmod = types::VarcharTypmod(1);  // char without length is char(1)
  }
  if (type.array_dims > 0) {
    Oid array = types::ArrayTypeOf(oid);
    if (array == 0) {
      throw binder.ErrorAt(SqlState::kUndefinedObject,
                           fmt::format("type \"{}[]\" does not exist", name), location);
    }
    oid = array;
  }
  return {oid, typmod};
}

}  // namespace sb::worker
