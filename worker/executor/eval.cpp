#include "worker/executor/eval.h"

#include "shared/errors/sql_error.h"
#include "shared/types/cast.h"

namespace sb::worker {
namespace {

// Three-valued logic: 0 false, 1 true, 2 unknown.
int Truth(const types::Value& value) {
  if (value.IsNull()) return 2;
  return value.GetBool() ? 1 : 0;
}

types::Value FromTruth(int truth) {
  if (truth == 2) return types::Value::Null(types::kBool);
  return types::Value::Bool(truth == 1);
}

}  // namespace

types::Value Eval(const BoundExpr& expr, EvalContext& context) {
  switch (expr.kind) {
    case BoundKind::kConst:
      return expr.value;
    case BoundKind::kParam: {
      const auto* params = context.exec.params;
      if (params == nullptr || expr.index < 0 ||
          static_cast<size_t>(expr.index) >= params->size()) {
        ThrowSqlError(SqlState::kUndefinedParameter, "there is no parameter ${}", expr.index + 1);
      }
      return (*params)[static_cast<size_t>(expr.index)];
    }
    case BoundKind::kColumn:
      return (*context.row)[static_cast<size_t>(expr.index)];
    case BoundKind::kCall: {
      std::vector<types::Value> args;
      args.reserve(expr.args.size());
      for (const auto& arg : expr.args) {
        args.push_back(Eval(*arg, context));
        if (expr.strict && args.back().IsNull()) return types::Value::Null(expr.type);
      }
      return expr.impl(expr, args, context);
    }
    case BoundKind::kCast: {
      types::Value input = Eval(*expr.args[0], context);
      if (input.IsNull()) return types::Value::Null(expr.type);
      return types::Cast(input, expr.type, expr.typmod,
                         expr.flag == 1 ? types::CastKind::kExplicit : types::CastKind::kAssignment,
                         context.exec.format);
    }
    case BoundKind::kAnd: {
      int result = 1;
      for (const auto& arg : expr.args) {
        int truth = Truth(Eval(*arg, context));
        if (truth == 0) return types::Value::Bool(false);
        if (truth == 2) result = 2;
      }
      return FromTruth(result);
    }
    case BoundKind::kOr: {
      int result = 0;
      for (const auto& arg : expr.args) {
        int truth = Truth(Eval(*arg, context));
        if (truth == 1) return types::Value::Bool(true);
        if (truth == 2) result = 2;
      }
      return FromTruth(result);
    }
    case BoundKind::kNot: {
      int truth = Truth(Eval(*expr.args[0], context));
      return FromTruth(truth == 2 ? 2 : 1 - truth);
    }
    case BoundKind::kCase: {
      const size_t pairs = (expr.args.size() - 1) / 2;
      for (size_t i = 0; i < pairs; ++i) {
        if (EvalCondition(*expr.args[2 * i], context)) return Eval(*expr.args[2 * i + 1], context);
      }
      return Eval(*expr.args.back(), context);
    }
    case BoundKind::kIsNull: {
      bool is_null = Eval(*expr.args[0], context).IsNull();
      return types::Value::Bool(is_null != expr.negated);
    }
    case BoundKind::kIsBool: {
      int truth = Truth(Eval(*expr.args[0], context));
      bool matches = expr.flag == 2 ? truth == 2 : truth == expr.flag;
      return types::Value::Bool(matches != expr.negated);
    }
    case BoundKind::kCoalesce: {
      for (const auto& arg : expr.args) {
        types::Value value = Eval(*arg, context);
        if (!value.IsNull()) return value;
      }
      return types::Value::Null(expr.type);
    }
    case BoundKind::kDistinct:
    case BoundKind::kInList:
    case BoundKind::kGreatestLeast:
    case BoundKind::kNullIf:
    case BoundKind::kAnyAll:
    case BoundKind::kArray: {
      // Non-strict forms whose NULL handling lives in their implementation.
      std::vector<types::Value> args;
      args.reserve(expr.args.size());
      for (const auto& arg : expr.args) args.push_back(Eval(*arg, context));
      return expr.impl(expr, args, context);
    }
  }
  throw SqlError(SqlState::kInternalError, "unknown expression kind");
}

bool EvalCondition(const BoundExpr& expr, EvalContext& context) {
  types::Value value = Eval(expr, context);
  return !value.IsNull() && value.GetBool();
}

}  // namespace sb::worker
