#include "worker/executor/datetime_operators.h"

#include "shared/errors/sql_error.h"

namespace sb::worker {
namespace {

using types::Oid;
using types::Value;

constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

bool IsFiniteDate(int64_t days) {
  return days != types::kDatePlusInfinity && days != types::kDateMinusInfinity;
}

Value DatePlusInt(const BoundExpr&, std::vector<Value>& args, EvalContext&) {
  int64_t days = args[0].GetInt();
  if (!IsFiniteDate(days)) return args[0];
  int64_t result = days + args[1].GetInt();
  if (result <= types::kDateMinusInfinity || result >= types::kDatePlusInfinity) {
    throw SqlError(SqlState::kDatetimeFieldOverflow, "date out of range");
  }
  return Value::Date(static_cast<int32_t>(result));
}

Value DateMinusInt(const BoundExpr& call, std::vector<Value>& args, EvalContext& context) {
  args[1] = Value::Int4(static_cast<int32_t>(-args[1].GetInt()));
  return DatePlusInt(call, args, context);
}

Value DateMinusDate(const BoundExpr&, std::vector<Value>& args, EvalContext&) {
  int64_t a = args[0].GetInt(), b = args[1].GetInt();
  if (!IsFiniteDate(a) || !IsFiniteDate(b)) {
    throw SqlError(SqlState::kDatetimeFieldOverflow, "cannot subtract infinite dates");
  }
  return Value::Int4(static_cast<int32_t>(a - b));
}

// timestamp - timestamp: PostgreSQL justifies whole days out of the time part.
Value TimestampMinusTimestamp(const BoundExpr&, std::vector<Value>& args, EvalContext&) {
  int64_t a = args[0].GetInt(), b = args[1].GetInt();
  if (a == types::kTimestampPlusInfinity || a == types::kTimestampMinusInfinity ||
      b == types::kTimestampPlusInfinity || b == types::kTimestampMinusInfinity) {
    throw SqlError(SqlState::kDatetimeFieldOverflow, "cannot subtract infinite timestamps");
  }
  int64_t diff = a - b;
  types::Interval interval;
  interval.days = static_cast<int32_t>(diff / kMicrosPerDay);
  interval.micros = diff % kMicrosPerDay;
  return Value::FromInterval(interval);
}

}  // namespace

std::optional<OperatorChoice> ResolveDatetimeOperator(std::string_view op, Oid left, Oid right) {
  const bool int_right = right == types::kInt4 || right == types::kInt2 || right == types::kInt8;
  if (left == types::kDate && int_right) {
    if (op == "+") return OperatorChoice{DatePlusInt, types::kDate, types::kInt4, types::kDate};
    if (op == "-") return OperatorChoice{DateMinusInt, types::kDate, types::kInt4, types::kDate};
  }
  if (op == "+" && right == types::kDate && (left == types::kInt4 || left == types::kInt2)) {
    return std::nullopt;  // integer + date exists in PostgreSQL but is rare; not provided
  }
  if (op == "-" && left == types::kDate && right == types::kDate) {
    return OperatorChoice{DateMinusDate, types::kDate, types::kDate, types::kInt4};
  }
  if (op == "-" && left == right && (left == types::kTimestamp || left == types::kTimestamptz)) {
    return OperatorChoice{TimestampMinusTimestamp, left, right, types::kInterval};
  }
  return std::nullopt;
}

}  // namespace sb::worker
